"""Readers' reports (analysis errors, wrong groupings) and the read models the web pages need.

Reports are stored as written and listed on the corrections page. ``story_digests`` and
``data_fingerprint`` are read-only queries that let the web layer rank stories and know when
its cached pages are stale without loading every article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from ..errors import InputError, NotFoundError
from ._engine import Database
from ._rows import from_db_time, to_db_time

REPORT_KINDS = ("analysis", "grouping")
REPORT_STATUSES = ("open", "resolved", "rejected")
MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Report:
    """A reader's report about a story's analysis or grouping."""

    id: int
    kind: str
    story_id: int | None
    article_id: int | None
    message: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class StoryDigest:
    """What a story list needs: counts and the outlets that covered it (no article text)."""

    id: int
    title: str
    first_seen: datetime
    last_updated: datetime
    n_articles: int
    outlets: tuple[str, ...]
    """Domains of the outlets that covered the story."""
    unknown: int = 0
    """Articles with no known outlet (each counts as one unrated source)."""


class ReportsMixin:
    db: Database

    def now(self) -> datetime:
        raise NotImplementedError

    # -- reports ---------------------------------------------------------------------------
    def add_report(
        self, kind: str, message: str, *, story_id: int | None = None, article_id: int | None = None
    ) -> Report:
        """Store a report; ``kind`` is ``analysis`` or ``grouping``."""
        if kind not in REPORT_KINDS:
            raise InputError(f"unknown report kind {kind!r}; expected one of {', '.join(REPORT_KINDS)}")
        message = message.strip()
        if not message:
            raise InputError("a report needs a message")
        if len(message) > MAX_MESSAGE:
            raise InputError(f"a report message is limited to {MAX_MESSAGE} characters")
        now = self.now()
        with self.db.write("add report") as conn:
            if story_id is not None:
                found = conn.execute(text("SELECT 1 FROM stories WHERE id = :i"), {"i": story_id}).first()
                if not found:
                    raise NotFoundError(f"no story with id {story_id}")
            rid = self.db.dialect.insert_id(
                conn,
                "INSERT INTO reports (kind, story_id, article_id, message, created_at)"
                " VALUES (:k, :s, :a, :m, :t)",
                {"k": kind, "s": story_id, "a": article_id, "m": message, "t": to_db_time(now)},
            )
        return Report(rid, kind, story_id, article_id, message, "open", now.replace(microsecond=0))

    def list_reports(self, *, story_id: int | None = None, limit: int = 200) -> list[Report]:
        where, params = "1=1", {"l": limit}
        if story_id is not None:
            where, params = "story_id = :s", {"l": limit, "s": story_id}
        with self.db.read("list reports") as conn:
            rows = conn.execute(
                text(
                    "SELECT id, kind, story_id, article_id, message, status, created_at FROM reports"
                    f" WHERE {where} ORDER BY id DESC LIMIT :l"
                ),
                params,
            ).all()
        out = []
        for r in rows:
            created = from_db_time(r[6])
            assert created is not None
            out.append(Report(r[0], r[1], r[2], r[3], r[4], r[5], created))
        return out

    def set_report_status(self, report_id: int, status: str) -> None:
        if status not in REPORT_STATUSES:
            raise InputError(f"unknown report status {status!r}")
        with self.db.write("update report") as conn:
            res = conn.execute(
                text("UPDATE reports SET status = :s WHERE id = :i"), {"s": status, "i": report_id}
            )
            if not res.rowcount:
                raise NotFoundError(f"no report with id {report_id}")

    # -- read models for the web -----------------------------------------------------------
    def data_fingerprint(self) -> tuple[object, ...]:
        """A cheap value that changes whenever stories, memberships or articles change."""
        with self.db.read("fingerprint") as conn:
            s = conn.execute(text("SELECT COUNT(*), MAX(id), MAX(last_updated) FROM stories")).first()
            m = conn.execute(text("SELECT COUNT(*), MAX(added_at) FROM story_articles")).first()
            a = conn.execute(text("SELECT MAX(id) FROM articles")).first()
            r = conn.execute(text("SELECT MAX(id) FROM reports")).first()
            o = conn.execute(text("SELECT COUNT(*), MAX(updated_at) FROM outlet_overrides")).first()
            c = conn.execute(text("SELECT MAX(id) FROM story_corrections")).first()
        return tuple(v for row in (s, m, a, r, o, c) for v in (row or ()))

    def story_digests(self) -> list[StoryDigest]:
        """Every story with its article count and covering outlets, newest first."""
        sql = (
            "SELECT s.id, s.title, s.first_seen, s.last_updated, COUNT(sa.article_id) AS n,"
            f" {self.db.dialect.group_concat('o.domain')} AS domains,"
            " SUM(CASE WHEN a.outlet_id IS NULL THEN 1 ELSE 0 END) AS unknown"
            " FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
            " JOIN articles a ON a.id = sa.article_id LEFT JOIN outlets o ON o.id = a.outlet_id"
            " GROUP BY s.id ORDER BY s.last_updated DESC, s.id DESC"
        )
        out = []
        with self.db.read("story digests") as conn:
            for r in conn.execute(text(sql)):
                first, last = from_db_time(r[2]), from_db_time(r[3])
                assert first and last
                domains = tuple(sorted(r[5].split(","))) if r[5] else ()
                out.append(StoryDigest(r[0], r[1], first, last, int(r[4]), domains, int(r[6] or 0)))
        return out

    def story_sizes(self, story_ids: list[int]) -> dict[int, tuple[int, datetime]]:
        """Story id -> (article count, last updated) for those of ``story_ids`` that exist, in
        one query per 500 ids (stories merged away are simply absent)."""
        out: dict[int, tuple[int, datetime]] = {}
        with self.db.read("story sizes") as conn:
            for start in range(0, len(story_ids), 500):
                part = [int(i) for i in story_ids[start : start + 500]]
                marks = ",".join(f":i{k}" for k in range(len(part)))
                rows = conn.execute(
                    text(
                        "SELECT s.id, s.last_updated, COUNT(sa.article_id) FROM stories s"
                        " LEFT JOIN story_articles sa ON sa.story_id = s.id"
                        f" WHERE s.id IN ({marks}) GROUP BY s.id"
                    ),
                    {f"i{k}": v for k, v in enumerate(part)},
                )
                for sid, last, n in rows:
                    when = from_db_time(last)
                    assert when is not None
                    out[int(sid)] = (int(n), when)
        return out

    def story_of_article(self, article_id: int) -> int | None:
        with self.db.read("story of article") as conn:
            row = conn.execute(
                text("SELECT story_id FROM story_articles WHERE article_id = :a"), {"a": article_id}
            ).first()
        return int(row[0]) if row else None

    def outlet_by_domain(self, domain: str) -> tuple[int, str, str, int] | None:
        """(id, domain, name, article count) of an outlet, or None."""
        with self.db.read("outlet") as conn:
            row = conn.execute(
                text(
                    "SELECT o.id, o.domain, o.name, (SELECT COUNT(*) FROM articles a"
                    " WHERE a.outlet_id = o.id) FROM outlets o WHERE o.domain = :d"
                ),
                {"d": domain.lower()},
            ).first()
        return (int(row[0]), row[1], row[2], int(row[3])) if row else None
