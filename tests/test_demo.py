"""The bundled demo corpus (FICTION): its records, its outlets, and loading it into a database."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsprism import Newsprism, Outcome
from newsprism.demo import demo_dir, demo_files, demo_outlets, load_demo
from newsprism.outlets import LEANS

KEYS = {"title", "dek", "text", "url", "date", "source", "authors", "demo"}


def records() -> list[dict[str, Any]]:
    (path,) = demo_files()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def by_url(fragment: str) -> dict[str, Any]:
    (rec,) = [r for r in records() if fragment in r["url"]]
    return rec


def test_every_record_is_marked_fiction_and_uses_an_example_domain() -> None:
    recs = records()
    assert 20 <= len(recs) <= 24
    for r in recs:
        assert set(r) == KEYS, r["url"]
        assert r["demo"] is True
        assert r["source"].endswith(".example")
        assert urlsplit(r["url"]).scheme == "https"
        assert urlsplit(r["url"]).hostname == r["source"]
        assert r["authors"] and all(isinstance(a, str) and a for a in r["authors"])
        assert re.fullmatch(r"2026-11-\d\dT\d\d:\d\d:\d\dZ", r["date"])
        datetime.fromisoformat(r["date"].replace("Z", "+00:00"))
        words = len(r["text"].split())
        assert 150 <= words <= 350, (r["url"], words)
        assert "\n\n" in r["text"]
    assert len({r["url"] for r in recs}) == len(recs)
    assert len({r["title"] for r in recs}) == len(recs)
    assert "FICTION" in (demo_dir() / "README.md").read_text(encoding="utf-8")


def test_outlets_cover_every_source_with_a_lean() -> None:
    outlets = demo_outlets()
    assert {r["source"] for r in records()} == set(outlets)
    assert {o.lean for o in outlets.values()} == set(LEANS)
    for domain, o in outlets.items():
        assert domain.endswith(".example")
        assert o.name and o.note == "fictional outlet (demo)"


def test_planted_differences_are_there() -> None:
    """The README promises these; the grouping and analysis tests rely on them."""
    wire = by_url("velorianwire.example/2026/11/10/storm-ilse")["text"].split("\n\n")
    ledger = by_url("haldenledger.example/city/ilse")["text"].split("\n\n")
    assert ledger[2:] == wire[1:] and len(ledger) == len(wire) + 1  # syndicated, new intro

    assert "43.7 percent" in by_url("castrelle-congestion-charge-referendum")["text"]
    for frag in ("castrelle-votes-clean-air", "castrelle-backs-congestion-charge"):
        assert "46 percent" in by_url(frag)["text"]
    for frag in ("congestion-charge-low-turnout", "minority-rule-marbury"):
        assert "41 percent" in by_url(frag)["text"]

    strike = by_url("port-halden-dock-strike-begins")["text"]
    assert "82 percent" in strike and "denied" in strike


def test_load_imports_everything_once(make_np) -> None:  # type: ignore[no-untyped-def]
    np: Newsprism = make_np("demo.db")
    n = len(records())

    first = load_demo(np)
    assert first.count(Outcome.IMPORTED) == n, first.summary()
    assert len(first.items) == n

    again = load_demo(np)
    assert again.count(Outcome.DUPLICATE) == n, again.summary()
    assert again.count(Outcome.IMPORTED) == 0

    stored = np.articles()
    assert len(stored) == n
    assert {a.url for a in stored} == {r["url"] for r in records()}
    assert all(a.published_at is not None and a.published_at.month == 11 for a in stored)


def test_stored_articles_keep_their_example_outlet(make_np) -> None:  # type: ignore[no-untyped-def]
    np: Newsprism = make_np("demo.db")
    load_demo(np)
    source = {r["url"]: r["source"] for r in records()}
    for a in np.articles():
        assert a.outlet is not None, a.url
        assert a.outlet.domain == source[str(a.url)]


def test_load_gives_the_outlets_their_demo_leans(make_np) -> None:  # type: ignore[no-untyped-def]
    np: Newsprism = make_np("demo.db")
    load_demo(np)
    for domain, override in demo_outlets().items():
        profile = np.outlet_profile(domain)
        assert (profile.lean, profile.name) == (override.lean, override.name), domain


def test_demo_files_are_inside_the_package() -> None:
    for path in demo_files():
        assert path.is_file() and path.parent == demo_dir()
    assert (demo_dir() / "outlets.toml").is_file()
