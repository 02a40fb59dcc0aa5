"""The analysis cache table: migration from an older database, save / read / replace / drop."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from newsprism.storage import Store, migrate


def test_migration_0004_applies_to_an_older_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store(url, auto_migrate=False)
    migrate(old.db, upto=3)
    with old.db.read() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert "story_analysis" not in names
    old.close()
    new = Store(url)
    assert new.schema_version() >= 4
    with new.db.read() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert "story_analysis" in names
    new.close()


def test_cache_round_trip_replace_and_cascade(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    with store.db.write() as conn:
        conn.execute(
            text("INSERT INTO stories (id, title, first_seen, last_updated) VALUES (7, 't', 'x', 'x')")
        )
    assert store.cached_analysis(7, "sig1", 1) is None
    store.save_analysis(7, "sig1", 1, {"title": "first", "claims": []})
    assert store.cached_analysis(7, "sig1", 1) == {"title": "first", "claims": []}
    assert store.cached_analysis(7, "sig2", 1) is None  # articles changed
    assert store.cached_analysis(7, "sig1", 2) is None  # schema changed
    store.save_analysis(7, "sig2", 1, {"title": "second"})
    assert store.cached_analysis(7, "sig2", 1) == {"title": "second"}
    with store.db.write() as conn:
        conn.execute(text("DELETE FROM stories WHERE id = 7"))
    assert store.cached_analysis(7, "sig2", 1) is None  # deleted with its story
    store.close()
