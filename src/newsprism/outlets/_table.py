"""The bundled outlet table (``newsprism/data/outlets.json.gz``, built by scripts/build_outlets.py)."""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import NewsprismError
from ._resolve import candidates, host_of, registrable
from ._types import Rating

FORMAT = 1
TABLE_NAME = "outlets.json.gz"


@dataclass(frozen=True)
class OutletRecord:
    """One outlet of the bundled table (no user overrides applied)."""

    domain: str
    name: str
    domains: tuple[str, ...]
    ratings: tuple[Rating, ...]
    country: str | None = None
    media_type: str | None = None
    owner: str | None = None
    owner_type: str = "unknown"
    owner_source: str | None = None


def _record(d: Mapping[str, Any]) -> OutletRecord:
    return OutletRecord(
        domain=d["domain"],
        name=d["name"],
        domains=tuple(d["domains"]),
        ratings=tuple(Rating(**r) for r in d.get("ratings", ())),
        country=d.get("country"),
        media_type=d.get("media_type"),
        owner=d.get("owner"),
        owner_type=d.get("owner_type", "unknown"),
        owner_source=d.get("owner_source"),
    )


class OutletTable:
    """An outlet table: records by canonical domain and an index of every domain and alias."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        if doc.get("format") != FORMAT:
            raise NewsprismError(f"outlet table has format {doc.get('format')!r}, expected {FORMAT}")
        self.sources: tuple[Mapping[str, Any], ...] = tuple(doc.get("sources", ()))
        self.records: dict[str, OutletRecord] = {}
        self.index: dict[str, str] = {}
        for d in doc["outlets"]:
            rec = _record(d)
            self.records[rec.domain] = rec
            for dom in rec.domains:
                self.index[dom] = rec.domain

    @classmethod
    def load(cls, path: str | Path) -> OutletTable:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return cls(json.load(fh))
        except (OSError, ValueError, KeyError) as e:
            raise NewsprismError(f"cannot read outlet table {path}: {e}") from e

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[OutletRecord]:
        return iter(self.records.values())

    def get(self, domain: str) -> OutletRecord | None:
        """The record whose domains include ``domain`` exactly."""
        key = self.index.get(domain)
        return self.records[key] if key else None

    def resolve(self, url: str) -> str | None:
        """Outlet domain of a URL or host: the most specific known domain, else registrable domain."""
        host = host_of(url)
        if host is None:
            return None
        for cand in candidates(host):
            if cand in self.index:
                return self.index[cand]
        return registrable(host)


@functools.cache
def bundled_table() -> OutletTable:
    """The table shipped in the package (read once per process; it is immutable)."""
    res = resources.files("newsprism") / "data" / TABLE_NAME
    with resources.as_file(res) as path:
        if not Path(path).exists():
            raise NewsprismError(f"bundled outlet table missing: {path}; run scripts/build_outlets.py")
        return OutletTable.load(path)
