"""Write actions the web offers (split, merge, move, report), as calls on the facade.

The grouping stage owns the story operations; this module only finds them on the facade and
reports clearly when the running version does not have one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NewsprismError

if TYPE_CHECKING:
    from ..app import Newsprism


class NotAvailable(NewsprismError):
    """The facade of this version has no such operation."""


def _method(np: Newsprism, *names: str) -> Any:
    for name in names:
        fn = getattr(np, name, None)
        if callable(fn):
            return fn
    raise NotAvailable(f"this version cannot {names[0].replace('_', ' ')} yet")


def _story_id(result: Any) -> int | None:
    if result is None:
        return None
    if isinstance(result, int):
        return result
    for attr in ("id", "story_id", "new_story_id"):
        if isinstance(getattr(result, attr, None), int):
            return int(getattr(result, attr))
    if isinstance(result, Sequence) and result and not isinstance(result, str):
        return _story_id(result[-1])
    return None


def split(np: Newsprism, story_id: int, article_ids: Sequence[int]) -> int | None:
    """Move ``article_ids`` out of the story into a new story; returns the new story's id."""
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        raise InputError("choose at least one article to split off")
    story = np.story(story_id)
    if not set(ids) <= set(story.article_ids):
        raise InputError("those articles are not all in this story")
    if len(ids) >= len(story.article_ids):
        raise InputError("leave at least one article in the story")
    return _story_id(_method(np, "split_story", "split")(story_id, ids))


def merge(np: Newsprism, story_id: int, other_id: int) -> int:
    """Merge story ``other_id`` into ``story_id``; returns the id of the merged story."""
    if story_id == other_id:
        raise InputError("a story cannot be merged with itself")
    np.story(story_id)
    np.story(other_id)
    fn = _method(np, "merge_stories", "merge")
    # merge(story_ids) keeps the first story; merge(a, b) merges b into a
    got = fn([story_id, other_id]) if _arity(fn) == 1 else fn(story_id, other_id)
    return _story_id(got) or story_id


def _arity(fn: Any) -> int:
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 2
    return sum(
        1
        for p in params
        if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    )
