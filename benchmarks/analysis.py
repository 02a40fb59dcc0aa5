"""Time the analysis of a 20-article story (2-core machine budget: < 5 s).

    python benchmarks/analysis.py [--json out.json]

Builds two 20-article stories and analyses each with warm models (spaCy and the embedder are
loaded once beforehand, as in a running server; the cold load time is printed separately):
- ``allsides``: the 20 AllSides excerpts (title + ~570-char text) of the first 7 AllSides stories;
- ``ecbplus``: the 20 longest full news articles of ECB+ topic 1 (detokenized, distinct texts,
  two related events);
- ``long``: the 5 seed pages, each also as 3 lightly edited copies (paragraph order rotated), i.e.
  a story with many wire copies (~2,900 characters per article).

Many small stories (the update benchmark's case: ~2,000 stories of a few articles touched by one
update): the first ``--small`` AllSides stories (2-3 real articles each), analysed
- ``small_one_by_one``: each story on its own (``analyze_articles``: its own spaCy + embedding pass);
- ``small_batch``: all at once (``analyze_batch``: one spaCy and one embedding pass over every new
  article, then each story assembled), as ``Newsprism.update`` does through ``analyze_stories``;
- ``small_incremental``: each story gains one new article while its other members' sentences come
  from the per-article cache (only the new article is parsed and embedded).
Per-story seconds are printed for each, with the estimate for 2,000 stories.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

from newsprism.analysis import Analyzer  # noqa: E402
from newsprism.models import Article  # noqa: E402

NOW = datetime(2025, 4, 27, tzinfo=UTC)


def _article(i: int, title: str, text: str) -> Article:
    return Article(
        id=i,
        title=title,
        text=text,
        url=None,
        outlet=None,
        dek=None,
        authors=(),
        published_at=None,
        fetched_at=NOW,
        language="en",
        content_hash=f"h{i}",
        source_kind="bench",
        source_ref=str(i),
    )


def allsides_story(n: int = 20) -> list[Article]:
    out: list[Article] = []
    path = SHARED / "data" / "allsides" / "stories-2021-04-to-08.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        for side in json.loads(line).get("news", {}).values():
            body = " ".join(side.get("newBody") or [])
            if body and len(out) < n:
                out.append(_article(len(out) + 1, side.get("newsTitle") or "", body))
        if len(out) >= n:
            break
    return out


def ecbplus_story(n: int = 20, topic: str = "1") -> list[Article]:
    import re
    import xml.etree.ElementTree as ET

    out: list[Article] = []
    docs: list[list[str]] = []
    for f in sorted((SHARED / "data" / "ecbplus" / topic).glob("*.xml")):
        sents: dict[str, list[str]] = {}
        for tok in ET.parse(f).getroot().iter("token"):
            sents.setdefault(tok.get("sentence", "0"), []).append(tok.text or "")
        lines = [" ".join(words) for _k, words in sorted(sents.items(), key=lambda kv: int(kv[0]))]
        lines = [
            re.sub(
                r" ([,.;:!?%)'])|([($]) ",
                lambda m: m.group(1) or m.group(2),
                x.replace("`` ", '"').replace(" ''", '"'),
            )
            for x in lines
        ]
        docs.append(lines)
    docs.sort(key=lambda d: -sum(len(x) for x in d))
    for lines in docs[:n]:
        out.append(_article(len(out) + 1, lines[0][:120], "\n".join(lines[1:])))
    return out


def long_story(n: int = 20) -> list[Article]:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    out: list[Article] = []
    for rot in range(4):
        for f in seeds:
            paras = [p for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
            k = rot % max(len(paras), 1)
            out.append(_article(len(out) + 1, paras[0][:120], "\n".join(paras[k:] + paras[:k])))
    return out[:n]


def small_stories(n: int) -> list[list[Article]]:
    """The first ``n`` AllSides stories with 2+ articles (title + excerpt each), distinct ids."""
    out: list[list[Article]] = []
    path = SHARED / "data" / "allsides" / "stories-2021-04-to-08.jsonl"
    next_id = 1
    for line in path.read_text(encoding="utf-8").splitlines():
        arts = []
        for side in json.loads(line).get("news", {}).values():
            body = " ".join(side.get("newBody") or [])
            if body:
                arts.append(_article(next_id, side.get("newsTitle") or "", body))
                next_id += 1
        if len(arts) >= 2:
            out.append(arts)
        if len(out) >= n:
            break
    return out


def small_modes(analyzer: Analyzer, n: int) -> dict[str, float]:
    stories = small_stories(n)
    n_arts = sum(len(s) for s in stories)
    result: dict[str, float] = {"small_stories": float(len(stories)), "small_articles": float(n_arts)}
    t = time.perf_counter()
    for arts in stories:
        analyzer.analyze_articles(arts)
    result["small_one_by_one_s_per_story"] = round((time.perf_counter() - t) / len(stories), 3)
    t = time.perf_counter()
    analyzer.analyze_batch(stories)
    result["small_batch_s_per_story"] = round((time.perf_counter() - t) / len(stories), 3)
    # Incremental: the members but the last are cached; the last arrives and the story is redone.
    cached = analyzer.prepare([a for arts in stories for a in arts[:-1]])
    t = time.perf_counter()
    for arts in stories:
        ready = {**cached, **analyzer.prepare(arts[-1:])}
        analyzer.assemble(arts, ready)
    result["small_incremental_s_per_story"] = round((time.perf_counter() - t) / len(stories), 3)
    for key in ("one_by_one", "batch", "incremental"):
        result[f"small_{key}_2000_stories_s"] = round(2000 * result[f"small_{key}_s_per_story"], 1)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", dest="json_out", default=None)
    ap.add_argument("--small", type=int, default=60, help="many-small-stories mode: this many (0: skip)")
    ap.add_argument("--only-small", action="store_true", help="skip the 20-article stories")
    args = ap.parse_args()
    from newsprism.embed import MiniLMEmbedder

    analyzer = Analyzer(MiniLMEmbedder())
    t = time.perf_counter()
    analyzer.nlp.pipeline()
    analyzer.embedder.embed(["warm up"])
    result: dict[str, float] = {
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cold_model_load_s": round(time.perf_counter() - t, 2),
    }
    # Calibration: how fast the embedder runs right now (nominal ~160 short items/s on 2 idle cores).
    probe = [
        f"Calibration sentence number {i} about a minister who said the vote was delayed." for i in range(64)
    ]
    t = time.perf_counter()
    analyzer.embedder.embed(probe)
    result["embedder_items_per_s"] = round(len(probe) / (time.perf_counter() - t), 1)
    stories = (("allsides", allsides_story()), ("ecbplus", ecbplus_story()), ("long", long_story()))
    for name, arts in () if args.only_small else stories:
        t = time.perf_counter()
        a = analyzer.analyze_articles(arts)
        secs = time.perf_counter() - t
        result[f"{name}_articles"] = float(len(arts))
        result[f"{name}_chars"] = float(sum(len(x.text) for x in arts))
        result[f"{name}_sentences"] = a.stats["sentences"]
        result[f"{name}_claim_groups"] = a.stats["claim_groups"]
        result[f"{name}_seconds"] = round(secs, 2)
        result[f"{name}_prepare_s"] = a.stats["seconds_prepare"]
    if args.small:
        result.update(small_modes(analyzer, args.small))
    for k, v in result.items():
        print(f"{k:28s} {v}")
    print("budget: < 5 s per 20-article story; update benchmark: ~2,000 small stories within 3 min total")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
