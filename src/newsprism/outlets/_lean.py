"""The displayed lean (and factual verdict) of an outlet: one documented rule over its raters.

Rule:

1. Each rater votes with its *current* verdict: the ratings of its newest dated data set that
   carry a verdict (older data sets of the same rater are shown, but do not vote).
2. If any current verdict implies a point on the five-point scale, the displayed lean is the
   **median** of those points. With an even number of votes it is the mean of the two middle
   points rounded toward "center" (left + lean left -> lean left; lean left + center -> center;
   lean left + lean right -> center), so an even split never makes an outlet look more
   partisan than its raters do.
3. Otherwise, if a rater gives a category (mixed, pro-science, conspiracy/pseudoscience,
   satire), the displayed lean is the most frequent category (ties: the order of CATEGORIES).
4. Otherwise the outlet is "unrated". Nothing is ever guessed.

Agreement, over the raters that voted: "single rater" (one rater), "agree" (all on one point),
"close" (spread of one step), "disagree" (two or more steps apart).

The factual verdict follows the same rule on the six-point FACTUAL scale (very high .. very low).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from ._types import CATEGORIES, FACTUAL, LEANS, UNRATED, Rating


def current(ratings: Sequence[Rating], has_verdict: Callable[[Rating], bool]) -> list[Rating]:
    """Per rater, the ratings of its newest dated data set that carry a verdict."""
    newest: dict[str, str] = {}
    for r in ratings:
        if has_verdict(r):
            d = r.date or ""
            if r.rater not in newest or d > newest[r.rater]:
                newest[r.rater] = d
    return [r for r in ratings if has_verdict(r) and (r.date or "") == newest.get(r.rater)]


def _median(points: list[int], centre: int) -> int:
    points = sorted(points)
    n = len(points)
    if n % 2:
        return points[n // 2]
    a, b = points[n // 2 - 1], points[n // 2]
    if a == b:
        return a
    total = a + b
    if total % 2 == 0:
        return total // 2
    lo, hi = total // 2, total // 2 + 1
    return lo if abs(lo - centre) < abs(hi - centre) else hi


def _agreement(points: list[int], raters: set[str]) -> str:
    if len(raters) == 1 and len(set(points)) == 1:
        return "single rater"
    spread = max(points) - min(points)
    return "agree" if spread == 0 else "close" if spread == 1 else "disagree"


def displayed_lean(ratings: Sequence[Rating]) -> tuple[str, str, tuple[str, ...]]:
    """(lean, agreement, raters that voted) by the rule in this module's docstring."""
    votes = current(ratings, lambda r: r.lean is not None or r.bias in CATEGORIES)
    points = [LEANS.index(r.lean) for r in votes if r.lean is not None]
    if points:
        raters = {r.rater for r in votes if r.lean is not None}
        lean = LEANS[_median(points, LEANS.index("center"))]
        return lean, _agreement(points, raters), tuple(sorted(raters))
    cats = [r.bias for r in votes if r.bias in CATEGORIES]
    if cats:
        counts = Counter(cats)
        best = max(CATEGORIES, key=lambda c: (counts.get(c, 0), -CATEGORIES.index(c)))
        raters = {r.rater for r in votes}
        agreement = (
            "single rater"
            if len(raters) == 1 and len(counts) == 1
            else ("agree" if len(counts) == 1 else "disagree")
        )
        return best, agreement, tuple(sorted(raters))
    return UNRATED, UNRATED, ()


def displayed_factual(ratings: Sequence[Rating]) -> tuple[str | None, tuple[str, ...]]:
    """(factual verdict or None, raters that voted): the median rule on the FACTUAL scale."""
    votes = current(ratings, lambda r: r.factual is not None)
    if not votes:
        return None, ()
    points = [FACTUAL.index(r.factual) for r in votes if r.factual is not None]
    # "toward the centre" of the factual scale means toward "mixed" (index 3): the cautious side
    return FACTUAL[_median(points, FACTUAL.index("mixed"))], tuple(sorted({r.rater for r in votes}))
