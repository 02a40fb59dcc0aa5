"""Alignment: group sentences of different articles that state the same thing.

Similarity of two sentences = cosine of their sentence embeddings, plus a bonus for shared
names and shared numbers, minus a penalty when both are attributed to different speakers.
Groups are built greedily around the most central sentences (leader clustering): each leader
absorbs the unassigned sentences at least ``ALIGN_THRESHOLD`` similar to it whose mean
similarity to the group so far stays above ``ALIGN_THRESHOLD - COHESION_SLACK``. Being close is
being *about* the same thing, not saying it: :func:`refine` then splits every group until each
member states what the group's representative says (support, :mod:`._support`). Thresholds were
chosen once on the seeds and the NeuS train split and are not tuned at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._sentences import Sent, name_key

ALIGN_THRESHOLD = 0.66
NAME_BONUS = 0.08
NUMBER_BONUS = 0.06
SPEAKER_PENALTY = 0.08
COHESION_SLACK = 0.03


@dataclass
class Group:
    """A claim group under construction (internal)."""

    members: list[int]
    """Indices into the sentence list."""
    leader: int


def similarity(sents: list[Sent], vecs: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Pairwise similarity with the name/number/speaker adjustments."""
    sim = (vecs @ vecs.T).astype(np.float32)
    n = len(sents)
    names = [{name_key(t) for t, _ in s.entities} for s in sents]
    nums = [{round(v, 3) for v, _t, _u in s.numbers} for s in sents]
    for i in range(n):
        for j in range(i + 1, n):
            adj = 0.0
            if names[i] and names[j]:
                adj += NAME_BONUS * (len(names[i] & names[j]) / len(names[i] | names[j]))
            if nums[i] & nums[j]:
                adj += NUMBER_BONUS
            ki, kj = sents[i].speaker_key, sents[j].speaker_key
            if ki and kj and ki != kj:
                adj -= SPEAKER_PENALTY
            if adj:
                sim[i, j] += adj
                sim[j, i] += adj
    return sim


def cluster(
    sents: list[Sent], sim: npt.NDArray[np.float32], threshold: float = ALIGN_THRESHOLD
) -> list[Group]:
    """Leader clustering: most central sentences first; one group per distinct statement."""
    n = len(sents)
    if n == 0:
        return []
    linked = sim >= threshold
    np.fill_diagonal(linked, False)
    # Centrality: how many *other articles* hold a close sentence; earlier sentences break ties.
    support = np.zeros(n)
    for i in range(n):
        support[i] = len(
            {sents[j].source for j in np.nonzero(linked[i])[0] if sents[j].source != sents[i].source}
        )
    order = sorted(range(n), key=lambda i: (-support[i], sents[i].headline, sents[i].position, i))
    assigned = np.full(n, -1)
    groups: list[Group] = []
    for i in order:
        if assigned[i] >= 0:
            continue
        g = Group(members=[i], leader=i)
        assigned[i] = len(groups)
        candidates = np.nonzero(linked[i] & (assigned < 0))[0]
        for j in sorted(candidates, key=lambda j: -sim[i, j]):
            # Average link: a sentence joins only if it is close to the group, not just the leader.
            if float(sim[j, g.members].mean()) >= threshold - COHESION_SLACK:
                assigned[j] = len(groups)
                g.members.append(int(j))
        groups.append(g)
    return groups


def representative(
    g: Group,
    sents: list[Sent],
    sim: npt.NDArray[np.float32],
    centrality: npt.NDArray[np.float32] | None = None,
) -> int:
    """The body member most similar to the story centroid (``centrality``), else the member
    closest to all the others; titles only when the group has no body sentence."""
    if len(g.members) == 1:
        return g.members[0]
    body = [m for m in g.members if not sents[m].headline]
    idx = np.array(body or g.members)
    if len(idx) == 1:
        return int(idx[0])
    if centrality is not None:
        return int(idx[int(np.argmax(centrality[idx]))])
    mean = sim[np.ix_(idx, idx)].mean(axis=1)
    best = max(
        range(len(idx)),
        key=lambda k: (
            round(float(mean[k]), 2) - (0.05 if sents[idx[k]].headline else 0.0),
            -len(sents[idx[k]].text),
        ),
    )
    return int(idx[best])


def refine(
    groups: list[Group],
    sents: list[Sent],
    sim: npt.NDArray[np.float32],
    states: Callable[[int, int], bool],
    centrality: npt.NDArray[np.float32] | None = None,
) -> list[Group]:
    """Split each group so that every member states what its representative says
    (``states(rep, member)``, :mod:`._support`): sentences that are only about the same thing
    (another figure, the other polarity, another party speaking) form groups of their own."""
    out: list[Group] = []
    todo = list(groups)
    while todo:
        g = todo.pop(0)
        rep = representative(g, sents, sim, centrality)
        keep = [m for m in g.members if m == rep or states(rep, m)]
        rest = [m for m in g.members if m not in keep]
        out.append(Group(members=keep, leader=rep))
        if rest:
            todo.append(Group(members=rest, leader=rest[0]))
    return out
