"""Publication dates: the outlet's UTC offset survives storage, the date cascade resolves
disagreements between a page's sources, and ``updated`` never stands in for ``published``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import text

from newsprism.config import db_url
from newsprism.ingest import content_hash
from newsprism.models import ArticleDraft
from newsprism.storage import Store, migrate
from newsprism.storage._engine import Database

IST = timezone(timedelta(hours=5, minutes=30))


def test_offset_is_kept_and_local_day_shown(tmp_path: Path) -> None:
    """The issue's example: 04:11 in India on 2 April is 22:41 UTC on 1 April; the day shown is the 2nd."""
    store = Store(db_url(str(tmp_path / "d.db")))
    when = datetime.fromisoformat("2020-04-02T04:11:00+05:30")
    draft = ArticleDraft(title="Lockdown extended", text="Body text " * 30, published_at=when)
    with store.db.write() as conn:
        ins = store.insert_article(conn, draft, content_hash(draft.text))
        raw = conn.execute(text("SELECT published_at, published_offset FROM articles")).one()
    assert raw[0] == "2020-04-01T22:41:00+00:00"  # stored as UTC, so ordering stays right
    assert raw[1] == 330
    art = store.get_article(ins.article_id)
    assert art.published_at == when
    assert art.published_at is not None and art.published_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert art.published_at.date().isoformat() == "2020-04-02"
    assert art.date.strftime("%Y-%m-%d") == "2020-04-02"
    store.close()


def test_ordering_uses_the_instant_not_the_local_clock(tmp_path: Path) -> None:
    store = Store(db_url(str(tmp_path / "o.db")))
    early_local = datetime(2020, 4, 2, 4, 11, tzinfo=IST)  # 22:41 UTC on the 1st
    late_utc = datetime(2020, 4, 1, 23, 0, tzinfo=UTC)  # later instant, earlier local day
    with store.db.write() as conn:
        for title, when in (("India", early_local), ("London", late_utc)):
            d = ArticleDraft(title=title, text=f"{title} text " * 30, published_at=when)
            store.insert_article(conn, d, content_hash(d.text))
        order = [r[0] for r in conn.execute(text("SELECT title FROM articles ORDER BY published_at"))]
    assert order == ["India", "London"]
    store.close()


def test_migration_from_version_9_keeps_old_dates_in_utc(tmp_path: Path) -> None:
    url = db_url(str(tmp_path / "old.db"))
    db = Database(url)
    migrate(db, upto=9)
    with db.write() as conn:  # an article written before the offset column existed
        conn.execute(
            text(
                "INSERT INTO articles (url, title, text, content_hash, published_at, fetched_at,"
                " source_kind, source_ref) VALUES ('https://a.example.com/1', 'Old', 'Old text here',"
                " 'h1', '2020-04-01T22:41:00+00:00', '2025-01-01T00:00:00+00:00', 'txt', 'old.txt')"
            )
        )
    db.close()
    store = Store(url)
    assert store.schema_version() >= 10
    art = store.get_article(1)
    assert art.published_at == datetime(2020, 4, 1, 22, 41, tzinfo=UTC)
    assert art.published_at is not None and art.published_at.utcoffset() == timedelta(0)
    assert art.updated_at is None
    store.close()


def test_updated_time_is_stored_apart(tmp_path: Path) -> None:
    store = Store(db_url(str(tmp_path / "u.db")))
    pub = datetime(2021, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    upd = datetime(2021, 3, 4, 12, 0, tzinfo=UTC)
    d = ArticleDraft(title="T", text="Some text " * 30, published_at=pub, updated_at=upd)
    with store.db.write() as conn:
        ins = store.insert_article(conn, d, content_hash(d.text))
    art = store.get_article(ins.article_id)
    assert art.published_at == pub and art.updated_at == upd
    store.close()
