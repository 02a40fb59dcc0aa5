"""Take the documentation screenshots: ``python tests/browser/screenshots.py [OUT_DIR]``.

Front page and a story page of the bundled demo corpus (fiction) at desktop and phone widths (and
the story in the dark theme), and the story page of the five seed articles (``../shared/seeds``),
in Debian's Chromium. Writes PNGs to ``docs/screenshots``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

from conftest import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402


def biggest_story(np: object) -> int:
    digests = np.store.story_digests()  # type: ignore[attr-defined]
    return int(max(digests, key=lambda d: (len(d.outlets) + d.unknown, d.n_articles)).id)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from newsprism import Newsprism
    from newsprism.demo import load_demo

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="newsprism-shots-"))
    demo = Newsprism.open(tmp / "demo.db")
    load_demo(demo)
    seeds = Newsprism.open(tmp / "seeds.db")
    seeds.import_paths(sorted(SEEDS.glob("*.txt")))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        srv = start_server(demo)
        page.goto(srv.url + "/")
        page.screenshot(path=str(out / "front.png"), full_page=True)
        page.goto(f"{srv.url}/story/{biggest_story(demo)}")
        page.locator("#claims").wait_for(timeout=120_000)  # the analysis fills in when ready
        page.screenshot(path=str(out / "story-demo.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        for path, name in (("/", "front-phone"), (f"/story/{biggest_story(demo)}", "story-phone")):
            phone.goto(srv.url + path)
            phone.wait_for_load_state("networkidle")
            phone.screenshot(path=str(out / f"{name}.png"))
        phone.locator("button.menu-btn").click()
        phone.screenshot(path=str(out / "menu-phone.png"))
        phone.close()
        dark = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
        dark.goto(f"{srv.url}/story/{biggest_story(demo)}")
        dark.wait_for_load_state("networkidle")
        dark.screenshot(path=str(out / "story-dark.png"))
        dark.close()
        page.goto(srv.url + "/blindspots")
        page.screenshot(path=str(out / "blindspots.png"), full_page=True)
        srv.stop()
        srv = start_server(seeds)
        page.goto(f"{srv.url}/story/{biggest_story(seeds)}")
        page.locator("#claims").wait_for(timeout=120_000)
        page.screenshot(path=str(out / "story-seeds.png"), full_page=True)
        link = page.locator("#overview a.cite").first
        if link.count():
            link.click()
            page.wait_for_load_state("load")
            page.screenshot(path=str(out / "reader-citation.png"))
        srv.stop()
        browser.close()
    demo.close()
    seeds.close()
    for f in sorted(out.glob("*.png")):
        print(f)


if __name__ == "__main__":
    main()
