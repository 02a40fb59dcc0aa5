"""Every page at a phone width (390 px) and a desktop width (1366 px) in Debian's Chromium:
no horizontal scroll, the navigation reachable through the menu button, axe-core with no serious
or critical violation (light and dark), contrast computed in the page for the side pills and the
coverage bars, 24 px citation chips named after their source, headings in order, a skip link,
the story's evidence on hover / focus / tap, and a first view that does not wait for the analysis.

The demo corpus (fiction) is loaded through the facade; one feed, one report and one article of
no known outlet are added so that every table and form has rows to show.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import Server, start_server

pytestmark = pytest.mark.browser
WIDTHS = (390, 1366)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Iterator[dict[str, Any]]:
    from newsprism import Newsprism
    from newsprism.demo import load_demo

    tmp = tmp_path_factory.mktemp("product")
    np = Newsprism.open(tmp / "demo.db", embedder=embedder)
    load_demo(np)
    digests = sorted(np.store.story_digests(), key=lambda d: -d.n_articles)
    analysed, fresh = digests[0].id, digests[1].id
    np.analysis(analysed)  # analysed before the server starts; `fresh` is left for its first view
    np.store.add_feed("https://feeds.example/world.xml", title="World news (example)")
    np.store.add_report("analysis", "The second sentence cites the wrong article.", story_id=analysed)
    (tmp / "in").mkdir()
    (tmp / "in" / "x.txt").write_text(
        "A pasted note on the storm\n\n" + "Winds reached the coast at dawn. " * 8
    )
    np.import_paths([tmp / "in"], group=False)
    art = np.articles()[0]
    outlet = next(a.outlet.domain for a in np.articles() if a.outlet)
    srv = start_server(np)
    pages = [
        "/",
        "/briefing",
        "/blindspots",
        "/outlets",
        f"/outlet/{outlet}",
        "/sources",
        "/corrections",
        "/search?q=storm",
        f"/article/{art.id}",
        f"/story/{analysed}",
        "/add",
        "/api/docs",
        "/login",
        "/story/999999",  # the not-found page
        "/?since=yesterday",  # the invalid-input page
    ]
    yield {"server": srv, "np": np, "pages": pages, "analysed": analysed, "fresh": fresh}
    srv.stop()
    np.close()


def open_page(chromium: Any, width: int, dark: bool = False) -> Any:
    ctx = chromium.new_context(
        viewport={"width": width, "height": 860}, color_scheme="dark" if dark else "light"
    )
    pg = ctx.new_page()
    pg.set_default_timeout(20_000)
    return pg


def goto(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_load_state("networkidle")


def serious(pg: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    res = Axe().run(pg)
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in res.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


HEADINGS = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
  .filter(h => h.getClientRects().length).map(h => Number(h.tagName[1]))"""


def test_every_page_fits_the_width_passes_axe_and_has_ordered_headings(
    site: dict[str, Any], chromium: Any
) -> None:
    srv: Server = site["server"]
    problems: list[str] = []
    for width in WIDTHS:
        pg = open_page(chromium, width)
        for path in site["pages"]:
            goto(pg, srv.url + path)
            sw = pg.evaluate("document.documentElement.scrollWidth")
            if sw > width:
                problems.append(f"{width}px {path}: scrolls sideways ({sw}px wide)")
            problems += [f"{width}px {path}: axe {v}" for v in serious(pg)]
            levels = pg.evaluate(HEADINGS)
            if levels.count(1) != 1:
                problems.append(f"{width}px {path}: {levels.count(1)} h1")
            for a, b in itertools.pairwise(levels):
                if b > a + 1:
                    problems.append(f"{width}px {path}: heading jumps h{a} -> h{b}")
        pg.context.close()
    assert not problems, "\n".join(problems)


def test_dark_theme_passes_axe_too(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    problems = []
    for width in WIDTHS:
        pg = open_page(chromium, width, dark=True)
        goto(pg, srv.url + "/")
        assert pg.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(244, 245, 247)"
        for path in site["pages"]:
            goto(pg, srv.url + path)
            problems += [f"{width}px {path}: {v}" for v in serious(pg)]
        pg.context.close()
    assert not problems, "\n".join(problems)


def test_phone_navigation_through_the_menu_button(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 390)
    goto(pg, srv.url + "/")
    menu = pg.locator("button.menu-btn")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    for name in ("Briefing", "Blindspots", "Outlets", "Sources", "Corrections", "Add news"):
        assert not pg.get_by_role("link", name=name, exact=True).is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    for name in ("Briefing", "Blindspots", "Outlets", "Sources", "Corrections", "Add news"):
        assert pg.get_by_role("link", name=name, exact=True).is_visible(), name
    pg.get_by_role("link", name="Outlets", exact=True).click()
    pg.wait_for_url("**/outlets")
    assert pg.locator("h1").inner_text() == "Outlets"
    pg.keyboard.press("Escape")
    pg.context.close()
    desk = open_page(chromium, 1366)
    goto(desk, srv.url + "/")
    assert not desk.locator("button.menu-btn").is_visible()
    assert desk.get_by_role("link", name="Sources", exact=True).is_visible()
    desk.context.close()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    for width in WIDTHS:
        pg = open_page(chromium, width)
        goto(pg, srv.url + f"/story/{site['analysed']}")
        pg.keyboard.press("Tab")
        focused = pg.evaluate(
            "[document.activeElement.className, document.activeElement.getAttribute('href')]"
        )
        assert focused == ["skip", "#main"]
        assert pg.locator("a.skip").is_visible()  # shown when focused
        pg.keyboard.press("Enter")
        assert pg.evaluate("document.activeElement.id") == "main"
        pg.context.close()


CONTRAST = """() => {
  const lum = (c) => { const m = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
  const ratio = (a, b) => { const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const bg = (el) => { for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; }
    return 'rgb(255, 255, 255)'; };
  const pills = [...document.querySelectorAll('.lean')].map(p => ({ text: p.textContent,
    ratio: ratio(getComputedStyle(p).color, getComputedStyle(p).backgroundColor) }));
  const bars = [...document.querySelectorAll('svg.cbar')].map(svg => {
    const card = bg(svg.parentElement);
    const rects = [...svg.querySelectorAll('rect')];
    const segs = rects.map(r => ({ x: +r.getAttribute('x'), w: +r.getAttribute('width'),
      against_card: ratio(getComputedStyle(r).fill, card) }));
    const gaps = segs.slice(1).map((s, i) => s.x - (segs[i].x + segs[i].w));
    const neighbours = rects.slice(1).map((r, i) =>
      ratio(getComputedStyle(r).fill, getComputedStyle(rects[i]).fill));
    return { segs, gaps, neighbours };
  });
  return { pills, bars };
}"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_pills_and_bar_segments_have_enough_contrast(site: dict[str, Any], chromium: Any, dark: bool) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 1366, dark=dark)
    seen_pills = seen_pairs = 0
    for path in ("/", f"/story/{site['analysed']}", "/outlets"):
        goto(pg, srv.url + path)
        got = pg.evaluate(CONTRAST)
        for p in got["pills"]:
            seen_pills += 1
            assert p["ratio"] >= 4.5, (path, p)
        for bar in got["bars"]:
            for s in bar["segs"]:
                assert s["against_card"] >= 3.0, (path, s)  # each segment stands out from the card
            for gap, contrast in zip(bar["gaps"], bar["neighbours"], strict=True):
                seen_pairs += 1
                # adjacent segments: 3:1 between them, or a gap of card colour (which every
                # segment contrasts with at 3:1) separating them
                assert contrast >= 3.0 or gap >= 1.0, (path, bar)
    assert seen_pills >= 5 and seen_pairs >= 2
    pg.context.close()


def test_citation_chips_are_big_named_and_show_their_evidence(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    sid = site["analysed"]
    analysis = site["np"].analysis(sid)
    with_evidence = [s for s in analysis.summary if s.evidence]
    assert with_evidence, "the analysis gives summary sentences their evidence"
    for width in WIDTHS:
        pg = open_page(chromium, width)
        goto(pg, f"{srv.url}/story/{sid}")
        chips = pg.locator("a.cite")
        assert chips.count() >= 5
        for i in range(chips.count()):
            if chips.nth(i).is_visible():  # chips inside closed disclosures are not
                box = chips.nth(i).bounding_box()
                assert box and box["width"] >= 24 and box["height"] >= 24, box
        first = pg.locator("#overview .sent").first
        chip = first.locator("a.cite").first
        n = chip.inner_text()
        name = chip.get_attribute("aria-label")
        assert name and name.startswith(f"Source {n}: ") and len(name) > len(f"Source {n}: ")
        sent = analysis.summary[0]
        ev = dict((e.source, e.text) for e in sent.evidence)
        tip = first.locator(".tip").first
        if ev.get(int(n)):
            assert not tip.is_visible()
            chip.hover()
            assert tip.is_visible() and ev[int(n)][:40] in tip.inner_text()
            described = pg.evaluate(
                "(el) => document.getElementById(el.getAttribute('aria-describedby')).textContent",
                chip.element_handle(),
            )
            assert ev[int(n)][:40] in described  # a screen reader hears the evidence with the chip
            pg.mouse.move(0, 0)
            chip.focus()
            assert tip.is_visible()
            pg.keyboard.press("Escape")  # dismissible without moving focus
            assert not tip.is_visible()
            pg.evaluate("document.activeElement.blur()")
        # tap: the disclosure under the sentence lists every cited source's sentence
        details = first.locator("details.evidence")
        details.locator("summary").click()
        text = details.inner_text()
        for e in sent.evidence:
            assert e.text[:40] in text
        if sent.related:
            assert "Related, not cited" in text and sent.related[0].text[:40] in text
        pg.context.close()


def test_who_says_what_reads_as_a_list_on_a_phone(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 390)
    goto(pg, f"{srv.url}/story/{site['analysed']}")
    rows = pg.locator("#matrix tbody tr")
    assert rows.count() >= 3
    for i in range(rows.count()):
        claim = rows.nth(i).locator("th").bounding_box()
        assert claim and claim["x"] >= 0 and claim["x"] + claim["width"] <= 390
        marks = rows.nth(i).locator("td.m-yes .who, td.m-no .who")
        assert marks.count() >= 1
        for j in range(marks.count()):
            m = marks.nth(j)
            assert m.is_visible() and m.inner_text().strip()  # the outlet's name beside its mark
            box = m.bounding_box()
            assert box and box["x"] + box["width"] <= 390
    long = pg.locator("#matrix th details")
    if long.count():
        body = long.first
        body.locator("summary").click()
        assert not body.inner_text().rstrip().endswith("...")
    pg.context.close()


def test_first_view_of_a_story_shows_progress_then_the_analysis(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    sid = site["fresh"]
    pg = open_page(chromium, 390)
    resp = pg.goto(f"{srv.url}/story/{sid}")
    html = resp.text()
    assert 'role="status"' in html and "Analysing" in html and 'id="claims"' not in html
    assert 'id="articles"' in html  # the rest of the story is there at once
    pg.locator("#claims").wait_for(timeout=120_000)  # filled in by htmx when ready
    assert pg.locator("#analysis .pending").count() == 0
    assert pg.locator("#overview .sent").count() >= 1
    assert "most like" in pg.locator("#why").inner_text()  # swapped in with the analysis
    pg.context.close()


def test_more_outlets_and_more_claims_are_links(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 1366)
    goto(pg, srv.url + "/")
    more = pg.locator("a.more")
    if more.count():
        more.first.click()
        pg.wait_for_url("**/story/*#articles")
    goto(pg, f"{srv.url}/story/{site['analysed']}")
    extra = pg.locator("details.more-claims")
    for i in range(extra.count()):
        d = extra.nth(i)
        hidden = d.locator("li").count()
        d.locator("summary").click()
        assert hidden >= 1 and d.locator("li").first.is_visible()
    pg.context.close()


def test_report_form_is_labelled(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 390)
    goto(pg, f"{srv.url}/story/{site['analysed']}")
    assert pg.get_by_label("What is wrong?").count() == 1
    group = pg.get_by_role("group", name="What kind of problem?")
    assert group.get_by_role("radio").count() == 2
    pg.context.close()


def test_open_graph_and_share(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 1366)
    goto(pg, f"{srv.url}/story/{site['analysed']}")
    og = pg.evaluate(
        "Object.fromEntries([...document.querySelectorAll('meta[property^=\"og:\"]')]"
        ".map(m => [m.getAttribute('property'), m.content]))"
    )
    assert og["og:type"] == "article" and og["og:title"] == pg.locator("h1").inner_text()
    assert "sources" in og["og:description"] and og["og:url"].endswith(f"/story/{site['analysed']}")
    assert pg.locator(".share a[href^='mailto:']").count() == 1
    pg.context.close()


def test_screenshots_for_the_docs(site: dict[str, Any], chromium: Any) -> None:
    """Phone and desktop screenshots of the demo, written to docs/screenshots when asked
    (NEWSPRISM_SCREENSHOTS=1), else to a temporary folder: the pages render in both widths."""
    import os
    import tempfile

    srv: Server = site["server"]
    out = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if not os.environ.get("NEWSPRISM_SCREENSHOTS"):
        out = Path(tempfile.mkdtemp(prefix="np-shots-"))
    for width, tag in ((390, "phone"), (1366, "desktop")):
        pg = open_page(chromium, width)
        for path, name in (("/", "front"), (f"/story/{site['analysed']}", "story"), ("/add", "add")):
            goto(pg, srv.url + path)
            pg.screenshot(path=str(out / f"{name}-{tag}.png"), full_page=(width == 1366 and name != "story"))
            assert (out / f"{name}-{tag}.png").stat().st_size > 5000
        pg.context.close()


def test_demo_shows_a_blindspot_story(site: dict[str, Any], chromium: Any) -> None:
    srv: Server = site["server"]
    pg = open_page(chromium, 390)
    goto(pg, srv.url + "/blindspots")
    cards = pg.locator(".story-card")
    assert cards.count() >= 1
    assert "Blindspot: left" in cards.first.inner_text() and "Metro Line 3" in cards.first.inner_text()
    pg.context.close()


def test_forms_post_from_the_browser(site: dict[str, Any], chromium: Any) -> None:
    """A real form submission (Chromium sends Origin / Sec-Fetch-Site) passes the write checks."""
    srv: Server = site["server"]
    pg = open_page(chromium, 390)
    goto(pg, srv.url + "/add")
    pg.get_by_label("Feed address (RSS or Atom)").fill("https://feeds.example/local.xml")
    pg.get_by_role("button", name="Follow", exact=True).click()
    pg.locator("#outcome").wait_for()
    assert "Now following https://feeds.example/local.xml" in pg.locator("#outcome").inner_text()
    pg.context.close()
