"""Word 4-gram shingle matching, as the ScrapingHub article-extraction-benchmark scores bodies.

Same definition as that benchmark's ``evaluate.py``: tokens are ``\\w+`` runs (case kept),
shingles are word 4-grams counted with multiplicity (a text shorter than four words is one
shingle), TP/FP/FN are normalised per page so every page weighs the same, precision and recall are
averaged over pages (pages with no predicted or no true shingles are left out of the respective
mean) and F1 is computed from the two means. The cascade also uses these shingles to measure how
much two extractors agree.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")

Shingle = tuple[str, ...]


def shingles(text: str, n: int = 4) -> Counter[Shingle]:
    tokens = _TOKEN.findall(text or "")
    out: Counter[Shingle] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        gram = tuple(tokens[i : i + n])
        if gram:
            out[gram] += 1
    return out


def word_count(text: str) -> int:
    return len(_TOKEN.findall(text or ""))


def coverage(part: str, whole: str) -> float:
    """Share of ``part``'s distinct shingles that also occur in ``whole`` (0.0 when part is empty)."""
    a = set(shingles(part))
    if not a:
        return 0.0
    return len(a & set(shingles(whole))) / len(a)


def match(true: str, pred: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) over shingle counts, normalised to sum to 1 (all 0 when both empty)."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


@dataclass(frozen=True)
class BodyScore:
    f1: float
    precision: float
    recall: float
    pages: int


def score_bodies(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    """Benchmark score of (true body, predicted body) pairs."""
    counts = [match(t, p) for t, p in pairs]
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScore(f1=f1, precision=precision, recall=recall, pages=len(counts))
