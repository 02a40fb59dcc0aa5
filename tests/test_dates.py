"""Publication dates: the outlet's UTC offset survives storage, the date cascade resolves
disagreements between a page's sources, and ``updated`` never stands in for ``published``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import text

from newsprism.config import db_url
from newsprism.extract._dates import DateCandidate, resolve_dates
from newsprism.extract._html import extract_page
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


FIXTURES = Path(__file__).parent / "fixtures" / "pages"


def test_saved_page_keeps_the_outlets_local_day() -> None:
    page = extract_page((FIXTURES / "deccan_ledger_lockdown.html").read_bytes())
    assert page.published_at == datetime(2020, 4, 2, 4, 11, tzinfo=IST)
    assert page.published_at is not None and page.published_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert page.published_at.date().isoformat() == "2020-04-02"  # not 1 April (UTC)
    assert page.updated_at is not None and page.updated_at.date().isoformat() == "2020-04-03"
    assert page.url == "https://www.deccanledger.example/india/lockdown-extended-three-districts-1234567.html"
    assert page.title == "Lockdown extended in three districts after review meeting"
    assert page.authors == ("Priya Nair", "Arjun Mehta")
    assert page.organisations == ("Deccan Ledger News Service",)


def test_json_ld_contradicting_the_meta_tag_is_outvoted() -> None:
    """JSON-LD says the 25th; the meta tag, the URL and the visible dateline say the 24th."""
    page = extract_page((FIXTURES / "harbour_gazette_disputed_date.html").read_bytes())
    assert page.published_at is not None
    assert page.published_at.date().isoformat() == "2021-09-24"
    assert page.published_at.utcoffset() == timedelta(hours=-4)
    assert page.title == "Why the harbour tunnel vote matters"  # no "Opinion |", no site name
    assert page.authors == ("Dana Whitfield",)  # the role after the name is dropped
    assert page.url == "https://harbourgazette.example/opinion/2021/09/24/harbour-tunnel-vote"


def _c(source: str, iso: str, has_time: bool = True) -> DateCandidate:
    return DateCandidate(source, datetime.fromisoformat(iso), has_time)


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_same_instant_in_utc_and_local_offset_agree_on_the_local_day() -> None:
    got = resolve_dates(
        [_c("json-ld", "2020-04-01T22:41:00+00:00"), _c("meta", "2020-04-02T04:11:00+05:30")], [], NOW
    )
    assert got.published is not None and got.published.date().isoformat() == "2020-04-02"
    assert set(got.sources) == {"json-ld", "meta"}


def test_two_sources_disagreeing_alone_resolve_to_the_earlier_day() -> None:
    got = resolve_dates(
        [_c("json-ld", "2021-09-25T10:00:00+00:00"), _c("meta", "2021-09-24T10:00:00+00:00")], [], NOW
    )
    assert got.published is not None and got.published.date().isoformat() == "2021-09-24"


def test_more_sources_outvote_one() -> None:
    pub = [
        _c("meta", "2019-05-01T08:00:00+00:00"),
        _c("url", "2019-05-03T00:00:00", has_time=False),
        _c("dateline", "2019-05-03T00:00:00", has_time=False),
    ]
    got = resolve_dates(pub, [], NOW)
    assert got.published is not None and got.published.date().isoformat() == "2019-05-03"


def test_updated_never_stands_in_for_published() -> None:
    got = resolve_dates([], [_c("json-ld", "2024-02-02T10:00:00+00:00")], NOW)
    assert got.published is None
    assert got.updated == datetime(2024, 2, 2, 10, tzinfo=UTC)


def test_future_and_ancient_values_are_ignored() -> None:
    got = resolve_dates(
        [_c("meta", "2099-01-01T00:00:00+00:00"), _c("json-ld", "1970-01-01T00:00:00+00:00")], [], NOW
    )
    assert got.published is None


def test_import_of_saved_page_without_url_keeps_day_url_and_outlet(np, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "saved.html"
    f.write_bytes((FIXTURES / "deccan_ledger_lockdown.html").read_bytes())
    report = np.import_paths([f], group=False)
    assert [i.outcome.value for i in report.items] == ["imported"], report.items
    art = np.article(report.imported_ids[0])
    assert art.url == "https://www.deccanledger.example/india/lockdown-extended-three-districts-1234567.html"
    assert art.outlet is not None and art.outlet.domain == "deccanledger.example"
    assert art.published_at is not None and art.published_at.date().isoformat() == "2020-04-02"
    assert art.authors == ("Priya Nair", "Arjun Mehta")


def test_a_copyright_year_alone_is_no_publication_date() -> None:
    """htmldate pads a bare year ('© 2024') to 1 January; alone, that is not a publication date."""
    from newsprism.extract._dates import _padded_year

    lone = datetime(2024, 1, 1)
    assert _padded_year(lone, [])
    assert not _padded_year(lone, [_c("meta", "2024-01-01T09:00:00+00:00")])
    assert not _padded_year(datetime(2024, 3, 5), [])
    paras = "".join(
        f"<p>{'The council met again on a wet evening to argue about the bridge. ' * 4}</p>" for _ in range(4)
    )
    html = (
        "<html><head><title>Bridge</title></head><body><article><h1>Bridge vote</h1>"
        f"{paras}</article><footer><p>Copyright © 2024 Town News. All rights reserved.</p></footer>"
        "</body></html>"
    )
    assert extract_page(html).published_at is None


def test_dateline_under_the_headline_is_read_as_a_reader_does() -> None:
    """A date printed between the <h1> and the text, with no class naming it; 'Updated' is the update."""
    from lxml import html as lxml_html

    from newsprism.extract._dates import _headline_dateline

    page = (
        "<html><body><nav><h1>Site</h1></nav><article><h1>Faster embeddings</h1>"
        "<div><span>By Ann Lee</span><span>December 18, 2025</span> ・ 3 min read"
        "<script>var d = 'January 1, 2020';</script><p>Updated Dec 20, 2025</p></div>"
        "<p>Body text that mentions March 3, 2019 much later. "
        + "word " * 200
        + "</p></article></body></html>"
    )
    pub: list[DateCandidate] = []
    upd: list[DateCandidate] = []
    _headline_dateline(lxml_html.fromstring(page), pub, upd)
    assert [c.when.date().isoformat() for c in pub] == ["2025-12-18"]
    assert [c.when.date().isoformat() for c in upd] == ["2025-12-20"]
