"""What the clusterer holds: an article (:class:`Item`), a story's running sums and time span
(:class:`StoryState`), a placement (:class:`Decision`), and the similarity arithmetic on them
(TF-IDF vectors, days between an article and a story, whether two stories' pins agree)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


@dataclass
class Item:
    """One article as the clusterer sees it."""

    id: int
    day: float
    vec: Vector
    terms: dict[str, int]
    names: frozenset[str]
    pin: str | None = None
    dated: bool = True
    """False when the article has no publication date (``day`` is then when it was fetched)."""
    fetched: float | None = None


@dataclass
class StoryState:
    key: int
    members: list[int] = field(default_factory=list)
    vec_sum: Vector | None = None
    lex: Counter[str] = field(default_factory=Counter)
    first_day: float = math.inf
    last_day: float = -math.inf
    first_fetched: float = math.inf
    last_fetched: float = -math.inf
    dated: int = 0
    """Members with a publication date; while there are none the span is their fetch days."""
    pins: set[str] = field(default_factory=set)

    def add_time(self, item: Item) -> None:
        fetched = item.day if item.fetched is None else item.fetched
        self.first_fetched = min(self.first_fetched, fetched)
        self.last_fetched = max(self.last_fetched, fetched)
        if item.dated and not self.dated:
            self.first_day, self.last_day = item.day, item.day
        if item.dated or not self.dated:
            self.first_day = min(self.first_day, item.day)
            self.last_day = max(self.last_day, item.day)
        self.dated += int(item.dated)

    def centroid(self) -> Vector:
        assert self.vec_sum is not None
        n = float(np.linalg.norm(self.vec_sum))
        return self.vec_sum / (n or 1.0)


@dataclass(frozen=True)
class Decision:
    story: int
    score: float | None
    """Score against the story it joined (None when it started it)."""
    nearest: int | None = None
    also: tuple[int, ...] = ()
    """Other open stories the item also scored above the threshold against (merge candidates)."""


def gap_days(item: Item, st: StoryState) -> float:
    """Days between ``item``'s publication and ``st``'s first report (0 when either is undated)."""
    if not (item.dated and st.dated):
        return 0.0
    return abs(item.day - st.first_day)


def span_gap(a: StoryState, b: StoryState) -> float:
    """Days between the first reports of two stories (0 when either is undated)."""
    if not (a.dated and b.dated):
        return 0.0
    return abs(a.first_day - b.first_day)


def pins_agree(a: StoryState, b: StoryState) -> bool:
    """Whether two stories may become one: not both pinned by different user corrections."""
    return not (a.pins and b.pins and not a.pins & b.pins)


def lex_vector(item: Item, idf: Callable[[str], float], name_boost: float) -> dict[str, float]:
    """Unit-length TF-IDF vector (sub-linear tf; names boosted)."""
    vec = {
        t: (1.0 + math.log(c)) * idf(t) * (name_boost if t in item.names else 1.0)
        for t, c in item.terms.items()
    }
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def lex_cos(vec: dict[str, float], centroid: Mapping[str, float], centroid_norm: float) -> float:
    if not centroid_norm:
        return 0.0
    small, big = (vec, centroid) if len(vec) < len(centroid) else (centroid, vec)
    dot = sum(v * big.get(t, 0.0) for t, v in small.items())
    return dot / centroid_norm
