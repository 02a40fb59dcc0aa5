"""Time the analysis of a 20-article story (2-core machine budget: < 5 s).

    python benchmarks/analysis.py [--json out.json]

Builds two 20-article stories and analyses each with warm models (spaCy and the embedder are
loaded once beforehand, as in a running server; the cold load time is printed separately):
- ``allsides``: the 20 AllSides excerpts (title + ~570-char text) of the first 7 AllSides stories;
- ``ecbplus``: the 20 longest full news articles of ECB+ topic 1 (detokenized, distinct texts,
  two related events);
- ``long``: the 5 seed pages, each also as 3 lightly edited copies (paragraph order rotated), i.e.
  a story with many wire copies (~2,900 characters per article).
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", dest="json_out", default=None)
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
    for name, arts in stories:
        t = time.perf_counter()
        a = analyzer.analyze_articles(arts)
        secs = time.perf_counter() - t
        result[f"{name}_articles"] = float(len(arts))
        result[f"{name}_chars"] = float(sum(len(x.text) for x in arts))
        result[f"{name}_sentences"] = a.stats["sentences"]
        result[f"{name}_claim_groups"] = a.stats["claim_groups"]
        result[f"{name}_seconds"] = round(secs, 2)
        result[f"{name}_nlp_s"] = a.stats["seconds_nlp"]
        result[f"{name}_embed_s"] = a.stats["seconds_embed"]
    for k, v in result.items():
        print(f"{k:28s} {v}")
    print("budget: < 5 s per 20-article story")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
