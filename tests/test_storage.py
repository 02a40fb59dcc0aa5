"""The store: migrations from an old version, locking, integrity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from newsprism import StorageError
from newsprism.config import db_url
from newsprism.ingest import content_hash
from newsprism.models import ArticleDraft
from newsprism.storage import Store, all_migrations, migrate
from newsprism.storage._engine import Database


def test_migrations_are_numbered_and_described() -> None:
    migs = all_migrations()
    assert migs[0].number == 1
    assert all(m.description for m in migs)
    assert [m.number for m in migs] == sorted({m.number for m in migs})


def test_upgrade_from_first_schema_version_keeps_data(tmp_path: Path) -> None:
    url = db_url(str(tmp_path / "old.db"))
    db = Database(url)
    assert migrate(db, upto=1) == [1]
    with db.write() as conn:  # an article written by version 1 of the schema
        conn.execute(
            text(
                "INSERT INTO articles (url, title, text, content_hash, fetched_at, source_kind, source_ref)"
                " VALUES ('https://a.example.com/1', 'Old', 'Old text here', 'h1',"
                " '2025-01-01T00:00:00+00:00', 'txt', 'old.txt')"
            )
        )
    db.close()
    store = Store(url)
    assert store.schema_version() == all_migrations()[-1].number
    art = store.get_article(1)
    assert art.title == "Old" and art.url == "https://a.example.com/1"
    assert [a.id for a, _ in store.search_articles("old text")] == [1]
    store.close()


def test_failed_migration_leaves_database_at_previous_version(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsprism.storage import _migrate
    from newsprism.storage._migrate import Migration

    url = db_url(str(tmp_path / "m.db"))
    db = Database(url)
    migrate(db, upto=1)
    broken = [
        *_migrate.all_migrations()[:1],
        Migration(999, "broken", "x", ("CREATE TABLE t1 (a)", "NOT SQL")),
    ]
    monkeypatch.setattr(_migrate, "all_migrations", lambda: broken)
    with pytest.raises(StorageError, match="migration 999"):
        migrate(db)
    with db.read() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert "t1" not in tables  # the whole migration was rolled back
    assert 999 not in _migrate.applied(db)


def test_wal_and_foreign_keys_are_on(tmp_path: Path) -> None:
    store = Store(db_url(str(tmp_path / "p.db")))
    with store.db.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_locked_database_raises_storage_error(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "l.db"
    store = Store(db_url(str(path)), busy_timeout_ms=200)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        draft = ArticleDraft(title="T", text="Some text")
        with pytest.raises(StorageError, match="locked"), store.db.write() as conn:
            store.insert_article(conn, draft, content_hash(draft.text))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.count_articles() == 0
    store.close()


def test_invalid_url_is_a_storage_error() -> None:
    with pytest.raises(StorageError):
        Store("nosuchdialect://x")
