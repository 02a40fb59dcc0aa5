"""Public data types: what the facade returns and accepts.

All are frozen dataclasses; times are timezone-aware ``datetime`` objects, in UTC except an
article's ``published_at``, which keeps the UTC offset the outlet wrote it with (its ``.date()`` is
the outlet's local day; comparisons and ``timestamp()`` are instants as usual).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._urls import web_url


class Outcome(enum.StrEnum):
    """How one input item (file, record, feed entry) ended."""

    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Outlet:
    """A publisher, identified by its registrable domain."""

    id: int
    domain: str
    name: str


@dataclass(frozen=True)
class ArticleDraft:
    """An article as the importers produce it, before it is stored."""

    title: str
    text: str
    url: str | None = None
    dek: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    language: str | None = None
    outlet_domain: str | None = None
    outlet_name: str | None = None
    source_kind: str = "file"
    source_ref: str = ""
    categories: tuple[str, ...] = ()
    feed_id: int | None = None
    updated_at: datetime | None = None
    """The page's "last modified" time, kept apart from the publication time."""

    def __post_init__(self) -> None:
        # Only http(s) addresses are links; any other (javascript:, data:...) is kept as text
        # in source_ref and never stored or rendered as a link.
        if self.url is None:
            return
        safe = web_url(self.url)
        if safe is None:
            note = f"link not http(s), kept as text: {str(self.url)[:500]}"
            object.__setattr__(self, "source_ref", f"{self.source_ref} ({note})" if self.source_ref else note)
        object.__setattr__(self, "url", safe)


@dataclass(frozen=True)
class Article:
    """A stored article."""

    id: int
    title: str
    text: str
    url: str | None
    outlet: Outlet | None
    dek: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    fetched_at: datetime
    language: str | None
    content_hash: str
    source_kind: str
    source_ref: str
    feed_id: int | None = None
    updated_at: datetime | None = None
    """The page's "last modified" time (UTC), never used as the publication time."""

    def __post_init__(self) -> None:
        if self.url is not None:  # rows stored before links were checked
            object.__setattr__(self, "url", web_url(self.url))

    @property
    def date(self) -> datetime:
        """Publication time when known (in the outlet's offset), else when it was fetched."""
        return self.published_at or self.fetched_at


@dataclass(frozen=True)
class ItemResult:
    """The outcome of one input item of an ingest run."""

    ref: str
    outcome: Outcome
    reason: str | None = None
    article_id: int | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "article_id": self.article_id,
            "title": self.title,
        }


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did.

    ``items`` holds every item's result for runs of up to ``ITEM_DETAIL_LIMIT`` items; beyond that
    it keeps only the skipped and failed ones (every outcome is still in the ingest log and the
    counts), so a multi-GB import runs in bounded memory.
    """

    run_id: int
    items: tuple[ItemResult, ...] = field(default_factory=tuple)
    counts: Mapping[str, int] = field(default_factory=dict)
    imported_ids: tuple[int, ...] = ()
    truncated: bool = False

    def count(self, outcome: Outcome) -> int:
        if self.counts:
            return int(self.counts.get(outcome.value, 0))
        return sum(1 for i in self.items if i.outcome is outcome)

    @property
    def total(self) -> int:
        return sum(self.count(o) for o in Outcome)

    def summary(self) -> str:
        parts = [f"{self.count(o)} {o.value}" for o in Outcome]
        return f"{self.total} items: " + ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "counts": {o.value: self.count(o) for o in Outcome},
            "items": [i.to_dict() for i in self.items],
            "items_truncated": self.truncated,
        }


@dataclass(frozen=True)
class StoryMember:
    """An article's place in a story."""

    article_id: int
    score: float | None = None
    copy_of: int | None = None
    copy_overlap: float | None = None


@dataclass(frozen=True)
class Story:
    """A group of articles that report the same event."""

    id: int
    title: str
    first_seen: datetime
    last_updated: datetime
    article_ids: tuple[int, ...]
