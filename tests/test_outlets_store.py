"""User overrides in a real SQLite file, the migration, importing articles, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import InputError, Newsprism
from newsprism.config import OutletOverride, db_url, settings_from_mapping
from newsprism.outlets import OutletRegistry, OutletTable
from newsprism.outlets._build import build, encode
from newsprism.storage import Database, Store, migrate

REPO = Path(__file__).resolve().parent.parent
OUTLETS = REPO.parent / "shared" / "data" / "outlets"
WORDS = " ".join(f"word{i}" for i in range(60))


def _np(tmp_path: Path, config: dict | None = None) -> Newsprism:  # type: ignore[type-arg]
    settings = settings_from_mapping(config or {}, {}, db=str(tmp_path / "news.db"), data_dir=str(tmp_path))
    return Newsprism(settings)


def test_override_wins_is_marked_and_survives_a_table_rebuild(tmp_path: Path) -> None:
    if not OUTLETS.is_dir():
        pytest.skip("../shared/data/outlets is not present")
    store = Store(db_url(str(tmp_path / "o.db")))
    reg = OutletRegistry(store)
    before = reg.profile("breitbart.com")
    assert before.lean == "right" and not before.user_override
    p = reg.set_override("https://www.breitbart.com/politics/x", lean="center", note="testing")
    assert (p.domain, p.lean, p.lean_source, p.agreement, p.user_override) == (
        "breitbart.com",
        "center",
        "user",
        "user",
        True,
    )
    assert p.ratings == before.ratings  # every rater is still shown beside the user's verdict
    # a second set keeps the fields it does not mention
    p = reg.set_override("breitbart.com", factual="high")
    assert (p.lean, p.factual, p.factual_source) == ("center", "high", "user")
    # rebuild the bundled table from the source files: the override is untouched
    rebuilt = tmp_path / "rebuilt.json.gz"
    rebuilt.write_bytes(encode(build(OUTLETS)[0]))
    store.close()
    store2 = Store(db_url(str(tmp_path / "o.db")))
    p2 = OutletRegistry(store2, table=OutletTable.load(rebuilt)).profile("breitbart.com")
    assert (p2.lean, p2.lean_source, p2.factual) == ("center", "user", "high")
    assert OutletRegistry(store2).unset_override("breitbart.com") is True
    assert OutletRegistry(store2).unset_override("breitbart.com") is False
    assert OutletRegistry(store2).profile("breitbart.com").lean == "right"
    store2.close()


def test_fictional_outlets_and_config_overrides(tmp_path: Path) -> None:
    config = {
        "outlets": {"bbc.co.uk": {"lean": "lean left", "name": "Beeb"}, "bugle.example": {"lean": "right"}}
    }
    with _np(tmp_path, config) as np:
        bbc = np.outlet_profile("https://www.bbc.com/news/x")  # the alias folds onto the outlet
        assert (bbc.lean, bbc.lean_source, bbc.name) == ("lean left", "user", "Beeb")
        assert np.outlet_profile("bugle.example").lean == "right"
        p = np.set_outlet_override("daily-planet", lean="lean left", name="Daily Planet")
        assert (p.domain, p.lean, p.name, p.known) == ("daily-planet", "lean left", "Daily Planet", False)
        # the database override wins over the config file, field by field
        p = np.set_outlet_override("bbc.co.uk", lean="center")
        assert (p.lean, p.name) == ("center", "Beeb")
        listed = {q.domain: q for q in np.outlets.profiles(domains=[])}
        assert set(listed) == {"bbc.com", "bugle.example", "daily-planet"}
        assert [q.domain for q in np.outlets.profiles(lean="right", domains=[])] == ["bugle.example"]
        with pytest.raises(InputError, match="unknown lean"):
            np.set_outlet_override("daily-planet", lean="far out")
        with pytest.raises(InputError, match="nothing to set"):
            np.set_outlet_override("daily-planet")
    with pytest.raises(InputError, match="unknown factual"):
        OutletRegistry(overrides={"x.com": OutletOverride(factual="great")})


def test_migration_from_version_1_adds_overrides(tmp_path: Path) -> None:
    url = db_url(str(tmp_path / "old.db"))
    db = Database(url)
    assert migrate(db, upto=1) == [1]
    db.close()
    store = Store(url)
    assert store.schema_version() >= 2
    store.set_outlet_override("npr.org", OutletOverride(lean="left"))
    assert store.outlet_overrides() == {"npr.org": OutletOverride(lean="left")}
    store.close()


def test_imported_articles_get_their_outlet_and_unknown_ones_are_unrated(tmp_path: Path) -> None:
    records = [
        {"title": "Storm hits coast", "text": WORDS, "url": "https://edition.cnn.com/2024/01/01/storm"},
        {"title": "Budget passes", "text": WORDS + " b", "url": "https://www.bbc.co.uk/news/uk-1"},
        {
            "title": "Local fair opens",
            "text": WORDS + " c",
            "url": "https://www.tiny-unknown-gazette.net/fair",
        },
        {"title": "Bugle story", "text": WORDS + " d", "url": "https://www.daily-bugle.example/s"},
        {"title": "Planet story", "text": WORDS + " e", "source": "The Daily Planet"},
        {"title": "No source at all", "text": WORDS + " f"},
    ]
    path = tmp_path / "in" / "articles.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    with _np(tmp_path / "db") as np:
        report = np.import_paths([path], group=False)
        assert len(report.imported_ids) == 6, report.summary()
        got = {}
        for a in np.articles():
            if a.outlet is None:
                assert a.title == "No source at all"
                assert np.outlets.for_article(a).lean == "unrated"
                continue
            got[a.outlet.domain] = np.outlet_profile(a.outlet.domain)
            assert np.outlets.for_article(a) == got[a.outlet.domain]
        assert set(got) == {
            "cnn.com",
            "bbc.com",
            "tiny-unknown-gazette.net",
            "daily-bugle.example",
            "the-daily-planet",
        }
        assert got["cnn.com"].lean != "unrated" and got["bbc.com"].owner_type == "public broadcaster"
        assert got["tiny-unknown-gazette.net"].lean == "unrated"
        assert got["daily-bugle.example"].lean == "unrated"
        planet = got["the-daily-planet"]
        assert (planet.name, planet.lean, planet.known) == ("The Daily Planet", "unrated", False)
        assert np.set_outlet_override("the-daily-planet", lean="lean right").lean == "lean right"
        listed = {p.domain: p for p in np.outlets.profiles(domains=np.store.outlet_article_counts())}
        assert listed["the-daily-planet"].name == "The Daily Planet"
        assert listed["the-daily-planet"].lean_source == "user"


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsprism", "--db", str(db), "--config", str(db.parent / "none.toml"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=db.parent,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")},
    )


def test_cli_set_show_list_unset(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    res = _run(db, "outlets", "set", "daily-bugle.example", "--lean", "right", "--name", "Daily Bugle")
    assert res.returncode == 0, res.stderr
    res = _run(db, "outlets", "--json")
    rows = json.loads(res.stdout)
    assert [(r["domain"], r["lean"], r["lean_source"], r["name"]) for r in rows] == [
        ("daily-bugle.example", "right", "user", "Daily Bugle")
    ]
    res = _run(db, "outlets", "show", "https://www.jacobinmag.com/2019/x", "--json")
    shown = json.loads(res.stdout)
    assert shown["domain"] == "jacobin.com" and shown["lean"] == "left"
    assert {r["rater"] for r in shown["ratings"]} >= {"MBFC", "AllSides"}
    assert shown["articles"] == 0 and shown["recent_articles"] == []
    res = _run(db, "outlets", "show", "reuters.com")
    assert res.returncode == 0 and "MBFC" in res.stdout and "AllSides" in res.stdout
    res = _run(db, "outlets", "--all", "--rater", "AllSides", "--lean", "left", "--country", "USA", "--json")
    listed = {r["domain"] for r in json.loads(res.stdout)}
    assert {"dailykos.com", "jacobin.com", "msnbc.com"} <= listed and "foxnews.com" not in listed
    res = _run(db, "outlets", "set", "x.com", "--lean", "sideways")
    assert res.returncode == 2 and "unknown lean" in res.stderr
    res = _run(db, "outlets", "unset", "daily-bugle.example")
    assert res.returncode == 0 and "removed" in res.stdout
    assert json.loads(_run(db, "outlets", "--json").stdout) == []
