"""Conversions between Python values and database columns."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ..models import Article, Outlet


def to_db_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def from_db_time(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def offset_minutes(value: datetime | None) -> int | None:
    """The UTC offset ``value`` was written with, in minutes east of UTC (None when naive)."""
    off = value.utcoffset() if value is not None else None
    return None if off is None else int(off.total_seconds() // 60)


def with_offset(value: datetime | None, minutes: int | None) -> datetime | None:
    """A UTC instant shown in the outlet's offset again (unchanged when the offset is unknown)."""
    if value is None or minutes is None or not -1080 <= minutes <= 1080:
        return value
    return value.astimezone(timezone(timedelta(minutes=minutes)))


ARTICLE_COLUMNS = (
    "a.id, a.url, a.title, a.dek, a.authors, a.published_at, a.fetched_at, a.language, a.text,"
    " a.content_hash, a.source_kind, a.source_ref, a.feed_id, a.published_offset, a.updated_at,"
    " o.id AS o_id, o.domain AS o_domain, o.name AS o_name"
)
ARTICLE_FROM = "articles a LEFT JOIN outlets o ON o.id = a.outlet_id"


def article_from_row(r: Any) -> Article:
    outlet = Outlet(r["o_id"], r["o_domain"], r["o_name"]) if r["o_id"] is not None else None
    fetched = from_db_time(r["fetched_at"])
    assert fetched is not None
    return Article(
        id=r["id"],
        title=r["title"],
        text=r["text"],
        url=r["url"],
        outlet=outlet,
        dek=r["dek"],
        authors=tuple(json.loads(r["authors"] or "[]")),
        published_at=with_offset(from_db_time(r["published_at"]), r["published_offset"]),
        fetched_at=fetched,
        language=r["language"],
        content_hash=r["content_hash"],
        source_kind=r["source_kind"],
        source_ref=r["source_ref"],
        feed_id=r["feed_id"],
        updated_at=from_db_time(r["updated_at"]),
    )
