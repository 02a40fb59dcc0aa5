"""Coverage by political lean, blindspots and the front-page ranking (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

SIDES = ("left", "center", "right")
SIDE_OF_LEAN = {
    "left": "left",
    "lean left": "left",
    "center": "center",
    "lean right": "right",
    "right": "right",
}
BLINDSPOT_MIN_RATED = 3
"""A story needs this many rated outlets before a missing side counts as a blindspot."""
BLINDSPOT_SHARE = 0.8
"""...and this share of its left+right outlets on the favoured side (at least 2; the other at most 1).

The same rule as the story analysis (``newsprism.analysis._sides``; a test keeps them equal), so
the badge on the front page and the one on the story page agree.
"""
BLINDSPOT_RULE = (
    "A story is a blindspot for the left (right) when at least 3 of its outlets are rated and at"
    " least 80% of the rated outlets that lean to a side lean right (left), with at most one outlet"
    " from the other side. Center and unrated outlets are not counted as a side."
)
RECENCY_HALF_LIFE_H = 48.0
"""Ranking: a story's weight halves every 48 hours after its last update."""


def side_of(lean: str | None) -> str:
    """``left`` / ``center`` / ``right`` for a lean on the five-point scale, else ``unrated``."""
    return SIDE_OF_LEAN.get((lean or "").strip().lower(), "unrated")


@dataclass(frozen=True)
class Coverage:
    """How many distinct outlets of each side covered a story."""

    left: int = 0
    center: int = 0
    right: int = 0
    unrated: int = 0

    @classmethod
    def of(cls, sides: Iterable[str]) -> Coverage:
        counts = {"left": 0, "center": 0, "right": 0, "unrated": 0}
        for s in sides:
            counts[s if s in counts else "unrated"] += 1
        return cls(**counts)

    @property
    def rated(self) -> int:
        return self.left + self.center + self.right

    @property
    def total(self) -> int:
        return self.rated + self.unrated

    def count(self, side: str) -> int:
        return int(getattr(self, side))

    def pct(self, side: str) -> float:
        """Share of the *rated* outlets on ``side`` in percent (unrated outlets are shown apart)."""
        return 100.0 * self.count(side) / self.rated if self.rated else 0.0

    @property
    def blindspot(self) -> str | None:
        """The side that barely covers a story the other side covers (``left``/``right``), or None.

        See :data:`BLINDSPOT_RULE`.
        """
        sides = self.left + self.right
        if self.rated < BLINDSPOT_MIN_RATED or not sides:
            return None
        if self.right / sides >= BLINDSPOT_SHARE and self.left <= 1 and self.right >= 2:
            return "left"
        if self.left / sides >= BLINDSPOT_SHARE and self.right <= 1 and self.left >= 2:
            return "right"
        return None

    def to_dict(self) -> dict[str, object]:
        return {
            "left": self.left,
            "center": self.center,
            "right": self.right,
            "unrated": self.unrated,
            "rated": self.rated,
            "total": self.total,
            "blindspot": self.blindspot,
        }


def rank_score(n_outlets: int, n_articles: int, last_updated: datetime, ref: datetime) -> float:
    """Breadth of coverage damped by age: log-outlets (plus a little for articles) times decay."""
    age_h = max(0.0, (ref - last_updated).total_seconds() / 3600.0)
    breadth = math.log2(1 + n_outlets) + 0.25 * math.log2(1 + n_articles)
    decay: float = 0.5 ** (age_h / RECENCY_HALF_LIFE_H)
    return breadth * decay
