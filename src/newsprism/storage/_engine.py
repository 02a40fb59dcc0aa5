"""Engine creation and the transaction discipline: one writer at a time, short reads."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from ..errors import StorageError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def create_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine; for SQLite: WAL, foreign keys, busy timeout, explicit transactions."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let us issue BEGIN ourselves so DDL is transactional and writes take the lock early.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def wrap_db_error(e: Exception, what: str) -> StorageError:
    msg = str(getattr(e, "orig", e)) or e.__class__.__name__
    if "locked" in msg or "busy" in msg:
        return StorageError(f"database is locked ({what}); another process holds the write lock")
    return StorageError(f"database error during {what}: {msg}")


class Database:
    """Owns the engine and hands out read and write transactions."""

    def __init__(self, url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url
        try:
            self.engine = create_engine(url, busy_timeout_ms)
        except (exc.ArgumentError, exc.NoSuchModuleError) as e:
            raise StorageError(f"invalid database URL {url!r}: {e}") from e
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._write_lock = threading.RLock()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write(self, what: str = "write") -> Iterator[Connection]:
        """A write transaction; writers in this process are serialised."""
        with self._write_lock:
            try:
                with self.engine.connect() as conn:
                    if self.is_sqlite:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    try:
                        yield conn
                    except BaseException:
                        conn.rollback()
                        raise
                    conn.commit()
            except exc.DBAPIError as e:
                raise wrap_db_error(e, what) from e

    @contextmanager
    def read(self, what: str = "read") -> Iterator[Connection]:
        """A short read transaction (a consistent snapshot under WAL)."""
        try:
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    conn.exec_driver_sql("BEGIN")
                try:
                    yield conn
                finally:
                    conn.rollback()
        except exc.DBAPIError as e:
            raise wrap_db_error(e, what) from e
