"""Copy and syndication detection: MinHash over word shingles, LSH to find candidates.

An article is a *copy* when at least :data:`COPY_OVERLAP` of its shingles appear in an earlier
article (wire copy, a re-post with a new intro). Containment is estimated from the MinHash
Jaccard and both shingle counts: ``|A ∩ B| = J (|A| + |B|) / (1 + J)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


def signature(text: str) -> tuple[bytes, int]:
    """(MinHash hash values as bytes, number of shingles) of ``text``."""
    from datasketch import MinHash

    sh = shingles(text)
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
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

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=LSH_JACCARD, num_perm=NUM_PERM)
        self._sigs: dict[int, tuple[np.ndarray, int, float]] = {}

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._sigs

    def add(self, article_id: int, day: float, sig: bytes, n: int) -> None:
        from datasketch import MinHash

        if article_id in self._sigs or n == 0:
            return
        values = np.frombuffer(sig, dtype=np.uint32)
        self._lsh.insert(article_id, MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME))
        self._sigs[article_id] = (values, n, day)

    def find_original(self, article_id: int, day: float, sig: bytes, n: int) -> Copy | None:
        """The earliest indexed article that ``article_id`` mostly copies, if any."""
        from datasketch import MinHash

        if n == 0:
            return None
        values = np.frombuffer(sig, dtype=np.uint32)
        best: tuple[float, int, float] | None = None
        for other in self._lsh.query(MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)):
            ov, n2, day2 = self._sigs[other]
            if other == article_id or (day2, other) > (day, article_id):
                continue
            jac = float(np.mean(ov == values))
            contained = min(1.0, jac * (n + n2) / ((1.0 + jac) * n))
            if contained >= COPY_OVERLAP and (best is None or (day2, other) < (best[0], best[1])):
                best = (day2, other, contained)
        return Copy(article_id, best[1], round(best[2], 3)) if best else None


def detect(index: CopyIndex, items: Iterable[tuple[int, float, bytes, int]]) -> list[Copy]:
    """Query then index each (id, day, signature, shingle count) in time order."""
    found = []
    for aid, day, sig, n in sorted(items, key=lambda x: (x[1], x[0])):
        c = index.find_original(aid, day, sig, n)
        if c:
            found.append(c)
        index.add(aid, day, sig, n)
    return found
