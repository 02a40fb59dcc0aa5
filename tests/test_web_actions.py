"""Actions in the web UI: paste an article's address, follow a feed, import OPML, set an
article's outlet; each through the facade, CSRF- and token-checked like the other forms, against
a real HTTP server on 127.0.0.1 serving saved pages."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.web import create_app
from newsprism.web._security import CSRF_COOKIE

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer

LOCAL = ("127.0.0.1", 50000)
FETCH = {"fetch": {"allowed_hosts": ["127.0.0.1"], "politeness_delay_s": 0, "retries": 0, "timeout_s": 3}}
OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
<outline text="A" xmlUrl="https://a.example/feed.xml"/><outline text="B" xmlUrl="https://b.example/rss"/>
</body></opml>"""


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        srv.fixture("/robots.txt", "robots.txt", "text/plain")
        for name in ("lake-1.html", "lake-2.html"):
            srv.fixture(f"/articles/{name}", f"pages/{name}", "text/html; charset=utf-8")
        yield srv


@pytest.fixture
def web(make_np: Any) -> Iterator[tuple[Any, TestClient]]:
    np = make_np(config=FETCH)
    client = TestClient(create_app(np), client=LOCAL)
    client.get("/add")
    yield np, client


def _csrf(client: TestClient) -> str:
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


def test_add_page_is_labelled_and_reachable_from_the_nav(web: tuple[Any, TestClient]) -> None:
    _np, client = web
    html = client.get("/add").text
    for field in ("add-url", "add-feed", "add-opml"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'href="/add"' in client.get("/").text


def test_paste_an_article_shows_its_story(web: tuple[Any, TestClient], server: FeedServer) -> None:
    np, client = web
    url = server.url("/articles/lake-1.html")
    r = client.post("/add/url", data={"url": url, "csrf": _csrf(client)})
    assert r.status_code == 200
    assert "Added." in r.text and "It is in story" in r.text
    (art,) = np.articles()
    sid = np.store.story_of_article(art.id)
    assert f'href="/story/{sid}"' in r.text
    again = client.post("/add/url", data={"url": url, "csrf": _csrf(client)})
    assert "Already in your library" in again.text and f"story {sid}" in again.text


def test_paste_a_private_address_is_refused_in_words(make_np: Any) -> None:
    np = make_np()  # default settings: private and loopback addresses are refused
    client = TestClient(create_app(np), client=LOCAL)
    client.get("/add")
    r = client.post("/add/url", data={"url": "http://127.0.0.1:9/x", "csrf": _csrf(client)})
    assert r.status_code in (200, 400, 502)
    assert "Not added" in r.text and "private" in r.text.lower()
    assert np.articles() == []


def test_paste_without_csrf_is_refused(web: tuple[Any, TestClient], server: FeedServer) -> None:
    np, client = web
    r = client.post("/add/url", data={"url": server.url("/articles/lake-1.html"), "csrf": "forged"})
    assert r.status_code == 403 and np.articles() == []


def test_api_add_article(web: tuple[Any, TestClient], server: FeedServer) -> None:
    np, client = web
    r = client.post("/api/articles", json={"url": server.url("/articles/lake-2.html")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["outcome"] == "imported" and body["story_id"] == np.store.story_of_article(body["article_id"])
    assert "/api/articles" in client.get("/openapi.json").json()["paths"]


def test_follow_a_feed_and_import_opml(web: tuple[Any, TestClient]) -> None:
    np, client = web
    r = client.post("/add/feed", data={"url": "https://news.example/feed.xml", "csrf": _csrf(client)})
    assert "Now following https://news.example/feed.xml" in r.text
    r = client.post("/add/feed", data={"url": "https://news.example/feed.xml", "csrf": _csrf(client)})
    assert "Already following" in r.text
    r = client.post("/add/feed", data={"url": "ftp://x", "csrf": _csrf(client)})
    assert r.status_code == 400 and "Not followed" in r.text
    r = client.post(
        "/add/opml", data={"csrf": _csrf(client)}, files={"opml": ("mine.opml", OPML, "text/xml")}
    )
    assert "2 feeds in the file: 2 now followed, 0 already were." in r.text
    urls = {f.url for f in np.store.list_feeds()}
    assert {"https://a.example/feed.xml", "https://b.example/rss", "https://news.example/feed.xml"} == urls
    bad = client.post(
        "/add/opml", data={"csrf": _csrf(client)}, files={"opml": ("x.opml", b"<opml", "text/xml")}
    )
    assert bad.status_code == 400 and "not a valid OPML file" in bad.text
    api = client.post("/api/feeds/opml", json={"opml": OPML.decode()})
    assert api.json() == {"found": 2, "added": 0, "already": 2}


def test_set_the_outlet_of_an_article_of_unknown_source(make_np: Any, tmp_path: Path) -> None:
    np = make_np()
    for i, text in enumerate(("The ferry will run at night from May.", "Night ferry starts in May.")):
        (tmp_path / f"a{i}.txt").write_text(f"Lakeside ferry news {i}\n\n{text} " * 5)
    np.import_paths([tmp_path])
    art = np.articles()[0]
    assert art.outlet is None
    client = TestClient(create_app(np), client=LOCAL)
    sid = np.store.story_of_article(art.id)
    page = client.get(f"/story/{sid}").text
    assert f'action="/article/{art.id}/outlet"' in page  # offered where the source is unknown
    r = client.post(
        f"/article/{art.id}/outlet",
        data={
            "outlet": "https://www.lake-gazette.example/news",
            "name": "Lake Gazette",
            "lean": "center",
            "back": "story",
            "csrf": _csrf(client),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith(f"/story/{sid}?done=outlet")
    got = np.article(art.id)
    assert got.outlet is not None and got.outlet.domain == "lake-gazette.example"
    assert np.outlet_profile("lake-gazette.example").lean == "center"
    assert np.outlet_profile("lake-gazette.example").lean_source == "user"  # stored as the user's own
    assert "Lake Gazette" in client.get(f"/story/{sid}?wait=1").text
    bad = client.post(f"/article/{art.id}/outlet", data={"outlet": "two words", "csrf": _csrf(client)})
    assert bad.status_code == 400
