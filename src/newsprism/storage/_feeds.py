"""Feeds: the followed feeds, their polling state and health, and the entries seen in each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import InputError, NotFoundError
from ..feeds._types import Feed, FeedStatus, PollState, PollStatus, SeenItem
from ._engine import Database
from ._rows import from_db_time, to_db_time

MAX_ATTEMPTS = 3
"""A feed entry whose article could not be fetched is retried on this many polls, then given up."""

_FEED_SELECT = (
    "SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS items_seen,"
    " (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) AS n_articles FROM feeds f"
)


def _feed(r: Any) -> Feed:
    added = from_db_time(r["added_at"])
    assert added is not None
    return Feed(
        id=int(r["id"]),
        url=r["url"],
        title=r["title"],
        status=FeedStatus(r["status"]),
        added_at=added,
        site_url=r["site_url"],
        outlet_id=r["outlet_id"],
        interval_min=r["interval_min"],
        etag=r["etag"],
        last_modified=r["last_modified"],
        last_polled_at=from_db_time(r["last_polled_at"]),
        last_success_at=from_db_time(r["last_success_at"]),
        last_error=r["last_error"],
        last_error_at=from_db_time(r["last_error_at"]),
        error_count=int(r["error_count"] or 0),
        last_http_status=r["last_http_status"],
        next_poll_at=from_db_time(r["next_poll_at"]),
        items_seen=int(r["items_seen"] or 0),
        articles=int(r["n_articles"] or 0),
    )


class FeedsMixin:
    db: Database

    def now(self) -> datetime:  # overridden by Store (injected clock)
        raise NotImplementedError

    # -- the list of feeds -----------------------------------------------------------------
    def add_feed(
        self, url: str, *, title: str | None = None, interval_min: int | None = None
    ) -> tuple[Feed, bool]:
        """Follow ``url``; return (feed, created). Re-adding a dead feed makes it active again."""
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            raise InputError(f"not an http(s) feed address: {url!r}")
        with self.db.write("add feed") as conn:
            row = conn.execute(text("SELECT id, status FROM feeds WHERE url = :u"), {"u": url}).first()
            if row is not None:
                created = False
                if row[1] != FeedStatus.ACTIVE.value:
                    conn.execute(
                        text(
                            "UPDATE feeds SET status = 'active', error_count = 0, next_poll_at = NULL"
                            " WHERE id = :i"
                        ),
                        {"i": row[0]},
                    )
                feed_id = int(row[0])
            else:
                feed_id = self.db.dialect.insert_id(
                    conn,
                    "INSERT INTO feeds (url, title, added_at, interval_min, status)"
                    " VALUES (:u, :t, :a, :n, 'active')",
                    {"u": url, "t": title, "a": to_db_time(self.now()), "n": interval_min},
                )
                created = True
        return self.get_feed(feed_id), created

    def get_feed(self, ref: int | str) -> Feed:
        """A feed by id or by URL."""
        where, value = _ref(ref)
        with self.db.read("get feed") as conn:
            row = conn.execute(text(f"{_FEED_SELECT} WHERE {where}"), {"v": value}).mappings().first()
        if row is None:
            raise NotFoundError(f"no feed {ref!r} (see `newsprism feeds list`)")
        return _feed(row)

    def list_feeds(self, *, status: FeedStatus | None = None) -> list[Feed]:
        sql, params = _FEED_SELECT, {}
        if status is not None:
            sql += " WHERE f.status = :s"
            params["s"] = status.value
        with self.db.read("list feeds") as conn:
            return [_feed(r) for r in conn.execute(text(sql + " ORDER BY f.id"), params).mappings()]

    def remove_feed(self, ref: int | str) -> Feed:
        """Stop following a feed; its articles stay (they lose their feed link)."""
        feed = self.get_feed(ref)
        with self.db.write("remove feed") as conn:
            conn.execute(text("DELETE FROM feeds WHERE id = :i"), {"i": feed.id})
        return feed

    def due_feeds(self, now: datetime, *, include_not_due: bool = False) -> list[Feed]:
        """Active feeds whose next poll time has come (all active feeds with ``include_not_due``)."""
        sql = _FEED_SELECT + " WHERE f.status = 'active'"
        if not include_not_due:
            sql += " AND (f.next_poll_at IS NULL OR f.next_poll_at <= :now)"
        with self.db.read("due feeds") as conn:
            order = " ORDER BY f.next_poll_at NULLS FIRST, f.id"  # never polled first, on both backends
            rows = conn.execute(text(sql + order), {"now": to_db_time(now)})
            return [_feed(r) for r in rows.mappings()]

    def next_poll_time(self) -> datetime | None:
        """When the next active feed is due (None when no feed is followed)."""
        with self.db.read("next poll") as conn:
            row = conn.execute(
                text(
                    "SELECT MIN(COALESCE(next_poll_at, '0000')), COUNT(*) FROM feeds WHERE status = 'active'"
                )
            ).first()
        if row is None or not row[1]:
            return None
        return from_db_time(row[0]) if row[0] != "0000" else datetime.min.replace(tzinfo=self.now().tzinfo)

    # -- entries ---------------------------------------------------------------------------
    def settled_keys(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Of ``keys``, those this feed has already handled for good (not to be fetched again)."""
        wanted = list(dict.fromkeys(keys))
        done: set[str] = set()
        with self.db.read("seen feed entries") as conn:
            for start in range(0, len(wanted), 400):
                chunk = wanted[start : start + 400]
                params: dict[str, Any] = {f"k{i}": k for i, k in enumerate(chunk)}
                params["f"] = feed_id
                params["max"] = MAX_ATTEMPTS
                marks = ",".join(f":k{i}" for i in range(len(chunk)))
                rows = conn.execute(
                    text(
                        f"SELECT key FROM feed_items WHERE feed_id = :f AND key IN ({marks})"
                        " AND (outcome != 'failed' OR attempts >= :max)"
                    ),
                    params,
                )
                done.update(r[0] for r in rows)
        return done

    def ungrouped_feed_articles(self, limit: int = 5000) -> list[int]:
        """Articles from feeds that are in no story yet (left over by an interrupted update)."""
        with self.db.read("ungrouped feed articles") as conn:
            rows = conn.execute(
                text(
                    "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
                    " WHERE a.source_kind = 'feed' AND s.article_id IS NULL ORDER BY a.id DESC LIMIT :l"
                ),
                {"l": limit},
            )
            return sorted(int(r[0]) for r in rows)

    def article_id_by_url(self, url: str) -> int | None:
        with self.db.read("article by url") as conn:
            row = conn.execute(text("SELECT id FROM articles WHERE url = :u"), {"u": url}).first()
        return int(row[0]) if row else None

    # -- one poll --------------------------------------------------------------------------
    def save_poll(self, feed_id: int, state: PollState, items: Sequence[SeenItem] = ()) -> str | None:
        """Record a poll's outcome and the entries it handled, in one transaction.

        Returns a note when a permanent redirect could not be applied (the target is already
        followed as another feed: this one is then marked dead as a duplicate).
        """
        note = None
        with self.db.write("save feed poll") as conn:
            if conn.execute(text("SELECT 1 FROM feeds WHERE id = :i"), {"i": feed_id}).first() is None:
                return "feed was removed during the update"
            self._save_items(conn, feed_id, state.polled_at, items)
            ok = state.status in (PollStatus.OK, PollStatus.NOT_MODIFIED)
            params: dict[str, Any] = {
                "i": feed_id,
                "polled": to_db_time(state.polled_at),
                "next": to_db_time(state.next_poll_at),
                "http": state.http_status,
            }
            sets = ["last_polled_at = :polled", "next_poll_at = :next", "last_http_status = :http"]
            if ok:
                sets += ["last_success_at = :polled", "error_count = 0"]
                if state.status is PollStatus.OK:
                    sets += ["etag = :etag", "last_modified = :lm"]
                    params.update(etag=state.etag, lm=state.last_modified)
                if state.title:
                    sets.append("title = COALESCE(title, :title)")
                    params["title"] = state.title
                if state.warning:
                    sets += ["last_error = :err", "last_error_at = :polled"]
                    params["err"] = state.warning
                if state.site_url:
                    sets.append("site_url = :site")
                    params["site"] = state.site_url
            else:
                sets += ["last_error = :err", "last_error_at = :polled", "error_count = error_count + 1"]
                params["err"] = state.error
                if state.status is PollStatus.GONE:
                    sets.append("status = 'dead'")
            conn.execute(text(f"UPDATE feeds SET {', '.join(sets)} WHERE id = :i"), params)
            if state.new_url:
                note = self._move_feed(conn, feed_id, state.new_url, state.polled_at)
        return note

    def _save_items(self, conn: Connection, feed_id: int, at: datetime, items: Sequence[SeenItem]) -> None:
        for it in items:
            conn.execute(
                text(
                    "INSERT INTO feed_items (feed_id, key, url, outcome, reason, article_id, attempts,"
                    " first_seen_at, last_seen_at) VALUES (:f, :k, :u, :o, :r, :a, 1, :t, :t)"
                    " ON CONFLICT (feed_id, key) DO UPDATE SET outcome = excluded.outcome,"
                    " reason = excluded.reason,"
                    " article_id = COALESCE(excluded.article_id, feed_items.article_id), url = excluded.url,"
                    " attempts = feed_items.attempts + 1, last_seen_at = excluded.last_seen_at"
                ),
                {
                    "f": feed_id,
                    "k": it.key[:2000],
                    "u": it.url,
                    "o": it.outcome,
                    "r": it.reason,
                    "a": it.article_id,
                    "t": to_db_time(at),
                },
            )

    def _move_feed(self, conn: Connection, feed_id: int, new_url: str, at: datetime) -> str | None:
        other = conn.execute(
            text("SELECT id FROM feeds WHERE url = :u AND id != :i"), {"u": new_url, "i": feed_id}
        ).first()
        if other is None:
            conn.execute(text("UPDATE feeds SET url = :u WHERE id = :i"), {"u": new_url, "i": feed_id})
            return None
        msg = f"permanently redirected to {new_url}, which is already followed as feed {other[0]}"
        conn.execute(
            text("UPDATE feeds SET status = 'dead', last_error = :m, last_error_at = :t WHERE id = :i"),
            {"m": msg, "t": to_db_time(at), "i": feed_id},
        )
        return msg


def _ref(ref: int | str) -> tuple[str, Any]:
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        return "f.id = :v", int(ref)
    return "f.url = :v", str(ref).strip()
