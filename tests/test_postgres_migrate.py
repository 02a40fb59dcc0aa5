"""`newsprism migrate --to postgresql://...`: a real SQLite library built by the pipeline (the demo
corpus: imported, grouped, one story analysed) copied into a real PostgreSQL database, then the
`stories` and `story` output compared on both; a non-empty target is refused without --force;
an unreachable target is one clear line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from newsprism import Newsprism
from newsprism.config import settings_from_mapping
from newsprism.demo import load_demo
from newsprism.storage import Store, copy_database


def _cli(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsprism", "--db", db, *args],
        capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "120", **(env or {})},
    )


def _without_timings(out: str) -> object:
    """The output with the analysis' own run times (stats.seconds_*) left out."""
    if not out.startswith(("{", "[")):
        return out
    data = json.loads(out)
    if isinstance(data, dict) and isinstance(data.get("stats"), dict):
        data["stats"] = {k: v for k, v in data["stats"].items() if not k.startswith("seconds")}
    return data


def _counts(url: str) -> dict[str, int]:
    store = Store(url)
    try:
        with store.db.read() as conn:
            tables = [t for t in store.db.dialect.table_names(conn) if t != "schema_migrations"]
            return {t: int(conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()) for t in tables}
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> tuple[str, int, int]:
    """A SQLite demo library, shared by this module's tests (they only read it): (its URL, an
    analysed story, a story left to analyse)."""
    tmp = tmp_path_factory.mktemp("library")
    settings = settings_from_mapping({}, {}, db=str(tmp / "demo.db"), data_dir=str(tmp / "data"))
    np = Newsprism(settings, embedder=embedder)
    report = load_demo(np)
    assert report.imported_ids
    ranked = sorted(np.store.story_digests(), key=lambda d: (-d.n_articles, d.id))
    analysed, pending = ranked[0].id, ranked[1].id
    np.analysis(analysed)  # cached in story_analysis and article_analysis: copied as rows
    url = np.store.db.url
    np.close()
    return url, analysed, pending


def test_migrate_copies_a_demo_library_and_both_give_the_same_output(
    demo_library: tuple[str, int, int], pg_url: str
) -> None:
    sqlite_url, analysed, pending = demo_library
    res = _cli(sqlite_url, "migrate", "--to", pg_url.replace("postgresql+psycopg://", "postgresql://"),
               "--batch", "7")
    assert res.returncode == 0, res.stderr
    assert "copied" in res.stdout and "articles: 24/24" in res.stderr  # progress goes to stderr
    counts = _counts(sqlite_url)
    assert counts["articles"] == 24 and counts["story_analysis"] == 1 and counts["article_embeddings"] == 24
    assert _counts(pg_url) == counts

    for args in (["stories"], ["story", str(analysed)], ["story", str(pending), "--json"]):
        on_sqlite, on_pg = _cli(sqlite_url, *args), _cli(pg_url, *args)
        assert on_sqlite.returncode == on_pg.returncode == 0, (args, on_sqlite.stderr, on_pg.stderr)
        assert _without_timings(on_pg.stdout) == _without_timings(on_sqlite.stdout), args

    # the copy goes on where the source stopped: new ids follow the copied ones
    store = Store(pg_url)
    try:
        report = store.add_report("analysis", "after the move", story_id=analysed)
        assert report.id == 1
        with store.db.write() as conn:
            new = store.outlet_id(conn, "new.example.com")
        assert new == counts["outlets"] + 1
    finally:
        store.close()


def test_a_non_empty_target_is_refused_unless_forced(demo_library: tuple[str, int, int], pg_url: str) -> None:
    sqlite_url, _, _ = demo_library
    first = copy_database(sqlite_url, pg_url)
    assert dict(first.rows)["articles"] == 24
    res = _cli(sqlite_url, "migrate", "--to", pg_url)
    assert res.returncode == 2
    lines = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "not empty" in lines[0] and "--force" in lines[0], res.stderr
    again = copy_database(sqlite_url, pg_url, force=True, batch=5)
    assert again.rows == first.rows
    assert _counts(pg_url) == _counts(sqlite_url)


def test_an_unreachable_target_is_one_clear_line(demo_library: tuple[str, int, int]) -> None:
    sqlite_url, _, _ = demo_library
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = _cli(sqlite_url, "migrate", "--to", f"postgresql://np:hunter2@127.0.0.1:{port}/library")
    assert res.returncode == 4, res.stderr
    errors = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and "cannot reach the database" in errors[0], res.stderr
    assert "Traceback" not in res.stderr and "hunter2" not in res.stderr


def test_copy_back_to_sqlite_round_trips(demo_library: tuple[str, int, int], pg_url: str,
                                         tmp_path: Path) -> None:
    sqlite_url, _, _ = demo_library
    copy_database(sqlite_url, pg_url)
    back = "sqlite:///" + str(tmp_path / "back.db")
    copy_database(pg_url, back)
    assert _counts(back) == _counts(sqlite_url)
    store = Store(back)
    try:  # the SQLite full-text index was filled by the copy too
        assert store.search_articles("Metro Line")
    finally:
        store.close()
