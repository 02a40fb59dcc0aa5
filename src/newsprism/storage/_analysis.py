"""Cache of story analyses, keyed by story id and a signature of the story's member articles,
and of per-article analysis inputs (sentences + embeddings), keyed by article id, content hash
and analyzer version.

A cached analysis is returned only when the signature matches, so adding, removing or changing
an article (or a copy mark) makes the next read recompute it; the per-article rows let that
recomputation process only the new or changed articles.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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

    def cached_article_analyses(
        self, keys: Sequence[tuple[int, str]], version: str
    ) -> dict[int, tuple[str, bytes]]:
        """Per-article analysis rows for ``(article id, content hash)`` pairs computed by ``version``:
        article id -> (sentences JSON, vectors bytes). Stale or missing rows are left out."""
        out: dict[int, tuple[str, bytes]] = {}
        wanted = dict(keys)
        ids = list(wanted)
        with self.db.read("cached article analyses") as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(f":a{k}" for k in range(len(chunk)))
                rows = conn.execute(
                    text(
                        "SELECT article_id, content_hash, version, sentences, vectors FROM article_analysis"
                        f" WHERE article_id IN ({marks})"
                    ),
                    {f"a{k}": v for k, v in enumerate(chunk)},
                )
                for aid, chash, ver, sents, vecs in rows:
                    if ver == version and wanted.get(int(aid)) == chash:
                        out[int(aid)] = (str(sents), bytes(vecs))
        return out

    def save_article_analyses(self, rows: Sequence[tuple[int, str, str, str, bytes]]) -> None:
        """Store (replace) per-article rows: (article id, content hash, version, sentences JSON, vectors)."""
        if not rows:
            return
        with self.db.write("save article analyses") as conn:
            conn.execute(
                text(
                    "INSERT INTO article_analysis (article_id, content_hash, version, sentences, vectors)"
                    " VALUES (:a, :h, :v, :s, :b) ON CONFLICT(article_id) DO UPDATE SET"
                    " content_hash = excluded.content_hash, version = excluded.version,"
                    " sentences = excluded.sentences, vectors = excluded.vectors"
                ),
                [{"a": a, "h": h, "v": v, "s": s, "b": b} for a, h, v, s, b in rows],
            )
