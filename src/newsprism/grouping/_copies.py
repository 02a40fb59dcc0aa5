"""Copy and syndication detection: MinHash over word shingles, LSH to find candidates.

An article is a *copy* when at least :data:`COPY_OVERLAP` of its shingles appear in an earlier
article (wire copy, a re-post with a new intro). Containment is estimated from the MinHash
Jaccard and both shingle counts: ``|A ∩ B| = J (|A| + |B|) / (1 + J)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

NUM_PERM = 64
SCHEME = "affine32"
"""datasketch >= 2 hashing scheme (32-bit values: 256 bytes per article)."""
SHINGLE = 5
COPY_OVERLAP = 0.6
"""Share of an article's shingles found in an earlier one that makes it a copy."""
LSH_JACCARD = 0.3
"""LSH candidate threshold (below COPY_OVERLAP: a re-post with a new intro has a lower Jaccard)."""
COPY_WINDOW_DAYS = 7.0
SHINGLE_CHARS = 6000

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text[:SHINGLE_CHARS].lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


class MinHasher:
    """Builds MinHash signatures; holds the permutations (building them is most of the cost)."""

    def __init__(self) -> None:
        from datasketch import MinHash

        self.template = MinHash(num_perm=NUM_PERM, scheme=SCHEME)

    def of(self, values: np.ndarray) -> Any:
        mh = self.template.copy()
        mh.hashvalues = values.astype(mh.hashvalues.dtype)
        return mh

    def signature(self, text: str) -> tuple[bytes, int]:
        """(MinHash hash values as bytes, number of shingles) of ``text``."""
        sh = shingles(text)
        mh = self.template.copy()
        if sh:
            mh.update_batch(list(sh))
        return mh.hashvalues.astype(np.uint32).tobytes(), len(sh)


@dataclass(frozen=True)
class Copy:
    article_id: int
    original_id: int
    overlap: float


class CopyIndex:
    """An LSH index over the articles of a time window; query it with newer articles."""

    def __init__(self, hasher: MinHasher) -> None:
        from datasketch import MinHashLSH

        self._hasher = hasher
        self._lsh = MinHashLSH(threshold=LSH_JACCARD, num_perm=NUM_PERM)
        self._sigs: dict[int, tuple[np.ndarray, int, float]] = {}

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._sigs

    def add(self, article_id: int, day: float, sig: bytes, n: int) -> None:

        if article_id in self._sigs or n == 0:
            return
        values = np.frombuffer(sig, dtype=np.uint32)
        self._lsh.insert(article_id, self._hasher.of(values))
        self._sigs[article_id] = (values, n, day)

    def matches(self, article_id: int, sig: bytes, n: int) -> list[tuple[int, float, float]]:
        """Indexed articles sharing text with this one: (id, share of this article's shingles in
        the other, share of the other's shingles in this one)."""

        if n == 0:
            return []
        values = np.frombuffer(sig, dtype=np.uint32)
        out = []
        for other in self._lsh.query(self._hasher.of(values)):
            if other == article_id:
                continue
            ov, n2, _ = self._sigs[other]
            jac = float(np.mean(ov == values))
            both = jac * (n + n2) / (1.0 + jac)
            out.append((int(other), min(1.0, both / n), min(1.0, both / n2)))
        return out

    def day(self, article_id: int) -> float:
        return self._sigs[article_id][2]


def detect(
    index: CopyIndex,
    items: Iterable[tuple[int, float, bytes, int]],
    known: dict[int, tuple[int, float]] | None = None,
    max_days: float | None = None,
) -> list[Copy]:
    """Index each (id, day, signature, shingle count) and find copies in both directions: a
    new article that copies an earlier one, or an already indexed article that turns out to
    copy an earlier new one. An article is a copy of the earliest article it copies (within
    ``max_days`` of it, when given)."""
    best: dict[int, tuple[float, int, float]] = {}
    if known:
        best.update({a: (index.day(o) if o in index else -1e18, o, v) for a, (o, v) in known.items()})

    def offer(copy: int, original: int, day: float, overlap: float) -> None:
        if overlap >= COPY_OVERLAP and (copy not in best or (day, original) < best[copy][:2]):
            best[copy] = (day, original, overlap)

    changed: set[int] = set()
    for aid, day, sig, n in sorted(items, key=lambda x: (x[1], x[0])):
        index.add(aid, day, sig, n)
        for other, mine_in_other, other_in_mine in index.matches(aid, sig, n):
            oday = index.day(other)
            if max_days is not None and abs(oday - day) > max_days:
                continue
            before = best.get(aid), best.get(other)
            if (oday, other) < (day, aid):
                offer(aid, other, oday, mine_in_other)
            else:
                offer(other, aid, day, other_in_mine)
            if best.get(aid) != before[0]:
                changed.add(aid)
            if best.get(other) != before[1]:
                changed.add(other)
    return [Copy(a, best[a][1], round(best[a][2], 3)) for a in sorted(changed)]
