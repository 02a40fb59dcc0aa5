"""Headline words: the topic chips and the topic filter of the front page, and related stories."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._views import StoryCard

_STOP = frozenset(
    """
    a an and are as at be by for from has have he her
    his in is it its of on or over says said she that the
    their they this to was were will with after before new not no more
    than into about up out amid who what why how when as after two
    three one year years us
    """.split()  # noqa: SIM905  (one word list, kept compact)
)


def _words(s: str) -> list[str]:
    import re

    return [w for w in re.findall(r"[a-z0-9][a-z0-9'-]+", s.lower()) if w not in _STOP and len(w) > 2]


def _topics(cards: list[StoryCard], limit: int) -> list[str]:
    from collections import Counter

    counts: Counter[str] = Counter()
    for c in cards:
        counts.update(set(_words(c.title)))
    return [w for w, n in counts.most_common(limit * 3) if n >= 2][:limit]
