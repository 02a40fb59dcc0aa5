"""Taking apart a story that holds two events.

Single-pass grouping decides on each article once, against a story's centroid. When two
look-alike events arrive together (a team hires a coach twice in five years, two DUI arrests
at one club, the same browser patched in 2008 and in 2013), the first article of the second
event can clear the threshold on shared topic words, and the centroid then drifts to let the
rest of that event in: one wrong decision snowballs. Looked at as a whole, such a story is two
groups of articles that share the topic but not the names, numbers and details. This module
finds the best two-way cut of a story's members and says whether it is a real seam:

* the members' pairwise similarity is the cosine of their TF-IDF vectors (names and numbers
  boosted, as in scoring): the vectors are not used, they see "same kind of news" everywhere;
* the cut is the spectral normalized cut (Shi & Malik 2000): the sign of the second eigenvector
  of the normalized similarity matrix, swept for its best threshold, then a few rounds of
  moving each member to the side it is more like on average;
* the cut is accepted when both sides have at least ``Options.split_min_side`` members and the
  mean similarity across the cut is below ``Options.split_ratio`` times the mean similarity
  within the less cohesive side.

Measured on the labelled sets (``benchmarks/grouping.py``): ECB+ B-cubed F1 +3 to +4 points,
AllSides (three short items per story) unchanged. Stories the user corrected (pinned) are
never split by the machine.

Time gives a second, narrower check (:func:`split_in_time`). The time model lets an article
join a story days after its first report (late coverage, follow-ups), so a story can also take
in the next day's *new development* of a running storyline: the hearing announced on Monday and
the hearing held on Wednesday. Such a story is two bursts of coverage, each with its own
articles, more like each other than like the other burst. The check tries every cut between
two publication days (earlier articles on one side, later on the other), with at least
``min_side`` articles on each side, and takes the one with the lowest seam (here on embedding
cosines); the story is cut when that seam is under ``max_ratio`` (``Options.time_split_ratio``).
Late coverage of one event (a lone article a day or two after the rest) leaves a side under
``min_side`` and is never cut off; a story whose coverage runs over days with every day alike
(a strike on its first and second day) shows no seam.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

Matrix = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

REFINE_ROUNDS = 3


def similarity(vectors: Sequence[Mapping[str, float]]) -> Matrix:
    """Pairwise cosine of unit-length sparse vectors, as a dense matrix (diagonal 1)."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, v in enumerate(vectors):
        for t, w in v.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(w)
    x = csr_matrix((vals, (rows, cols)), shape=(len(vectors), max(1, len(vocab))), dtype=np.float64)
    sim: Matrix = np.asarray((x @ x.T).todense(), dtype=np.float64)
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 1e-3, None)


def bisect(w: Matrix) -> Mask:
    """The two-way normalized cut of the similarity graph ``w``: True marks one side."""
    n = w.shape[0]
    d = w.sum(axis=1)
    inv = 1.0 / np.sqrt(d)
    _, vecs = np.linalg.eigh(inv[:, None] * w * inv[None, :])
    f = inv * vecs[:, -2]
    best: tuple[float, Mask] | None = None
    for t in np.unique(f)[:-1]:
        side = f <= t
        cut = float(w[side][:, ~side].sum())
        ncut = cut / float(w[side].sum()) + cut / float(w[~side].sum())
        if best is None or ncut < best[0]:
            best = (ncut, side)
    side = best[1] if best is not None else np.zeros(n, dtype=bool)
    return _refine(w, side)


def _refine(w: Matrix, side: Mask) -> Mask:
    """Move each member to the side it is more like on average (a few rounds)."""
    off = w - np.diag(np.diag(w))
    for _ in range(REFINE_ROUNDS):
        a, b = int(side.sum()), int((~side).sum())
        if not a or not b:
            break
        to_a = off[:, side].sum(axis=1) / np.maximum(1, a - side)
        to_b = off[:, ~side].sum(axis=1) / np.maximum(1, b - ~side)
        nxt = to_a >= to_b
        if (nxt == side).all():
            break
        side = nxt
    return side


def _mean_within(w: Matrix) -> float:
    n = w.shape[0]
    return float((w.sum() - np.trace(w)) / (n * (n - 1))) if n > 1 else 1.0


def seam(w: Matrix, side: Mask) -> float:
    """Mean similarity across the cut over the mean within the less cohesive side."""
    within = min(_mean_within(w[side][:, side]), _mean_within(w[~side][:, ~side]))
    return float(w[side][:, ~side].mean()) / max(within, 1e-6)


def split_in_two(
    members: Sequence[int], vectors: Sequence[Mapping[str, float]], min_side: int, max_ratio: float
) -> tuple[list[int], list[int]] | None:
    """``members`` cut in two (the side holding the first member first), or None when the story
    shows no seam (too small, a side under ``min_side``, or ``seam`` >= ``max_ratio``)."""
    if len(members) < 2 * min_side:
        return None
    w = similarity(vectors)
    side = bisect(w)
    if min(int(side.sum()), int((~side).sum())) < min_side or seam(w, side) >= max_ratio:
        return None
    first = [m for m, s in zip(members, side, strict=True) if s == side[0]]
    second = [m for m, s in zip(members, side, strict=True) if s != side[0]]
    return first, second


def split_in_time(
    members: Sequence[int], days: Sequence[float], w: Matrix, min_side: int, max_ratio: float
) -> tuple[list[int], list[int]] | None:
    """``members`` (in date order, ``days`` their publication days, ``w`` their similarity) cut
    between two days into earlier and later coverage, or None when no cut between days has
    ``min_side`` members a side and a seam under ``max_ratio``."""
    n = len(members)
    if n < 2 * min_side:
        return None
    best: tuple[float, int] | None = None
    for k in range(min_side, n - min_side + 1):
        if days[k] - days[k - 1] < 0.5:  # no pause of half a day between the two sides
            continue
        side = np.arange(n) < k
        s = seam(w, side)
        if best is None or s < best[0]:
            best = (s, k)
    if best is None or best[0] >= max_ratio:
        return None
    return list(members[: best[1]]), list(members[best[1] :])
