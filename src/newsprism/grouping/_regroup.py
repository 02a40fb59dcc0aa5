"""A full rebuild: every article placed again from scratch, in date order, chunk by chunk
(stories out of the time window are finished and let go, so memory stays bounded); each new
story keeps the id of the old story it shares most articles with. User pins are honoured."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._cluster import Clusterer
from ._placing import Run, place_split
from ._state import Item, StoryState
from ._stored import GroupReport, representative

if TYPE_CHECKING:
    from ._grouper import Grouper


def near(days: Sequence[float], st: StoryState, w: float) -> bool:
    """Whether an undated article fetched at one of ``days`` (sorted) may still join ``st``."""
    k = bisect.bisect_left(days, st.first_fetched - w)
    return k < len(days) and days[k] <= st.last_fetched + w


def old_ids(finished: Sequence[StoryState], previous: dict[int, int]) -> dict[int, int]:
    """Index in ``finished`` -> the old story id it keeps: the one it shares most articles with
    (each old id given once, largest overlaps first)."""
    overlap: list[tuple[int, int, int]] = []
    for k, st in enumerate(finished):
        counts: dict[int, int] = {}
        for a in st.members:
            if a in previous:
                counts[previous[a]] = counts.get(previous[a], 0) + 1
        overlap.extend((-n, k, sid) for sid, n in counts.items())
    used_ids: set[int] = set()
    key_to_id: dict[int, int] = {}
    for _, k, sid in sorted(overlap):
        if k not in key_to_id and sid not in used_ids:
            key_to_id[k] = sid
            used_ids.add(sid)
    return key_to_id


def regroup(g: Grouper, chunk_size: int) -> GroupReport:
    """Rebuild every story of ``g``'s store from scratch (user corrections are kept)."""
    all_ids = g.store.all_article_ids()
    previous = g.store.story_of(all_ids)
    items_days = sorted((d, a) for a, d in g.prepare(all_ids).items())
    cl = Clusterer(g.options, lambda t: 1.0)
    undated = sorted(g.store.article_days(g.store.undated_ids(), fetched=True).values())
    run = Run()
    where: dict[int, int] = {}
    finished: list[tuple[StoryState, dict[int, Item]]] = []
    live: dict[int, Item] = {}
    for start in range(0, len(items_days), chunk_size):
        chunk = g.items([a for _, a in items_days[start : start + chunk_size]])
        live.update(chunk)
        cl.idf = g.idf_for(chunk.values())
        copies = g.store.copies_of(list(chunk))
        place_split(cl, run, list(chunk.values()), copies, where)
        now = items_days[min(start + chunk_size, len(items_days)) - 1][0]
        for st in cl.forget_before(now, lambda st: near(undated, st, g.options.window_days)):
            finished.append((st, {a: live.pop(a) for a in st.members if a in live}))
    finished.extend((st, {a: live[a] for a in st.members}) for st in cl.stories.values())
    key_to_id = old_ids([st for st, _ in finished], previous)
    titles = g.titles([representative(st, its) for st, its in finished])
    rows = []
    for k, (st, its) in enumerate(finished):
        st.key = key_to_id.get(k, -1)
        rows.append(g.row(st, its, st.members, run, titles))
    ids = g.store.replace_stories(rows)
    return GroupReport(len(items_days), len(rows), len(items_days) - len(rows), run.copies, tuple(ids))
