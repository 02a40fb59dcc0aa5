"""The feeds commands as a user runs them: a clear line per feed in `feeds list`, OPML, init, update."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer, Reply

from newsprism.cli import app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    cfg = tmp_path / "newsprism.toml"
    cfg.write_text(
        '[fetch]\nallowed_hosts = ["127.0.0.1"]\npoliteness_delay_s = 0\nretries = 0\ntimeout_s = 1\n'
        "max_bytes = 200000\n"
    )
    return {
        "NEWSPRISM_CONFIG": str(cfg),
        "NEWSPRISM_DB": str(tmp_path / "cli.db"),
        "NEWSPRISM_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "300",
    }


def cli(env: dict[str, str], *args: str, ok: bool = True) -> Any:
    res = CliRunner().invoke(app, list(args), env=env)
    if ok:
        assert res.exit_code == 0, res.output
    return res


def test_feeds_list_shows_health_of_each_feed(env: dict[str, str]) -> None:
    fix = Path(__file__).parent / "fixtures" / "feeds"
    with FeedServer() as srv:
        good = srv.fixture("/rss2.xml", "rss2.xml", etag='"e1"')
        gone = srv.route("/gone.xml", lambda _r: Reply(410, b""))
        bad = srv.fixture("/bad.xml", "malformed.xml")
        big = srv.static("/big.xml", b"<rss>" + b"y" * 400_000)
        slow = srv.route("/slow.xml", lambda _r: Reply(200, (fix / "atom.xml").read_bytes(), delay_s=1.5))
        srv.redirect("/a", "/b", 302)
        loop = srv.redirect("/b", "/a", 302)
        cli(env, "feeds", "add", good, gone, bad, big, slow, loop)
        out = cli(env, "feeds", "list").output
        assert out.count(" new ") == 6
        res = cli(env, "update", "--no-group")
        assert "Polled 6 feeds" in res.output and "3 new articles" in res.output
        rows = {r["url"]: r for r in json.loads(cli(env, "feeds", "list", "--json").output)}
        assert rows[good]["health"] == "ok" and rows[good]["items_seen"] == 3 and rows[good]["articles"] == 3
        assert rows[gone]["health"] == "dead" and rows[gone]["last_error"].startswith("HTTP 410 Gone")
        assert rows[bad]["health"] == "failing (1x)" and rows[bad]["last_error"].startswith("malformed")
        assert "fetch.max_bytes" in rows[big]["last_error"]
        assert "timed out" in rows[slow]["last_error"]
        assert "redirect loop" in rows[loop]["last_error"]
        assert rows[loop]["next_poll_at"] > rows[loop]["last_polled_at"]
        table = cli(env, "feeds", "list").output
        for url in (good, gone, bad, big, slow, loop):
            [line] = [ln for ln in table.splitlines() if f" {url} " in ln]
            assert " ago" in line and (" in " in line or " dead " in line)
        assert "No feeds are due; next poll in" in cli(env, "update", "--no-group").output
        cli(env, "update", "--all", "--no-group")
        rows = {r["url"]: r for r in json.loads(cli(env, "feeds", "list", "--json").output)}
        assert rows[good]["health"] == "ok (not modified)"
        assert rows[bad]["health"] == "failing (2x)"


def test_opml_export_import_and_remove(env: dict[str, str], tmp_path: Path) -> None:
    cli(env, "feeds", "add", "https://a.example/rss", "https://b.example/atom.xml")
    out = tmp_path / "feeds.opml"
    cli(env, "feeds", "export", "-o", str(out))
    other = {**env, "NEWSPRISM_DB": str(tmp_path / "other.db")}
    res = cli(other, "feeds", "import", str(out))
    assert "2 feeds in feeds.opml: 2 added" in res.output
    cli(other, "feeds", "remove", "https://a.example/rss")
    rows = json.loads(cli(other, "feeds", "list", "--json").output)
    assert [r["url"] for r in rows] == ["https://b.example/atom.xml"]
    res = cli(other, "feeds", "remove", "999", ok=False)
    assert res.exit_code != 0


def test_init_offers_default_feeds(env: dict[str, str]) -> None:
    res = CliRunner().invoke(app, ["init"], env=env, input="n\n")
    assert res.exit_code == 0 and "Follow" in res.output
    assert json.loads(cli(env, "feeds", "list", "--json").output) == []
    out = cli(env, "init", "--defaults", "--country", "DE", "--country", "ie").output
    assert "Some of these feeds are in de" in out and 'model = "multilingual-e5"' in " ".join(out.split())
    assert "Some of these feeds" not in cli(env, "init", "--defaults", "--country", "IE").output
    rows = json.loads(cli(env, "feeds", "list", "--json").output)
    assert len(rows) >= 4 and any("tagesschau" in r["url"] for r in rows)
    assert not any("nytimes" in r["url"] for r in rows)


def test_add_url_prints_the_story(env: dict[str, str]) -> None:
    with FeedServer() as srv:
        url = srv.fixture("/articles/lake-2.html", "pages/lake-2.html", "text/html")
        res = cli(env, "add", url)
        assert "stored" in res.output and "story" in res.output
        data = json.loads(cli(env, "add", url, "--json").output)
        assert data["outcome"] == "duplicate" and data["story_id"] is not None
        res = cli(env, "add", srv.url("/nothing-here"), ok=False)
        assert res.exit_code == 1 and "HTTP 404" in res.output


def test_sources_page_and_api_show_feed_health(env: dict[str, str]) -> None:
    from fastapi.testclient import TestClient

    from newsprism import Newsprism
    from newsprism.config import load_settings
    from newsprism.web import create_app

    with FeedServer() as srv:
        good = srv.fixture("/rss2.xml", "rss2.xml")
        gone = srv.route("/gone.xml", lambda _r: Reply(410, b""))
        bad = srv.fixture("/bad.xml", "malformed.xml")
        cli(env, "feeds", "add", good, gone, bad)
        np_ = Newsprism(load_settings(env=env))
        try:
            client = TestClient(create_app(np_), client=("127.0.0.1", 50000))
            page = client.get("/sources").text
            assert page.count("health-new") == 3 and "3 feeds" in page
            cli(env, "update", "--no-group")
            page = client.get("/sources").text  # not cached: the poll shows at once
            assert "1 failing or gone" not in page and "2 failing or gone" in page
            for url in (good, gone, bad):
                assert url in page
            assert 'health-ok">ok<' in page and 'health-dead">dead<' in page
            assert 'health-failing">failing (1x)<' in page and "HTTP 410 Gone" in page
            api = {f["url"]: f for f in client.get("/api/feeds").json()}
            assert api[good]["health"] == "ok" and api[good]["articles"] == 3
            assert api[gone]["health"] == "dead" and api[bad]["last_error"].startswith("malformed")
            assert "/api/feeds" in client.get("/openapi.json").json()["paths"]
            assert "waiting for their analysis" not in page
            np_.analysis_queue.add([1, 2])  # what a budget-limited update leaves pending
            assert "2 stories waiting for their analysis" in client.get("/sources").text
        finally:
            np_.close()
