"""Web latency: p50/p95 of the front page and a story page under 20 concurrent clients.

    python benchmarks/web.py                      # 100,000 articles, 20 clients
    python benchmarks/web.py --articles 20000 --requests 400
    python benchmarks/web.py --json benchmarks/out/web.json

Builds a database of synthetic FICTIONAL articles (random words from a fixed vocabulary; invented
``benchNN.com`` outlets with leans set as config overrides), groups them into stories of 1-12
articles through the Store (``save_stories``; the grouping model itself is benchmarked in
``benchmarks/grouping.py``), starts a real uvicorn server in a child process and drives it with
``--clients`` concurrent HTTP clients. The first request of each page (cold: ranking all stories,
analysing the story) is reported apart; the figures are for the warm, cached state, as a reader
sees it. Goal: p95 < 100 ms (SQLite, one process).

On PostgreSQL with two web processes (issue 16; seeding with COPY, see ``web_pg.py``), goal p95 <
50 ms:

    python benchmarks/web.py --database-url postgresql://postgres@127.0.0.1:5432/postgres --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from _synthetic import VOCAB  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

if TYPE_CHECKING:
    from newsprism.models import ArticleDraft
    from newsprism.storage._stories import StoryRow

PLACES = [
    "Arnvale",
    "Brisk",
    "Corrow",
    "Dunfell",
    "Elmstead",
    "Farrow",
    "Glenmoor",
    "Halden",
    "Istra",
    "Jorvik",
    "Kelmar",
    "Lisbet",
]
LEANS = ["left", "lean left", "center", "lean right", "right", None]
N_OUTLETS = 60


def outlet_leans() -> dict[str, dict[str, str]]:
    out = {}
    for i in range(N_OUTLETS):
        lean = LEANS[i % len(LEANS)]
        if lean:
            out[f"bench{i:02d}.com"] = {"lean": lean, "name": f"Bench Outlet {i:02d}"}
    return out


def drafts(
    n_articles: int, seed: int = 11, batch_size: int = 5000
) -> Iterator[list[tuple[ArticleDraft, int]]]:
    """The fictional articles, in batches of whole stories: (draft, story number)."""
    from newsprism.models import ArticleDraft

    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made, story_no = 0, 0
    batch: list[tuple[ArticleDraft, int]] = []
    while made < n_articles:
        size = min(n_articles - made, rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12]))
        when = start + timedelta(minutes=story_no * 4 * 100_000 // max(n_articles, 1))
        place = rng.choice(PLACES)
        topic = " ".join(rng.choices(VOCAB, k=5))
        outlets = rng.sample(range(N_OUTLETS), size)
        for k in range(size):
            words = rng.choices(VOCAB, k=140)
            text = f"{place.upper()} — " + " ".join(words) + f". Story {story_no} article {k}."
            title = f"{place} {topic} ({story_no}.{k})"
            draft = ArticleDraft(
                title=title,
                text=text,
                url=f"https://www.bench{outlets[k]:02d}.com/{story_no}/{k}",
                published_at=when + timedelta(minutes=7 * k),
                outlet_domain=f"bench{outlets[k]:02d}.com",
                outlet_name=f"Bench Outlet {outlets[k]:02d}",
                source_kind="json",
                source_ref=f"bench:{story_no}:{k}",
            )
            batch.append((draft, story_no))
        made += size
        story_no += 1
        if len(batch) >= batch_size or made >= n_articles:
            yield batch
            batch = []


def story_rows(batch: list[tuple[ArticleDraft, int]], ids: list[int]) -> list[StoryRow]:
    """One story row per story of ``batch`` (``ids``: the stored article ids, in batch order)."""
    from newsprism.storage._stories import StoryRow

    members: dict[int, list[int]] = {}
    first: dict[int, ArticleDraft] = {}
    for (draft, sno), aid in zip(batch, ids, strict=True):
        members.setdefault(sno, []).append(aid)
        first.setdefault(sno, draft)
    rows = []
    for sno, arts in members.items():
        d0 = first[sno]
        t = d0.published_at or datetime(2026, 1, 1, tzinfo=UTC)
        rows.append(
            StoryRow(
                None,
                d0.title,
                t,
                t + timedelta(minutes=7 * (len(arts) - 1)),
                0.0,
                0.0,
                0.0,
                0.0,
                tuple((a, None, None) for a in arts),
            )
        )
    return rows


def build(db: Path, n_articles: int, seed: int = 11) -> tuple[int, float]:
    """Write ``n_articles`` fictional articles grouped into stories; return (stories, seconds)."""
    from newsprism import Newsprism
    from newsprism.config import settings_from_mapping

    t0 = time.perf_counter()
    np = Newsprism(settings_from_mapping({"outlets": outlet_leans()}, db=str(db)))
    for batch in drafts(n_articles, seed):
        with np.store.db.write("bench insert") as conn:
            ids = [
                np.store.insert_article(conn, d, hashlib.sha256(d.text.encode()).hexdigest()).article_id
                for d, _ in batch
            ]
        np.store.save_stories(story_rows(batch, ids))
    n_stories = len(np.store.story_digests())
    np.close()
    return n_stories, time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import sys
sys.path.insert(0, {src!r})
from newsprism import Newsprism
from newsprism.config import settings_from_mapping
from newsprism.web import serve
np = Newsprism(settings_from_mapping({{"outlets": {outlets!r}}}, db={db!r}))
serve(np, "127.0.0.1", {port}, warm=0)
"""


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status code.

    A minimal client (no parsing beyond status and Content-Length) so that the load generator,
    which shares the machine with the server, costs as little CPU as possible.
    """
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def drive(url: str, clients: int, requests: int) -> list[float]:
    """``clients`` concurrent keep-alive connections share ``requests`` GETs of ``url``."""
    from urllib.parse import urlsplit

    u = urlsplit(url)
    host, port = u.hostname or "127.0.0.1", u.port or 80
    path = u.path + (f"?{u.query}" if u.query else "")
    times: list[float] = []
    left = requests

    async def worker() -> None:
        nonlocal left
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while left > 0:
                left -= 1
                t = time.perf_counter()
                status = await _get(reader, writer, f"{host}:{port}", path)
                times.append(time.perf_counter() - t)
                if status != 200:
                    raise RuntimeError(f"{url}: HTTP {status}")
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return times


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to report cost per request."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=1000, help="requests per page")
    ap.add_argument("--db", type=Path, help="reuse (or create) this database instead of a temporary one")
    ap.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgresql://user@host:port/db): seed a throwaway database there",
    )
    ap.add_argument("--workers", type=int, default=1, help="web processes (newsprism serve --workers N)")
    ap.add_argument("--goal-ms", type=float, help="p95 goal (default: 50 on PostgreSQL, 100 on SQLite)")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()

    import contextlib
    import os

    import httpx

    from web_pg import build_pg, server_cpu, start_server, throwaway_database

    goal = args.goal_ms or (50.0 if args.database_url else 100.0)
    load0 = [round(x, 2) for x in os.getloadavg()]
    tmp = Path(tempfile.mkdtemp(prefix="newsprism-web-bench-"))
    built_s = 0.0
    with contextlib.ExitStack() as stack:
        if args.database_url:
            db = stack.enter_context(throwaway_database(args.database_url))
            print(
                f"building {args.articles:,} fictional articles in a throwaway PostgreSQL database ...",
                flush=True,
            )
            n_stories, built_s = build_pg(db, args.articles)
            print(f"  {n_stories:,} stories in {built_s:.0f} s", flush=True)
        else:
            path = args.db or tmp / "bench.db"
            db = str(path)
            if not path.exists():
                print(f"building {args.articles:,} fictional articles in {path} ...", flush=True)
                n_stories, built_s = build(path, args.articles)
                print(f"  {n_stories:,} stories in {built_s:.0f} s", flush=True)
        port = free_port()
        if args.workers > 1:
            proc = start_server(db, port, args.workers, tmp)
        else:
            code = SERVER.format(src=str(REPO / "src"), outlets=outlet_leans(), db=db, port=port)
            proc = subprocess.Popen([sys.executable, "-c", code])
        pg = db if args.database_url else None
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1200):
                try:
                    httpx.get(base + "/static/style.css", timeout=60)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            t = time.perf_counter()
            stories = httpx.get(base + "/api/stories?limit=1", timeout=120).json()
            cold_front = time.perf_counter() - t
            top = stories["stories"][0]
            t = time.perf_counter()
            # ?wait=1: the whole page, its analysis computed (a plain first view comes at once with a
            # placeholder that fetches the analysis; measured without it, every view was that)
            httpx.get(f"{base}/story/{top['id']}?wait=1", timeout=300).raise_for_status()
            cold_story = time.perf_counter() - t
            n_stories = stories["total"]
            results = {}
            for name, path_ in (("front", "/"), ("story", f"/story/{top['id']}")):
                asyncio.run(drive(base + path_, args.clients, 40 * args.workers))  # warm up every process
                t, cpu = time.perf_counter(), server_cpu(proc.pid, pg)
                times = asyncio.run(drive(base + path_, args.clients, args.requests))
                wall, cpu = time.perf_counter() - t, server_cpu(proc.pid, pg) - cpu
                results[name] = {
                    "p50_ms": round(1000 * statistics.median(times), 1),
                    "p95_ms": round(1000 * pct(times, 95), 1),
                    "max_ms": round(1000 * max(times), 1),
                    "requests": len(times),
                    "rps": round(len(times) / wall, 1),
                    "server_cpu_ms_per_request": round(1000 * cpu / len(times), 2),
                }
        finally:
            proc.terminate()
            proc.wait(30)
    out = {
        "backend": "postgresql" if args.database_url else "sqlite",
        "web_processes": args.workers,
        "articles": args.articles,
        "stories": n_stories,
        "story_page_articles": top["n_articles"],
        "clients": args.clients,
        "build_s": round(built_s, 1),
        "cold_front_ms": round(1000 * cold_front, 1),
        "cold_story_ms": round(1000 * cold_story, 1),
        "front": results["front"],
        "story": results["story"],
        "goal_p95_ms": goal,
        "meets_goal": all(r["p95_ms"] < goal for r in results.values()),
        "load_before": load0,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(
        f"{out['backend']}, {args.workers} web process(es): {args.articles:,} articles,"
        f" {n_stories:,} stories, {args.clients} concurrent clients"
    )
    print(f"cold (first request): front page {out['cold_front_ms']} ms, story page {out['cold_story_ms']} ms")
    for name in ("front", "story"):
        r = results[name]
        print(
            f"{name:6s} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  max {r['max_ms']:6.1f} ms"
            f"  {r['rps']:6.1f} req/s over {r['requests']} requests"
        )
    cpu_front = results["front"]["server_cpu_ms_per_request"]
    cpu_story = results["story"]["server_cpu_ms_per_request"]
    where = " (web processes + PostgreSQL backends)" if args.database_url else ""
    print(f"server CPU per request{where}: front {cpu_front:.2f} ms, story {cpu_story:.2f} ms")
    print(f"load average before {out['load_before']}, after {out['load_after']} on {out['cpus']} CPUs")
    print(f"goal p95 < {goal:.0f} ms:", "met" if out["meets_goal"] else "NOT met")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
