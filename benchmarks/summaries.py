"""Score newsprism's cited summaries against the human-written AllSides roundups (NeuS val split).

    python benchmarks/summaries.py [--limit N] [--json out.json] [--baseline] [--view story]

Each NeuS line holds three articles (left, center, right, order shuffled); we analyse them as one
story and compare the summary (citations removed) with the neutral roundup (ROUGE-1/2/L F1,
``rouge-score`` with stemming; reference = the roundup text after ``ARTICLE=>``). Also reported:
the share of summary sentences that cite at least one article, and the share whose names and
numbers all appear in their cited articles (before the check drops failures, and after).
``--baseline`` adds two baselines and the paired-bootstrap 95 % intervals of our lead over each
(ROUGE-1/2/L F1 differences, stories resampled 2000 times, fixed seed): **lead** (each article's
first sentence) and **centroid** (3 sentences closest to the mean embedding, uncited).

Redundancy (issue 12): the share of summaries with two sentences that state the same claim, by a
rule independent of the one the summary uses (which compares parsed predicates, subjects and
figures): two sentences are the same claim when their stemmed content words overlap by at least
60 % of the shorter one's, or when they share two figures. The flagged pairs are printed for
reading (``--show-pairs N``). ``--view story`` scores the story page's 5-sentence overview instead
of the compact 3-sentence summary.
"""

from __future__ import annotations

import argparse
import json
import random
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


def lead_baseline(analyzer: Analyzer, pieces: list[tuple[str, str]]) -> str:
    """Each article's first sentence (body, title left out)."""
    groups = analyzer.nlp.sentences_many([(i + 1, "", b, None) for i, (_t, b) in enumerate(pieces)])
    return " ".join(g[0].text for g in groups if g)


_STOP = frozenset(
    """
    a an the and or but of to in on at for by with from as is are was were be been has have had
    that this it its their his her they he she we said says will would could also not than
    """.split()  # noqa: SIM905
)
_FIGURE = re.compile(r"\d[\d,.]*")


def same_claim_independent(a: str, b: str) -> bool:
    """The benchmark's own redundancy rule (words, not the parse): stemmed content words overlap
    by >= 60 % of the shorter sentence's, or two shared figures."""
    from rouge_score import tokenize

    stem = _stemmer()
    wa = {stem.stem(w) for w in tokenize.tokenize(a, None) if w not in _STOP}
    wb = {stem.stem(w) for w in tokenize.tokenize(b, None) if w not in _STOP}
    if wa and wb and len(wa & wb) >= 0.6 * min(len(wa), len(wb)):
        return True
    fa = {f.rstrip(".,").replace(",", "") for f in _FIGURE.findall(a)}
    fb = {f.rstrip(".,").replace(",", "") for f in _FIGURE.findall(b)}
    return len(fa & fb) >= 2


def _stemmer():  # type: ignore[no-untyped-def]
    from nltk.stem import porter

    return porter.PorterStemmer()


def bootstrap(
    ours: list[float], base: list[float], n: int = 2000, seed: int = 12
) -> tuple[float, float, float]:
    """Mean paired difference (ours - base) and its 95 % percentile interval over stories."""
    rng = random.Random(seed)
    diffs = [a - b for a, b in zip(ours, base, strict=True)]
    k = len(diffs)
    means = sorted(sum(diffs[rng.randrange(k)] for _ in range(k)) / k for _ in range(n))
    return sum(diffs) / k, means[int(0.025 * n)], means[int(0.975 * n) - 1]


def evaluate(
    analyzer: Analyzer,
    items: list[tuple[list[tuple[str, str]], str]],
    baseline: bool = False,
    show_pairs: int = 0,
) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    base = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    per: dict[str, list[float]] = {f"{w}_{k}": [] for w in ("ours", "lead", "centroid") for k in totals}
    redundant = shown = 0
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
            per[f"ours_{key}"].append(sc.fmeasure)
        texts = [s.text for s in analysis.summary]
        pairs = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :] if same_claim_independent(a, b)]
        if pairs:
            redundant += 1
            if shown < show_pairs:
                shown += 1
                print(f"  same claim twice? story {k}:\n    - {pairs[0][0]}\n    - {pairs[0][1]}")
        if baseline:
            for key, sc in scorer.score(ref, centroid_baseline(analyzer, pieces)).items():
                base[key] += sc.fmeasure
                per[f"centroid_{key}"].append(sc.fmeasure)
            for key, sc in scorer.score(ref, lead_baseline(analyzer, pieces)).items():
                per[f"lead_{key}"].append(sc.fmeasure)
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
        "redundant_summary_share": round(redundant / n, 4),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if baseline:
        result.update({f"baseline_{k}": round(100 * v / n, 2) for k, v in base.items()})
        for other in ("lead", "centroid"):
            for key in totals:
                result[f"{other}_{key}"] = round(100 * sum(per[f"{other}_{key}"]) / n, 2)
                mean, lo, hi = bootstrap(per[f"ours_{key}"], per[f"{other}_{key}"])
                result[f"vs_{other}_{key}_diff"] = round(100 * mean, 2)
                result[f"vs_{other}_{key}_ci_low"] = round(100 * lo, 2)
                result[f"vs_{other}_{key}_ci_high"] = round(100 * hi, 2)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--split", default="val")
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--json", dest="json_out", default=None)
    ap.add_argument("--view", choices=("compact", "story"), default="compact")
    ap.add_argument("--show-pairs", type=int, default=10)
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"NeuS data not found at {DATA}")
    from newsprism.analysis import STORY_VIEW
    from newsprism.embed import MiniLMEmbedder

    analyzer = Analyzer(MiniLMEmbedder(), summary=STORY_VIEW if args.view == "story" else None)
    result = evaluate(analyzer, load(args.split, args.limit, args.start), args.baseline, args.show_pairs)
    for k, v in result.items():
        print(f"{k:30s} {v}")
    if args.baseline:
        for other in ("lead", "centroid"):
            for key in ("rouge1", "rouge2", "rougeL"):
                lo, hi = result[f"vs_{other}_{key}_ci_low"], result[f"vs_{other}_{key}_ci_high"]
                verdict = "above zero" if lo > 0 else "NOT above zero"
                diff = result[f"vs_{other}_{key}_diff"]
                print(f"ours - {other:8s} {key}: {diff:+.2f} [{lo:+.2f}, {hi:+.2f}] {verdict}")
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
