"""Score newsprism's cited summaries against the human-written AllSides roundups (NeuS val split).

    python benchmarks/summaries.py [--limit N] [--json out.json] [--baseline]

Each NeuS line holds three articles (left, center, right, order shuffled); we analyse them as one
story and compare the summary (citations removed) with the neutral roundup (ROUGE-1/2/L F1,
``rouge-score`` with stemming; reference = the roundup text after ``ARTICLE=>``). Also reported:
the share of summary sentences that cite at least one article, and the share whose names and
numbers all appear in their cited articles (before the check drops failures, and after).
``--baseline`` adds the centroid baseline (3 sentences closest to the mean embedding, uncited).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data" / "neus"

from newsprism.analysis import Analyzer  # noqa: E402
from newsprism.models import Article  # noqa: E402

_PIECE = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)


def parse_source(line: str) -> list[tuple[str, str]]:
    out = []
    for piece in line.split(" [SEP] "):
        m = _PIECE.match(piece.strip())
        if m:
            out.append((m.group(1).strip(), m.group(2).strip()))
    return out


def reference(line: str) -> str:
    return line.split("ARTICLE=>", 1)[-1].strip()


def articles_of(pieces: list[tuple[str, str]], base_id: int = 1) -> list[Article]:
    now = datetime(2021, 1, 1, tzinfo=UTC)
    return [
        Article(
            id=base_id + i,
            title=t,
            text=b,
            url=None,
            outlet=None,
            dek=None,
            authors=(),
            published_at=None,
            fetched_at=now,
            language="en",
            content_hash=f"h{base_id + i}",
            source_kind="neus",
            source_ref=str(i),
        )
        for i, (t, b) in enumerate(pieces)
    ]


def load(
    split: str = "val", limit: int | None = None, start: int = 0
) -> list[tuple[list[tuple[str, str]], str]]:
    src = (DATA / f"{split}.source").read_text(encoding="utf-8").splitlines()
    tgt = (DATA / f"{split}.target").read_text(encoding="utf-8").splitlines()
    pairs = [(parse_source(s), reference(t)) for s, t in zip(src, tgt, strict=True)]
    pairs = pairs[start:]
    return pairs[:limit] if limit else pairs


def centroid_baseline(analyzer: Analyzer, pieces: list[tuple[str, str]], k: int = 3) -> str:
    sents = [
        s.text
        for group in analyzer.nlp.sentences_many([(i + 1, "", b, None) for i, (_t, b) in enumerate(pieces)])
        for s in group
    ]
    if not sents:
        return ""
    vecs = analyzer.embedder.embed(sents)
    c = vecs.mean(axis=0)
    order = sorted(range(len(sents)), key=lambda i: -float(vecs[i] @ c))[:k]
    return " ".join(sents[i] for i in sorted(order))


def evaluate(
    analyzer: Analyzer, items: list[tuple[list[tuple[str, str]], str]], baseline: bool = False
) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    base = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    n_sent = cited = checked_after = 0
    candidates = checked_before = 0
    words = 0
    t0 = time.perf_counter()
    for k, (pieces, ref) in enumerate(items):
        analysis = analyzer.analyze_articles(articles_of(pieces, 1 + 10 * k))
        summary = " ".join(s.text for s in analysis.summary)
        words += len(summary.split())
        n_sent += len(analysis.summary)
        cited += sum(1 for s in analysis.summary if s.cites)
        checked_after += sum(1 for s in analysis.summary if s.checked)
        share = analysis.stats.get("summary_checked_share", 1.0)
        cand = len(analysis.summary) / share if share else 0
        candidates += round(cand)
        checked_before += len(analysis.summary)
        for key, sc in scorer.score(ref, summary).items():
            totals[key] += sc.fmeasure
        if baseline:
            for key, sc in scorer.score(ref, centroid_baseline(analyzer, pieces)).items():
                base[key] += sc.fmeasure
    n = max(len(items), 1)
    result = {
        "stories": float(len(items)),
        "rouge1": round(100 * totals["rouge1"] / n, 2),
        "rouge2": round(100 * totals["rouge2"] / n, 2),
        "rougeL": round(100 * totals["rougeL"] / n, 2),
        "summary_sentences": float(n_sent),
        "mean_words": round(words / n, 1),
        "cited_share": round(cited / max(n_sent, 1), 4),
        "checked_share_before_filter": round(checked_before / max(candidates, 1), 4),
        "checked_share": round(checked_after / max(n_sent, 1), 4),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if baseline:
        result.update({f"baseline_{k}": round(100 * v / n, 2) for k, v in base.items()})
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--split", default="val")
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--json", dest="json_out", default=None)
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"NeuS data not found at {DATA}")
    from newsprism.embed import MiniLMEmbedder

    analyzer = Analyzer(MiniLMEmbedder())
    result = evaluate(analyzer, load(args.split, args.limit, args.start), args.baseline)
    for k, v in result.items():
        print(f"{k:30s} {v}")
    print("reference baselines (centroid, 3 sentences): R1 37.6  R2 17.3  RL 25.0")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
