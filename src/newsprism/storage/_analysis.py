"""Cache of story analyses, keyed by story id and a signature of the story's member articles.

A cached analysis is returned only when the signature matches, so adding, removing or changing
an article (or a copy mark) makes the next read recompute it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text

from ._engine import Database
from ._rows import to_db_time


class AnalysisMixin:
    db: Database

    def now(self) -> datetime:  # overridden by Store (injected clock)
        raise NotImplementedError

    def cached_analysis(self, story_id: int, signature: str, schema_version: int) -> dict[str, Any] | None:
        """The stored analysis JSON of ``story_id`` when it was computed for ``signature``."""
        with self.db.read("cached analysis") as conn:
            row = conn.execute(
                text("SELECT signature, schema_version, data FROM story_analysis WHERE story_id = :i"),
                {"i": story_id},
            ).first()
        if row is None or row[0] != signature or int(row[1]) != schema_version:
            return None
        data = json.loads(row[2])
        return data if isinstance(data, dict) else None

    def save_analysis(self, story_id: int, signature: str, schema_version: int, data: dict[str, Any]) -> None:
        """Store (replace) the analysis of ``story_id``."""
        with self.db.write("save analysis") as conn:
            conn.execute(
                text(
                    "INSERT INTO story_analysis (story_id, signature, schema_version, data, computed_at)"
                    " VALUES (:i, :s, :v, :d, :t) ON CONFLICT(story_id) DO UPDATE SET"
                    " signature = excluded.signature, schema_version = excluded.schema_version,"
                    " data = excluded.data, computed_at = excluded.computed_at"
                ),
                {
                    "i": story_id,
                    "s": signature,
                    "v": schema_version,
                    "d": json.dumps(data, ensure_ascii=False),
                    "t": to_db_time(self.now()),
                },
            )

    def drop_analysis(self, story_id: int) -> None:
        with self.db.write("drop analysis") as conn:
            conn.execute(text("DELETE FROM story_analysis WHERE story_id = :i"), {"i": story_id})
