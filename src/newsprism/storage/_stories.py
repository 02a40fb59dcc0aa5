"""Stories and story membership (filled in by the grouping stage)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from ..errors import NotFoundError
from ..models import Story
from ._engine import Database
from ._rows import from_db_time


class StoriesMixin:
    db: Database

    def now(self) -> datetime:
        raise NotImplementedError

    def _story_from(self, row: dict, ids: list[int]) -> Story:  # type: ignore[type-arg]
        first = from_db_time(row["first_seen"])
        last = from_db_time(row["last_updated"])
        assert first and last
        return Story(row["id"], row["title"], first, last, tuple(ids))

    def get_story(self, story_id: int) -> Story:
        with self.db.read() as conn:
            row = conn.execute(
                text("SELECT id, title, first_seen, last_updated FROM stories WHERE id = :i"),
                {"i": story_id},
            ).mappings().first()
            if row is None:
                raise NotFoundError(f"no story with id {story_id}")
            ids = [
                int(r[0])
                for r in conn.execute(
                    text("SELECT article_id FROM story_articles WHERE story_id = :i ORDER BY article_id"),
                    {"i": story_id},
                )
            ]
        return self._story_from(dict(row), ids)

    def list_stories(self, limit: int = 50, offset: int = 0) -> list[Story]:
        with self.db.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, title, first_seen, last_updated FROM stories"
                    " ORDER BY last_updated DESC, id DESC LIMIT :l OFFSET :o"
                ),
                {"l": limit, "o": offset},
            ).mappings().all()
            members: dict[int, list[int]] = {r["id"]: [] for r in rows}
            if members:
                marks = ",".join(str(i) for i in members)
                for sid, aid in conn.execute(
                    text(
                        f"SELECT story_id, article_id FROM story_articles WHERE story_id IN ({marks})"
                        " ORDER BY article_id"
                    )
                ):
                    members[sid].append(aid)
        return [self._story_from(dict(r), members[r["id"]]) for r in rows]
