"""The log of ingest runs and of each item's outcome."""

from __future__ import annotations

from datetime import datetime
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
        with self.db.write("start ingest run") as conn:
            res = conn.execute(
                text("INSERT INTO ingest_runs (kind, started_at) VALUES (:k, :t)"),
                {"k": kind, "t": to_db_time(self.now())},
            )
            return int(res.lastrowid)

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
                    " SUM(i.outcome='imported') AS imported, SUM(i.outcome='duplicate') AS duplicate,"
                    " SUM(i.outcome='skipped') AS skipped, SUM(i.outcome='failed') AS failed"
                    " FROM ingest_runs r LEFT JOIN ingest_items i ON i.run_id = r.id"
                    " GROUP BY r.id ORDER BY r.id DESC LIMIT :l"
                ),
                {"l": limit},
            ).mappings()
            return [dict(r) for r in rows]
