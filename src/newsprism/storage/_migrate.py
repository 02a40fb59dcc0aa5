"""Numbered schema migrations, each applied in its own transaction.

Migrations live in ``storage/migrations/mNNNN_name.py``; each defines ``DESCRIPTION`` and either
``STATEMENTS`` (SQL both backends accept) or ``SQLITE`` and ``POSTGRESQL`` (a list of statements
each, where the backends differ: ids, blobs, floats, full-text search). Applied numbers are
recorded in ``schema_migrations``, so a database at any older version is brought up to date by
applying the missing ones in order.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType

from sqlalchemy import exc, text
from sqlalchemy.engine import Connection

from ..errors import MigrationError
from . import migrations as _pkg
from ._dialect import MIGRATION_LOCK_KEY
from ._engine import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    description: str
    statements: tuple[str, ...]
    """SQLite's statements (or both backends' when ``postgresql`` is None)."""
    postgresql: tuple[str, ...] | None = None
    """PostgreSQL's statements where they differ."""

    def statements_for(self, backend: str) -> tuple[str, ...]:
        if backend == "postgresql" and self.postgresql is not None:
            return self.postgresql
        return self.statements


def _load(number: int, name: str, mod: ModuleType) -> Migration:
    """A migration module: ``STATEMENTS`` for both backends, or ``SQLITE`` and ``POSTGRESQL``
    (a module with ``SQLITE`` only is taken as portable; PostgreSQL then says where it is not)."""
    sqlite = getattr(mod, "SQLITE", None) or getattr(mod, "STATEMENTS", None)
    if sqlite is None:
        raise MigrationError(f"migration {number} ({name}) has no STATEMENTS (or SQLITE) list")
    pg = getattr(mod, "POSTGRESQL", None)
    return Migration(number, name, mod.DESCRIPTION, tuple(sqlite), tuple(pg) if pg is not None else None)


def all_migrations() -> list[Migration]:
    found: list[Migration] = []
    for info in pkgutil.iter_modules(_pkg.__path__):
        m = re.fullmatch(r"m(\d{4})_(\w+)", info.name)
        if not m:
            continue
        mod = importlib.import_module(f"{_pkg.__name__}.{info.name}")
        found.append(_load(int(m.group(1)), m.group(2), mod))
    found.sort(key=lambda x: x.number)
    numbers = [x.number for x in found]
    if len(set(numbers)) != len(numbers):
        raise MigrationError(f"duplicate migration numbers: {numbers}")
    return found


_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def _applied_in(conn: Connection) -> set[int]:
    conn.execute(text(_CREATE_TABLE))
    return {r[0] for r in conn.execute(text("SELECT number FROM schema_migrations"))}


def applied(db: Database) -> set[int]:
    with db.write("read schema version") as conn:
        return _applied_in(conn)


@contextmanager
def migration_lock(db: Database, what: str) -> Iterator[Connection]:
    """A write transaction that holds the database-wide migration lock until it ends.

    SQLite: ``Database.write`` starts with ``BEGIN IMMEDIATE``, the database's one write lock, so
    a second process starting on the same file waits (busy timeout) and then sees what the first
    applied. PostgreSQL: a transaction-scoped advisory lock does the same."""
    with db.write(what) as conn:
        db.dialect.take_lock(conn, MIGRATION_LOCK_KEY)  # SQLite: BEGIN IMMEDIATE already holds it
        yield conn


def migrate(db: Database, upto: int | None = None) -> list[int]:
    """Apply every missing migration (up to ``upto``); return the numbers applied.

    Each migration is checked and applied inside one transaction holding the migration lock, so
    two processes starting on a new database at once apply each migration exactly once."""
    ran: list[int] = []
    if applied(db) >= {m.number for m in all_migrations() if upto is None or m.number <= upto}:
        return ran  # the usual start: nothing to do, no lock held beyond one read
    for mig in all_migrations():
        if upto is not None and mig.number > upto:
            continue
        try:
            with migration_lock(db, f"migration {mig.number}") as conn:
                if mig.number in _applied_in(conn):
                    continue  # another process applied it while we waited for the lock
                for stmt in mig.statements_for(db.backend):
                    conn.exec_driver_sql(stmt)
                conn.execute(
                    text("INSERT INTO schema_migrations (number, name, applied_at) VALUES (:n, :m, :t)"),
                    {"n": mig.number, "m": mig.name, "t": datetime.now(UTC).isoformat()},
                )
        except (exc.DBAPIError, MigrationError) as e:
            raise MigrationError(f"migration {mig.number} ({mig.name}) failed: {e}") from e
        log.info("applied migration %04d %s", mig.number, mig.name)
        ran.append(mig.number)
    return ran
