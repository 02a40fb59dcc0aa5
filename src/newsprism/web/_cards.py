"""Story lists: what a card shows, the front-page filters, and headline-word topics."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..storage import StoryDigest
from ._coverage import Coverage


@dataclass(frozen=True, kw_only=True)
class StoryCard(StoryDigest):
    """A story as the lists show it: its stored digest, how each side covered it, its rank."""

    coverage: Coverage
    score: float

    @classmethod
    def of(cls, digest: StoryDigest, coverage: Coverage, score: float) -> StoryCard:
        fields = {f.name: getattr(digest, f.name) for f in dataclasses.fields(StoryDigest)}
        return cls(**fields, coverage=coverage, score=score)

    @property
    def n_outlets(self) -> int:
        """Distinct sources: outlets, plus each article whose outlet is unknown."""
        return self.coverage.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen.isoformat(),
            "last_updated": self.last_updated.isoformat(),
            "n_articles": self.n_articles,
            "n_outlets": self.n_outlets,
            "outlets": list(self.outlets),
            "coverage": self.coverage.to_dict(),
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class StoryQuery:
    """Front-page filters."""

    since: date | None = None
    until: date | None = None
    topic: str = ""
    lean: str = ""
    """``left``/``center``/``right``: only stories that side covered."""
    blindspot: bool = False


_STOP = frozenset(
    """
    a an and are as at be by for from has have he her
    his in is it its of on or over says said she that the
    their they this to was were will with after before new not no more
    than into about up out amid who what why how when as after two
    three one year years us
    """.split()  # noqa: SIM905  (one word list, kept compact)
)


def words(s: str) -> list[str]:
    import re

    return [w for w in re.findall(r"[a-z0-9][a-z0-9'-]+", s.lower()) if w not in _STOP and len(w) > 2]


def topics(cards: list[StoryCard], limit: int) -> list[str]:
    from collections import Counter

    counts: Counter[str] = Counter()
    for c in cards:
        counts.update(set(words(c.title)))
    return [w for w, n in counts.most_common(limit * 3) if n >= 2][:limit]


STANDING = (StoryQuery(), StoryQuery(blindspot=True))


def matches(c: StoryCard, q: StoryQuery) -> bool:
    if q.since and c.last_updated.date() < q.since:
        return False
    if q.until and c.first_seen.date() > q.until:
        return False
    if q.lean in ("left", "center", "right") and not c.coverage.count(q.lean):
        return False
    if q.blindspot and not c.coverage.blindspot:
        return False
    if q.topic:
        title_words = set(words(c.title))
        if not all(w in title_words for w in words(q.topic)):
            return False
    return True
