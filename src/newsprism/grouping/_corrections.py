"""User corrections: split a story, merge stories, move an article.

A correction is stored as *pins* on articles (``story_pins``): articles with the same pin stay
together, articles with different pins stay apart, and unpinned articles are grouped as usual.
The grouper honours pins in incremental grouping and in ``regroup``, so corrections survive
a rebuild. Each correction is also logged in ``story_corrections``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import InputError
from ._cluster import Clusterer, Options

if TYPE_CHECKING:
    from ..storage._stories import StoryRow
    from ._grouper import Grouper


def _rows(
    g: Grouper, groups: Sequence[tuple[int | None, Sequence[int]]], scores: dict[int, float | None]
) -> list[StoryRow]:
    """Story rows (every member listed) for ``groups`` of (story id or None, member ids)."""
    from ._stored import story_row

    ids = [a for _, ms in groups for a in ms]
    items = g.items(ids)
    cl = Clusterer(Options(), lambda t: 1.0)
    states = []
    for k, (_, ms) in enumerate(groups):
        for a in sorted(ms, key=lambda a: (items[a].day, a)):
            cl.attach(-(k + 1), items[a])
        states.append(cl.stories[-(k + 1)])
    titles = {a.id: a.title for a in g.store.get_articles([g.representative(st, items) for st in states])}
    rows = []
    for (sid, _), st in zip(groups, states, strict=True):
        members = tuple((a, scores.get(a), None) for a in st.members)
        rows.append(story_row(sid, titles[g.representative(st, items)], st, members))
    return rows


def _common_pin(pins: dict[int, str], members: Sequence[int]) -> str | None:
    found = {pins.get(a) for a in members}
    return found.pop() if len(found) == 1 else None


def _scores(g: Grouper, story_id: int) -> dict[int, float | None]:
    return {m.article_id: m.score for m in g.store.story_members(story_id)}


def split(g: Grouper, story_id: int, article_ids: Sequence[int]) -> int:
    """Move ``article_ids`` out of ``story_id`` into a new story; return the new story's id."""
    scores = _scores(g, story_id)
    part = list(dict.fromkeys(article_ids))
    missing = [a for a in part if a not in scores]
    if missing:
        raise InputError(f"articles {missing} are not in story {story_id}")
    rest = [a for a in scores if a not in set(part)]
    if not part or not rest:
        raise InputError("a split needs at least one article on each side")
    pins = {a: "split{id}-a" for a in rest} | {a: "split{id}-b" for a in part}
    moved: dict[int, float | None] = {a: None for a in part}
    rows = _rows(g, [(story_id, rest), (None, part)], {**scores, **moved})
    ids = g.store.record_correction("split", {"story": story_id, "articles": part}, pins, rows)
    return ids[1]


def merge(g: Grouper, story_ids: Sequence[int]) -> int:
    """Merge stories into the first of ``story_ids``; return its id."""
    sids = list(dict.fromkeys(story_ids))
    if len(sids) < 2:
        raise InputError("merge needs at least two different stories")
    scores: dict[int, float | None] = {}
    for sid in sids:
        scores.update(_scores(g, sid))
    members = list(scores)
    pins = {a: "merge{id}" for a in members}
    rows = _rows(g, [(sids[0], members)], scores)
    g.store.record_correction("merge", {"stories": sids}, pins, rows)
    return sids[0]


def move(g: Grouper, article_id: int, story_id: int) -> int:
    """Move one article into ``story_id``; return the story it left."""
    source = g.store.story_of([article_id]).get(article_id)
    if source is None:
        raise InputError(f"article {article_id} is not in a story")
    if source == story_id:
        return source
    target = _scores(g, story_id)
    src = _scores(g, source)
    rest = [a for a in src if a != article_id]
    existing = g.store.pins_of([*target, *rest])
    tpin = _common_pin(existing, list(target)) or "move{id}-to"
    pins = {a: tpin for a in target} | {article_id: tpin}
    groups: list[tuple[int | None, Sequence[int]]] = [(story_id, [*target, article_id])]
    if rest:
        pins |= {a: _common_pin(existing, rest) or "move{id}-from" for a in rest}
        groups.append((source, rest))
    rows = _rows(g, groups, {**src, **target, article_id: None})
    g.store.record_correction("move", {"article": article_id, "from": source, "to": story_id}, pins, rows)
    return source
