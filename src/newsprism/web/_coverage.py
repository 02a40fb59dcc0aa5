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
BLINDSPOT_MIN_OTHER = 2
"""...and at least this many outlets on the opposite side."""
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
        """The side that ignores a story the other side covers (``left``/``right``), or None.

        Rule: at least 3 rated outlets, none from one side, at least 2 from the other.
        """
        if self.rated < BLINDSPOT_MIN_RATED:
            return None
        if self.right == 0 and self.left >= BLINDSPOT_MIN_OTHER:
            return "right"
        if self.left == 0 and self.right >= BLINDSPOT_MIN_OTHER:
            return "left"
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
