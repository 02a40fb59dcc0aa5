"""Articles and outlets: insert with de-duplication, list, get, full-text search."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import InputError, NotFoundError
from ..models import Article, ArticleDraft, Outlet
from ._dialect import search_words
from ._engine import Database
from ._rows import ARTICLE_COLUMNS, ARTICLE_FROM, article_from_row, offset_minutes, to_db_time


@dataclass(frozen=True)
class Inserted:
    """Result of :meth:`ArticlesMixin.insert_article`."""

    article_id: int
    duplicate_reason: str | None = None

    @property
    def is_new(self) -> bool:
        return self.duplicate_reason is None


@dataclass(frozen=True)
class ArticleFilter:
    outlet: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


class ArticlesMixin:
    db: Database

    def now(self) -> datetime:  # overridden by Store (injected clock)
        raise NotImplementedError

    # -- outlets ---------------------------------------------------------------------------
    def outlet_id(self, conn: Connection, domain: str, name: str | None = None) -> int:
        """Id of the outlet for ``domain``, created when new (inside the caller's transaction)."""
        domain = domain.lower().strip()
        row = conn.execute(text("SELECT id FROM outlets WHERE domain = :d"), {"d": domain}).first()
        if row:
            return int(row[0])
        return self.db.dialect.insert_id(
            conn,
            "INSERT INTO outlets (domain, name, created_at) VALUES (:d, :n, :t)",
            {"d": domain, "n": name or domain, "t": to_db_time(self.now())},
        )

    def list_outlets(self) -> list[Outlet]:
        with self.db.read() as conn:
            rows = conn.execute(text("SELECT id, domain, name FROM outlets ORDER BY domain"))
            return [Outlet(r[0], r[1], r[2]) for r in rows]

    def outlet_article_counts(self) -> dict[str, int]:
        with self.db.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT o.domain, COUNT(a.id) FROM outlets o"
                    " LEFT JOIN articles a ON a.outlet_id = o.id GROUP BY o.domain"
                )
            )
            return {r[0]: int(r[1]) for r in rows}

    # -- articles --------------------------------------------------------------------------
    def insert_article(self, conn: Connection, draft: ArticleDraft, content_hash: str) -> Inserted:
        """Insert ``draft`` unless its URL or content hash is already stored."""
        if not draft.title.strip() or not draft.text.strip():
            raise InputError("an article needs a title and a text")
        if draft.url:
            row = conn.execute(text("SELECT id FROM articles WHERE url = :u"), {"u": draft.url}).first()
            if row:
                return Inserted(int(row[0]), f"same URL as article {row[0]}")
        row = conn.execute(
            text("SELECT id FROM articles WHERE content_hash = :h"), {"h": content_hash}
        ).first()
        if row:
            return Inserted(int(row[0]), f"same text as article {row[0]}")
        outlet_id = (
            self.outlet_id(conn, draft.outlet_domain, draft.outlet_name) if draft.outlet_domain else None
        )
        article_id = self.db.dialect.insert_id(
            conn,
            (
                "INSERT INTO articles (url, outlet_id, feed_id, title, dek, authors, published_at,"
                " published_offset, updated_at, fetched_at, language, text, content_hash, source_kind,"
                " source_ref)"
                " VALUES (:url, :outlet, :feed, :title, :dek, :authors, :pub, :pub_offset, :updated,"
                " :fetched, :lang, :text, :hash, :kind, :ref)"
            ),
            {
                "url": draft.url,
                "outlet": outlet_id,
                "feed": draft.feed_id,
                "title": draft.title.strip(),
                "dek": draft.dek,
                "authors": json.dumps(list(draft.authors)),
                "pub": to_db_time(draft.published_at),
                "pub_offset": offset_minutes(draft.published_at),
                "updated": to_db_time(draft.updated_at),
                "fetched": to_db_time(self.now()),
                "lang": draft.language,
                "text": draft.text,
                "hash": content_hash,
                "kind": draft.source_kind,
                "ref": draft.source_ref,
            },
        )
        return Inserted(article_id)

    def get_article(self, article_id: int) -> Article:
        with self.db.read() as conn:
            row = (
                conn.execute(
                    text(f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = :i"), {"i": article_id}
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return article_from_row(row)

    def get_articles(self, ids: Sequence[int]) -> list[Article]:
        """Articles by id, in the order given (missing ids are left out)."""
        if not ids:
            return []
        found: dict[int, Article] = {}
        with self.db.read() as conn:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join(str(int(i)) for i in chunk)
                rows = conn.execute(
                    text(f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id IN ({marks})")
                ).mappings()
                for r in rows:
                    found[r["id"]] = article_from_row(r)
        return [found[i] for i in ids if i in found]

    def list_articles(self, flt: ArticleFilter | None = None) -> list[Article]:
        flt = flt or ArticleFilter()
        where: list[str] = ["1=1"]
        params: dict[str, Any] = {"limit": flt.limit, "offset": flt.offset}
        if flt.outlet:
            where.append("(o.domain = :outlet OR o.name = :outlet)")
            params["outlet"] = flt.outlet.lower() if "." in flt.outlet else flt.outlet
        if flt.since:
            where.append("COALESCE(a.published_at, a.fetched_at) >= :since")
            params["since"] = to_db_time(flt.since)
        if flt.until:
            where.append("COALESCE(a.published_at, a.fetched_at) < :until")
            params["until"] = to_db_time(flt.until)
        sql = (
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE {' AND '.join(where)}"
            " ORDER BY COALESCE(a.published_at, a.fetched_at) DESC, a.id DESC LIMIT :limit OFFSET :offset"
        )
        with self.db.read() as conn:
            return [article_from_row(r) for r in conn.execute(text(sql), params).mappings()]

    def count_articles(self) -> int:
        with self.db.read() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one())

    def all_article_ids(self) -> list[int]:
        with self.db.read() as conn:
            return [
                int(r[0])
                for r in conn.execute(
                    text("SELECT id FROM articles ORDER BY COALESCE(published_at, fetched_at), id")
                )
            ]

    def search_articles(self, query: str, limit: int = 20) -> list[tuple[Article, str]]:
        """Full-text search; returns (article, highlighted snippet) best first."""
        words = search_words(query)  # the backends' own syntax never reaches the database
        if not words:
            return []
        dialect = self.db.dialect
        sql = dialect.search_sql().format(columns=ARTICLE_COLUMNS)
        with self.db.read("search") as conn:
            rows = conn.execute(text(sql), {"q": dialect.search_query(words), "limit": limit}).mappings()
            return [(article_from_row(r), r["snip"]) for r in rows.all()]
