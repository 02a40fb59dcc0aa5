"""benchmarks/scale.py --mode update: the 500 feeds x 20 items update on PostgreSQL, done by real
``newsprism worker`` processes.

The feeds are the ones ``benchmarks/update.py`` serves (the same fictional items, from real HTTP
servers on 127.0.0.1 .. 127.0.0.<hosts> in a child process). A throwaway PostgreSQL database gets
the feeds; then N ``newsprism worker`` processes start at once and do everything a deployment's
workers do: the first claims every due feed (``schedule``), polls fetch and store them, embedding
jobs prepare the new articles, the serial ``group`` job places them, ``analyse_story`` jobs
analyse every story of two or more articles. The clock runs from the workers' launch (their
start-up and model loading included) until the queues are empty and every story with two or more
articles has a current analysis (checked through the analyser's own signatures, not the queue).

Printed: the time until every story is analysed (against the in-process path's 570 s,
benchmarks/update.py on SQLite, 2026-11-22, quiet machine), the span of the queue's own job
events, the CPU of the worker processes and of the PostgreSQL backends serving them (sampled
from /proc every second), the time and count per task, and the load average before and after.

    python benchmarks/scale.py --mode update [--feeds 500] [--items 20] [--hosts 25] [--workers 2]
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

IN_PROCESS_S = 570.0  # benchmarks/update.py, SQLite, one process: every story analysed (session 3)
WORK_QUEUES = "('feeds', 'pages', 'embed', 'group', 'analysis')"


def _cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a live process (Linux /proc), None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _CpuSampler:
    """The CPU seconds of a changing set of processes: the last value seen per pid."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}

    def sample(self, pids: list[int]) -> None:
        for pid in pids:
            c = _cpu_s(pid)
            if c is not None:
                self.seen[pid] = max(c, self.seen.get(pid, 0.0))

    @property
    def total(self) -> float:
        return sum(self.seen.values())


def _config(tmp: Path) -> Path:
    cfg = tmp / "newsprism.toml"
    cfg.write_text(
        "[fetch]\n"
        'allowed_hosts = ["127.0.0.0/8"]\n'
        "politeness_delay_s = 0\n"
        "concurrency = 16\n"
        "per_host_concurrency = 2\n"
        "retries = 1\n",
        encoding="utf-8",
    )
    return cfg


def _all_analysed(url: str, tmp: Path) -> tuple[int, int, int, list[int]]:
    """(articles, stories, stories with 2+ articles, those whose analysis is missing or stale),
    judged by the analyser's signatures (no model is loaded)."""
    from newsprism import Newsprism
    from newsprism.config import settings_from_mapping

    np = Newsprism(settings_from_mapping({}, {}, db=url, data_dir=str(tmp / "data")))
    try:
        n_articles = np.store.count_articles()
        stories = np.stories(1_000_000)
        multi = [s.id for s in stories if len(s.article_ids) >= 2]
        stale = np.analyzer().stale(np.store, multi) if multi else []
        return n_articles, len(stories), len(multi), list(stale)
    finally:
        np.close()


def run_update(args: Any, admin: Any, url_of: Any, rows: Any, command: list[str]) -> dict[str, Any]:
    """The update benchmark; returns its figures (also printed)."""
    from update import _serve

    out: dict[str, Any] = {
        "mode": "update",
        "feeds": args.feeds,
        "items_per_feed": args.items,
        "hosts": args.hosts,
        "workers": args.update_workers,
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }
    ctx = mp.get_context("spawn")
    q_out, q_in = ctx.Queue(), ctx.Queue()
    server = ctx.Process(
        target=_serve, args=(args.feeds, args.items, args.hosts, args.words, q_out, q_in), daemon=True
    )
    server.start()
    db = f"np_scaleupd_{os.getpid()}_{int(time.time())}"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        feed_urls = q_out.get(timeout=600)
        admin(f'CREATE DATABASE "{db}"')
        url = url_of(db)
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            from newsprism import Newsprism
            from newsprism.config import settings_from_mapping

            np = Newsprism(settings_from_mapping({}, {}, db=url, data_dir=str(tmp / "data")))
            try:
                for u in feed_urls:
                    np.store.add_feed(u)
            finally:
                np.close()
            env = {
                **os.environ,
                "NEWSPRISM_CONFIG": str(_config(tmp)),
                "NEWSPRISM_DB": url,
                "NEWSPRISM_DATA_DIR": str(tmp / "data"),
            }
            logs = [(tmp / f"worker{k}.log").open("wb") for k in range(args.update_workers)]
            workers_cpu, pg_cpu = _CpuSampler(), _CpuSampler()
            t0 = time.perf_counter()
            for k in range(args.update_workers):
                procs.append(
                    subprocess.Popen(
                        [*command, "worker", "--name", f"bench-{k}"],
                        env=env,
                        stdout=logs[k],
                        stderr=subprocess.STDOUT,
                    )
                )
            done_at: float | None = None
            polls_expected = args.feeds
            last_check = 0.0
            while done_at is None:
                time.sleep(1.0)
                workers_cpu.sample([p.pid for p in procs])
                pg_cpu.sample(
                    [int(r[0]) for r in rows(url, f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'")]
                )
                for k, p in enumerate(procs):
                    if p.poll() is not None:
                        log = (tmp / f"worker{k}.log").read_text()[-3000:]
                        raise SystemExit(f"worker {k} exited ({p.returncode}): {log}")
                if time.perf_counter() - t0 > args.timeout:
                    raise SystemExit(f"not done after {args.timeout:.0f} s")
                try:
                    ((waiting, polls),) = rows(
                        url,
                        "SELECT COUNT(*) FILTER (WHERE status IN ('todo', 'doing') AND queue_name IN"
                        f" {WORK_QUEUES}), COUNT(*) FILTER (WHERE task_name = 'poll_feed'"
                        " AND status IN ('succeeded', 'failed')) FROM procrastinate_jobs",
                    )
                except Exception:  # the first worker has not made the queue's tables yet
                    continue
                if waiting or polls < polls_expected or time.perf_counter() - last_check < 5:
                    continue
                at = time.perf_counter() - t0
                last_check = time.perf_counter()
                n_articles, n_stories, n_multi, stale = _all_analysed(url, tmp)
                if not stale:
                    done_at = at
                else:
                    print(
                        f"  queues empty at {at:.0f} s but {len(stale)} stories not analysed yet", flush=True
                    )
            workers_cpu.sample([p.pid for p in procs])
            for p in procs:
                p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(10)
            for f in logs:
                f.close()
            out.update(_queue_figures(url, rows))
            out.update(
                articles=n_articles,
                stories=n_stories,
                stories_2plus=n_multi,
                all_analysed_s=round(done_at, 1),
                in_process_s=IN_PROCESS_S,
                speedup_vs_in_process=round(IN_PROCESS_S / done_at, 2)
                if args.feeds * args.items == 10_000
                else None,
                workers_cpu_s=round(workers_cpu.total, 1),
                postgres_cpu_s=round(pg_cpu.total, 1),
            )
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
        q_in.put(None)
        server.join(10)
        if server.is_alive():
            server.terminate()
        admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    _print(out)
    return out


def _queue_figures(url: str, rows: Any) -> dict[str, Any]:
    """Per task: jobs, failed attempts, summed and longest run time (the queue's own events); and
    the span from the first job's start to the last job's end."""
    per = rows(
        url,
        "SELECT j.task_name, COUNT(DISTINCT j.id), COUNT(*) FILTER (WHERE f.type <> 'succeeded'),"
        " COALESCE(SUM(EXTRACT(EPOCH FROM f.at - s.at)), 0),"
        " COALESCE(MAX(EXTRACT(EPOCH FROM f.at - s.at)), 0)"
        " FROM procrastinate_jobs j"
        " JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started'"
        " JOIN LATERAL (SELECT e.type, e.at FROM procrastinate_events e WHERE e.job_id = j.id"
        "   AND e.at >= s.at AND e.type IN ('succeeded', 'failed', 'deferred_for_retry')"
        "   ORDER BY e.at LIMIT 1) f ON true"
        f" WHERE j.queue_name IN {WORK_QUEUES} GROUP BY j.task_name ORDER BY j.task_name",
    )
    ((first, last),) = rows(
        url,
        "SELECT MIN(s.at), MAX(f.at) FROM procrastinate_jobs j"
        " JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started'"
        " JOIN procrastinate_events f ON f.job_id = j.id AND f.type IN ('succeeded', 'failed')"
        f" WHERE j.queue_name IN {WORK_QUEUES}",
    )
    tasks = {
        str(t): {
            "jobs": int(n),
            "failed_attempts": int(bad),
            "seconds": round(float(s), 1),
            "longest_s": round(float(m), 2),
        }
        for t, n, bad, s, m in per
    }
    span = (last - first).total_seconds() if first and last else 0.0
    return {"tasks": tasks, "queue_span_s": round(span, 1)}


def _print(out: dict[str, Any]) -> None:
    print(
        f"update on PostgreSQL, {out['workers']} worker process(es): {out['feeds']} feeds x"
        f" {out['items_per_feed']} items -> {out['articles']} articles, {out['stories']} stories,"
        f" {out['stories_2plus']} with 2+ articles"
    )
    for task, t in out["tasks"].items():
        print(
            f"  {task:14s} {t['jobs']:6d} jobs  {t['seconds']:8.1f} s in jobs  longest {t['longest_s']:.2f} s"
            f"  failed attempts {t['failed_attempts']}"
        )
    vs = (
        f" (in-process on SQLite: {out['in_process_s']:.0f} s = {out['speedup_vs_in_process']}x)"
        if out.get("speedup_vs_in_process")
        else f" (the in-process figure, {out['in_process_s']:.0f} s, is for 500 x 20)"
    )
    print(
        f"every story analysed {out['all_analysed_s']:.1f} s after the workers started{vs};"
        f" first job start to last job end {out['queue_span_s']} s"
    )
    print(
        f"CPU: workers {out['workers_cpu_s']} s (start-up and model loading included),"
        f" PostgreSQL backends {out['postgres_cpu_s']} s (sampled each second)"
    )
    print(f"load average before {out['load_before']}, after {out['load_after']} ({os.cpu_count()} cores)")


def dump(out: dict[str, Any], path: Path | None) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out, indent=2, default=str) + "\n")
