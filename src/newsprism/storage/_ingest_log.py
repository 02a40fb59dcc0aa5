"""The log of ingest runs and of each item's outcome, and who owns a run.

A run records the process that runs it (host, pid). The run stays *owned* after it finishes
until its articles are grouped (:meth:`IngestLogMixin.release_runs`), so a later start can find
what a killed process stored and left ungrouped (:meth:`IngestLogMixin.claim_orphaned_runs`):
runs whose owner is gone. Runs killed mid-way are closed as "interrupted".
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..models import ItemResult
from ._engine import Database
from ._rows import to_db_time


class IngestLogMixin:
    db: Database

    def now(self) -> datetime:
        raise NotImplementedError

    def start_run(self, kind: str) -> int:
        host, pid = process_identity()
        with self.db.write("start ingest run") as conn:
            return self.db.dialect.insert_id(
                conn,
                "INSERT INTO ingest_runs (kind, started_at, owner_host, owner_pid) VALUES (:k, :t, :h, :p)",
                {"k": kind, "t": to_db_time(self.now()), "h": host, "p": pid},
            )

    def record_item(self, conn: Connection, run_id: int, item: ItemResult) -> None:
        conn.execute(
            text(
                "INSERT INTO ingest_items (run_id, ref, outcome, reason, article_id, at)"
                " VALUES (:r, :ref, :o, :reason, :a, :t)"
            ),
            {
                "r": run_id,
                "ref": item.ref[:2000],
                "o": item.outcome.value,
                "reason": item.reason,
                "a": item.article_id,
                "t": to_db_time(self.now()),
            },
        )

    def finish_run(self, run_id: int, status: str = "done") -> None:
        with self.db.write("finish ingest run") as conn:
            conn.execute(
                text("UPDATE ingest_runs SET finished_at = :t, status = :s WHERE id = :i"),
                {"t": to_db_time(self.now()), "s": status, "i": run_id},
            )

    def list_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.db.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT r.id, r.kind, r.started_at, r.finished_at, r.status,"
                    f" {_count_outcome('imported')}, {_count_outcome('duplicate')},"
                    f" {_count_outcome('skipped')}, {_count_outcome('failed')}"
                    " FROM ingest_runs r LEFT JOIN ingest_items i ON i.run_id = r.id"
                    " GROUP BY r.id ORDER BY r.id DESC LIMIT :l"
                ),
                {"l": limit},
            ).mappings()
            return [dict(r) for r in rows]

    # -- recovery after a crash ------------------------------------------------------------
    def release_runs(self) -> int:
        """This process is done with its finished runs (their articles are grouped, or were not
        to be): they no longer need recovery. How many were released."""
        host, pid = process_identity()
        with self.db.write("release ingest runs") as conn:
            res = conn.execute(
                text(
                    "UPDATE ingest_runs SET owner_pid = NULL WHERE owner_host = :h AND owner_pid = :p"
                    " AND status != 'running'"
                ),
                {"h": host, "p": pid},
            )
            return int(res.rowcount or 0)

    def claim_orphaned_runs(self, alive: Callable[[int], bool] | None = None) -> list[int]:
        """Take over the runs whose process is gone: on this host, owned by a pid that is not
        alive (``alive``, default :func:`pid_alive`), or still "running" from before owners were
        recorded. Closes those still "running" as "interrupted" and makes this process their
        owner, in one transaction (two starts never claim the same run). Their ids."""
        alive = alive or pid_alive
        host, pid = process_identity()
        with self.db.write("claim orphaned ingest runs") as conn:
            rows = conn.execute(
                text(
                    "SELECT id, owner_pid, status FROM ingest_runs WHERE"
                    " (owner_host = :h AND owner_pid IS NOT NULL AND owner_pid != :p)"
                    " OR (owner_pid IS NULL AND status = 'running')"
                ),
                {"h": host, "p": pid},
            ).all()
            dead = [int(r[0]) for r in rows if r[1] is None or not alive(int(r[1]))]
            now = to_db_time(self.now())
            for run_id in dead:
                conn.execute(
                    text(
                        "UPDATE ingest_runs SET owner_host = :h, owner_pid = :p,"
                        " status = CASE WHEN status = 'running' THEN 'interrupted' ELSE status END,"
                        " finished_at = COALESCE(finished_at, :t) WHERE id = :i"
                    ),
                    {"h": host, "p": pid, "t": now, "i": run_id},
                )
        return dead

    def ungrouped_articles_of_runs(self, run_ids: Sequence[int]) -> list[int]:
        """Articles the runs ``run_ids`` imported that are in no story."""
        out: list[int] = []
        with self.db.read("ungrouped articles of runs") as conn:
            for start in range(0, len(run_ids), 400):
                chunk = list(run_ids[start : start + 400])
                marks = ",".join(f":r{i}" for i in range(len(chunk)))
                rows = conn.execute(
                    text(
                        "SELECT DISTINCT i.article_id FROM ingest_items i"
                        " LEFT JOIN story_articles s ON s.article_id = i.article_id"
                        f" WHERE i.run_id IN ({marks}) AND i.outcome = 'imported'"
                        " AND i.article_id IS NOT NULL AND s.article_id IS NULL"
                    ),
                    {f"r{i}": r for i, r in enumerate(chunk)},
                )
                out.extend(int(r[0]) for r in rows)
        return sorted(set(out))


def _count_outcome(outcome: str) -> str:
    return f"SUM(CASE WHEN i.outcome = '{outcome}' THEN 1 ELSE 0 END) AS {outcome}"


def process_identity() -> tuple[str, int]:
    """(host name, pid) of this process: who owns the runs it starts."""
    return socket.gethostname(), os.getpid()


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")
