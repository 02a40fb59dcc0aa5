"""Jobs on PostgreSQL with real `newsprism worker` processes: the whole path (poll -> embed ->
group -> analyse), a worker SIGKILLed mid-job, a job that always fails, two workers and one
feed, and dropped database connections. Skipped without a PostgreSQL server (see conftest)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer, Reply, Request, fictional_text, rss

pytestmark = pytest.mark.slow


def _command() -> list[str]:
    exe = shutil.which("newsprism", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "newsprism"]


def _sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    from newsprism.jobs import libpq_url

    with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=5) as conn:
        cur = conn.execute(query, params or None)  # type: ignore[arg-type]
        return list(cur.fetchall()) if cur.description else []


def _one(url: str, query: str, *params: Any) -> Any:
    rows = _sql(url, query, *params)
    return rows[0][0] if rows else None


def _wait(pred: Callable[[], bool], timeout: float, procs: list[subprocess.Popen[bytes]], what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        for p in procs:
            if p.poll() is not None:
                out = p.stdout.read().decode() if p.stdout else ""
                raise AssertionError(
                    f"a process exited with {p.returncode} waiting for {what}: {out[-3000:]}"
                )
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Library:
    """A fresh PostgreSQL library with its config, and the processes started on it."""

    def __init__(self, url: str, tmp: Path, fetch: str = "") -> None:
        self.url = url
        cfg = tmp / "newsprism.toml"
        cfg.write_text(
            '[fetch]\nallowed_hosts = ["127.0.0.1"]\npoliteness_delay_s = 0\nretries = 0\n' + fetch
        )
        self.env = {
            **os.environ,
            "NEWSPRISM_CONFIG": str(cfg),
            "NEWSPRISM_DB": url,
            "NEWSPRISM_DATA_DIR": str(tmp / "data"),
        }
        self.procs: list[subprocess.Popen[bytes]] = []

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([*_command(), *args], env=self.env, capture_output=True, text=True, timeout=300)
        if check:
            assert res.returncode == 0, res.stderr[-3000:]
        return res

    def worker(self, *args: str) -> subprocess.Popen[bytes]:
        p = subprocess.Popen(
            [*_command(), "worker", "--stalled-after", "3", "--schedule-every", "2", *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(p)
        return p

    def serve(self, port: int, *args: str) -> subprocess.Popen[bytes]:
        p = subprocess.Popen(
            [*_command(), "serve", "--port", str(port), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(p)
        return p

    def stop_all(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(10)

    def defer(self, task: str, args: dict[str, Any], lock: str | None = None) -> int:
        """Enqueue a job the way newsprism does (procrastinate's defer function)."""
        from newsprism import Newsprism
        from newsprism.config import settings_from_mapping
        from newsprism.storage._jobs import JobRows, JobToDefer

        np = Newsprism(settings_from_mapping({}, {}, db=self.url, data_dir=self.env["NEWSPRISM_DATA_DIR"]))
        try:
            return JobRows(np.store.db).defer_jobs([JobToDefer(task, args, lock=lock)])[0]
        finally:
            np.close()

    def feed_ids(self) -> list[int]:
        return [int(r[0]) for r in _sql(self.url, "SELECT id FROM feeds ORDER BY id")]


@pytest.fixture
def library(pg_url: str, tmp_path: Path) -> Iterator[Callable[..., Library]]:
    made: list[Library] = []

    def make(fetch: str = "") -> Library:
        made.append(Library(pg_url, tmp_path, fetch))
        return made[-1]

    yield make
    for lib in made:
        lib.stop_all()


def _items(feed: int, n: int, variant: str = "", seed: int | None = None) -> list[dict[str, str]]:
    """``n`` entries of feed ``feed``; the same ``seed`` gives the same reports (another desk's
    ``variant`` of them differs in a line), another seed other reports."""
    base = feed if seed is None else seed
    return [
        {
            "title": f"Fictional report {j} from the Harbor City desk{variant}",
            "link": f"{{{{BASE}}}}/f{feed}/a{j}.html",
            "guid": f"f{feed}-a{j}",
            "content": fictional_text(base * 100 + j, 90)
            + (f" Filed by {variant} staff." if variant else ""),
        }
        for j in range(n)
    ]


def _feed_route(
    srv: FeedServer,
    path: str,
    items: list[dict[str, str]],
    delay_s: float = 0.0,
    inflight: dict[str, Any] | None = None,
) -> str:
    def handler(_req: Request) -> Reply:
        if inflight is not None:
            with inflight["lock"]:
                inflight["now"] += 1
                inflight["max"] = max(inflight["max"], inflight["now"])
                inflight["hits"] += 1
            time.sleep(delay_s)
            with inflight["lock"]:
                inflight["now"] -= 1
            delay = 0.0
        else:
            delay = delay_s
        body = rss(items, title=f"Feed {path}").replace("{{BASE}}", srv.base)
        return Reply(200, body.encode(), {"Content-Type": "application/rss+xml"}, delay_s=delay)

    return srv.route(path, handler)


def test_worker_on_sqlite_says_why_in_one_line(tmp_path: Path) -> None:
    res = subprocess.run(
        [*_command(), "--db", str(tmp_path / "x.db"), "worker"], capture_output=True, text=True, timeout=120
    )
    assert res.returncode != 0
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "PostgreSQL" in lines[0] and "newsprism run" in lines[0], res.stderr


def test_workers_starting_together_set_up_the_queue_once(pg_url: str) -> None:
    """Each checks, then waits for the migration lock; the second must see what the first made."""
    code = (
        "import sys, time\n"
        "from newsprism.storage import Store\n"
        "from newsprism.storage._jobs import JobRows\n"
        "from procrastinate.schema import SchemaManager\n"
        "r = JobRows(Store(sys.argv[1]).db)\n"
        "assert not r.has_job_schema()\n"
        "time.sleep(1.0)\n"
        "print(r.ensure_job_schema(SchemaManager.get_schema()))\n"
    )
    from newsprism.storage import Store

    Store(pg_url).close()  # migrated once, so the two only race for the queue's schema
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    assert sorted(o[0].strip() for o in outs) == ["False", "True"]


def test_workers_poll_embed_group_and_analyse(library: Callable[..., Library]) -> None:
    lib = library()
    with FeedServer() as srv:
        a = _feed_route(srv, "/a.xml", _items(1, 4))
        b = _feed_route(srv, "/b.xml", _items(2, 4, variant="Desk B", seed=1))
        lib.cli("feeds", "add", a, b)
        w1, w2 = lib.worker(), lib.worker()
        _wait(lambda: _one(lib.url, "SELECT COUNT(*) FROM story_articles") == 8, 300, [w1, w2], "grouping")
        multi = _sql(lib.url, "SELECT story_id FROM story_articles GROUP BY story_id HAVING COUNT(*) >= 2")
        assert multi, "the two desks' versions of a report make stories of two articles"
        want = {int(r[0]) for r in multi}

        def analysed() -> bool:
            rows = _sql(lib.url, "SELECT story_id FROM story_analysis")
            return want <= {int(r[0]) for r in rows}

        _wait(analysed, 400, [w1, w2], "analysis")
        status = json.loads(lib.cli("jobs", "--json").stdout)
    assert status["backend"] == "postgresql" and status["engine_ready"]
    done = {(c["task"], c["status"]): c["jobs"] for c in status["counts"]}
    assert done[("poll_feed", "succeeded")] >= 2 and done[("group", "succeeded")] >= 1
    assert done[("embed_batch", "succeeded")] >= 1 and done[("analyse_story", "succeeded")] >= 1  # batches
    assert not status["failed"]
    # each article once, each analysis once
    assert _one(lib.url, "SELECT COUNT(*) FROM articles") == 8
    assert _one(lib.url, "SELECT COUNT(*) FROM story_analysis") == _one(
        lib.url, "SELECT COUNT(DISTINCT story_id) FROM story_analysis"
    )
    # both processes registered as workers and did jobs
    workers = _one(
        lib.url, "SELECT COUNT(DISTINCT worker_id) FROM procrastinate_jobs WHERE worker_id IS NOT NULL"
    )
    assert workers is None or workers >= 1


def test_sigkill_mid_job_is_retried_and_stored_once(library: Callable[..., Library]) -> None:
    lib = library()
    n = 6
    with FeedServer() as srv:
        url = _feed_route(srv, "/slow.xml", _items(3, n), delay_s=6.0)
        lib.cli("feeds", "add", url)
        first = lib.worker()
        _wait(lambda: len(srv.hits("/slow.xml")) >= 1, 120, [first], "the poll to start")
        job = _one(lib.url, "SELECT id FROM procrastinate_jobs WHERE task_name = 'poll_feed'")
        assert _one(lib.url, "SELECT status::text FROM procrastinate_jobs WHERE id = %s", job) == "doing"
        first.send_signal(signal.SIGKILL)  # mid-job: the feed has not even answered yet
        first.wait(10)
        assert _one(lib.url, "SELECT COUNT(*) FROM articles") == 0
        second = lib.worker()
        _wait(
            lambda: (
                _one(lib.url, "SELECT status::text FROM procrastinate_jobs WHERE id = %s", job) == "succeeded"
            ),
            180,
            [second],
            "the stalled job to be retried and succeed",
        )
        _wait(lambda: _one(lib.url, "SELECT COUNT(*) FROM story_articles") == n, 180, [second], "grouping")
    starts = _one(
        lib.url, "SELECT COUNT(*) FROM procrastinate_events WHERE job_id = %s AND type = 'started'", job
    )
    assert starts == 2  # the killed attempt and the retry
    assert len(srv.hits("/slow.xml")) >= 2
    assert _one(lib.url, "SELECT COUNT(*) FROM articles") == n
    assert _one(lib.url, "SELECT COUNT(DISTINCT url) FROM articles") == n
    imported = _sql(
        lib.url,
        "SELECT article_id, COUNT(*) FROM ingest_items WHERE outcome = 'imported' GROUP BY article_id",
    )
    assert len(imported) == n and all(c == 1 for _a, c in imported)


def test_a_job_that_always_fails_backs_off_then_fails_with_its_reason(
    library: Callable[..., Library],
) -> None:
    lib = library()
    with FeedServer() as srv:
        url = _feed_route(srv, "/ok.xml", _items(4, 3))
        lib.cli("feeds", "add", url)
        lib.cli("worker", "--burst")  # set up the queue (and poll the feed once)
        poison = lib.defer("poll_feed", {"feed_id": 987654})  # a feed removed after the job was queued
        lib.cli("feeds", "add", _feed_route(srv, "/later.xml", _items(5, 3)))
        w = lib.worker("--max-attempts", "3", "--backoff", "2")
        _wait(
            lambda: (
                _one(lib.url, "SELECT status::text FROM procrastinate_jobs WHERE id = %s", poison) == "failed"
            ),
            120,
            [w],
            "the poison job to fail",
        )
        # the other work went on meanwhile: both feeds' articles are in
        _wait(lambda: _one(lib.url, "SELECT COUNT(*) FROM articles") == 6, 120, [w], "the other feed")
        out = lib.cli("jobs").stdout
    assert _one(lib.url, "SELECT attempts FROM procrastinate_jobs WHERE id = %s", poison) == 3
    errors = _sql(lib.url, "SELECT attempt, error FROM job_errors WHERE job_id = %s ORDER BY id", poison)
    assert [e[0] for e in errors] == [1, 2, 3]
    assert all("NotFoundError" in e[1] and "987654" in e[1] for e in errors)
    # exponential backoff: attempt 2 waited >= 2 s, attempt 3 >= 4 s (2**1, 2**2)
    starts = [
        r[0]
        for r in _sql(
            lib.url,
            "SELECT at FROM procrastinate_events WHERE job_id = %s AND type = 'started' ORDER BY at",
            poison,
        )
    ]
    assert len(starts) == 3
    gaps = [(starts[i + 1] - starts[i]).total_seconds() for i in range(2)]
    assert gaps[0] >= 2.0 and gaps[1] >= 4.0, gaps
    assert f"job {poison} poll_feed" in out and "after 3 attempts" in out and "987654" in out


def test_two_workers_never_poll_one_feed_at_once(library: Callable[..., Library]) -> None:
    lib = library()
    inflight: dict[str, Any] = {"lock": threading.Lock(), "now": 0, "max": 0, "hits": 0}
    with FeedServer() as srv:
        url = _feed_route(srv, "/one.xml", _items(6, 2), delay_s=1.0, inflight=inflight)
        lib.cli("feeds", "add", url)
        lib.cli("worker", "--burst")
        feed = lib.feed_ids()[0]
        hits0 = inflight["hits"]
        w1, w2 = lib.worker(), lib.worker()
        # keep asking for polls of the one feed while both workers are free to take them
        end = time.monotonic() + 60
        while inflight["hits"] < hits0 + 4 and time.monotonic() < end:
            lib.defer("poll_feed", {"feed_id": feed}, lock="host:127.0.0.1")
            lib.defer("poll_feed", {"feed_id": feed}, lock="host:127.0.0.1")
            time.sleep(0.3)
            for p in (w1, w2):
                assert p.poll() is None
    assert inflight["hits"] >= hits0 + 4
    assert inflight["max"] == 1  # never two polls of the feed at the same time
    polls = _one(
        lib.url,
        "SELECT COUNT(DISTINCT e.job_id) FROM procrastinate_events e"
        " JOIN procrastinate_jobs j ON j.id = e.job_id"
        " WHERE j.task_name = 'poll_feed' AND e.type = 'succeeded'",
    )
    assert polls >= 4


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except OSError:
        return 0


def test_dropped_connections_workers_and_web_reconnect(library: Callable[..., Library]) -> None:
    lib = library()
    port = _free_port()
    with FeedServer() as srv:
        lib.cli("feeds", "add", _feed_route(srv, "/before.xml", _items(7, 2)))
        w = lib.worker()
        web = lib.serve(port)
        base = f"http://127.0.0.1:{port}"
        _wait(lambda: _get(base + "/api/stories") == 200, 120, [w, web], "the web server")
        _wait(lambda: _one(lib.url, "SELECT COUNT(*) FROM articles") == 2, 120, [w, web], "the first poll")
        dbname = lib.url.rsplit("/", 1)[-1]
        killed = _sql(
            lib.url,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            dbname,
        )
        assert len(killed) >= 2  # the worker's and the web's connections
        # the web answers again (a dropped pooled connection is replaced)
        _wait(lambda: _get(base + "/api/stories") == 200, 60, [w, web], "the web after the drop")
        # the worker goes on: a new feed is polled and stored
        lib.cli("feeds", "add", _feed_route(srv, "/after.xml", _items(8, 3)))
        _wait(
            lambda: _one(lib.url, "SELECT COUNT(*) FROM articles") == 5,
            120,
            [w, web],
            "a poll after the drop",
        )
        assert w.poll() is None and web.poll() is None


def test_sources_page_and_api_show_the_queue(pg_url: str, tmp_path: Path) -> None:
    """The Sources page and /api/jobs show waiting and failed jobs with the reason (no worker
    needed: the queue is read from the database)."""
    from fastapi.testclient import TestClient

    from newsprism import Newsprism
    from newsprism.config import settings_from_mapping
    from newsprism.jobs import JobEngine
    from newsprism.storage._jobs import JobRows, JobToDefer
    from newsprism.web import create_app

    np = Newsprism(settings_from_mapping({}, {}, db=pg_url, data_dir=str(tmp_path / "d")))
    try:
        with TestClient(create_app(np)) as client:
            page = client.get("/sources")
            assert page.status_code == 200 and "No worker has started on this database yet" in page.text
            JobEngine(np).setup()
            rows = JobRows(np.store.db)
            rows.defer_jobs([JobToDefer("analyse_story", {"story_id": 7}, queue="analysis")])
            failed = rows.defer_jobs([JobToDefer("poll_feed", {"feed_id": 3}, queue="feeds")])[0]
            _sql(
                pg_url, "UPDATE procrastinate_jobs SET status = 'failed', attempts = 2 WHERE id = %s", failed
            )
            rows.record_job_error(failed, "poll_feed", 2, "FetchError: the host refused the connection")
            page = client.get("/sources")
            api = client.get("/api/jobs").json()
    finally:
        np.close()
    assert page.status_code == 200
    assert ">Jobs</h2>" in page.text and "1 waiting" in page.text and "1 failed" in page.text
    assert "the host refused the connection" in page.text
    assert api["depth"]["todo"] == 1 and api["failed"][0]["reason"].startswith("FetchError")
    assert api["failed"][0]["attempts"] == 2 and api["failed"][0]["task"] == "poll_feed"


def test_runtime_commands_have_help() -> None:
    """run, worker and serve live in the runtime (above the CLI); they are on the console
    script's app with help for every option, as tests/test_cli_help.py checks for the rest."""
    import typer

    from newsprism.runtime import cli_app

    root = typer.main.get_command(cli_app())
    for name in ("run", "worker", "serve", "jobs"):
        cmd = root.commands[name]  # type: ignore[attr-defined]
        assert (cmd.help or "").strip(), name
        for p in cmd.params:
            if getattr(p, "param_type_name", "") == "option" and p.name != "help":
                assert (p.help or "").strip(), f"{name} {p.opts[0]}"
    res = subprocess.run([*_command(), "worker", "--help"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "--concurrency" in res.stdout and "--queues" in res.stdout
