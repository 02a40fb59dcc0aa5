"""The web UI in a real browser: reading path, corrections, search, and XSS staying inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Server, start_server
from test_web_corpus import XSS_TITLE, build_corpus

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    np = build_corpus(tmp_path)
    srv = start_server(np)
    yield srv
    srv.stop()
    np.close()


def story_id_of(np: object, needle: str) -> int:
    for d in np.store.story_digests():  # type: ignore[attr-defined]
        if needle in d.title:
            return int(d.id)
    raise AssertionError(needle)


def test_front_story_citation_article(server: Server, page: object) -> None:
    pg = page
    pg.goto(server.url + "/")
    assert pg.title().startswith("Top stories")
    assert pg.locator(".story-card.lead h2 a").count() == 1
    assert pg.locator(".story-card .cbar").count() >= 4
    pg.locator(".story-card h2 a", has_text="harbor bridge").click()
    pg.wait_for_url(re.compile(r"/story/\d+$"))
    pg.locator("#claims").wait_for(timeout=120_000)  # the first view fills its analysis in
    assert pg.locator(".articles li").count() == 5
    assert pg.locator(".columns .col-left .hl").count() == 2
    cite = pg.locator("#overview a.cite").first
    assert cite.count() == 1, "the overview cites its sources"
    cite.click()
    pg.wait_for_url(re.compile(r"/article/\d+\?hl=.*#hl$"))
    mark = pg.locator("mark#hl")
    assert mark.is_visible()
    assert pg.evaluate("document.querySelector('mark#hl').matches(':target')")
    pg.locator("a", has_text="back to the story").click()
    pg.wait_for_url(re.compile(r"/story/\d+$"))
    assert pg.js_errors == []


def test_split_then_merge(server: Server, page: object) -> None:
    pg = page
    np = server.np
    sid = (
        story_id_of(np, "Glenmoor")
        if any("Glenmoor" in d.title for d in np.store.story_digests())
        else story_id_of(np, "Aske")
    )
    before = set(np.story(sid).article_ids)
    pg.goto(f"{server.url}/story/{sid}")
    pg.locator("#claims").wait_for(timeout=120_000)
    boxes = pg.locator("#actions input[name=article_ids]")
    assert boxes.count() == len(before)
    boxes.nth(0).check()
    chosen = int(boxes.nth(0).get_attribute("value"))
    pg.locator("#actions button", has_text="Split off selected").click()
    pg.wait_for_url(re.compile(r"/story/\d+\?done=split$"))
    new_id = int(re.search(r"/story/(\d+)", pg.url).group(1))
    assert new_id != sid
    assert np.story(new_id).article_ids == (chosen,)
    assert chosen not in np.story(sid).article_ids
    # merge the split-off story back from the original story's page
    pg.goto(f"{server.url}/story/{sid}")
    pg.locator("#claims").wait_for(timeout=120_000)
    suggested = pg.locator(f"#actions input[name=other][value='{new_id}']")
    assert suggested.count() == 1, "the split-off story is suggested for merging back"
    pg.fill("#actions input[name=other_text]", str(new_id))
    pg.locator("#actions button", has_text="Merge").click()
    pg.wait_for_url(re.compile(r"/story/\d+\?done=merge$"))
    assert set(np.story(sid).article_ids) == before
    assert pg.locator(".articles li").count() == len(before)


def test_report_with_htmx_and_corrections(server: Server, page: object) -> None:
    pg = page
    sid = story_id_of(server.np, "Quayside")
    pg.goto(f"{server.url}/story/{sid}")
    pg.locator("#claims").wait_for(timeout=120_000)
    pg.fill("#report-box textarea", "The march was on Sunday, not Saturday.")
    pg.locator("#report-box button").click()
    pg.locator("#report-box .flash").wait_for()
    assert pg.url.endswith(f"/story/{sid}"), "htmx swapped the form in place"
    pg.goto(server.url + "/corrections")
    assert "The march was on Sunday" in pg.locator("table").inner_text()


def test_search(server: Server, page: object) -> None:
    pg = page
    pg.goto(server.url + "/")
    pg.fill("header input[name=q]", "sandbags")
    pg.keyboard.press("Enter")
    pg.wait_for_url(re.compile(r"/search\?q=sandbags"))
    hits = pg.locator(".hits li")
    assert hits.count() >= 1
    assert pg.locator(".hits mark").first.inner_text().lower() == "sandbags"
    hits.first.locator("a").first.click()
    pg.wait_for_url(re.compile(r"/article/\d+"))
    assert "Glenmoor" in pg.content() or "Aske" in pg.content()


def test_xss_payload_stays_inert(server: Server, page: object) -> None:
    pg = page
    sid = story_id_of(server.np, "Ferry")
    aid = server.np.story(sid).article_ids[0]
    for path in ("/", f"/story/{sid}", f"/article/{aid}", "/outlets", "/search?q=ferry"):
        pg.goto(server.url + path)
        pg.wait_for_load_state("load")
        assert pg.evaluate("typeof window.__xss") == "undefined", path
        assert pg.locator("script:not([src])").count() == 0, path
        assert pg.locator("img[src=x], svg[onload], b[onmouseover]").count() == 0, path
    pg.goto(server.url + "/")
    assert XSS_TITLE in pg.locator("body").inner_text()  # shown as text, not run
    pg.goto(f"{server.url}/article/{aid}")
    pg.locator(".body").hover()
    assert pg.evaluate("typeof window.__xss") == "undefined"
    assert pg.js_errors == []
