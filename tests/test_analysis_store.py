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


def test_per_article_cache_serves_a_later_analysis_without_parsing(
    tmp_path: Path, seeds_dir: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    from newsprism import Newsprism
    from newsprism.analysis import PREPARE_VERSION, Analyzer

    np_ = Newsprism.open(tmp_path / "news.db", embedder=embedder)
    report = np_.import_paths([seeds_dir])
    articles = np_.store.get_articles(report.imported_ids)
    story_ids = sorted(set(np_.store.story_of([a.id for a in articles]).values()))
    first = Analyzer(embedder).analyze_stories(np_.store, story_ids)
    assert set(first) == set(story_ids)
    rows = np_.store.cached_article_analyses([(a.id, a.content_hash) for a in articles], PREPARE_VERSION)
    assert set(rows) == {a.id for a in articles}
    assert not np_.store.cached_article_analyses([(articles[0].id, "changed")], PREPARE_VERSION)
    assert not np_.store.cached_article_analyses([(articles[0].id, articles[0].content_hash)], "other")
    for sid in story_ids:
        np_.store.drop_analysis(sid)
    fresh = Analyzer(embedder)
    again = fresh.analyze_stories(np_.store, story_ids)
    assert fresh.nlp._nlp is None  # every sentence came from the per-article cache: spaCy never loaded
    for sid in story_ids:
        a, b = first[sid].to_dict(), again[sid].to_dict()
        a.pop("stats"), b.pop("stats")
        assert a == b
    # The in-memory path gives the same analysis as the stored one.
    sid = max(story_ids, key=lambda s: len(np_.store.get_story(s).article_ids))
    direct = (
        Analyzer(embedder)
        .analyze_articles(
            np_.store.get_articles(list(np_.store.get_story(sid).article_ids)),
            story_id=sid,
            title=np_.store.get_story(sid).title,
        )
        .to_dict()
    )
    stored = again[sid].to_dict()
    direct.pop("stats"), stored.pop("stats")
    assert direct == stored
    np_.close()
