"""benchmarks/web.py on PostgreSQL and with several web processes.

``--database-url postgresql://...`` names a server (and a database there to connect as admin):
the benchmark creates a throwaway database on it, seeds it with COPY (articles, whose
``tsvector`` column PostgreSQL generates, stories and members: the rows ``Store.save_stories``
would write, ids from the tables' own sequences) and drops it at the end. ``--workers N`` serves
with ``newsprism serve --workers N`` (N uvicorn processes sharing the port), on either backend.
The server's CPU is the sum over the process tree and, on PostgreSQL, the database backends that
serve it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from web import drafts, outlet_leans, story_rows

COLUMNS = (
    "url, outlet_id, title, authors, published_at, published_offset, fetched_at, text, content_hash,"
    " source_kind, source_ref"
)


def _libpq(url: str) -> str:
    from newsprism.jobs import libpq_url

    return libpq_url(url)


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    from newsprism.storage._dialect import normalise_url

    return make_url(normalise_url(url)).set(database=name).render_as_string(hide_password=False)


@contextmanager
def throwaway_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on ``admin_url``'s server (its URL), dropped afterwards."""
    import psycopg

    name = f"np_webbench_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        yield _with_database(admin_url, name)
    finally:
        with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def build_pg(url: str, n_articles: int, seed: int = 11) -> tuple[int, float]:
    """The same fictional library as ``web.build``, written with COPY; (stories, seconds)."""
    import psycopg

    from newsprism import Newsprism
    from newsprism.config import settings_from_mapping
    from newsprism.storage._rows import offset_minutes, to_db_time

    t0 = time.perf_counter()
    np = Newsprism(settings_from_mapping({"outlets": outlet_leans()}, {}, db=url))  # migrates
    try:
        outlets: dict[str, int] = {}
        fetched = to_db_time(np.clock())
        with psycopg.connect(_libpq(url)) as raw:
            for batch in drafts(n_articles, seed):
                missing = {d.outlet_domain: d.outlet_name for d, _ in batch if d.outlet_domain not in outlets}
                if missing:
                    with np.store.db.write("bench outlets") as conn:
                        for domain, name in missing.items():
                            outlets[str(domain)] = np.store.outlet_id(conn, str(domain), name)
                with raw.cursor() as cur:
                    with cur.copy(f"COPY articles ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[arg-type]
                        for d, _ in batch:
                            copy.write_row(
                                (
                                    d.url,
                                    outlets[str(d.outlet_domain)],
                                    d.title,
                                    "[]",
                                    to_db_time(d.published_at),
                                    offset_minutes(d.published_at),
                                    fetched,
                                    d.text,
                                    hashlib.sha256(d.text.encode()).hexdigest(),
                                    d.source_kind,
                                    d.source_ref,
                                )
                            )
                    refs = [d.source_ref for d, _ in batch]
                    cur.execute("SELECT source_ref, id FROM articles WHERE source_ref = ANY(%s)", (refs,))
                    by_ref = {str(r): int(i) for r, i in cur.fetchall()}
                    _copy_stories(cur, story_rows(batch, [by_ref[str(r)] for r in refs]), fetched)
                raw.commit()
        with psycopg.connect(_libpq(url), autocommit=True) as raw:
            raw.execute("ANALYZE")  # planner statistics, as autovacuum would gather them soon
        n_stories = np.store.count_stories()
    finally:
        np.close()
    return n_stories, time.perf_counter() - t0


def _copy_stories(cur: Any, rows: list[Any], now: str) -> None:
    """The stories and their members, with COPY: what ``Store.save_stories`` writes for new
    stories (ids from the table's own sequence)."""
    from newsprism.storage._rows import to_db_time

    cur.execute(
        "SELECT nextval(pg_get_serial_sequence('stories', 'id')) FROM generate_series(1, %s)", (len(rows),)
    )
    ids = [int(r[0]) for r in cur.fetchall()]
    with cur.copy(
        "COPY stories (id, title, first_seen, last_updated, first_day, last_day, first_fetched,"
        " last_fetched) FROM STDIN"
    ) as copy:
        for sid, row in zip(ids, rows, strict=True):
            copy.write_row(
                (
                    sid,
                    row.title[:500],
                    to_db_time(row.first_seen),
                    to_db_time(row.last_updated),
                    row.first_day,
                    row.last_day,
                    row.first_fetched,
                    row.last_fetched,
                )
            )
    with cur.copy(
        "COPY story_articles (story_id, article_id, added_at, score, nearest_id) FROM STDIN"
    ) as copy:
        for sid, row in zip(ids, rows, strict=True):
            for aid, score, nearest in row.members:
                copy.write_row((sid, aid, now, score, nearest))


def start_server(db: str, port: int, workers: int, tmp: Path) -> subprocess.Popen[bytes]:
    """``newsprism serve --workers N`` on ``db`` with the bench outlets' leans as its config."""
    cfg = tmp / "newsprism.toml"
    lines = []
    for domain, o in outlet_leans().items():
        lines += [f'[outlets."{domain}"]', f'lean = "{o["lean"]}"', f'name = "{o["name"]}"', ""]
    cfg.write_text("\n".join(lines), encoding="utf-8")
    env = {
        **os.environ,
        "NEWSPRISM_DB": db,
        "NEWSPRISM_CONFIG": str(cfg),
        "NEWSPRISM_DATA_DIR": str(tmp / "data"),
    }
    cmd = [sys.executable, "-m", "newsprism", "serve", "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(cmd, env=env)


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo += [int(k) for k in kids]
    return out


def server_cpu(pid: int, db_url: str | None) -> float:
    """CPU seconds so far of the server's process tree and (PostgreSQL) its database backends."""
    total = sum(_cpu(p) for p in _tree(pid))
    if db_url and db_url.startswith("postgres"):
        import psycopg
        from sqlalchemy.engine import make_url

        name = make_url(db_url).database
        with psycopg.connect(_libpq(db_url), autocommit=True) as conn:
            rows: list[Any] = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
            ).fetchall()
        total += sum(_cpu(int(r[0])) for r in rows)
    return total
