"""`newsprism update` against a real HTTP server on 127.0.0.1 serving fixture feeds and pages."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer, Reply, Request, gzip_bomb, rss

from newsprism.feeds import FeedStatus, PollStatus

FIX = Path(__file__).parent / "fixtures" / "feeds"


def fetch_cfg(**over: Any) -> dict[str, Any]:
    cfg = {
        "allowed_hosts": ["127.0.0.1"],
        "politeness_delay_s": 0,
        "retries": 0,
        "timeout_s": 3,
        "per_host_concurrency": 8,
    }
    cfg.update(over)
    return {"fetch": cfg}


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with FeedServer() as srv:
        srv.fixture("/robots.txt", "robots.txt", "text/plain")
        for name in ("lake-1.html", "lake-2.html"):
            srv.fixture(f"/articles/{name}", f"pages/{name}", "text/html; charset=utf-8")
        srv.fixture("/private/lake-3.html", "pages/lake-3.html", "text/html")
        yield srv


@pytest.fixture
def fnp(make_np):  # type: ignore[no-untyped-def]
    return make_np(config=fetch_cfg())


def by_url(report: Any) -> dict[str, Any]:
    return {f.url: f for f in report.feeds}


def test_rss2_atom_and_rss1_with_full_content(server: FeedServer, fnp: Any) -> None:
    urls = [
        server.fixture("/rss2.xml", "rss2.xml"),
        server.fixture("/atom.xml", "atom.xml", "application/atom+xml"),
        server.fixture("/rss1.rdf", "rss1.rdf", "application/rdf+xml"),
    ]
    for u in urls:
        fnp.store.add_feed(u)
    report = fnp.update(group=False)
    res = by_url(report)
    assert [res[u].status for u in urls] == [PollStatus.OK] * 3
    assert [res[u].imported for u in urls] == [3, 2, 2]
    assert len(report.imported_ids) == 7
    arts = {a.title: a for a in fnp.store.get_articles(list(report.imported_ids))}
    tram = arts["Harbor City council approves the Eastside tram line"]
    assert "eleven kilometres" in tram.text and tram.authors == ("Mara Ellison",)
    assert tram.published_at is not None and tram.published_at.isoformat().startswith("2025-03-03T09:00")
    assert tram.feed_id == fnp.store.get_feed(urls[0]).id and tram.source_kind == "feed"
    clinic = arts["Northfield clinic extends its evening hours"]  # atom xhtml content
    assert "two additional nurses" in clinic.text.lower()
    assert "record for the event" in arts["Valley harvest festival draws record crowds"].text
    for u, n in zip(urls, [3, 2, 2], strict=True):
        f = fnp.store.get_feed(u)
        assert f.items_seen == n and f.last_success_at is not None and f.error_count == 0
        assert f.next_poll_at is not None and f.next_poll_at > f.last_polled_at
    assert fnp.store.get_feed(urls[0]).title == "Harbor City Gazette (fiction)"
    # nothing is due now: a second update polls nothing
    assert fnp.update(group=False).feeds == ()


def test_conditional_get_etag_and_last_modified(server: FeedServer, fnp: Any) -> None:
    u1 = server.fixture("/rss2.xml", "rss2.xml", etag='"v1"')
    lm = "Wed, 05 Mar 2025 12:00:00 GMT"
    body = (FIX / "atom.xml").read_bytes().replace(b"{{BASE}}", server.base.encode())

    def by_date(req: Request) -> Reply:
        if req.headers.get("if-modified-since") == lm:
            return Reply(304, b"")
        return Reply(200, body, {"Content-Type": "application/atom+xml", "Last-Modified": lm})

    u2 = server.route("/atom.xml", by_date)
    fnp.store.add_feed(u1)
    fnp.store.add_feed(u2)
    first = by_url(fnp.update(group=False))
    assert first[u1].imported == 3 and first[u2].imported == 2
    second = fnp.update(group=False, everything=True)
    res = by_url(second)
    assert res[u1].status is PollStatus.NOT_MODIFIED and res[u2].status is PollStatus.NOT_MODIFIED
    assert second.imported_ids == ()
    assert server.hits("/rss2.xml")[-1].headers.get("if-none-match") == '"v1"'
    assert server.hits("/atom.xml")[-1].headers.get("if-modified-since") == lm
    f = fnp.store.get_feed(u1)
    assert f.last_http_status == 304 and f.etag == '"v1"' and f.error_count == 0


def test_summary_only_feed_fetches_pages_and_respects_robots(server: FeedServer, fnp: Any) -> None:
    server.redirect("/articles/missing.html", "/gone-page", 302)
    u = server.fixture("/summary.xml", "summary.xml")
    fnp.store.add_feed(u)
    report = fnp.update(group=False)
    fr = report.feeds[0]
    assert (fr.status, fr.entries, fr.new_entries, fr.imported, fr.skipped) == (PollStatus.OK, 4, 4, 2, 2)
    texts = {a.title: a for a in fnp.store.get_articles(list(report.imported_ids))}
    ferry = texts["Lakeside ferry adds a night crossing"]
    assert "batteries" in ferry.text  # from the page, not the one-line summary
    assert ferry.url == server.url("/articles/lake-1.html") and ferry.feed_id is not None
    assert server.hits("/private/lake-3.html") == []  # disallowed by robots.txt
    assert len(server.hits("/robots.txt")) == 1
    reasons = {i["ref"].rsplit("/", 1)[-1]: i for i in _items(fnp, report.run_id)}
    assert "robots.txt" in reasons["lakeside-3"]["reason"]
    assert "HTTP 404" in reasons["lakeside-4"]["reason"]
    # the pages are not fetched again on the next poll: the entries are settled
    fnp.update(group=False, everything=True)
    assert len(server.hits("/articles/lake-1.html")) == 1


def _items(np: Any, run_id: int) -> list[dict[str, Any]]:
    from sqlalchemy import text

    with np.store.db.read() as conn:
        rows = conn.execute(
            text("SELECT ref, outcome, reason FROM ingest_items WHERE run_id = :r"), {"r": run_id}
        )
        return [dict(r._mapping) for r in rows]


def test_robots_unreachable_means_no_page_fetch(server: FeedServer, fnp: Any) -> None:
    server.route("/robots.txt", lambda _r: Reply(503, b"down"))
    u = server.fixture("/summary.xml", "summary.xml")
    fnp.store.add_feed(u)
    fr = fnp.update(group=False).feeds[0]
    assert fr.imported == 0 and fr.skipped == 4
    assert server.hits("/articles/lake-1.html") == []


def test_permanent_redirect_updates_stored_url_temporary_does_not(server: FeedServer, fnp: Any) -> None:
    new = server.fixture("/rss2.xml", "rss2.xml")
    server.fixture("/atom.xml", "atom.xml", "application/atom+xml")
    old = server.redirect("/old-feed", "/rss2.xml", 301)
    temp = server.redirect("/temp-feed", "/atom.xml", 302)
    f_old = fnp.store.add_feed(old)[0]
    f_temp = fnp.store.add_feed(temp)[0]
    res = {f.feed_id: f for f in fnp.update(group=False).feeds}
    assert res[f_old.id].status is PollStatus.OK and res[f_old.id].moved_to == new
    assert fnp.store.get_feed(f_old.id).url == new
    assert fnp.store.get_feed(f_temp.id).url == temp and res[f_temp.id].imported == 2


def test_permanent_redirect_onto_followed_feed_marks_duplicate_dead(server: FeedServer, fnp: Any) -> None:
    new = server.fixture("/rss2.xml", "rss2.xml")
    old = server.redirect("/old-feed", "/rss2.xml", 308)
    fnp.store.add_feed(new)
    f_old = fnp.store.add_feed(old)[0]
    fnp.update(group=False)
    dead = fnp.store.get_feed(f_old.id)
    assert dead.status is FeedStatus.DEAD and "already followed as feed" in (dead.last_error or "")


def test_redirect_loop_and_non_http_redirect_fail_clearly(server: FeedServer, fnp: Any) -> None:
    server.redirect("/loop-a", "/loop-b", 302)
    loop = server.redirect("/loop-b", "/loop-a", 302)
    evil = server.redirect("/to-file", "file:///etc/passwd", 301)
    for u in (loop, evil):
        fnp.store.add_feed(u)
    res = by_url(fnp.update(group=False))
    assert res[loop].status is PollStatus.ERROR and "redirect loop" in res[loop].message
    assert res[evil].status is PollStatus.ERROR and "only http and https" in res[evil].message
    f = fnp.store.get_feed(loop)
    assert f.error_count == 1 and "redirect loop" in (f.last_error or "")
    assert f.next_poll_at is not None and f.next_poll_at > f.last_polled_at


def test_too_many_redirects(server: FeedServer, make_np: Any) -> None:
    np = make_np(config=fetch_cfg(max_redirects=2))
    for i in range(4):
        server.redirect(f"/hop{i}", f"/hop{i + 1}", 302)
    server.fixture("/hop4", "rss2.xml")
    np.store.add_feed(server.url("/hop0"))
    fr = np.update(group=False).feeds[0]
    assert fr.status is PollStatus.ERROR and "too many redirects" in fr.message


def test_gone_feed_is_marked_dead_and_not_polled_again(server: FeedServer, fnp: Any) -> None:
    u = server.route("/gone.xml", lambda _r: Reply(410, b"gone"))
    fnp.store.add_feed(u)
    fr = fnp.update(group=False).feeds[0]
    assert fr.status is PollStatus.GONE
    f = fnp.store.get_feed(u)
    assert f.status is FeedStatus.DEAD and "410" in (f.last_error or "")
    assert fnp.update(group=False, everything=True).feeds == ()
    assert len(server.hits("/gone.xml")) == 1
    # adding it again revives it
    assert fnp.store.add_feed(u)[0].status is FeedStatus.ACTIVE


def test_slow_server_times_out(server: FeedServer, make_np: Any) -> None:
    np = make_np(config=fetch_cfg(timeout_s=0.5))
    body = (FIX / "rss2.xml").read_bytes()
    u = server.route(
        "/slow.xml", lambda _r: Reply(200, body, {"Content-Type": "application/rss+xml"}, delay_s=2)
    )

    def trickle(_r: Request) -> Reply:
        def gen():  # type: ignore[no-untyped-def]
            import time

            for _ in range(10):
                yield b"<!-- slow -->"
                time.sleep(0.2)

        return Reply(200, gen(), {"Content-Type": "application/rss+xml"})

    t = server.route("/trickle.xml", trickle)
    np.store.add_feed(u)
    np.store.add_feed(t)
    res = by_url(np.update(group=False))
    for url in (u, t):
        assert res[url].status is PollStatus.ERROR and "timed out after 0.5s" in res[url].message


@pytest.mark.parametrize("with_length", [True, False])
def test_huge_response_is_cut_off(server: FeedServer, make_np: Any, with_length: bool) -> None:
    np = make_np(config=fetch_cfg(max_bytes=1_000_000))
    big = b"<rss>" + b"x" * 3_000_000
    u = server.route(
        "/huge.xml", lambda _r: Reply(200, big if with_length else [big], {}, length=with_length)
    )
    np.store.add_feed(u)
    fr = np.update(group=False).feeds[0]
    assert fr.status is PollStatus.ERROR and "1000000 byte" in fr.message and "fetch.max_bytes" in fr.message


def test_decompression_bomb_is_stopped(server: FeedServer, make_np: Any) -> None:
    import tracemalloc

    np = make_np(config=fetch_cfg(max_bytes=1_000_000))
    bomb = gzip_bomb(200_000_000)  # ~200 KB on the wire, 200 MB decoded
    assert len(bomb) < 1_000_000
    u = server.route("/bomb.xml", lambda _r: Reply(200, bomb, {"Content-Encoding": "gzip"}))
    np.store.add_feed(u)
    tracemalloc.start()
    fr = np.update(group=False).feeds[0]
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert fr.status is PollStatus.ERROR and "larger than 1000000 bytes" in fr.message
    assert peak < 50_000_000


def test_gzip_feed_is_decoded(server: FeedServer, fnp: Any) -> None:
    import gzip

    body = (FIX / "atom.xml").read_bytes().replace(b"{{BASE}}", server.base.encode())
    u = server.route("/gz.xml", lambda _r: Reply(200, gzip.compress(body), {"Content-Encoding": "gzip"}))
    fnp.store.add_feed(u)
    assert fnp.update(group=False).feeds[0].imported == 2
    assert "gzip" in server.hits("/gz.xml")[0].headers["accept-encoding"]


def test_malformed_xml(server: FeedServer, fnp: Any) -> None:
    bad = server.fixture("/bad.xml", "malformed.xml")
    html = server.static("/page.html", "<html><body><p>Hello</p></body></html>", "text/html")
    tram = (FIX / "rss2.xml").read_text()
    content = tram.split("<content:encoded><![CDATA[")[1].split("]]>")[0]
    good = rss([{"title": "Tram approved", "link": "{{BASE}}/t/1", "content": content}])
    broken_tail = server.static(
        "/partly.xml", good.replace("</channel></rss>", "<item><title>x &bad; <</item>")
    )
    for u in (bad, html, broken_tail):
        fnp.store.add_feed(u)
    res = by_url(fnp.update(group=False))
    assert res[bad].status is PollStatus.ERROR and "malformed" in res[bad].message
    assert res[html].status is PollStatus.ERROR and (
        "not a feed" in res[html].message or "malformed" in res[html].message
    )
    # what can be read from a partly broken feed is kept, and the feed shows the warning
    assert res[broken_tail].status is PollStatus.OK and res[broken_tail].imported == 1
    f = fnp.store.get_feed(broken_tail)
    assert f.error_count == 0 and (f.last_error or "").startswith("feed has errors but was read")
    assert fnp.store.get_feed(bad).error_count == 1


def test_wrong_declared_encoding_is_recovered(server: FeedServer, fnp: Any) -> None:
    u = server.fixture("/cafe.xml", "wrong-encoding.xml", "application/rss+xml; charset=utf-8")
    fnp.store.add_feed(u)
    report = fnp.update(group=False)
    fr = report.feeds[0]
    assert fr.status is PollStatus.OK and fr.imported == 1
    art = fnp.store.get_article(report.imported_ids[0])
    assert art.title == "Café owners on the Präsident street celebrate their jubilée"
    assert "Café Müller" in art.text


def test_duplicate_items_across_feeds(server: FeedServer, fnp: Any) -> None:
    a = server.fixture("/rss2.xml", "rss2.xml")
    tram = (FIX / "rss2.xml").read_text()
    content = tram.split("<content:encoded><![CDATA[")[1].split("]]>")[0]
    mirror = rss(
        [
            {
                "title": "Harbor City council approves the Eastside tram line",
                "link": "{{BASE}}/gazette/tram-line",
                "guid": "mirror-77",
                "content": content,
            },
            {
                "title": "Tram line approved (syndicated copy)",
                "link": "{{BASE}}/wire/tram-copy",
                "guid": "mirror-78",
                "content": content,
            },
        ],
        title="Wire mirror (fiction)",
    )
    b = server.static("/mirror.xml", mirror)
    fnp.store.add_feed(a)
    fnp.store.add_feed(b)
    res = by_url(fnp.update(group=False))
    assert res[a].imported + res[b].imported == 3
    assert res[a].duplicate + res[b].duplicate == 2  # same URL, then same text under another URL
    assert fnp.store.count_articles() == 3


def test_feed_that_changes_between_polls(server: FeedServer, fnp: Any) -> None:
    polls = {"n": 0}
    page_items = [
        {
            "title": "Lakeside ferry adds a night crossing",
            "link": "{{BASE}}/articles/lake-1.html",
            "guid": "c-1",
            "description": "short",
        },
        {
            "title": "Lakeside market moves to the old station hall",
            "link": "{{BASE}}/articles/lake-2.html",
            "guid": "c-2",
            "description": "short",
        },
    ]

    def changing(req: Request) -> Reply:
        polls["n"] += 1
        version = "v1" if polls["n"] == 1 else "v2"
        if req.headers.get("if-none-match") == version:
            return Reply(304, b"", {"ETag": version})
        items = page_items[:1] if version == "v1" else page_items
        body = rss(items).replace("{{BASE}}", server.base).encode()
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": version})

    u = server.route("/changing.xml", changing)
    fnp.store.add_feed(u)
    first = fnp.update(group=False).feeds[0]
    assert (first.entries, first.new_entries, first.imported) == (1, 1, 1)
    second = fnp.update(group=False, everything=True).feeds[0]
    assert (second.status, second.entries, second.new_entries, second.imported) == (PollStatus.OK, 2, 1, 1)
    third = fnp.update(group=False, everything=True).feeds[0]
    assert third.status is PollStatus.NOT_MODIFIED
    assert len(server.hits("/articles/lake-1.html")) == 1  # seen entries are not fetched again
    assert fnp.store.get_feed(u).items_seen == 2 and fnp.store.count_articles() == 2


def test_retry_then_success_and_user_agent(server: FeedServer, make_np: Any) -> None:
    from newsprism.feeds import Updater

    np = make_np(config=fetch_cfg(retries=2))
    body = (FIX / "atom.xml").read_bytes().replace(b"{{BASE}}", server.base.encode())
    calls = {"n": 0}

    def flaky(_r: Request) -> Reply:
        calls["n"] += 1
        return Reply(503, b"busy") if calls["n"] < 3 else Reply(200, body)

    u = server.route("/flaky.xml", flaky)
    np.store.add_feed(u)
    report = Updater(np.store, np.settings, backoff_s=0.01).update()
    assert report.feeds[0].status is PollStatus.OK and calls["n"] == 3
    assert {r.headers["user-agent"] for r in server.log} == {np.settings.fetch.user_agent}


def test_politeness_delay_between_requests_to_one_host(server: FeedServer, make_np: Any) -> None:
    np = make_np(config=fetch_cfg(politeness_delay_s=0.3, per_host_concurrency=1))
    for i in range(3):
        np.store.add_feed(server.fixture(f"/p{i}.xml", "atom.xml", "application/atom+xml"))
    np.update(group=False)
    times = sorted(r.at for r in server.log)
    assert len(times) == 3
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(times))


def test_loopback_is_refused_unless_allowed(server: FeedServer, make_np: Any) -> None:
    np = make_np(config={"fetch": {"retries": 0, "politeness_delay_s": 0}})
    u = server.fixture("/rss2.xml", "rss2.xml")
    np.store.add_feed(u)
    fr = np.update(group=False).feeds[0]
    assert fr.status is PollStatus.ERROR and "loopback" in fr.message and "fetch.allowed_hosts" in fr.message
    assert server.hits("/rss2.xml") == []


def test_update_groups_new_articles(server: FeedServer, fnp: Any) -> None:
    fnp.store.add_feed(server.fixture("/rss2.xml", "rss2.xml"))
    report = fnp.update()
    assert len(report.imported_ids) == 3
    assert report.stories_touched is not None and report.stories_touched >= 1
    assert "3 new articles" in report.summary()


def test_add_url_returns_the_story(server: FeedServer, fnp: Any) -> None:
    url = server.url("/articles/lake-1.html")
    res = fnp.add_url(url)
    assert res.outcome == "imported" and res.article_id is not None
    art = fnp.store.get_article(res.article_id)
    assert art.title == "Lakeside ferry adds a night crossing" and art.source_kind == "url"
    assert res.story_id is not None and res.article_id in fnp.story(res.story_id).article_ids
    again = fnp.add_url(url)
    assert again.outcome == "duplicate" and again.article_id == res.article_id


def test_retry_after_sets_the_next_poll(server: FeedServer, fnp: Any) -> None:
    u = server.route("/busy.xml", lambda _r: Reply(429, b"slow down", {"Retry-After": "7200"}))
    fnp.store.add_feed(u)
    fr = fnp.update(group=False).feeds[0]
    f = fnp.store.get_feed(u)
    assert fr.status is PollStatus.ERROR and f.last_error == "HTTP 429"
    assert f.next_poll_at is not None and f.last_polled_at is not None
    assert (f.next_poll_at - f.last_polled_at).total_seconds() >= 7200


def test_update_can_warm_the_analysis_of_touched_stories(server: FeedServer, fnp: Any) -> None:
    from sqlalchemy import text

    tram = (FIX / "rss2.xml").read_text()
    content = tram.split("<content:encoded><![CDATA[")[1].split("]]>")[0]
    other = content.replace("nine to four", "by nine votes to four").replace("Monday evening", "Monday night")
    wire = rss([{"title": "Council backs the Eastside tram", "link": "{{BASE}}/wire/tram", "content": other}])
    fnp.store.add_feed(server.fixture("/rss2.xml", "rss2.xml"))
    fnp.store.add_feed(server.static("/wire.xml", wire))
    report = fnp.update(analyse=True)
    multi = [s for s in fnp.stories(100) if len(s.article_ids) >= 2]
    assert len(report.imported_ids) == 4 and multi
    with fnp.store.db.read() as conn:
        cached = {r[0] for r in conn.execute(text("SELECT story_id FROM story_analysis"))}
    assert {s.id for s in multi} <= cached


def test_update_and_add_work_from_inside_a_running_event_loop(server: FeedServer, fnp: Any) -> None:
    """A notebook or an async web handler already runs an event loop: update() and add_url()
    then poll on their own loop in a worker thread instead of failing."""
    import asyncio

    url = server.fixture("/rss2.xml", "rss2.xml")
    fnp.store.add_feed(url)
    page = server.url("/articles/lake-1.html")

    async def main() -> tuple[Any, Any]:
        return fnp.update(group=False), fnp.add_url(page)

    report, added = asyncio.run(main())
    assert by_url(report)[url].status is PollStatus.OK and by_url(report)[url].new_entries > 0
    assert added.article_id is not None and added.outcome in ("imported", "duplicate")
