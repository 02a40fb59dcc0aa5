"""Storage: the one class that owns the database. Nobody else writes SQL.

``Store(url)`` opens (and migrates) the database. Reads take a short snapshot transaction; writes
are serialised through :meth:`Database.write`. SQLite is the default; PostgreSQL (psycopg 3) sits
behind the same interface (``postgresql://...``; what differs is in ``_dialect.py``). The URL is a
SQLAlchemy URL. :func:`copy_database` copies a library from one database to another.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from ._analysis import AnalysisMixin
from ._articles import ArticleFilter, ArticlesMixin, Inserted
from ._copy import CopyReport, copy_database
from ._engine import Database
from ._feeds import FeedsMixin
from ._ingest_log import IngestLogMixin
from ._migrate import all_migrations, applied, migrate
from ._outlets import OutletsStoreMixin
from ._reports import ReportsMixin, StoryDigest
from ._stories import StoriesMixin

__all__ = [
    "ArticleFilter",
    "CopyReport",
    "Database",
    "Inserted",
    "Store",
    "StoryDigest",
    "all_migrations",
    "copy_database",
    "migrate",
]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Store(
    ArticlesMixin,
    IngestLogMixin,
    StoriesMixin,
    OutletsStoreMixin,
    FeedsMixin,
    AnalysisMixin,
    ReportsMixin,
):
    """The database of one newsprism installation."""

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], datetime] = _utcnow,
        auto_migrate: bool = True,
        busy_timeout_ms: int = 10_000,
    ) -> None:
        self.db = Database(url, busy_timeout_ms)
        self._clock = clock
        if auto_migrate:
            migrate(self.db)

    def now(self) -> datetime:
        return self._clock()

    def schema_version(self) -> int:
        done = applied(self.db)
        return max(done) if done else 0

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
