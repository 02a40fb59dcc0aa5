"""The store on both backends (a SQLite file and a fresh PostgreSQL database): migrations from every
older version, each query family, upserts, full-text search, ids, locking and error wrapping."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from newsprism import StorageError
from newsprism.feeds._types import PollState, PollStatus, SeenItem
from newsprism.ingest import content_hash
from newsprism.models import ArticleDraft, ItemResult, Outcome
from newsprism.storage import Store, all_migrations, migrate
from newsprism.storage._dialect import WRITE_LOCK_KEY, normalise_url
from newsprism.storage._engine import Database
from newsprism.storage._stories import FeatureRow, StoryRow

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _store(url: str, **kw: object) -> Store:
    return Store(url, clock=lambda: T0, **kw)  # type: ignore[arg-type]


def _add(store: Store, title: str, body: str, *, url: str | None = None, domain: str | None = None,
         published: datetime | None = None) -> int:
    draft = ArticleDraft(title=title, text=body, url=url, outlet_domain=domain, published_at=published)
    with store.db.write() as conn:
        res = store.insert_article(conn, draft, content_hash(draft.text))
    assert res.is_new, res
    return res.article_id


def _tables(db: Database) -> set[str]:
    with db.read() as conn:
        return set(db.dialect.table_names(conn))


# -- migrations -----------------------------------------------------------------------------
def test_every_migration_applies_and_the_schema_is_the_same_on_both(database_url: str) -> None:
    db = Database(database_url)
    ran = migrate(db)
    assert ran == [m.number for m in all_migrations()]
    assert migrate(db) == []  # idempotent
    tables = _tables(db)
    db.close()
    assert {
        "articles", "outlets", "feeds", "feed_items", "stories", "story_articles", "article_features",
        "article_embeddings", "term_df", "article_copies", "story_pins", "story_corrections",
        "story_analysis", "article_analysis", "reports", "outlet_overrides", "ingest_runs",
        "ingest_items", "schema_migrations",
    } <= tables


@pytest.mark.parametrize("old", [1, 3, 5, 9])
def test_a_database_at_an_old_version_upgrades_and_keeps_its_data(database_url: str, old: int) -> None:
    db = Database(database_url)
    assert migrate(db, upto=old)[-1] == old
    with db.write() as conn:  # rows written by that version of the schema
        conn.execute(text(
            "INSERT INTO outlets (domain, name, created_at) VALUES ('old.example.com', 'Old Times',"
            " '2025-01-01T00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO articles (url, outlet_id, title, text, content_hash, fetched_at, source_kind,"
            " source_ref) VALUES ('https://old.example.com/1', 1, 'Old flood', 'The old river flooded',"
            " 'h1', '2025-01-01T00:00:00+00:00', 'txt', 'old.txt')"))
        conn.execute(text(
            "INSERT INTO stories (title, first_seen, last_updated) VALUES ('Old story',"
            " '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO story_articles (story_id, article_id, added_at) VALUES (1, 1,"
            " '2025-01-01T00:00:00+00:00')"))
    db.close()
    store = _store(database_url)
    assert store.schema_version() == all_migrations()[-1].number
    art = store.get_article(1)
    assert (art.title, art.outlet.domain if art.outlet else None) == ("Old flood", "old.example.com")
    assert [a.id for a, _ in store.search_articles("old river")] == [1]
    assert store.get_story(1).article_ids == (1,)
    # the identity / rowid goes on after the old rows
    assert _add(store, "New", "A new text about something else entirely", domain="new.example.com") == 2
    store.close()


def test_a_failed_migration_leaves_the_database_at_its_previous_version(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.storage import _migrate
    from newsprism.storage._migrate import Migration

    db = Database(database_url)
    migrate(db, upto=1)
    broken = [*_migrate.all_migrations()[:1], Migration(999, "broken", "x", ("CREATE TABLE t1 (a INTEGER)",
                                                                            "NOT SQL"))]
    monkeypatch.setattr(_migrate, "all_migrations", lambda: broken)
    with pytest.raises(StorageError, match="migration 999"):
        migrate(db)
    assert "t1" not in _tables(db)  # the whole migration was rolled back
    assert 999 not in _migrate.applied(db)
    db.close()


def test_two_stores_opening_a_new_database_at_once_migrate_it_once(database_url: str) -> None:
    errors: list[BaseException] = []
    stores: list[Store] = []

    def open_one() -> None:
        try:
            stores.append(_store(database_url))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with stores[0].db.read() as conn:
        numbers = [r[0] for r in conn.execute(text("SELECT number FROM schema_migrations ORDER BY number"))]
    assert numbers == [m.number for m in all_migrations()]
    for s in stores:
        s.close()


# -- articles, outlets, search --------------------------------------------------------------
def test_articles_dedupe_list_and_search_with_snippet(database_url: str) -> None:
    store = _store(database_url)
    a = _add(store, "Flood closes the old bridge", "Water rose over the old bridge in Riverton on Monday.",
             url="https://a.example.com/1", domain="A.example.com", published=T0 - timedelta(hours=2))
    b = _add(store, "Council meets", "The council met to discuss the budget and the bridge repairs.",
             url="https://b.example.com/1", domain="b.example.com", published=T0 - timedelta(hours=1))
    with store.db.write() as conn:
        again = ArticleDraft(title="Flood", text="Other text", url="https://a.example.com/1")
        assert store.insert_article(conn, again, content_hash("Other text")).duplicate_reason == (
            f"same URL as article {a}")
        same = ArticleDraft(title="Copy", text="Water rose over the old bridge in Riverton on Monday.")
        dup = store.insert_article(conn, same, content_hash(same.text))
        assert dup.duplicate_reason == f"same text as article {a}"
    assert [x.id for x in store.list_outlets()] == [1, 2]
    assert store.outlet_article_counts() == {"a.example.com": 1, "b.example.com": 1}
    assert [x.id for x in store.list_articles()] == [b, a]  # newest first
    assert store.all_article_ids() == [a, b]
    hits = store.search_articles("bridge")
    assert [x.id for x, _ in hits] == [a, b]  # the title match ranks first
    assert "[bridge]" in hits[0][1]
    assert [x.id for x, _ in store.search_articles("bridge budget")] == [b]  # every word required
    assert store.search_articles('"; DROP TABLE articles; --') == []
    assert store.search_articles("OR AND NOT ( ) * :") == []
    assert store.count_articles() == 2
    store.close()


def test_nul_characters_are_stored_without_failing(database_url: str) -> None:
    store = _store(database_url)
    aid = _add(store, "Odd\x00 page", "A page with a NUL\x00 character inside its text, still an article.")
    art = store.get_article(aid)
    assert art.title.replace("\x00", "") == "Odd page"
    assert "NUL character" in art.text.replace("\x00", "")
    store.close()


# -- stories, features, embeddings, copies, corrections --------------------------------------
def _row(sid: int | None, title: str, members: tuple[int, ...], day: float) -> StoryRow:
    return StoryRow(sid, title, T0, T0, day, day + 0.25, day, day, tuple((m, 0.5, None) for m in members))


def test_stories_features_and_upserts(database_url: str) -> None:
    store = _store(database_url)
    ids = [_add(store, f"Story {i}", f"Body number {i} about a distinct event {i * 7}") for i in range(4)]
    s1, _ = store.save_stories([_row(None, "First", (ids[0], ids[1]), 20513.123456),
                                 _row(None, "Second", (ids[2],), 20514.5)])
    assert store.get_story(s1).article_ids == (ids[0], ids[1])
    # moving the last member of s2 into s1 drops s2
    assert store.save_stories([_row(s1, "First+", (ids[2],), 20513.123456)]) == [s1]
    assert store.count_stories() == 1 and store.story_of(ids) == {i: s1 for i in ids[:3]}
    assert store.open_stories(20513.2, 20513.3) == {s1: ids[:3]}  # double precision keeps the minutes

    feats = [FeatureRow(i, 20513.0 + k, 20513.0, k % 2 == 0, {"flood": 1, f"t{k}": 2}, ["Riverton"],
                        bytes([k, 0, 255]), 10 + k) for k, i in enumerate(ids)]
    store.save_features(feats)
    store.save_features(feats[:1])  # a repeated article is not counted twice
    n, df = store.document_frequencies(["flood", "t1", "nothing"])
    assert (n, df) == (4, {"flood": 4, "t1": 1})
    got = store.get_features(ids[:2])
    assert got[ids[1]].minhash == bytes([1, 0, 255]) and got[ids[0]].day == 20513.0 and not got[ids[1]].dated
    assert store.undated_ids() == [ids[1], ids[3]]
    assert [a for a, _ in store.articles_between(20514.0, 20515.0)] == [ids[1], ids[2]]

    store.save_embeddings("m", [(ids[0], b"\x00\x01" * 8), (ids[1], b"\x02")])
    store.save_embeddings("m", [(ids[0], b"\x09")])  # replaced, not duplicated
    assert store.get_embeddings(ids, "m") == {ids[0]: b"\x09", ids[1]: b"\x02"}
    store.save_copies([(ids[1], ids[0], 0.9)])
    store.save_copies([(ids[1], ids[0], 0.95)])
    assert store.copies_of(ids) == {ids[1]: (ids[0], 0.95)}
    members = store.story_members(s1)
    assert [m.article_id for m in members] == [ids[0], ids[1], ids[2]]

    split = store.record_correction("split", {"story": s1}, {ids[2]: "pin-{id}", ids[3]: "pin-{id}"},
                                    [_row(None, "Split off", (ids[2], ids[3]), 20514.0)])
    store.record_correction("move", {"x": 1}, {ids[2]: "again-{id}"}, [])
    assert store.pins_of(ids) == {ids[2]: "again-2", ids[3]: "pin-1"}
    assert [c[1] for c in store.corrections()] == ["split", "move"]
    kept = store.replace_stories([_row(s1, "Only", tuple(ids), 20513.0)])
    assert kept == [s1] and split[0] not in {s.id for s in store.list_stories()}
    store.close()


def test_analysis_cache_reports_digests_and_runs(database_url: str) -> None:
    store = _store(database_url)
    a = _add(store, "One", "First article body here.", domain="a.example.com")
    b = _add(store, "Two", "Second article body here.", domain="b.example.com")
    c = _add(store, "Three", "Third article body, no outlet.")
    (sid,) = store.save_stories([_row(None, "S", (a, b, c), 20000.0)])
    store.save_analysis(sid, "sig1", 3, {"x": "é"})
    store.save_analysis(sid, "sig2", 3, {"x": 2})
    assert store.cached_analysis(sid, "sig1", 3) is None and store.cached_analysis(sid, "sig2", 3) == {"x": 2}
    store.save_article_analyses([(a, "h", "v1", "[]", b"\x00\xff"), (a, "h", "v1", "[1]", b"\x01")])
    assert store.cached_article_analyses([(a, "h")], "v1") == {a: ("[1]", b"\x01")}
    (digest,) = store.story_digests()
    assert (digest.n_articles, digest.outlets, digest.unknown) == (3, ("a.example.com", "b.example.com"), 1)
    assert store.story_sizes([sid, 999]) == {sid: (3, T0)}
    r1 = store.add_report("analysis", "wrong", story_id=sid)
    r2 = store.add_report("grouping", "split it", story_id=sid, article_id=a)
    assert (r1.id, r2.id) == (1, 2)
    store.set_report_status(r1.id, "resolved")
    assert [(r.id, r.status) for r in store.list_reports(story_id=sid)] == [(2, "open"), (1, "resolved")]
    before = store.data_fingerprint()
    store.add_report("analysis", "again")
    assert store.data_fingerprint() != before

    run = store.start_run("import")
    with store.db.write() as conn:
        for outcome in (Outcome.IMPORTED, Outcome.IMPORTED, Outcome.SKIPPED, Outcome.FAILED):
            store.record_item(conn, run, ItemResult("ref", outcome, article_id=a))
    store.finish_run(run)
    (row,) = store.list_runs()
    assert (row["imported"], row["duplicate"], row["skipped"], row["failed"]) == (2, 0, 1, 1)
    store.close()


def test_feeds_polls_and_due_order(database_url: str) -> None:
    store = _store(database_url)
    f1, created = store.add_feed("https://a.example.com/feed.xml", title="A")
    f2, _ = store.add_feed("https://b.example.com/feed.xml")
    assert created and (f1.id, f2.id) == (1, 2)
    state = PollState(PollStatus.OK, T0, T0 + timedelta(hours=1), http_status=200, etag='"e1"')
    items = [SeenItem("k1", "https://a.example.com/1", "failed", "timeout"), SeenItem("k2", None, "imported")]
    store.save_poll(f1.id, state, items)
    store.save_poll(f1.id, state, items[:1])  # a second failure of k1
    assert store.settled_keys(f1.id, ["k1", "k2", "k3"]) == {"k2"}
    # never-polled feeds come first (NULLS FIRST on both backends)
    assert [f.id for f in store.due_feeds(T0, include_not_due=True)] == [f2.id, f1.id]
    assert [f.id for f in store.due_feeds(T0)] == [f2.id]
    got = store.get_feed(f1.id)
    assert (got.etag, got.items_seen, got.health) == ('"e1"', 2, "ok")
    failing = PollState(PollStatus.GONE, T0, T0 + timedelta(hours=2), http_status=410, error="gone")
    store.save_poll(f2.id, failing)
    assert store.get_feed(f2.id).status.value == "dead"
    store.close()


# -- locking and errors ---------------------------------------------------------------------
def test_a_held_write_lock_gives_a_clear_locked_error(database_url: str, backend: str) -> None:
    store = _store(database_url, busy_timeout_ms=300)
    holder = _store(database_url)
    if backend == "sqlite":
        import sqlite3

        from sqlalchemy.engine import make_url

        other = sqlite3.connect(str(make_url(database_url).database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        release = lambda: (other.execute("ROLLBACK"), other.close())  # noqa: E731
    else:
        conn = holder.db.engine.connect()
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
        release = lambda: (conn.rollback(), conn.close())  # noqa: E731
    try:
        draft = ArticleDraft(title="T", text="Some text")
        with pytest.raises(StorageError, match="locked") as err, store.db.write() as w:
            store.insert_article(w, draft, content_hash(draft.text))
        assert "\n" not in str(err.value)
    finally:
        release()
    assert store.count_articles() == 0
    _add(store, "T", "Some text")  # the lock is free again
    store.close()
    holder.close()


def test_a_refused_connection_is_one_clear_line() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StorageError) as err:
        Store(f"postgresql://newsprism:secret@127.0.0.1:{port}/nothing")
    msg = str(err.value)
    assert "cannot reach the database" in msg and f"127.0.0.1:{port}" in msg
    assert "\n" not in msg and "secret" not in msg


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(StorageError, match="SQLite or PostgreSQL"):
        Store("mysql://u@h/db")


def test_connections_the_server_dropped_are_replaced(pg_url: str) -> None:
    """After a PostgreSQL restart (here: every connection to the database terminated by the
    server), the next read and write reconnect instead of failing."""
    store = _store(pg_url)
    aid = _add(store, "Before", "Stored before the server dropped every connection.")
    with store.db.read() as conn:  # the pool now holds an open connection
        assert conn.execute(text("SELECT 1")).scalar() == 1
    admin = Database(pg_url)
    with admin.engine.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid != pg_backend_pid()"
            )
        ).scalar()
        conn.commit()
    admin.close()
    assert killed and killed >= 1
    assert store.get_article(aid).title == "Before"
    assert _add(store, "After", "Stored after the connections came back.") == aid + 1
    store.close()


def test_any_search_text_is_safe_on_both(database_url: str) -> None:
    """Whatever a reader types (quotes, operators, NUL, other scripts), search answers or finds
    nothing; it never raises and never reaches the backend's query syntax."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    store = _store(database_url)
    body = "The Limmat rose in Zürich; «water» everywhere AND NOT OR near the bridge."
    aid = _add(store, "Zürich flood", body)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.text(max_size=40))
    def check(query: str) -> None:
        hits = store.search_articles(query)
        assert all(a.id == aid for a, _ in hits)

    check()
    for q in ('Zürich "flood', "limmat*", "AND NOT OR", "-water", "bridge) OR (1=1"):
        check_ids = [a.id for a, _ in store.search_articles(q)]
        assert check_ids in ([], [aid]), q
    assert [a.id for a, _ in store.search_articles("zürich limmat")] == [aid]
    store.close()


def test_make_np_opens_its_libraries_on_the_tests_backend(backend: str, make_np) -> None:  # type: ignore[no-untyped-def]
    one, two = make_np("one.db"), make_np("two.db")
    assert one.store.db.backend == two.store.db.backend == backend
    assert one.store.db.url != two.store.db.url  # a fresh database each
    one.store.add_report("analysis", "only in one")
    assert len(one.store.list_reports()) == 1 and two.store.list_reports() == []
