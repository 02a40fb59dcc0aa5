"""Engine creation and the transaction discipline: one writer at a time, short reads.

The backend's own ways (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock...) are in
``_dialect.py``; driver errors become one-line :class:`StorageError` messages here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from ..errors import StorageError
from ._dialect import Dialect, dialect_for, normalise_url, safe_url

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 10

# SQLSTATE classes and codes of PostgreSQL that mean "try again later" or "cannot reach it"
_PG_LOCKED = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock, serialization failure
_PG_UNREACHABLE_CLASSES = ("08", "57")  # connection exception, operator intervention (shutdown)


def create_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine with the backend's settings (SQLite: WAL, foreign keys, busy timeout,
    explicit transactions; PostgreSQL: psycopg 3, a connect timeout, pre-ping after restarts)."""
    url = normalise_url(url)
    parsed = sa.engine.make_url(url)
    backend = parsed.get_backend_name()
    dialect = dialect_for(backend)
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
        )
    else:
        engine = sa.create_engine(
            url,
            pool_pre_ping=True,  # a connection the server dropped (restart) is replaced, not used
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "newsprism"},
        )
    dialect.configure(engine, busy_timeout_ms)
    return engine


def _first_line(msg: str) -> str:
    lines = [x.strip() for x in msg.strip().splitlines() if x.strip()]
    return lines[0] if lines else ""


def wrap_db_error(e: Exception, what: str, url: str | None = None) -> StorageError:
    """One clear line for a driver error (the cause stays chained by the caller)."""
    orig = getattr(e, "orig", e)
    msg = _first_line(str(orig)) or e.__class__.__name__
    sqlstate = str(getattr(orig, "sqlstate", "") or "")
    if sqlstate in _PG_LOCKED or "locked" in msg or "busy" in msg or "lock timeout" in msg:
        return StorageError(f"database is locked ({what}); another process holds the write lock")
    unreachable = sqlstate.startswith(_PG_UNREACHABLE_CLASSES) or (
        not sqlstate and isinstance(e, exc.OperationalError) and "connect" in msg.lower()
    )
    if unreachable:
        where = f" {safe_url(url)}" if url else ""
        return StorageError(f"cannot reach the database{where} ({what}): {msg}")
    return StorageError(f"database error during {what}: {msg}")


class Database:
    """Owns the engine and hands out read and write transactions."""

    def __init__(self, url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = normalise_url(url)
        self.busy_timeout_ms = busy_timeout_ms
        try:
            self.engine = create_engine(self.url, busy_timeout_ms)
        except (exc.ArgumentError, exc.NoSuchModuleError) as e:
            raise StorageError(f"invalid database URL {safe_url(url)!r}: {e}") from e
        except ImportError as e:  # the driver package is missing
            raise StorageError(f"no driver for {safe_url(url)!r}: {e}") from e
        self.dialect: Dialect = dialect_for(self.engine.dialect.name)
        self.is_sqlite = self.dialect.name == "sqlite"
        self._write_lock = threading.RLock()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write(self, what: str = "write") -> Iterator[Connection]:
        """A write transaction; writers are serialised (in this process by a lock, across
        processes by the database's writer lock, see ``_dialect.py``)."""
        with self._write_lock:
            try:
                with self.engine.connect() as conn:
                    self.dialect.begin_write(conn, self.busy_timeout_ms)
                    try:
                        yield conn
                    except BaseException:
                        conn.rollback()
                        raise
                    conn.commit()
            except exc.DBAPIError as e:
                raise wrap_db_error(e, what, self.url) from e

    @contextmanager
    def read(self, what: str = "read") -> Iterator[Connection]:
        """A short read transaction (a consistent snapshot)."""
        try:
            with self.engine.connect() as conn:
                self.dialect.begin_read(conn)
                try:
                    yield conn
                finally:
                    conn.rollback()
        except exc.DBAPIError as e:
            raise wrap_db_error(e, what, self.url) from e
