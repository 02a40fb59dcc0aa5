"""`newsprism run` as a user starts it: SIGKILL mid-update, restart, every article stored exactly once."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer, Reply, Request, fictional_text, rss

N_FEEDS, N_ITEMS = 24, 8


def _command() -> list[str]:
    exe = shutil.which("newsprism", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "newsprism"]


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _wait(pred, timeout: float, proc: subprocess.Popen[bytes]) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise AssertionError(f"newsprism run exited with {proc.returncode}: {out[-3000:]}")
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.mark.slow
def test_sigkill_mid_update_then_restart_stores_each_article_once(tmp_path: Path) -> None:
    served: set[str] = set()

    def feed(i: int):  # type: ignore[no-untyped-def]
        items = [
            {
                "title": f"Fictional report {i}-{j} from the Harbor City desk",
                "link": f"{{{{BASE}}}}/f{i}/a{j}.html",
                "guid": f"f{i}-a{j}",
                "content": fictional_text(i * 100 + j, 80),
            }
            for j in range(N_ITEMS)
        ]

        def handler(_req: Request) -> Reply:
            body = rss(items, title=f"Feed {i}").replace("{{BASE}}", srv.base)
            served.update(it["link"].replace("{{BASE}}", srv.base) for it in items)
            return Reply(200, body.encode(), {"Content-Type": "application/rss+xml"}, delay_s=0.4)

        return handler

    with FeedServer() as srv:
        urls = [srv.route(f"/feed{i}.xml", feed(i)) for i in range(N_FEEDS)]
        cfg = tmp_path / "newsprism.toml"
        cfg.write_text(
            '[fetch]\nallowed_hosts = ["127.0.0.1"]\npoliteness_delay_s = 0\nretries = 0\n'
            "concurrency = 2\nper_host_concurrency = 2\n"
        )
        db = tmp_path / "run.db"
        env = {
            **os.environ,
            "NEWSPRISM_CONFIG": str(cfg),
            "NEWSPRISM_DB": str(db),
            "NEWSPRISM_DATA_DIR": str(tmp_path / "data"),
        }
        subprocess.run([*_command(), "feeds", "add", *urls], env=env, check=True, capture_output=True)
        total = N_FEEDS * N_ITEMS
        run = [*_command(), "run", "--no-web", "--check-every", "1"]

        first = subprocess.Popen(run, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            _wait(lambda: _count(db, "SELECT COUNT(*) FROM articles") >= 2 * N_ITEMS, 60, first)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        killed_at = _count(db, "SELECT COUNT(*) FROM articles")
        assert 0 < killed_at < total, "the kill must land in the middle of the update"

        second = subprocess.Popen(run, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            _wait(
                lambda: (
                    _count(db, "SELECT COUNT(*) FROM feeds WHERE last_success_at IS NOT NULL") == N_FEEDS
                    and _count(db, "SELECT COUNT(*) FROM story_articles") == total
                ),
                180,
                second,
            )
        finally:
            second.send_signal(signal.SIGTERM)  # graceful stop
            rc = second.wait(60)
        out = second.stdout.read().decode() if second.stdout else ""
        assert rc == 0, out
        assert "new articles" in out  # the summary line of each update

    with sqlite3.connect(db) as conn:
        urls_stored = [r[0] for r in conn.execute("SELECT url FROM articles")]
        imported = conn.execute(
            "SELECT article_id, COUNT(*) FROM ingest_items WHERE outcome = 'imported' GROUP BY article_id"
        ).fetchall()
        seen = conn.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM feed_items").fetchone()
    assert len(urls_stored) == total and set(urls_stored) == served
    assert len(imported) == total and all(n == 1 for _a, n in imported)
    assert seen == (total, total)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_run_serves_the_web_ui_and_updates_then_stops_gracefully(tmp_path: Path, sig: int) -> None:
    import urllib.request

    with FeedServer() as srv:
        url = srv.fixture("/rss2.xml", "rss2.xml")
        cfg = tmp_path / "newsprism.toml"
        cfg.write_text('[fetch]\nallowed_hosts = ["127.0.0.1"]\npoliteness_delay_s = 0\nretries = 0\n')
        db = tmp_path / "web.db"
        env = {
            **os.environ,
            "NEWSPRISM_CONFIG": str(cfg),
            "NEWSPRISM_DB": str(db),
            "NEWSPRISM_DATA_DIR": str(tmp_path / "data"),
        }
        subprocess.run([*_command(), "feeds", "add", url], env=env, check=True, capture_output=True)
        port = _free_port()
        proc = subprocess.Popen(
            [*_command(), "run", "--port", str(port), "--check-every", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

        def page_ok() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    return bool(r.status == 200)
            except OSError:
                return False

        try:
            _wait(page_ok, 90, proc)
            _wait(lambda: _count(db, "SELECT COUNT(*) FROM story_articles") == 3, 90, proc)

            def front_shows_story() -> bool:
                # The web layer re-reads the data version at most once a second: poll, don't race.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    return "Eastside tram" in r.read().decode()

            _wait(front_shows_story, 30, proc)
        finally:
            proc.send_signal(sig)
            rc = proc.wait(60)
        assert rc == 0, proc.stdout.read().decode() if proc.stdout else ""
        assert not page_ok()
