"""/metrics scraped from real servers: `newsprism run` on SQLite (job figures from its in-process
scheduler) and `newsprism serve --workers 2` beside a worker on PostgreSQL (from the queue)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer, fictional_text, rss

pytestmark = pytest.mark.slow
N = 5


def _command() -> list[str]:
    exe = shutil.which("newsprism", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "newsprism"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _feed(srv: FeedServer, path: str, seed: int) -> str:
    items = [
        {
            "title": f"Fictional metrics report {seed}-{j}",
            "link": f"{{{{BASE}}}}{path}/a{j}.html",
            "guid": f"{path}-{j}",
            "content": fictional_text(seed * 100 + j, 90),
        }
        for j in range(N)
    ]
    return srv.static(path, rss(items))


def _scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape: (name, sorted labels) -> value."""
    with urllib.request.urlopen(url, timeout=20) as r:
        assert r.status == 200 and r.headers["content-type"].startswith("text/plain")
        text = r.read().decode()
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _value(samples: dict, name: str, **labels: str) -> float | None:  # type: ignore[type-arg]
    return samples.get((name, tuple(sorted(labels.items()))))


def _env(tmp: Path, db: str) -> dict[str, str]:
    cfg = tmp / "newsprism.toml"
    cfg.write_text(
        '[fetch]\nallowed_hosts = ["127.0.0.1"]\npoliteness_delay_s = 0\nretries = 0\n'
        "[update]\nanalyse = false\n"
    )
    return {
        **os.environ,
        "NEWSPRISM_CONFIG": str(cfg),
        "NEWSPRISM_DB": db,
        "NEWSPRISM_DATA_DIR": str(tmp / "d"),
    }


def _until(pred, timeout: float, procs: list[subprocess.Popen[bytes]]):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        for p in procs:
            if p.poll() is not None:
                out = p.stdout.read().decode() if p.stdout else ""
                raise AssertionError(f"exited with {p.returncode}: {out[-3000:]}")
        try:
            last = pred()
            if last:
                return last
        except urllib.error.HTTPError:
            raise  # the server answered with an error: a failure, not "not up yet"
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out; last: {last}")


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()


def test_metrics_of_run_on_sqlite(tmp_path: Path) -> None:
    env = _env(tmp_path, str(tmp_path / "m.db"))
    port = _free_port()
    with FeedServer() as srv:
        subprocess.run(
            [*_command(), "feeds", "add", _feed(srv, "/m.xml", 1)], env=env, check=True, capture_output=True
        )
        run = subprocess.Popen(
            [*_command(), "run", "--port", str(port), "--check-every", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}/metrics"

            def polled():  # type: ignore[no-untyped-def]
                s = _scrape(url)
                n = _value(s, "newsprism_job_duration_seconds_count", task="group")  # after the poll
                return s if n and _value(s, "newsprism_articles_last_hour") == N else None

            s = _until(polled, 180, [run])
        finally:
            _stop([run])
    assert _value(s, "newsprism_job_duration_seconds_count", task="poll_feed") == 1
    assert _value(s, "newsprism_job_duration_seconds_count", task="group") == 1
    assert _value(s, "newsprism_feeds", status="active") == 1
    assert _value(s, "newsprism_feeds_failing") == 0
    import sqlite3

    with sqlite3.connect(tmp_path / "m.db") as conn:
        stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    assert stories >= 1 and _value(s, "newsprism_stories_updated_last_hour") == stories  # all made just now
    assert _value(s, "newsprism_jobs", queue="feeds", task="poll_feed", status="todo") == 0
    assert _value(s, "newsprism_job_duration_seconds_bucket", task="poll_feed", le="+Inf") >= 1
    assert not any(k[0] == "newsprism_job_failures_total" for k in s)


def test_metrics_of_web_processes_beside_a_worker_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    env = _env(tmp_path, pg_url)
    port = _free_port()
    procs: list[subprocess.Popen[bytes]] = []
    with FeedServer() as srv:
        subprocess.run(
            [*_command(), "feeds", "add", _feed(srv, "/p.xml", 2), _feed(srv, "/q.xml", 3)],
            env=env,
            check=True,
            capture_output=True,
        )
        try:
            for cmd in (
                ["worker", "--schedule-every", "2", "--max-attempts", "1"],
                ["serve", "--port", str(port), "--workers", "2"],
            ):
                procs.append(
                    subprocess.Popen(
                        [*_command(), *cmd], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
                    )
                )
            url = f"http://127.0.0.1:{port}/metrics"

            def grouped():  # type: ignore[no-untyped-def]
                s = _scrape(url)
                ok = _value(s, "newsprism_jobs", queue="group", task="group", status="succeeded")
                return s if ok and _value(s, "newsprism_articles_last_hour") == 2 * N else None

            s = _until(grouped, 300, procs)
            # a job that fails once (max 1 attempt) shows as a failure
            from newsprism import Newsprism
            from newsprism.config import settings_from_mapping
            from newsprism.storage._jobs import JobRows, JobToDefer

            np = Newsprism(settings_from_mapping({}, {}, db=pg_url, data_dir=str(tmp_path / "d")))
            try:
                JobRows(np.store.db).defer_jobs([JobToDefer("analyse_story", {"story_id": "not a number"})])
            finally:
                np.close()
            def failed():  # type: ignore[no-untyped-def]
                # the attempt's error row and the job's final status are written by two
                # statements: wait until both show
                x = _scrape(url)
                done = _value(x, "newsprism_jobs", queue="default", task="analyse_story", status="failed")
                return x if _value(x, "newsprism_job_failures_total", task="analyse_story") and done else None

            s2 = _until(failed, 120, procs)
        finally:
            _stop(procs)
    assert _value(s, "newsprism_jobs", queue="feeds", task="poll_feed", status="succeeded") == 2
    assert _value(s, "newsprism_job_duration_seconds_count", task="poll_feed") == 2  # from the queue's events
    assert _value(s, "newsprism_job_duration_seconds_count", task="embed_batch") >= 1
    assert _value(s, "newsprism_feeds", status="active") == 2
    assert _value(s2, "newsprism_job_failures_total", task="analyse_story") == 1
    assert _value(s2, "newsprism_jobs", queue="default", task="analyse_story", status="failed") == 1
