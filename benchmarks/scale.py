"""Benchmark the job engine: embedding and analysis throughput with 1 and 2 worker processes.

A PostgreSQL library is filled with fictional articles (events reported by several desks, as in
benchmarks/update.py), stored without grouping. Then, on a fresh copy of it for each run
(``CREATE DATABASE ... TEMPLATE``):

- **embedding**: one ``embed_batch`` job per 32 articles; N ``newsprism worker --queues embed
  --burst`` processes work them off;
- **grouping** (serial by design, the ceiling of the whole system): one in-process run over every
  article, timed, on the template;
- **analysis**: the ``analyse_story`` jobs of every story of two or more articles, 8 stories each
  as the group job defers them; N ``newsprism worker --queues analysis --burst`` processes.

A rate is counted from the first job's start to the last job's end (the queue's own event
times), so process start-up and model loading are not in it; the wall time with start-up is
printed too. The machine's load average is recorded before and after (a shared machine makes
these figures noisy).

    python benchmarks/scale.py [--events 120] [--desks 5] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
                               [--workers 1,2] [--json benchmarks/out/scale.json]

Goal: 2 workers >= 1.8x the throughput of one.

``--mode update`` runs the 500 feeds x 20 items update on PostgreSQL with ``--update-workers``
real worker processes instead (feeds from local HTTP servers; see ``scale_update.py``):

    python benchmarks/scale.py --mode update [--feeds 500] [--items 20] [--hosts 25] [--update-workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def _admin(admin: str, sql: str) -> None:
    import psycopg

    from newsprism.jobs import libpq_url

    with psycopg.connect(libpq_url(admin), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _url(admin: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    from newsprism.storage._dialect import normalise_url

    return make_url(normalise_url(admin)).set(database=name).render_as_string(hide_password=False)


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    from newsprism.jobs import libpq_url

    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]


def _command() -> list[str]:
    exe = shutil.which("newsprism", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "newsprism"]


def _fill(url: str, events: int, desks: int, tmp: Path) -> int:
    """Store ``events`` x ``desks`` fictional articles, ungrouped; how many."""
    from newsprism import Newsprism
    from newsprism.config import settings_from_mapping
    from update import _event_text, _vocabulary

    vocab = _vocabulary()
    path = tmp / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for e in range(events):
            for d in range(desks):
                title, text = _event_text(e, d, 220, vocab)
                f.write(
                    json.dumps(
                        {
                            "title": title,
                            "text": text,
                            "url": f"https://desk{d}.example/e{e}",
                            "source": f"desk{d}.example",
                        }
                    )
                    + "\n"
                )
    np = Newsprism(settings_from_mapping({}, {}, db=url, data_dir=str(tmp / "data")))
    try:
        report = np.import_paths([path], group=False)
        return len(report.imported_ids)
    finally:
        np.close()


def _engine_ready(url: str, tmp: Path) -> None:
    res = subprocess.run(
        [*_command(), "--db", url, "worker", "--burst", "--queues", "none"],
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSPRISM_DATA_DIR": str(tmp / "data")},
    )
    if res.returncode != 0:
        raise SystemExit(res.stderr[-2000:])


def _defer(url: str, jobs: list[Any]) -> None:
    from newsprism.storage import Store
    from newsprism.storage._jobs import JobRows

    store = Store(url)
    try:
        JobRows(store.db).defer_jobs(jobs)
    finally:
        store.close()


def _work(url: str, queue: str, n: int, tmp: Path) -> dict[str, Any]:
    """Run ``n`` burst workers on ``queue``; the queue's own timing of its jobs."""
    env = {**os.environ, "NEWSPRISM_DATA_DIR": str(tmp / "data")}
    import resource

    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [*_command(), "--db", url, "worker", "--burst", "--queues", queue],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(n)
    ]
    for p in procs:
        p.wait()
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    bad = [p.stderr.read().decode()[-1500:] for p in procs if p.returncode != 0 and p.stderr]
    if bad:
        raise SystemExit(f"a worker failed: {bad[0]}")
    ((first, last, done, failed),) = _rows(
        url,
        "SELECT MIN(s.at), MAX(f.at), COUNT(*) FILTER (WHERE j.status = 'succeeded'),"
        " COUNT(*) FILTER (WHERE j.status <> 'succeeded') FROM procrastinate_jobs j"
        " JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started'"
        " JOIN procrastinate_events f ON f.job_id = j.id AND f.type IN ('succeeded', 'failed')"
        f" WHERE j.queue_name = '{queue}'",
    )
    span = (last - first).total_seconds()
    return {
        "workers": n,
        "jobs": int(done),
        "failed": int(failed),
        "seconds": round(span, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=120)
    ap.add_argument("--desks", type=int, default=5)
    ap.add_argument(
        "--pg", default=os.environ.get("NEWSPRISM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--mode", choices=("throughput", "update"), default="throughput")
    ap.add_argument("--feeds", type=int, default=500, help="--mode update: feeds")
    ap.add_argument("--items", type=int, default=20, help="--mode update: items per feed")
    ap.add_argument("--hosts", type=int, default=25, help="--mode update: loopback hosts serving them")
    ap.add_argument("--words", type=int, default=150, help="--mode update: words per item")
    ap.add_argument("--update-workers", type=int, default=2, help="--mode update: worker processes")
    ap.add_argument("--timeout", type=float, default=3600.0, help="--mode update: give up after (s)")
    args = ap.parse_args()
    if args.mode == "update":
        from scale_update import dump, run_update

        dump(
            run_update(
                args, lambda sql: _admin(args.pg, sql), lambda name: _url(args.pg, name), _rows, _command()
            ),
            args.json,
        )
        return

    counts = [int(x) for x in args.workers.split(",")]
    load0 = os.getloadavg()
    made: list[str] = []
    out: dict[str, Any] = {
        "events": args.events,
        "desks": args.desks,
        "load_before": [round(x, 2) for x in load0],
    }
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        base = f"np_scale_{secrets.token_hex(4)}"
        try:
            _admin(args.pg, f'CREATE DATABASE "{base}"')
            made.append(base)
            url = _url(args.pg, base)
            t = time.perf_counter()
            n = _fill(url, args.events, args.desks, tmp)
            out["articles"] = n
            print(f"stored {n} articles in {time.perf_counter() - t:.1f}s", flush=True)
            _engine_ready(url, tmp)
            ids = [int(r[0]) for r in _rows(url, "SELECT id FROM articles ORDER BY id")]

            # embedding, on a copy per run
            out["embed"] = []
            for k in counts:
                name = f"{base}_e{k}"
                _admin(args.pg, f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
                made.append(name)
                u = _url(args.pg, name)
                _defer(u, _embed_jobs(u, ids))
                r = _work(u, "embed", k, tmp)
                r["articles_per_s"] = round(n / r["seconds"], 2) if r["seconds"] else None
                out["embed"].append(r)
                print(
                    f"embedding, {k} worker(s): {n} articles in {r['seconds']}s ="
                    f" {r['articles_per_s']} articles/s (wall with start-up {r['wall_s']}s,"
                    f" CPU {r['cpu_s']}s with start-up)",
                    flush=True,
                )

            # grouping: serial, in-process, on the template (its embeddings computed here too)
            from newsprism import Newsprism
            from newsprism.config import settings_from_mapping

            np = Newsprism(settings_from_mapping({}, {}, db=url, data_dir=str(tmp / "data")))
            try:
                t = time.perf_counter()
                np.grouper.prepare(ids)
                t_embed = time.perf_counter() - t
                t = time.perf_counter()
                np.group(ids)
                t_group = time.perf_counter() - t
                sizes = np.store.story_sizes([s.id for s in np.stories(100000)])
                multi = [s for s, (m, _l) in sizes.items() if m >= 2]
            finally:
                np.close()
            out["group"] = {
                "articles": n,
                "seconds": round(t_group, 2),
                "articles_per_s": round(n / t_group, 2),
                "stories": len(sizes),
                "multi": len(multi),
                "embed_in_process_s": round(t_embed, 2),
            }
            print(
                f"grouping (serial): {n} articles in {t_group:.1f}s = {n / t_group:.1f} articles/s;"
                f" {len(sizes)} stories, {len(multi)} with 2+ articles",
                flush=True,
            )

            # analysis, on a copy per run of the grouped template
            out["analyse"] = []
            for k in counts:
                name = f"{base}_a{k}"
                _admin(args.pg, f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
                made.append(name)
                u = _url(args.pg, name)
                _defer(u, _analyse_jobs(u, multi))
                r = _work(u, "analysis", k, tmp)
                r["stories_per_s"] = round(len(multi) / r["seconds"], 3) if r["seconds"] else None
                out["analyse"].append(r)
                print(
                    f"analysis, {k} worker(s): {len(multi)} stories in {r['seconds']}s ="
                    f" {r['stories_per_s']} stories/s (wall with start-up {r['wall_s']}s,"
                    f" CPU {r['cpu_s']}s with start-up)",
                    flush=True,
                )
        finally:
            for name in reversed(made):
                _admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for key, rate in (("embed", "articles_per_s"), ("analyse", "stories_per_s")):
        runs = {r["workers"]: r[rate] for r in out[key]}
        if 1 in runs and 2 in runs and runs[1]:
            out[f"{key}_speedup_2_vs_1"] = round(runs[2] / runs[1], 2)
            print(f"{key}: 2 workers = {runs[2] / runs[1]:.2f}x one (goal >= 1.8x)")
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average before {out['load_before']}, after {out['load_after']} (2 cores, shared machine)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")


def _embed_jobs(url: str, ids: list[int]) -> list[Any]:
    from newsprism.storage._jobs import JobToDefer

    return [
        JobToDefer("embed_batch", {"article_ids": ids[k : k + 32]}, queue="embed")
        for k in range(0, len(ids), 32)
    ]


def _analyse_jobs(url: str, stories: list[int]) -> list[Any]:
    from newsprism.jobs import JobOptions

    # the jobs newsprism's group job defers: JobOptions.analyse_batch stories each
    from newsprism.storage._jobs import JobToDefer

    n = JobOptions().analyse_batch
    return [
        JobToDefer("analyse_story", {"story_ids": stories[k : k + n]}, queue="analysis")
        for k in range(0, len(stories), n)
    ]


if __name__ == "__main__":
    main()
