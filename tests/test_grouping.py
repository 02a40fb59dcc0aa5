"""Story grouping on real articles: the seeds form one story, an unrelated article stays out,
incremental grouping equals a rebuild, corrections survive regroup, copies are marked."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism import Newsprism
from newsprism.cli import app
from newsprism.storage import Store, migrate
from newsprism.storage._engine import Database

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the AllSides loader is shared with the benchmark


def _allsides(data_dir: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    from grouping_data import load_allsides

    return load_allsides(data_dir / "allsides" / "stories-2021-04-to-08.jsonl")


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _partition(np: Newsprism) -> set[frozenset[int]]:
    return {frozenset(s.article_ids) for s in np.stories(limit=10_000)}


def test_seeds_form_one_story_and_an_unrelated_article_stays_out(
    np: Newsprism, seeds_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    report = np.import_paths([seeds_dir])
    seeds = set(report.imported_ids)
    assert len(seeds) == 5
    stories = np.stories()
    assert len(stories) == 1 and set(stories[0].article_ids) == seeds
    story_id = stories[0].id
    assert "Kursk" in stories[0].title

    records, _ = _allsides(data_dir)
    other = next(r for r in records if "Afghanistan" in r["title"])
    other = {**other, "date": "2025-04-27"}  # same days as the seeds: only the content differs
    new = np.import_paths([_write(tmp_path / "other.jsonl", [other])]).imported_ids
    assert len(new) == 1
    assert np.story(story_id).article_ids == stories[0].article_ids  # same id, same members
    assert len(np.stories()) == 2 and new[0] not in np.story(story_id).article_ids

    why = np.explain_story(story_id)
    assert {m.article_id for m in why.members} == seeds
    for m in why.members:
        assert m.nearest and m.nearest[0].article_id in seeds
        assert m.nearest[0].score > 0.4
    assert any("kursk" in n.shared_names for m in why.members for n in m.nearest)
    # names as the articles write them, not as the grouper stems them ("francis", not "franci")
    shown = {w for m in why.members for n in m.nearest for w in n.shared_names}
    assert "francis" in shown and "franci" not in shown


def test_incremental_grouping_equals_rebuild(np: Newsprism, data_dir: Path, tmp_path: Path) -> None:
    records, _ = _allsides(data_dir)
    records = sorted(records, key=lambda r: r["date"])[:90]
    for k in range(0, 90, 15):
        np.import_paths([_write(tmp_path / f"b{k}.jsonl", records[k : k + 15])])
    incremental = _partition(np)
    ids_before = {frozenset(s.article_ids): s.id for s in np.stories(limit=10_000)}
    np.regroup()
    rebuilt = _partition(np)
    same = len(incremental & rebuilt) / len(incremental | rebuilt)
    # A day imported in pieces is looked at again with each piece (``Options.rehome`` moves an
    # article to its own day's coverage when it fits better, which can change where the day's
    # later articles go): on these 90 articles 4 of 31 stories differ (none without rehome).
    # On the whole AllSides set the B-cubed F1 gap is 0.1 point (benchmarks/grouping.py).
    assert same >= 0.75, (len(incremental), len(rebuilt))
    # Stories that came out the same kept their ids.
    for s in np.stories(limit=10_000):
        if frozenset(s.article_ids) in ids_before:
            assert ids_before[frozenset(s.article_ids)] == s.id


def test_corrections_survive_regroup(np: Newsprism, seeds_dir: Path) -> None:
    seeds = sorted(np.import_paths([seeds_dir]).imported_ids)
    (story,) = np.stories()
    new_id = np.split_story(story.id, seeds[:2])
    np.regroup()
    assert _partition(np) == {frozenset(seeds[:2]), frozenset(seeds[2:])}
    assert set(np.story(new_id).article_ids) == set(seeds[:2])

    old = np.move_article(seeds[2], new_id)
    assert old == story.id
    np.regroup()
    assert _partition(np) == {frozenset(seeds[:3]), frozenset(seeds[3:])}

    kept = np.merge_stories([story.id, new_id])
    np.regroup()
    assert _partition(np) == {frozenset(seeds)}
    assert np.stories()[0].id == kept


def test_a_copy_is_detected_and_marked(np: Newsprism, seeds_dir: Path, tmp_path: Path) -> None:
    seeds = np.import_paths([seeds_dir]).imported_ids
    original = min(np.store.get_articles(seeds), key=lambda a: (a.date, a.id))
    repost = {
        "title": "Blog: " + original.title,
        "text": "Here is what our readers should know about this today, in our own words first.\n\n"
        + original.text,
        "url": "https://blog.example.org/repost",
        "date": (original.date + timedelta(hours=3)).isoformat(),
        "source": "blog.example.org",
    }
    (copy_id,) = np.import_paths([_write(tmp_path / "repost.jsonl", [repost])]).imported_ids
    members = {m.article_id: m for m in np.story_members(np.stories()[0].id)}
    assert copy_id in members
    assert members[copy_id].copy_of == original.id
    assert members[copy_id].copy_overlap is not None and members[copy_id].copy_overlap >= 0.8
    assert all(m.copy_of is None for a, m in members.items() if a != copy_id)


def test_an_earlier_dated_repost_makes_the_stored_article_the_copy(
    np: Newsprism, seeds_dir: Path, tmp_path: Path
) -> None:
    seeds = np.import_paths([seeds_dir]).imported_ids
    later = max(np.store.get_articles(seeds), key=lambda a: (a.date, a.id))
    first = {
        "title": "Wire: " + later.title,
        "text": "WIRE SERVICE.\n\n" + later.text,
        "url": "https://wire.example.org/first",
        "date": (later.date - timedelta(hours=6)).isoformat(),
        "source": "wire.example.org",
    }
    (wire_id,) = np.import_paths([_write(tmp_path / "wire.jsonl", [first])]).imported_ids
    assert len(np.stories()) == 1, [(s.id, s.article_ids, later.id, wire_id) for s in np.stories()]
    members = {m.article_id: m for m in np.story_members(np.stories()[0].id)}
    assert members[later.id].copy_of == wire_id
    assert members[wire_id].copy_of is None


def test_stories_cli_json_lists_members_with_copy_marks(np: Newsprism, seeds_dir: Path) -> None:
    np.import_paths([seeds_dir])
    db = np.store.db.url.removeprefix("sqlite:///")
    out = CliRunner().invoke(app, ["--db", db, "stories", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert len(data) == 1 and len(data[0]["articles"]) == 5
    assert {"id", "url", "outlet", "copy_of", "title"} <= set(data[0]["articles"][0])
    # the text listing counts sources: the seed pages name no outlet, each counts as one
    out = CliRunner().invoke(app, ["--db", db, "stories"])
    assert "5 articles, 5 sources (0 known outlets)" in " ".join(out.output.split()), out.output
    out = CliRunner().invoke(app, ["--db", db, "split", str(data[0]["id"]), "999999"])
    assert out.exit_code != 0


def test_grouping_migration_from_an_older_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = Database(url)
    migrate(db, upto=2)
    db.close()
    with Store(url) as store:
        assert store.schema_version() >= 3
        assert store.open_stories(0, 1e9) == {}
        assert store.copies_of([1]) == {}


@pytest.mark.parametrize("bad", [[], [1]])
def test_merge_needs_two_stories(np: Newsprism, bad: list[int]) -> None:
    from newsprism.errors import InputError

    with pytest.raises(InputError):
        np.merge_stories(bad)
