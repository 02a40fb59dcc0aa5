"""Data types of the feeds stage: a followed feed, one poll's outcome, one update's report.

This module imports nothing from the rest of newsprism, so storage can use it without cycles.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class FeedStatus(enum.StrEnum):
    ACTIVE = "active"
    DEAD = "dead"
    """Gone (HTTP 410) or merged into another feed by a permanent redirect: no longer polled."""


class PollStatus(enum.StrEnum):
    """How one poll of one feed ended."""

    OK = "ok"
    NOT_MODIFIED = "not-modified"
    GONE = "gone"
    ERROR = "error"


@dataclass(frozen=True)
class Feed:
    """A followed feed with its polling state and health."""

    id: int
    url: str
    title: str | None
    status: FeedStatus
    added_at: datetime
    site_url: str | None = None
    outlet_id: int | None = None
    interval_min: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    error_count: int = 0
    last_http_status: int | None = None
    next_poll_at: datetime | None = None
    items_seen: int = 0
    articles: int = 0

    @property
    def health(self) -> str:
        """A short word for the feed's state (the details are in ``last_error``)."""
        if self.status.value == "dead":
            return "dead"
        if self.last_polled_at is None:
            return "new"
        if self.error_count:
            return f"failing ({self.error_count}x)"
        if self.last_error and self.last_error_at == self.last_polled_at:
            return "ok, with warnings"
        if self.last_http_status == 304:
            return "ok (not modified)"
        return "ok"

    def to_dict(self) -> dict[str, Any]:
        def t(v: datetime | None) -> str | None:
            return v.isoformat() if v else None

        return {
            "id": self.id,
            "health": self.health,
            "url": self.url,
            "title": self.title,
            "status": self.status.value,
            "site_url": self.site_url,
            "interval_min": self.interval_min,
            "added_at": t(self.added_at),
            "last_polled_at": t(self.last_polled_at),
            "last_success_at": t(self.last_success_at),
            "last_error": self.last_error,
            "last_error_at": t(self.last_error_at),
            "error_count": self.error_count,
            "last_http_status": self.last_http_status,
            "next_poll_at": t(self.next_poll_at),
            "items_seen": self.items_seen,
            "articles": self.articles,
        }


@dataclass(frozen=True)
class SeenItem:
    """A feed entry's final (or latest) outcome, remembered so it is not fetched again."""

    key: str
    url: str | None
    outcome: str
    reason: str | None = None
    article_id: int | None = None


@dataclass(frozen=True)
class PollState:
    """What one poll changes in a feed's row (stored after its articles are committed)."""

    status: PollStatus
    polled_at: datetime
    next_poll_at: datetime
    http_status: int | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    new_url: str | None = None
    """Set after a permanent redirect: the feed's address from now on."""
    title: str | None = None
    site_url: str | None = None
    warning: str | None = None
    """A readable feed's problem (e.g. malformed XML that could be partly read)."""


@dataclass(frozen=True)
class FeedResult:
    """One feed's part of an update."""

    feed_id: int
    url: str
    status: PollStatus
    message: str = ""
    entries: int = 0
    new_entries: int = 0
    imported: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    moved_to: str | None = None

    def line(self) -> str:
        if self.status is PollStatus.OK:
            return (
                f"{self.url}: {self.entries} entries, {self.new_entries} new: {self.imported} imported,"
                f" {self.duplicate} duplicate, {self.skipped} skipped, {self.failed} failed"
                + (f" (moved to {self.moved_to})" if self.moved_to else "")
            )
        return f"{self.url}: {self.status.value}" + (f": {self.message}" if self.message else "")


@dataclass(frozen=True)
class UpdateReport:
    """What ``newsprism update`` did."""

    feeds: tuple[FeedResult, ...] = ()
    imported_ids: tuple[int, ...] = ()
    run_id: int | None = None
    interrupted: bool = False
    stories_touched: int | None = None
    seconds: float = 0.0
    stories_analysed: int | None = None
    """Stories analysed during the update (None: analysis was not run)."""
    analysis_pending: int | None = None
    """Stories left for later (``newsprism run`` between polls, or the first view)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, status: PollStatus) -> int:
        return sum(1 for f in self.feeds if f.status is status)

    def total(self, name: str) -> int:
        return sum(int(getattr(f, name)) for f in self.feeds)

    def summary(self) -> str:
        line = (
            f"polled {len(self.feeds)} feeds in {self.seconds:.1f}s:"
            f" {self.count(PollStatus.OK)} ok, {self.count(PollStatus.NOT_MODIFIED)} not modified,"
            f" {self.count(PollStatus.ERROR)} failed, {self.count(PollStatus.GONE)} gone;"
            f" {self.total('new_entries')} new entries -> {self.total('imported')} new articles,"
            f" {self.total('duplicate')} duplicates, {self.total('skipped')} skipped,"
            f" {self.total('failed')} failed"
        )
        if self.stories_touched is not None:
            line += f"; grouped into {self.stories_touched} stories"
        if self.stories_analysed is not None:
            line += f"; analysed {self.stories_analysed} stories, {self.analysis_pending or 0} pending"
        if self.interrupted:
            line += " (interrupted; everything committed is kept)"
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "imported_ids": list(self.imported_ids),
            "stories_touched": self.stories_touched,
            "stories_analysed": self.stories_analysed,
            "analysis_pending": self.analysis_pending,
            "feeds": [
                {
                    "feed_id": f.feed_id,
                    "url": f.url,
                    "status": f.status.value,
                    "message": f.message,
                    "entries": f.entries,
                    "new_entries": f.new_entries,
                    "imported": f.imported,
                    "duplicate": f.duplicate,
                    "skipped": f.skipped,
                    "failed": f.failed,
                    "moved_to": f.moved_to,
                }
                for f in self.feeds
            ],
        }


@dataclass(frozen=True)
class AddResult:
    """What ``newsprism add URL`` did: the page's outcome and, when stored, its story."""

    url: str
    outcome: str
    reason: str | None = None
    article_id: int | None = None
    story_id: int | None = None
