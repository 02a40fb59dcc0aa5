"""Copy a whole library from one database to another (``newsprism migrate --to``).

The usual use: an existing SQLite library moves to PostgreSQL when it outgrows one machine. The
target gets its schema from the migrations, then every table is copied in foreign-key order, each
in primary-key order and in batches, from one snapshot of the source into one transaction of the
target: a failure leaves the target as it was. Identity sequences are moved past the copied ids,
and each table's row count is checked before the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import exc, text
from sqlalchemy.engine import Connection

from ..errors import InputError, StorageError
from ._dialect import safe_url
from ._engine import Database, wrap_db_error
from ._migrate import applied, migrate

log = logging.getLogger(__name__)

BATCH = 2000
SKIP_TABLES = frozenset({"schema_migrations"})  # written by the target's own migrations

Progress = Callable[[str, int, int], None]
"""Called with (table, rows copied so far, rows in the table)."""


@dataclass(frozen=True)
class CopyReport:
    """What :func:`copy_database` copied: rows per table, in copy order."""

    source: str
    target: str
    rows: tuple[tuple[str, int], ...]
    schema_version: int

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


def copy_database(
    source_url: str,
    target_url: str,
    *,
    force: bool = False,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> CopyReport:
    """Copy every row of the library at ``source_url`` into ``target_url``.

    The target is migrated to the current schema first. A target that already holds rows is
    refused unless ``force``, which empties it (in the same transaction) before the copy."""
    if batch < 1:
        raise InputError("the batch size must be at least 1")
    src, dst = Database(source_url), Database(target_url)
    try:
        if _same_database(src, dst):
            raise InputError("the source and the target are the same database")
        migrate(src)  # the source is read at the current schema (as every command opens it)
        migrate(dst)
        version = max(applied(dst) or {0})
        tables = _copy_order(dst)
        try:
            with src.read("read the source library") as sconn, dst.write("copy into the target") as tconn:
                nonempty = [t for t in tables if _has_rows(tconn, t)]
                if nonempty and not force:
                    raise InputError(
                        f"the target database {safe_url(dst.url)} is not empty (rows in"
                        f" {', '.join(nonempty[:4])}{'...' if len(nonempty) > 4 else ''});"
                        " use --force to replace its contents"
                    )
                if nonempty:
                    _empty(dst, tconn, tables)
                src_tables = set(src.dialect.table_names(sconn))
                rows = []
                for table in tables:
                    if table not in src_tables:
                        continue
                    total = _copy_table(sconn, tconn, table, batch, progress)
                    dst.dialect.reset_ids(tconn, table)
                    rows.append((table, total))
                _check_counts(tconn, rows)  # before the commit: a mismatch rolls the copy back
        except exc.SQLAlchemyError as e:  # e.g. reflection outside a transaction
            raise wrap_db_error(e, "copy", dst.url) from e
        return CopyReport(safe_url(src.url), safe_url(dst.url), tuple(rows), version)
    finally:
        src.close()
        dst.close()


def _same_database(a: Database, b: Database) -> bool:
    ua, ub = sa.engine.make_url(a.url), sa.engine.make_url(b.url)
    if a.backend != b.backend:
        return False
    if a.backend == "sqlite":
        from pathlib import Path

        return bool(ua.database and ub.database) and Path(str(ua.database)).resolve() == Path(
            str(ub.database)
        ).resolve()
    return (ua.host, ua.port, ua.database) == (ub.host, ub.port, ub.database)


def _copy_order(db: Database) -> list[str]:
    """The target's tables, each after the tables its foreign keys point to."""
    with db.read("list tables") as conn:
        names = set(db.dialect.table_names(conn)) - SKIP_TABLES
        ordered = sa.inspect(conn).get_sorted_table_and_fkc_names()
    out = [t for t, _ in ordered if t in names]
    return out + sorted(names - set(out))


def _columns(conn: Connection, table: str) -> tuple[list[str], list[str]]:
    """(copyable columns, primary-key columns) of ``table`` (generated columns left out)."""
    insp = sa.inspect(conn)
    cols = [c["name"] for c in insp.get_columns(table) if not c.get("computed")]
    pk = list(insp.get_pk_constraint(table).get("constrained_columns") or [])
    return cols, pk


def _has_rows(conn: Connection, table: str) -> bool:
    return conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None


def _empty(db: Database, conn: Connection, tables: list[str]) -> None:
    log.info("emptying the target database (--force)")
    if db.backend == "postgresql":
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        conn.execute(text(f"DELETE FROM {table}"))


def _copy_table(
    sconn: Connection,
    tconn: Connection,
    table: str,
    batch: int,
    progress: Progress | None,
) -> int:
    target_cols, _ = _columns(tconn, table)
    source_cols, pk = _columns(sconn, table)
    cols = [c for c in source_cols if c in set(target_cols)]
    missing = [c for c in target_cols if c not in set(source_cols)]
    if missing:
        log.info("%s: columns %s are not in the source; they get their defaults", table, missing)
    total = int(sconn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    order = ", ".join(pk or cols[:1])
    select = text(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}")
    insert = text(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(f':{c}' for c in cols)})")
    done = 0
    if progress:
        progress(table, 0, total)
    result = sconn.execution_options(stream_results=True, yield_per=batch).execute(select)
    for part in result.partitions(batch):
        rows = [dict(zip(cols, r, strict=True)) for r in part]
        tconn.execute(insert, rows)
        done += len(rows)
        if progress:
            progress(table, done, total)
    return total


def _check_counts(conn: Connection, rows: list[tuple[str, int]]) -> None:
    for table, n in rows:
        got = int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
        if got != n:
            raise StorageError(f"copy check failed: {table} has {got} rows in the target, {n} in the source")
