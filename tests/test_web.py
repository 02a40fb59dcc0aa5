"""The web app over a real SQLite file: pages, API, feeds, security (no browser; see tests/browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from newsprism import Newsprism
from newsprism.web import create_app, write_token
from newsprism.web._coverage import Coverage, rank_score
from newsprism.web._security import CSRF_COOKIE, is_local, load_or_create_token
from test_web_corpus import OUTLETS, XSS_OUTLET, XSS_TITLE, build_corpus

ATOM = "{http://www.w3.org/2005/Atom}"
LOCAL = ("127.0.0.1", 50000)


@pytest.fixture(scope="module")
def np(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsprism]:
    np = build_corpus(tmp_path_factory.mktemp("web"))
    yield np
    np.close()


@pytest.fixture(scope="module")
def client(np: Newsprism) -> TestClient:
    return TestClient(create_app(np), client=LOCAL)


def story_with(np: Newsprism, title_part: str) -> int:
    for d in np.store.story_digests():
        if title_part in d.title or any(
            title_part in a.title for a in np.store.get_articles(np.story(d.id).article_ids)
        ):
            return d.id
    raise AssertionError(f"no story with {title_part!r}")


def csrf(client: TestClient) -> str:
    client.get("/")
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


# -- pages ----------------------------------------------------------------------------------
def test_front_page_ranks_by_breadth_and_shows_coverage(client: TestClient, np: Newsprism) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    bridge = html.find("harbor bridge")
    ferry = html.find("Ferry")
    assert 0 < bridge < ferry, "the five-outlet story ranks above the one-outlet story"
    assert 'class="cbar"' in html and "s-left" in html and "s-right" in html
    assert "Blindspot: right" in html  # the rent story: left and center only


def test_front_page_filters(client: TestClient) -> None:
    only_right = client.get("/?lean=right").text
    assert "Glenmoor" in only_right and "Quayside" not in only_right
    dated = client.get("/?since=2026-03-05&until=2026-03-05").text
    assert "Glenmoor" in dated and "harbor bridge" not in dated
    topic = client.get("/?topic=glenmoor").text
    assert "Glenmoor" in topic and "Quayside" not in topic
    assert client.get("/?since=not-a-date").status_code == 422


def test_blindspots_page_and_api_agree(client: TestClient) -> None:
    api = client.get("/api/blindspots").json()
    titles = [s["title"] for s in api["stories"]]
    assert any("Quayside" in t or "rent" in t.lower() for t in titles)
    assert all(s["coverage"]["blindspot"] for s in api["stories"])
    page = client.get("/blindspots").text
    for t in titles:
        assert t.replace("'", "&#39;") in page


def test_story_page_comes_at_once_then_fills_in_the_analysis(client: TestClient, np: Newsprism) -> None:
    sid = story_with(np, "harbor bridge")
    first = client.get(f"/story/{sid}").text  # not analysed yet: no waiting for it
    assert f'hx-get="/story/{sid}/analysis"' in first and 'role="status"' in first
    assert 'id="claims"' not in first and 'id="articles"' in first
    assert f'href="/story/{sid}?wait=1"' in first  # without JavaScript: wait for the whole page
    assert "Read with the analysis" in first  # the grouping explanation comes with it
    part = client.get(f"/story/{sid}/analysis").text
    assert 'id="claims"' in part and "<html" not in part
    assert '<section id="why" class="card" hx-swap-oob="true">' in part and "most like" in part
    again = client.get(f"/story/{sid}").text  # analysed now: the whole page at once
    assert 'id="claims"' in again and "hx-get" not in again.split('id="overview"')[0][-300:]


def test_feed_entries_carry_the_summary_once_analysed(client: TestClient, np: Newsprism) -> None:
    sid = story_with(np, "harbor bridge")
    client.get(f"/story/{sid}/analysis")  # analysed (a reader opened it)
    lead = np.analysis(sid).summary[0]
    items = {i["id"]: i for i in json.loads(client.get("/feeds/front.json").content)["items"]}
    (item,) = [i for k, i in items.items() if k.endswith(f"/story/{sid}")]
    text = item.get("content_text") or item.get("summary") or ""
    assert lead.text in text and "outlets" in text


def test_story_page_sections(client: TestClient, np: Newsprism) -> None:
    sid = story_with(np, "harbor bridge")
    html = client.get(f"/story/{sid}?wait=1").text
    for section in ("overview", "claims", "headlines", "articles", "timeline", "why", "actions"):
        assert f'id="{section}"' in html
    for name, _lean in OUTLETS.values():
        assert name in html
    assert 'class="lean s-right"' in html and 'class="lean s-left"' in html
    articles = html[html.index('id="articles"') : html.index('id="why"')]
    assert "copy of [1]" in articles  # the corpus reuses one wire text: copies are marked
    assert f'action="/story/{sid}/split"' in html and 'name="csrf"' in html


def test_citations_link_to_highlighted_sentence(client: TestClient, np: Newsprism) -> None:
    sid = story_with(np, "harbor bridge")
    html = client.get(f"/story/{sid}?wait=1").text
    links = re.findall(r'class="cite" href="(/article/\d+\?[^"]+)"', html)
    if not links:
        pytest.skip("this build has no cited summary")
    target = client.get(links[0].replace("&amp;", "&")).text
    assert '<mark id="hl" class="cited">' in target


def test_reader_view_highlights_and_escapes(client: TestClient, np: Newsprism) -> None:
    art = next(a for a in np.articles() if "Glenmoor" in a.title)
    r = client.get(f"/article/{art.id}", params={"hl": "The river Aske rose two metres in six hours"})
    assert '<mark id="hl" class="cited">The river Aske rose two metres in six hours</mark>' in r.text
    missing = client.get(f"/article/{art.id}", params={"hl": "<b>not in the text</b>"}).text
    assert "&lt;b&gt;not in the text" in missing and "<b>not in" not in missing


def test_outlet_pages_show_rating_source(client: TestClient) -> None:
    page = client.get("/outlet/ridge-sentinel.com").text
    assert "Ridge Sentinel" in page and "<strong>your own override</strong>" in page
    listing = client.get("/outlets").text
    assert "Millbrook Ledger" in listing
    assert client.get("/outlet/nowhere.invalid").status_code == 404


def test_search_briefing_corrections(client: TestClient) -> None:
    s = client.get("/search", params={"q": "girders"}).text
    assert "<mark>" in s and "harbor bridge" in s.lower()
    b = client.get("/briefing", params={"day": "2026-03-07"}).text
    assert "Quayside" in b
    assert client.get("/corrections").status_code == 200


# -- security -------------------------------------------------------------------------------
def test_xss_payloads_are_escaped_everywhere(client: TestClient, np: Newsprism) -> None:
    sid = story_with(np, "Ferry")
    aid = np.story(sid).article_ids[0]
    pages = [
        "/",
        f"/story/{sid}",
        f"/article/{aid}",
        "/outlets",
        "/outlet/evil-outlet-example.com",
        "/search?q=ferry",
        "/briefing?day=2026-03-03",
    ]
    for path in pages:
        html = client.get(path).text
        assert "<script>window.__xss" not in html, path
        assert "<img src=x" not in html and "<svg onload" not in html, path
        assert 'onmouseover="window' not in html, path
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;Ferry" in client.get("/").text
    for feed in ("/feeds/front.atom", "/feeds/search.atom?q=ferry"):
        root = ET.fromstring(client.get(feed).content)
        titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
        assert XSS_TITLE in titles  # carried as text, escaped by the XML writer
    assert XSS_OUTLET not in client.get("/outlets").text


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/stories").headers["content-security-policy"] == csp


def test_forms_need_the_csrf_token(client: TestClient, np: Newsprism) -> None:
    sid = story_with(np, "Glenmoor")
    bad = client.post(
        f"/story/{sid}/report", data={"kind": "analysis", "message": "wrong number", "csrf": "x"}
    )
    assert bad.status_code == 403
    ok = client.post(
        f"/story/{sid}/report",
        data={"kind": "analysis", "message": "The barrier <broke> earlier", "csrf": csrf(client)},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    page = client.get("/corrections").text
    assert "The barrier &lt;broke&gt; earlier" in page
    assert np.store.list_reports(story_id=sid)[0].kind == "analysis"


def test_api_writes_need_json_and_token_when_exposed(np: Newsprism, tmp_path: Path) -> None:
    guarded = TestClient(create_app(np, token="s3cret"), client=LOCAL)
    sid = story_with(np, "Glenmoor")
    body = {"kind": "grouping", "message": "the Aske story is two events"}
    form = guarded.post(f"/api/stories/{sid}/reports", data=body)
    assert form.status_code in (403, 422)
    assert guarded.post(f"/api/stories/{sid}/reports", json=body).status_code == 401
    ok = guarded.post(f"/api/stories/{sid}/reports", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["kind"] == "grouping"
    page_form = guarded.post(
        f"/story/{sid}/report", data={"kind": "analysis", "message": "x", "csrf": csrf(guarded)}
    )
    assert page_form.status_code == 401


def test_remote_clients_need_the_stored_token(np: Newsprism) -> None:
    remote = TestClient(create_app(np), client=("203.0.113.7", 40000))
    sid = story_with(np, "Glenmoor")
    body = {"kind": "analysis", "message": "from another machine"}
    assert remote.post(f"/api/stories/{sid}/reports", json=body).status_code == 401
    token = (np.settings.data_path / "serve-token").read_text().strip()
    ok = remote.post(f"/api/stories/{sid}/reports", json=body, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert 'name="token"' in remote.get(f"/story/{sid}").text  # forms ask remote readers for it
    local = TestClient(create_app(np), client=LOCAL)
    assert 'name="token"' not in local.get(f"/story/{sid}").text


def test_write_token_only_beyond_localhost(np: Newsprism, tmp_path: Path) -> None:
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.5")
    assert write_token(np, "127.0.0.1") is None
    first = load_or_create_token(tmp_path)
    assert first == load_or_create_token(tmp_path) and len(first) >= 20
    assert load_or_create_token(tmp_path, "configured") == "configured"


# -- API and feeds --------------------------------------------------------------------------
def test_api_stories_story_article(client: TestClient, np: Newsprism) -> None:
    data = client.get("/api/stories", params={"limit": 2}).json()
    assert data["total"] == len(np.store.story_digests()) and len(data["stories"]) == 2
    sid = data["stories"][0]["id"]
    story = client.get(f"/api/stories/{sid}").json()
    assert story["n_articles"] == len(story["articles"]) == len(np.story(sid).article_ids)
    assert {a["side"] for a in story["articles"]} <= {"left", "center", "right", "unrated"}
    art = client.get(f"/api/articles/{story['articles'][0]['id']}").json()
    assert art["text"] and art["story_id"] == sid
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get("/api/articles/0").status_code == 422
    outlet = client.get("/api/outlets/plainview-times.com").json()
    assert outlet["lean"] == "lean right" and outlet["side"] == "right" and outlet["lean_source"] == "user"
    hits = client.get("/api/search", params={"q": "sandbags"}).json()["hits"]
    assert hits and all("Glenmoor" in h["article"]["title"] or "Aske" in h["article"]["title"] for h in hits)


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/outlets",
        "/api/search",
        "/api/blindspots",
        "/api/stories/{story_id}/split",
    ):
        assert p in paths
    assert not any(p.startswith("/story") for p in paths)
    docs = client.get("/api/docs").text  # rendered here: no CDN scripts (offline, CSP)
    assert "/api/stories/{story_id}/split" in docs and "cdn" not in docs.lower()
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", docs) == ["/static/app.js", "/static/htmx.min.js"]


def test_atom_and_json_feeds(client: TestClient, np: Newsprism) -> None:
    atom = client.get("/feeds/front.atom")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) == len(np.store.story_digests())
    assert all(e.find(f"{ATOM}link").get("href").startswith("http") for e in entries)
    jf = json.loads(client.get("/feeds/blindspots.json").content)
    assert jf["version"] == "https://jsonfeed.org/version/1.1"
    assert jf["items"] and all("Blindspot" in i["content_text"] for i in jf["items"])
    search = json.loads(client.get("/feeds/search.json", params={"q": "Glenmoor"}).content)
    assert [i["title"] for i in search["items"]] and all(
        "Glenmoor" in i["title"] or "Aske" in i["title"] for i in search["items"]
    )
    assert client.get("/feeds/front.rss").status_code == 422
    head = client.head("/feeds/front.atom")
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == atom.headers["etag"]
    etag = atom.headers["etag"]
    assert client.get("/feeds/front.atom", headers={"If-None-Match": etag}).status_code == 304


# -- rules ----------------------------------------------------------------------------------
def test_blindspot_rule() -> None:
    assert Coverage.of(["left", "left", "center"]).blindspot == "right"
    assert Coverage.of(["right", "right", "center", "unrated"]).blindspot == "left"
    assert Coverage.of(["left", "center", "right"]).blindspot is None
    assert Coverage.of(["left", "left"]).blindspot is None  # too few rated outlets
    assert Coverage.of(["left", "center", "center"]).blindspot is None  # one left outlet is not enough
    assert Coverage.of(["left"] * 4 + ["right"]).blindspot == "right"  # 80% and one from the right
    assert Coverage.of(["left"] * 3 + ["right"]).blindspot is None  # 75%
    c = Coverage.of(["left", "right", "unrated", "unrated"])
    assert (c.rated, c.total, c.pct("left")) == (2, 4, 50.0)


def test_blindspot_rule_matches_the_story_analysis() -> None:
    """The front page and the story page must give the same badge."""
    sides = pytest.importorskip("newsprism.analysis._sides")
    from newsprism.analysis import Source

    for left in range(6):
        for center in range(3):
            for right in range(6):
                leans = ["left"] * left + ["center"] * center + ["right"] * right
                sources = [Source(n, n, "t", f"o{n}.com", f"o{n}", lean) for n, lean in enumerate(leans, 1)]
                theirs = sides.coverage(sources, {s.n: s.outlet for s in sources}).blindspot
                assert Coverage.of(leans).blindspot == theirs, (left, center, right)


def test_rank_prefers_breadth_then_recency() -> None:
    now = datetime(2026, 3, 7, tzinfo=UTC)
    assert rank_score(8, 8, now, now) > rank_score(2, 2, now, now)
    assert rank_score(4, 4, now, now) > rank_score(4, 4, now - timedelta(days=2), now)
    assert rank_score(10, 10, now - timedelta(hours=12), now) > rank_score(1, 1, now, now)


def test_warm_up_prepares_the_top_stories(np: Newsprism) -> None:
    from newsprism.web._views import Views

    views = Views(np)
    assert views.warm(2) == 2
    top = [c.id for c in views.cards()[:2]]
    assert all(f"story:{sid}" in views._cache for sid in top)
    assert views.warm(100) == len(np.store.story_digests())


def test_highlight_finds_title_dek_or_body_and_escapes() -> None:
    from newsprism.web._render import article_body

    title, dek, paras, found = article_body("One <b>two</b>.\n\nThree four.", "Three four.", "T <i>", "D")
    assert found and str(paras[1]) == '<mark id="hl" class="cited">Three four.</mark>'
    assert str(paras[0]) == "One &lt;b&gt;two&lt;/b&gt;." and str(title) == "T &lt;i&gt;"
    title, dek, paras, found = article_body("Body.", "The dek <x>", "Title", "The dek <x>")
    assert found and str(dek) == '<mark id="hl" class="cited">The dek &lt;x&gt;</mark>'
    title, _dek, _paras, found = article_body("Body.", "Title", "Title", None)
    assert found and str(title).startswith('<mark id="hl"')
    assert not article_body("Body.", "elsewhere", "Title", None)[3]


def test_api_split_and_merge_round_trip(tmp_path: Path) -> None:
    np = build_corpus(tmp_path)
    try:
        c = TestClient(create_app(np), client=LOCAL)
        sid = story_with(np, "harbor bridge")
        members = list(np.story(sid).article_ids)
        r = c.post(f"/api/stories/{sid}/split", json={"article_ids": members[:2]})
        assert r.status_code == 200, r.text
        new_id = r.json()["story_id"]
        assert sorted(np.story(new_id).article_ids) == sorted(members[:2])
        assert c.get(f"/api/stories/{sid}").json()["n_articles"] == len(members) - 2  # cache refreshed
        bad = c.post(f"/api/stories/{sid}/split", json={"article_ids": members[2:]})
        assert bad.status_code == 400  # cannot empty a story
        r = c.post(f"/api/stories/{sid}/merge", json={"other": new_id})
        assert r.status_code == 200 and r.json()["story_id"] == sid
        assert sorted(np.story(sid).article_ids) == sorted(members)
        assert c.post(f"/api/stories/{sid}/merge", json={"other": sid}).status_code == 400
        assert c.post(f"/api/stories/{sid}/merge", data={"other": "1"}).status_code in (403, 422)
    finally:
        np.close()


def test_seed_story_shows_the_party_denial_under_disputed(make_np, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    np_ = make_np()
    np_.import_paths([seeds_dir])
    (story,) = np_.stories()
    html = TestClient(create_app(np_), client=LOCAL).get(f"/story/{story.id}?wait=1").text
    claims = html[html.index('id="claims"') : html.index('id="matrix"')]
    disputed = claims[claims.index("st-disputed") : claims.index("st-single_source")]
    # Ukraine denies Russia's claim: the page shows the denial; the Disputed column either names
    # the outlets' disagreements in words or, when there are none, lists the party's denial
    assert "Ukraine denies what Russia states" in claims
    if "No outlet contradicts another" in disputed:
        assert "regained" in disputed and "Ukraine denies what Russia states" in disputed
    else:
        assert "differ: " in disputed and "(claim " not in disputed
