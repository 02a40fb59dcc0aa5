"""Between the clusterer and the store: a story's stored row, its title member, and the
conversion between datetimes and the float days the clusterer counts in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ._state import Item, StoryState

if TYPE_CHECKING:
    from ..storage._stories import StoryRow


@dataclass(frozen=True)
class GroupReport:
    """What a grouping run did."""

    articles: int
    new_stories: int
    joined: int
    copies: int
    story_ids: tuple[int, ...] = ()


def day_of(when: datetime) -> float:
    return when.timestamp() / 86400.0


def time_of(day: float) -> datetime:
    return datetime.fromtimestamp(day * 86400.0, tz=UTC)


def story_row(
    key: int | None, title: str, st: StoryState, members: tuple[tuple[int, float | None, int | None], ...]
) -> StoryRow:
    """The stored form of ``st``: its id (None: new), title, time span and (member, score, nearest)."""
    from ..storage._stories import StoryRow

    return StoryRow(
        key,
        title,
        time_of(st.first_day),
        time_of(st.last_day),
        st.first_day,
        st.last_day,
        st.first_fetched,
        st.last_fetched,
        members,
    )


def representative(st: StoryState, items: dict[int, Item]) -> int:
    """The member nearest the story's centroid (its headline becomes the story title)."""
    c = st.centroid()
    return max(st.members, key=lambda a: (float(items[a].vec @ c), -a) if a in items else (-2.0, -a))
