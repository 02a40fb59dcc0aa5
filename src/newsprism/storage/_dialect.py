"""What differs between SQLite and PostgreSQL, in one place.

Every query of the store is written once in the SQL both databases accept (``ON CONFLICT ... DO
UPDATE`` upserts, ``NULLS FIRST``, ``CASE`` inside aggregates); what cannot be shared lives here:

=====================  ==========================================  ======================================
                       SQLite                                      PostgreSQL (psycopg 3)
=====================  ==========================================  ======================================
URL                    ``sqlite:///path``                          ``postgresql://`` -> ``+psycopg``
write lock             ``BEGIN IMMEDIATE`` (the file's one lock)   transaction advisory lock + lock_timeout
read snapshot          ``BEGIN`` under WAL                         ``REPEATABLE READ, READ ONLY``
new row ids            ``cursor.lastrowid``                        ``INSERT ... RETURNING id`` (identity)
list aggregate         ``GROUP_CONCAT(DISTINCT x)``                ``STRING_AGG(DISTINCT x, ',')``
full-text search       FTS5 table, ``MATCH``, ``bm25``, snippet    ``tsvector`` column + GIN,
                                                                   ``websearch_to_tsquery``, ts_headline
NUL characters         kept                                        removed (a text value cannot hold one)
=====================  ==========================================  ======================================

Times are ISO-8601 UTC text on both (``_rows.to_db_time``), compared as strings; no query uses a
date function. Blobs (``BLOB`` / ``BYTEA``), ids (``INTEGER PRIMARY KEY`` / identity) and floats (``REAL`` /
``DOUBLE PRECISION``) differ only in the schema: see the ``POSTGRESQL`` lists of the migrations.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

WRITE_LOCK_KEY = 0x6E707772  # "npwr": PostgreSQL advisory lock that serialises newsprism writers
MIGRATION_LOCK_KEY = 0x6E657773  # "news": held while a migration is applied
PG_SEARCH_CONFIG = "simple"  # no stemming, no stop words: like SQLite's unicode61 tokenizer


def normalise_url(url: str) -> str:
    """A SQLAlchemy URL with newsprism's driver: ``postgresql://`` and ``postgres://`` mean psycopg 3."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def safe_url(url: str) -> str:
    """``url`` with its password hidden (for messages)."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: show it as given
        return url


def search_words(query: str) -> list[str]:
    """The words of a user's search (punctuation and operators dropped): all must match."""
    return re.findall(r"\w+", query, flags=re.UNICODE)


def upsert_sql(table: str, columns: Sequence[str], key: str) -> str:
    """Insert a row or replace the one with the same ``key`` (SQLite's ``INSERT OR REPLACE``,
    written as the ``ON CONFLICT ... DO UPDATE`` both backends accept). Parameters are named
    after the columns."""
    cols = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({key}) DO UPDATE SET {sets}"


class Dialect:
    """The SQL that differs between the backends. Use :func:`dialect_for`."""

    name = ""

    def configure(self, engine: Engine, busy_timeout_ms: int) -> None:
        """Per-connection settings, installed once on a new engine."""

    def begin_write(self, conn: Connection, busy_timeout_ms: int) -> None:
        """Start a write transaction that holds the database's writer lock until it ends."""
        raise NotImplementedError

    def begin_read(self, conn: Connection) -> None:
        """Start a read transaction that sees one consistent snapshot."""
        raise NotImplementedError

    def take_lock(self, conn: Connection, key: int) -> None:
        """Hold the named lock ``key`` until the current (write) transaction ends."""

    def insert_id(self, conn: Connection, sql: str, params: Mapping[str, Any]) -> int:
        """Run one ``INSERT`` into a table with an ``id`` key and return the new row's id."""
        raise NotImplementedError

    def group_concat(self, expr: str) -> str:
        """SQL for the comma-joined distinct values of ``expr`` in a group."""
        raise NotImplementedError

    def search_sql(self) -> str:
        """``SELECT`` of full-text search: ``{columns}`` are the article columns; parameters ``q``
        (from :meth:`search_query`) and ``limit``; adds a column ``snip``, a highlighted snippet."""
        raise NotImplementedError

    def search_query(self, words: Sequence[str]) -> str:
        """The ``q`` parameter of :meth:`search_sql` that requires every one of ``words``."""
        raise NotImplementedError

    def table_names(self, conn: Connection) -> list[str]:
        """The newsprism tables of the database (not the search index's own tables)."""
        raise NotImplementedError

    def reset_ids(self, conn: Connection, table: str) -> None:
        """After rows were copied with their ids: make the next new id follow the largest."""


def _wal_on(cur: Any, busy_timeout_ms: int) -> None:
    """Turn WAL on. Switching a new file into WAL needs the file to itself, and SQLite answers
    "database is locked" at once (no busy handler) while another process holds it, e.g. several
    processes opening a new database together: retry within the busy timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class SQLiteDialect(Dialect):
    name = "sqlite"

    def configure(self, engine: Engine, busy_timeout_ms: int) -> None:
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let us issue BEGIN ourselves so DDL is transactional and writes take the lock early.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            _wal_on(cur, busy_timeout_ms)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    def begin_write(self, conn: Connection, busy_timeout_ms: int) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the file's one write lock, waited for (busy timeout)

    def begin_read(self, conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    def insert_id(self, conn: Connection, sql: str, params: Mapping[str, Any]) -> int:
        return int(conn.execute(text(sql), dict(params)).lastrowid)

    def group_concat(self, expr: str) -> str:
        return f"GROUP_CONCAT(DISTINCT {expr})"

    def search_sql(self) -> str:
        return (
            "SELECT {columns}, snippet(articles_fts, 2, '[', ']', ' … ', 16) AS snip"
            " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " LEFT JOIN outlets o ON o.id = a.outlet_id"
            " WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0), a.id LIMIT :limit"
        )

    def search_query(self, words: Sequence[str]) -> str:
        return " ".join('"' + w.replace('"', "") + '"' for w in words)  # every word quoted, all required

    def table_names(self, conn: Connection) -> list[str]:
        rows = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'articles_fts%' ORDER BY name"
            )
        )
        return [str(r[0]) for r in rows]


class PostgresDialect(Dialect):
    name = "postgresql"

    def configure(self, engine: Engine, busy_timeout_ms: int) -> None:
        @event.listens_for(engine, "before_cursor_execute", retval=True)
        def _no_nul(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> Any:
            # PostgreSQL text cannot hold U+0000 (SQLite can); hostile pages sometimes carry it.
            if many and isinstance(params, list):
                params = [_strip_nul(p) for p in params]
            else:
                params = _strip_nul(params)
            return statement, params

    def begin_write(self, conn: Connection, busy_timeout_ms: int) -> None:
        # One writer at a time across every process and machine, as on SQLite: the store's
        # read-then-insert steps (outlets, de-duplication) stay correct without retry loops.
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(busy_timeout_ms)}")
        self.take_lock(conn, WRITE_LOCK_KEY)

    def begin_read(self, conn: Connection) -> None:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def take_lock(self, conn: Connection, key: int) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})

    def insert_id(self, conn: Connection, sql: str, params: Mapping[str, Any]) -> int:
        return int(conn.execute(text(sql + " RETURNING id"), dict(params)).scalar_one())

    def group_concat(self, expr: str) -> str:
        return f"STRING_AGG(DISTINCT {expr}, ',')"

    def search_sql(self) -> str:
        cfg = PG_SEARCH_CONFIG
        return (
            "SELECT {columns}, ts_headline('" + cfg + "', a.text, q.query,"
            " 'StartSel=[, StopSel=], MinWords=8, MaxWords=16') AS snip"
            " FROM articles a CROSS JOIN websearch_to_tsquery('" + cfg + "', :q) AS q(query)"
            " LEFT JOIN outlets o ON o.id = a.outlet_id"
            " WHERE a.search @@ q.query ORDER BY ts_rank(a.search, q.query) DESC, a.id LIMIT :limit"
        )

    def search_query(self, words: Sequence[str]) -> str:
        return " ".join(words)  # websearch syntax: plain words separated by spaces must all match

    def table_names(self, conn: Connection) -> list[str]:
        rows = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
        )
        return [str(r[0]) for r in rows]

    def reset_ids(self, conn: Connection, table: str) -> None:
        seq = conn.execute(
            text(
                "SELECT pg_get_serial_sequence(c.table_name, c.column_name) FROM information_schema.columns c"
                " WHERE c.table_schema = current_schema() AND c.table_name = :t AND c.column_name = 'id'"
            ),
            {"t": table},
        ).scalar()
        if seq is None:
            return  # no id column, or not an identity
        conn.execute(
            text(f"SELECT setval(:s, COALESCE((SELECT MAX(id) FROM {_ident(table)}), 0) + 1, false)"),
            {"s": seq},
        )


def _strip_nul(params: Any) -> Any:
    if isinstance(params, dict):
        if any(isinstance(v, str) and "\x00" in v for v in params.values()):
            return {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in params.items()}
        return params
    if isinstance(params, list | tuple) and any(isinstance(v, str) and "\x00" in v for v in params):
        return type(params)(v.replace("\x00", "") if isinstance(v, str) else v for v in params)
    return params


def _ident(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a plain table name: {name!r}")
    return name


_DIALECTS: dict[str, type[Dialect]] = {"sqlite": SQLiteDialect, "postgresql": PostgresDialect}


def dialect_for(backend: str) -> Dialect:
    """The dialect of a SQLAlchemy backend name (``sqlite``, ``postgresql``)."""
    cls = _DIALECTS.get(backend)
    if cls is None:
        from ..errors import StorageError

        raise StorageError(f"unsupported database {backend!r}: newsprism runs on SQLite or PostgreSQL")
    return cls()
