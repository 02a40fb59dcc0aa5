"""Stories, membership (with scores), embeddings, grouping features, copies and corrections."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import NotFoundError
from ..models import Story, StoryMember
from ._dialect import upsert_sql
from ._engine import Database
from ._rows import from_db_time, to_db_time

CHUNK = 500


@dataclass(frozen=True)
class FeatureRow:
    """What the grouper stores per article besides its vector."""

    article_id: int
    day: float
    fetched: float
    dated: bool
    terms: dict[str, int]
    names: list[str]
    minhash: bytes
    shingles: int


@dataclass(frozen=True)
class StoryRow:
    """A story as the grouper writes it (``id`` None: a new story)."""

    id: int | None
    title: str
    first_seen: datetime
    last_updated: datetime
    first_day: float
    last_day: float
    first_fetched: float
    last_fetched: float
    members: tuple[tuple[int, float | None, int | None], ...]
    """(article id, score, nearest member id) of the members to add (or of all, on replace)."""


def _chunks(ids: Sequence[int]) -> Iterator[str]:
    for start in range(0, len(ids), CHUNK):
        yield ",".join(str(int(i)) for i in ids[start : start + CHUNK])


class StoriesMixin:
    db: Database

    def _rows_for(self, sql: str, ids: Sequence[int], params: dict[str, object] | None = None) -> list[Any]:
        """Rows of ``sql`` (with ``{ids}`` for an id list) over ``ids``, chunk by chunk."""
        out: list[Any] = []
        with self.db.read() as conn:
            for marks in _chunks(ids):
                out.extend(conn.execute(text(sql.format(ids=marks)), params or {}).all())
        return out

    def now(self) -> datetime:
        raise NotImplementedError

    # -- stories: reads --------------------------------------------------------------------
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

    def count_stories(self) -> int:
        with self.db.read() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM stories")).scalar_one())

    def story_members(self, story_id: int) -> list[StoryMember]:
        """Members of a story with their join score and copy mark, oldest first."""
        with self.db.read() as conn:
            if conn.execute(text("SELECT 1 FROM stories WHERE id = :i"), {"i": story_id}).first() is None:
                raise NotFoundError(f"no story with id {story_id}")
            rows = conn.execute(
                text(
                    "SELECT sa.article_id, sa.score, c.original_id, c.overlap FROM story_articles sa"
                    " LEFT JOIN article_copies c ON c.article_id = sa.article_id"
                    " LEFT JOIN article_features f ON f.article_id = sa.article_id"
                    " WHERE sa.story_id = :i ORDER BY f.day NULLS FIRST, sa.article_id"
                ),
                {"i": story_id},
            ).all()
        return [StoryMember(int(r[0]), r[1], r[2], r[3]) for r in rows]

    def story_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        """Article id -> story id, for the grouped ones among ``article_ids``."""
        q = "SELECT article_id, story_id FROM story_articles WHERE article_id IN ({ids})"
        return {int(a): int(sid) for a, sid in self._rows_for(q, article_ids)}

    def open_stories(
        self, day_lo: float, day_hi: float, fetched_lo: float | None = None, fetched_hi: float | None = None
    ) -> dict[int, list[int]]:
        """Stories whose time span meets [day_lo, day_hi] (or whose fetch-time span meets
        [fetched_lo, fetched_hi]): story id -> member ids."""
        out: dict[int, list[int]] = {}
        fetched = fetched_lo is not None and fetched_hi is not None
        with self.db.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT sa.story_id, sa.article_id FROM story_articles sa WHERE sa.story_id IN ("
                    " SELECT id FROM stories WHERE last_day >= :lo AND first_day <= :hi"
                    + (" UNION SELECT id FROM stories WHERE last_fetched >= :flo AND first_fetched <= :fhi"
                       if fetched else "")
                    + ") ORDER BY sa.article_id"
                ),
                {"lo": day_lo, "hi": day_hi, "flo": fetched_lo, "fhi": fetched_hi},
            )
            for sid, aid in rows:
                out.setdefault(int(sid), []).append(int(aid))
        return out

    # -- stories: writes -------------------------------------------------------------------
    def _write_story(self, conn: Connection, row: StoryRow) -> int:
        vals = {
            "t": row.title[:500],
            "f": to_db_time(row.first_seen),
            "u": to_db_time(row.last_updated),
            "fd": row.first_day,
            "ld": row.last_day,
            "ff": row.first_fetched,
            "lf": row.last_fetched,
        }
        if row.id is None:
            return self.db.dialect.insert_id(
                conn,
                "INSERT INTO stories (title, first_seen, last_updated, first_day, last_day,"
                " first_fetched, last_fetched) VALUES (:t, :f, :u, :fd, :ld, :ff, :lf)",
                vals,
            )
        conn.execute(
            text(
                "INSERT INTO stories (id, title, first_seen, last_updated, first_day, last_day,"
                " first_fetched, last_fetched) VALUES (:i, :t, :f, :u, :fd, :ld, :ff, :lf)"
                " ON CONFLICT(id) DO UPDATE SET title = :t, first_seen = :f, last_updated = :u,"
                " first_day = :fd, last_day = :ld, first_fetched = :ff, last_fetched = :lf"
            ),
            {"i": row.id, **vals},
        )
        return row.id

    def _write_members(self, conn: Connection, story_id: int, row: StoryRow) -> set[int]:
        """Add (or move) the row's members to ``story_id``; return the stories they left."""
        now = to_db_time(self.now())
        left: set[int] = set()
        ids = [a for a, _, _ in row.members]
        for marks in _chunks(ids):
            q = f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})"
            left.update(int(r[0]) for r in conn.execute(text(q)))
        left.discard(story_id)
        if row.members:  # one executemany (psycopg: pipelined), not a round trip per member
            conn.execute(
                text(
                    "INSERT INTO story_articles (story_id, article_id, added_at, score, nearest_id)"
                    " VALUES (:s, :a, :t, :sc, :n) ON CONFLICT(article_id) DO UPDATE SET"
                    " story_id = :s, score = :sc, nearest_id = :n"
                ),
                [{"s": story_id, "a": a, "t": now, "sc": sc, "n": n} for a, sc, n in row.members],
            )
        return left

    @staticmethod
    def _drop_empty(conn: Connection, story_ids: set[int]) -> None:
        for sid in story_ids:
            conn.execute(
                text(
                    "DELETE FROM stories WHERE id = :i"
                    " AND NOT EXISTS (SELECT 1 FROM story_articles WHERE story_id = :i)"
                ),
                {"i": sid},
            )

    def save_stories(self, rows: Sequence[StoryRow]) -> list[int]:
        """Create or update stories and add members; return the story ids in order."""
        ids = []
        left: set[int] = set()
        with self.db.write("save stories") as conn:
            for row in rows:
                sid = self._write_story(conn, row)
                left |= self._write_members(conn, sid, row)
                ids.append(sid)
            self._drop_empty(conn, left)
        return ids

    def replace_stories(self, rows: Sequence[StoryRow]) -> list[int]:
        """Replace every story by ``rows`` (a full regroup): ids given in rows are kept."""
        ids = []
        with self.db.write("replace stories") as conn:
            conn.execute(text("DELETE FROM story_articles"))
            keep = [r.id for r in rows if r.id is not None]
            conn.execute(text("DELETE FROM stories" + (f" WHERE id NOT IN ({','.join(map(str, keep))})"
                                                      if keep else "")))
            for row in rows:
                sid = self._write_story(conn, row)
                self._write_members(conn, sid, row)
                ids.append(sid)
        return ids

    # -- embeddings and features -----------------------------------------------------------
    def get_embeddings(self, ids: Sequence[int], model: str) -> dict[int, bytes]:
        q = "SELECT article_id, vector FROM article_embeddings WHERE model = :m AND article_id IN ({ids})"
        return {int(a): bytes(v) for a, v in self._rows_for(q, ids, {"m": model})}

    def _write_many(self, what: str, sql: str, params: list[dict[str, Any]]) -> None:
        """One statement over many rows, in one write transaction (nothing when no rows)."""
        if params:
            with self.db.write(what) as conn:
                conn.execute(text(sql), params)

    def save_embeddings(self, model: str, vectors: Iterable[tuple[int, bytes]]) -> None:
        self._write_many(
            "save embeddings",
            upsert_sql("article_embeddings", ("article_id", "model", "vector"), "article_id"),
            [{"article_id": aid, "model": model, "vector": blob} for aid, blob in vectors],
        )

    def get_features(self, ids: Sequence[int]) -> dict[int, FeatureRow]:
        out: dict[int, FeatureRow] = {}
        with self.db.read() as conn:
            for marks in _chunks(ids):
                q = (
                    "SELECT article_id, day, fetched, dated, terms, names, minhash, shingles"
                    " FROM article_features"
                    f" WHERE article_id IN ({marks})"
                )
                for r in conn.execute(text(q)):
                    out[int(r[0])] = FeatureRow(
                        int(r[0]), float(r[1]), float(r[2]), bool(r[3]), json.loads(r[4]), json.loads(r[5]),
                        bytes(r[6]), int(r[7]),
                    )
        return out

    def get_minhashes(self, ids: Sequence[int]) -> dict[int, tuple[float, bytes, int]]:
        """Article id -> (day, MinHash signature, shingle count): copy detection's columns only."""
        q = "SELECT article_id, day, minhash, shingles FROM article_features WHERE article_id IN ({ids})"
        return {int(a): (float(d), bytes(m), int(n)) for a, d, m, n in self._rows_for(q, ids)}

    def save_features(self, rows: Sequence[FeatureRow]) -> None:
        """Store features and count each new article's terms in the document frequencies."""
        from collections import Counter

        with self.db.write("save features") as conn:
            seen: set[int] = set()
            for marks in _chunks([f.article_id for f in rows]):
                q = f"SELECT article_id FROM article_features WHERE article_id IN ({marks})"
                seen.update(int(r[0]) for r in conn.execute(text(q)))
            first = {f.article_id: f for f in reversed(rows)}  # a repeated id: its first row
            fresh = [f for a, f in first.items() if a not in seen]
            if not fresh:
                return
            conn.execute(
                text("INSERT INTO article_features (article_id, day, fetched, dated, terms, names, minhash,"
                     " shingles) VALUES (:a, :d, :f, :dt, :t, :n, :m, :s)"),
                [{"a": f.article_id, "d": f.day, "f": f.fetched, "dt": int(f.dated), "t": json.dumps(f.terms),
                  "n": json.dumps(f.names), "m": f.minhash, "s": f.shingles} for f in fresh],
            )
            df = Counter(t for f in fresh for t in f.terms)
            conn.execute(
                text(
                    "INSERT INTO term_df (term, df) VALUES (:t, :n)"
                    " ON CONFLICT(term) DO UPDATE SET df = term_df.df + :n"
                ),
                [{"t": t, "n": n} for t, n in sorted(df.items())],
            )

    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(number of articles with features, df of each of ``terms`` that is known)."""
        words = sorted(set(terms))
        out: dict[str, int] = {}
        with self.db.read() as conn:
            n = int(conn.execute(text("SELECT COUNT(*) FROM article_features")).scalar_one())
            for start in range(0, len(words), CHUNK):
                part = words[start : start + CHUNK]
                params = {f"t{i}": w for i, w in enumerate(part)}
                marks = ",".join(f":t{i}" for i in range(len(part)))
                q = f"SELECT term, df FROM term_df WHERE term IN ({marks})"
                out.update({t: int(d) for t, d in conn.execute(text(q), params)})
        return n, out

    def article_days(self, ids: Sequence[int], fetched: bool = False) -> dict[int, float]:
        """Article id -> grouping day (or fetch day), for the ids that have features."""
        col = "fetched" if fetched else "day"
        q = f"SELECT article_id, {col} FROM article_features WHERE article_id IN ({{ids}})"
        return {int(a): float(d) for a, d in self._rows_for(q, ids)}

    def articles_between(self, day_lo: float, day_hi: float) -> list[tuple[int, float]]:
        """(article id, day) of articles with features dated in [day_lo, day_hi], oldest first."""
        with self.db.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT article_id, day FROM article_features WHERE day >= :lo AND day <= :hi"
                    " ORDER BY day, article_id"
                ),
                {"lo": day_lo, "hi": day_hi},
            )
            return [(int(a), float(d)) for a, d in rows]

    def undated_ids(self) -> list[int]:
        """Articles the grouper saw without a publication date."""
        with self.db.read() as conn:
            q = "SELECT article_id FROM article_features WHERE dated = 0 ORDER BY article_id"
            return [int(r[0]) for r in conn.execute(text(q))]

    # -- copies ----------------------------------------------------------------------------
    def save_copies(self, copies: Iterable[tuple[int, int, float]]) -> None:
        self._write_many(
            "save copies",
            upsert_sql("article_copies", ("article_id", "original_id", "overlap"), "article_id"),
            [{"article_id": aid, "original_id": orig, "overlap": overlap} for aid, orig, overlap in copies],
        )

    def copies_of(self, ids: Sequence[int]) -> dict[int, tuple[int, float]]:
        """Article id -> (original id, overlap ratio) for the copies among ``ids``."""
        q = "SELECT article_id, original_id, overlap FROM article_copies WHERE article_id IN ({ids})"
        return {int(a): (int(o), float(v)) for a, o, v in self._rows_for(q, ids)}

    def pins_of(self, ids: Sequence[int]) -> dict[int, str]:
        q = "SELECT article_id, pin FROM story_pins WHERE article_id IN ({ids})"
        return {int(a): str(p) for a, p in self._rows_for(q, ids)}

    def record_correction(self, kind: str, detail: dict[str, object], pins: dict[int, str],
                          rows: Sequence[StoryRow]) -> list[int]:
        """Store a user correction: its log entry, the pins it sets and the stories it changes."""
        with self.db.write(f"{kind} stories") as conn:
            cid = self.db.dialect.insert_id(
                conn,
                "INSERT INTO story_corrections (kind, detail, at) VALUES (:k, :d, :t)",
                {"k": kind, "d": json.dumps(detail), "t": to_db_time(self.now())},
            )
            for aid, pin in pins.items():
                conn.execute(
                    text(upsert_sql("story_pins", ("article_id", "pin"), "article_id")),
                    {"article_id": aid, "pin": pin.replace("{id}", str(cid))},
                )
            ids = []
            left: set[int] = set()
            for row in rows:
                sid = self._write_story(conn, row)
                left |= self._write_members(conn, sid, row)
                ids.append(sid)
            self._drop_empty(conn, left)
        return ids

    def corrections(self) -> list[tuple[int, str, dict[str, object], datetime]]:
        with self.db.read() as conn:
            rows = conn.execute(text("SELECT id, kind, detail, at FROM story_corrections ORDER BY id"))
            return [(int(i), k, json.loads(d), from_db_time(t) or self.now()) for i, k, d, t in rows]
