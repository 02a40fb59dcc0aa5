"""Placing a batch of articles with a :class:`Clusterer`: copies go where their original is,
every other article joins its best story (merging the stories it shows to be one event); after
each publication day of the batch an article that joined an older story may move to a story of
its own day that fits it better, and the split check runs. No store here: :mod:`._grouper`
loads the open stories and writes back what :class:`Run` recorded."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ._cluster import Clusterer
from ._state import Item

SPLIT_EVERY = 100
"""Within a step, the split check runs after each publication day and after every 100 articles
placed, so that a rebuild (or a big import) cuts stories when small daily imports would."""


@dataclass
class Run:
    """Bookkeeping of one add/regroup run."""

    decisions: dict[int, tuple[int, float | None, int | None]] = field(default_factory=dict)
    """Article -> (its story, its score there, its nearest member) for each article placed."""
    copies: int = 0
    merged: set[int] = field(default_factory=set)
    """Stories that took in another story (all their members are written)."""
    gone: set[int] = field(default_factory=set)
    """Stories merged into another."""
    moved: set[int] = field(default_factory=set)
    """Articles moved to another story after they were placed (written there)."""


def parts(items: Sequence[Item]) -> list[list[Item]]:
    """``items`` in time order, cut at each new publication day and every ``SPLIT_EVERY``."""
    out: list[list[Item]] = []
    for it in sorted(items, key=lambda x: (x.day, x.id)):
        if not out or len(out[-1]) >= SPLIT_EVERY or math.floor(out[-1][-1].day) != math.floor(it.day):
            out.append([])
        out[-1].append(it)
    return out


def partners(items: Iterable[Item], copies: dict[int, tuple[int, float]]) -> dict[int, tuple[int, float]]:
    """For each item that shares its text with another article: (that article, overlap).
    An item is a copy of its original, or the original of an article stored before it."""
    copied_from: dict[int, tuple[int, float]] = {}
    for a, (o, v) in sorted(copies.items()):
        copied_from.setdefault(o, (a, v))
    out = {}
    for it in items:
        p = copies.get(it.id) or copied_from.get(it.id)
        if p:
            out[it.id] = p
    return out


def place(
    cl: Clusterer,
    run: Run,
    items: Sequence[Item],
    copies: dict[int, tuple[int, float]],
    where: dict[int, int],
) -> None:
    """Place ``items`` in time order; ``where`` (article -> story key) is kept up to date."""
    shared = partners(items, copies)
    for it in sorted(items, key=lambda x: (x.day, x.id)):
        orig = shared.get(it.id)
        home = where.get(orig[0]) if orig else None
        if (
            orig
            and home is not None
            and home in cl.stories
            and not (it.pin and cl.stories[home].pins and it.pin not in cl.stories[home].pins)
        ):
            cl.attach(home, it)
            run.decisions[it.id] = (home, round(orig[1], 3), orig[0])
            run.copies += 1
        else:
            d = cl.add(it)
            home = d.story
            if d.also:  # the article shows that other stories are its event too
                for keep, gone in cl.maybe_merge(d.story, d.also):
                    run.merged.add(keep)
                    run.gone.add(gone)
                    home = keep
                run.merged -= run.gone
                for a in cl.stories[home].members:
                    where[a] = home
            run.decisions[it.id] = (home, None if d.score is None else round(d.score, 4), d.nearest)
        where[it.id] = home


def place_split(
    cl: Clusterer,
    run: Run,
    items: Sequence[Item],
    copies: dict[int, tuple[int, float]],
    where: dict[int, int],
) -> tuple[set[int], set[int]]:
    """Place ``items`` and run the split check after each part (:func:`parts`); return the
    stories touched and the parts split off (both as keys of stories still open)."""
    split_off: set[int] = set()
    rehomed: set[int] = set()
    for part in parts(items):
        place(cl, run, part, copies, where)
        rehomed |= rehome(cl, run, part, copies, where)
        split_off |= split(cl, {where[it.id] for it in part}, where, run)
    touched = (
        {where[it.id] for it in items} | split_off | rehomed | {where[a] for a in run.moved if a in where}
    )
    touched = {k for k in touched if k in cl.stories}
    return touched, split_off & touched


def rehome(
    cl: Clusterer, run: Run, part: Sequence[Item], copies: dict[int, tuple[int, float]], where: dict[int, int]
) -> set[int]:
    """Once a day's articles are placed, each article of that day that joined an older story
    moves to a story of its own day that fits it better (:meth:`Clusterer.rehome`; that story
    may have begun after it was placed). Articles of the day placed by an earlier import are
    looked at again too, so that importing a day in pieces ends as importing it at once.
    Copies stay with their original. Returns the stories that lost or gained an article."""
    if not part or not cl.options.rehome:
        return set()
    days = {math.floor(it.day) for it in part}
    todo = {it.id: it for it in part}
    for a, it in cl.items.items():  # earlier articles of the day, already in a story
        if a not in todo and a in where and math.floor(it.day) in days and it.dated:
            st = cl.stories.get(where[a])
            if st is not None and st.first_day <= it.day - 0.5:
                todo[a] = it
    shared = partners(todo.values(), copies)
    changed: set[int] = set()
    for it in sorted(todo.values(), key=lambda x: (x.day, x.id)):
        if it.id in shared or it.id not in where:
            continue
        source = where[it.id]
        d = cl.rehome(it, source)
        if d is not None:
            where[it.id] = d.story
            run.decisions[it.id] = (d.story, None if d.score is None else round(d.score, 4), d.nearest)
            run.moved.add(it.id)
            changed |= {source, d.story}
    return changed


def split(cl: Clusterer, touched: Iterable[int], where: dict[int, int], run: Run) -> set[int]:
    """Cut touched stories that hold two events (:meth:`Clusterer.split_all`); return the keys
    of the parts split off (their members, old ones included, move there)."""
    moved = cl.split_all(touched)
    for a, (key, score, nearest) in moved.items():
        where[a] = key
        run.decisions[a] = (key, score, nearest)
    return {key for key, _, _ in moved.values()}
