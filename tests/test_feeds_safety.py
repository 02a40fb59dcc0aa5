"""The fetcher's safety rules, OPML round trips, the feeds migration and the default feed list."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.config import FetchSettings
from newsprism.errors import FetchError, InputError
from newsprism.feeds import Feed, FeedStatus, Fetcher, default_feeds, read_opml, write_opml


def check(url: str, addrs: list[str] | None = None, **over: Any) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        assert addrs is not None, f"unexpected DNS lookup of {host}"
        return addrs

    async def go() -> None:
        async with Fetcher(FetchSettings(**over), resolver=resolver) as f:
            await f.check_url(url)

    asyncio.run(go())


@pytest.mark.parametrize(
    ("url", "addrs", "word"),
    [
        ("http://127.0.0.1/feed", None, "loopback"),
        ("http://[::1]/feed", None, "loopback"),
        ("http://169.254.169.254/latest/meta-data", None, "link-local"),
        ("http://10.1.2.3/", None, "private"),
        ("http://192.168.0.10:8080/rss", None, "private"),
        ("http://[::ffff:127.0.0.1]/", None, "loopback"),
        ("http://intranet.example/", ["10.0.0.7"], "private"),
        # every address counts: one private answer among public ones is enough to refuse
        ("https://news.example/", ["93.184.216.34", "192.168.1.1"], "private"),
        ("http://0.0.0.0/", None, "reserved"),
    ],
)
def test_private_addresses_are_refused(url: str, addrs: list[str] | None, word: str) -> None:
    with pytest.raises(FetchError, match=word):
        check(url, addrs)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x/", "javascript:alert(1)"]
)
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        check(url)


def test_public_addresses_pass_and_allowances_work() -> None:
    check("https://news.example/feed", ["93.184.216.34", "2606:2800:220:1::1"])
    check("http://127.0.0.1:9/feed", allowed_hosts=("127.0.0.1",))
    check("http://127.0.0.5/feed", allowed_hosts=("127.0.0.0/8",))
    check("http://10.9.9.9/feed", allow_private=True)
    check("http://wiki.lan/feed", ["10.0.0.2"], allowed_hosts=("wiki.lan",))
    with pytest.raises(FetchError, match="loopback"):
        check("http://127.0.0.2/feed", allowed_hosts=("127.0.0.1",))


def test_unresolvable_host_is_a_clear_error() -> None:
    async def go() -> None:
        async def resolver(host: str, port: int) -> list[str]:
            raise OSError("Name or service not known")

        async with Fetcher(FetchSettings(), resolver=resolver) as f:
            await f.check_url("http://no-such-host.invalid/")

    with pytest.raises(FetchError, match=r"cannot resolve no-such-host\.invalid"):
        asyncio.run(go())


def _feed(i: int, url: str, title: str | None) -> Feed:
    from datetime import UTC, datetime

    return Feed(i, url, title, FeedStatus.ACTIVE, datetime(2025, 1, 1, tzinfo=UTC))


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"https?://[a-z]{1,12}\.example/[a-z0-9/]{0,20}", fullmatch=True), st.none() | _text
        ),
        unique_by=lambda t: t[0],
        max_size=8,
    )
)
def test_opml_round_trip(entries: list[tuple[str, str | None]]) -> None:
    feeds = [_feed(i, u, t) for i, (u, t) in enumerate(entries, 1)]
    back = read_opml(write_opml(feeds))
    assert [(f.url, f.title or f.url) for f in back] == [(u, (t.strip() if t else u)) for u, t in entries]


def test_opml_reads_nested_outlines_and_rejects_garbage() -> None:
    doc = b"""<?xml version="1.0"?><opml version="1.0"><head/><body>
      <outline text="World"><outline text="A" xmlUrl="https://a.example/rss"/>
      <outline title="B" xmlUrl="https://b.example/atom"/></outline>
      <outline text="dup" xmlUrl="https://a.example/rss"/><outline text="no url"/></body></opml>"""
    assert [(f.url, f.title) for f in read_opml(doc)] == [
        ("https://a.example/rss", "A"),
        ("https://b.example/atom", "B"),
    ]
    with pytest.raises(InputError, match="not a valid OPML"):
        read_opml(b"<opml><body>")
    with pytest.raises(InputError, match="not an OPML"):
        read_opml(b"<rss/>")


def test_default_feeds_are_real_addresses_with_sources() -> None:
    feeds = default_feeds()
    assert len(feeds) >= 25
    assert len({f.url for f in feeds}) == len(feeds)
    assert len({f.country for f in feeds}) >= 5
    for f in feeds:
        assert f.url.startswith(("http://", "https://")) and f.source and f.outlet
        assert "github.com/" in f.source


def test_feeds_migration_from_foundation_version(tmp_path: Any) -> None:
    from sqlalchemy import text

    from newsprism.storage import Database, Store, migrate

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = Database(url)
    migrate(db, upto=1)
    with db.write() as conn:
        conn.execute(
            text(
                "INSERT INTO feeds (url, title, added_at) VALUES ('https://a.example/rss', 'A',"
                " '2025-01-01T00:00:00+00:00')"
            )
        )
    db.close()
    with Store(url) as store:
        [feed] = store.list_feeds()
        assert (feed.url, feed.title, feed.status, feed.items_seen) == (
            "https://a.example/rss",
            "A",
            FeedStatus.ACTIVE,
            0,
        )
        assert store.due_feeds(store.now()) == [feed]


def test_add_feed_validates_and_removes(np: Any) -> None:
    from newsprism.errors import NotFoundError

    with pytest.raises(InputError):
        np.store.add_feed("feed://example.org/rss")
    f, created = np.store.add_feed("https://a.example/rss")
    assert created and not np.store.add_feed("https://a.example/rss")[1]
    assert np.store.get_feed(str(f.id)) == np.store.get_feed("https://a.example/rss")
    np.store.remove_feed(f.id)
    with pytest.raises(NotFoundError):
        np.store.get_feed(f.id)


def test_connection_goes_to_the_checked_address() -> None:
    """A name is resolved once, checked, and connected to by address (no DNS rebinding)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
    from localserver import FeedServer

    async def resolver(host: str, port: int) -> list[str]:
        return {"feeds.invalid": ["127.0.0.1"], "rebind.invalid": ["10.0.0.1"]}[host]

    async def go(base: str, name: str) -> Any:
        fs = FetchSettings(allowed_hosts=("127.0.0.0/8",), politeness_delay_s=0, retries=0)
        async with Fetcher(fs, resolver=resolver) as f:
            return await f.get(base.replace("127.0.0.1", name) + "/rss")

    with FeedServer() as srv:
        srv.static("/rss", "<rss/>")
        resp = asyncio.run(go(srv.base, "feeds.invalid"))
        assert resp.status == 200 and resp.body == b"<rss/>"
        assert resp.url == f"http://feeds.invalid:{srv.port}/rss"
        assert srv.log[-1].headers["host"] == f"feeds.invalid:{srv.port}"
        with pytest.raises(FetchError, match="private"):
            asyncio.run(go(srv.base, "rebind.invalid"))
        assert len(srv.log) == 1
