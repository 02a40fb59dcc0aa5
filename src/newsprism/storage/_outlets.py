"""Storage for the outlets stage: the user's overrides (``newsprism outlets set``).

Overrides are keyed by outlet domain and kept apart from the bundled rating table, so a
rebuild of that table never touches them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import text

from ..config import OutletOverride
from ._engine import Database
from ._rows import to_db_time

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_FIELDS = ("lean", "factual", "name", "owner", "note")


class OutletsStoreMixin:
    db: Database

    def now(self) -> datetime:  # overridden by Store (injected clock)
        raise NotImplementedError

    if TYPE_CHECKING:

        def outlet_id(self, conn: Connection, domain: str, name: str | None = None) -> int: ...

    def set_article_outlet(self, article_id: int, domain: str, name: str | None = None) -> None:
        """Give an article the outlet ``domain`` (created when new): the reader's own correction
        of an article whose source was unknown or wrong."""
        from ..errors import NotFoundError

        with self.db.write("set article outlet") as conn:
            found = conn.execute(text("SELECT 1 FROM articles WHERE id = :i"), {"i": article_id}).first()
            if found is None:
                raise NotFoundError(f"no article with id {article_id}")
            oid = self.outlet_id(conn, domain, name)
            conn.execute(
                text("UPDATE articles SET outlet_id = :o WHERE id = :i"), {"o": oid, "i": article_id}
            )

    def set_outlet_override(self, domain: str, override: OutletOverride) -> None:
        """Insert or replace the override of ``domain`` (every field as given)."""
        values = {f: getattr(override, f) for f in _FIELDS}
        with self.db.write("set outlet override") as conn:
            conn.execute(
                text(
                    "INSERT INTO outlet_overrides (domain, lean, factual, name, owner, note, updated_at)"
                    " VALUES (:domain, :lean, :factual, :name, :owner, :note, :t)"
                    " ON CONFLICT(domain) DO UPDATE SET lean = excluded.lean, factual = excluded.factual,"
                    " name = excluded.name, owner = excluded.owner, note = excluded.note,"
                    " updated_at = excluded.updated_at"
                ),
                {"domain": domain, "t": to_db_time(self.now()), **values},
            )

    def outlet_overrides(self) -> dict[str, OutletOverride]:
        """Every stored override by domain."""
        with self.db.read() as conn:
            rows = conn.execute(
                text("SELECT domain, lean, factual, name, owner, note FROM outlet_overrides")
            ).mappings()
            return {r["domain"]: OutletOverride(**{f: r[f] for f in _FIELDS}) for r in rows}

    def delete_outlet_override(self, domain: str) -> bool:
        """Remove the override of ``domain``; True when one existed."""
        with self.db.write("delete outlet override") as conn:
            res = conn.execute(text("DELETE FROM outlet_overrides WHERE domain = :d"), {"d": domain})
            return bool(res.rowcount)

    def outlet_names(self) -> dict[str, str]:
        """The name each outlet of the database was imported under, by domain."""
        with self.db.read() as conn:
            return {r[0]: r[1] for r in conn.execute(text("SELECT domain, name FROM outlets"))}

    def outlet_name(self, domain: str) -> str | None:
        """The name the outlet ``domain`` was imported under, or None."""
        with self.db.read() as conn:
            row = conn.execute(text("SELECT name FROM outlets WHERE domain = :d"), {"d": domain}).first()
            return str(row[0]) if row else None
