"""Stories that span days (issue 13): late coverage joins the story it follows, two same-kind
events a week apart stay apart, stories that turn out to be one event merge (user pins kept),
and ``story --why`` says a cross-day join in words. Real SQLite files, the real embedder, real
articles (BASIL, the seeds) and the demo corpus."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from newsprism import Newsprism
from newsprism.grouping._cluster import Clusterer, Item, Options

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the BASIL loader is shared with the benchmark

STEELE = "basil-2b95d2cf-e979-4f9c-ae27-9a5370934f23"
"""Michael Steele's Afghanistan remarks: the New York Times on 2 July 2010, Fox News and
HuffPost two days later."""


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    from grouping_data import importable

    path.write_text("".join(json.dumps(r) + "\n" for r in importable(records)), encoding="utf-8")
    return path


def _basil_event(data_dir: Path, event: str) -> list[dict[str, Any]]:
    from grouping_data import load_basil

    records, gold = load_basil(data_dir / "basil" / "articles")
    return sorted((r for r in records if gold[r["url"]] == event), key=lambda r: (r["date"], r["url"]))


def _unrelated(data_dir: Path, day: str) -> dict[str, Any]:
    from grouping_data import load_basil

    records, gold = load_basil(data_dir / "basil" / "articles")
    other = next(r for r in records if gold[r["url"]] != STEELE and "Weiner" in r["title"])
    return {**other, "date": day}


def test_the_demo_storms_stay_two_stories_and_the_strike_one(np: Newsprism) -> None:
    from newsprism.demo import load_demo

    load_demo(np)
    home: dict[str, set[int]] = {}
    for s in np.stories(limit=100):
        for a in np.store.get_articles(list(s.article_ids)):
            url = a.url or ""
            for key in ("ilse", "marek", "strike", "dock", "walkout", "union"):
                if key in url or key in a.title.lower():
                    home.setdefault("strike" if key in ("dock", "walkout", "union") else key, set()).add(s.id)
    assert len(home["ilse"]) == 1 and len(home["marek"]) == 1, home
    assert home["ilse"] != home["marek"]
    assert len(home["strike"]) == 1, home  # a strike covered on its first and second day


def test_an_article_three_days_after_the_first_report_joins_that_story(
    make_np: Any, data_dir: Path, tmp_path: Path
) -> None:
    """The Times' first report and Fox News two days later form the story; HuffPost's report,
    dated three days after the first (it came two days after), imported on its own, joins it;
    an unrelated article of the same day does not. The old time rule (0.5 of score a day after
    a half-day grace) kept it out."""
    first, second, late = _basil_event(data_dir, STEELE)
    assert date.fromisoformat(second["date"]) - date.fromisoformat(first["date"]) == timedelta(days=2)
    late = {**late, "date": (date.fromisoformat(first["date"]) + timedelta(days=3)).isoformat()}
    np = make_np("late.db")
    (a, b) = np.import_paths([_write(tmp_path / "first.jsonl", [first, second])]).imported_ids
    (story,) = np.stories()
    assert set(story.article_ids) == {a, b}
    (c,) = np.import_paths([_write(tmp_path / "late.jsonl", [late])]).imported_ids
    other = _unrelated(data_dir, late["date"])
    (d,) = np.import_paths([_write(tmp_path / "other.jsonl", [other])]).imported_ids
    assert np.story(story.id).article_ids and set(np.story(story.id).article_ids) == {a, b, c}
    assert len(np.stories()) == 2 and d not in np.story(story.id).article_ids
    np.regroup()  # a rebuild agrees
    assert {frozenset(s.article_ids) for s in np.stories()} == {frozenset({a, b, c}), frozenset({d})}

    old = make_np("old-rule.db")
    old.grouper.options = Options(decay_per_day=0.5)  # the steep rule, for contrast
    old.import_paths([_write(tmp_path / "first2.jsonl", [first, second])])
    (c2,) = old.import_paths([_write(tmp_path / "late2.jsonl", [late])]).imported_ids
    assert [s.article_ids for s in old.stories() if c2 in s.article_ids] == [(c2,)]


def test_story_why_says_a_cross_day_join_in_words(np: Newsprism, data_dir: Path, tmp_path: Path) -> None:
    first, second, late = _basil_event(data_dir, STEELE)
    ids = np.import_paths([_write(tmp_path / "steele.jsonl", [first, second, late])]).imported_ids
    (story,) = np.stories()
    why = {m.article_id: m for m in np.explain_story(story.id).members}
    later = why[ids[2]]
    assert later.days_after_first == 2.0
    assert "published two days after the first report" in later.reason, later.reason
    assert later.reason.startswith("same people"), later.reason  # michael steele: a person
    assert "michael steele" in later.reason
    assert "the day of the first report" in why[ids[0]].reason
    assert why[ids[0]].to_dict()["reason"] == why[ids[0]].reason

    from typer.testing import CliRunner

    from newsprism.cli import app

    db = np.store.db.url.removeprefix("sqlite:///")
    out = CliRunner().invoke(app, ["--db", db, "story", str(story.id), "--why"])
    assert out.exit_code == 0, out.output
    assert "why: same people" in out.output
    assert "published two days after the first report" in " ".join(out.output.split())


def _item(i: int, day: float, words: dict[str, int], pin: str | None = None) -> Item:
    rng = np.random.default_rng(sum(map(ord, "".join(sorted(words)))))
    vec = rng.normal(size=8).astype(np.float32)
    return Item(i, day, vec / np.linalg.norm(vec), words, frozenset(w for w in words if w[0] == "_"), pin)


def _two_stories(pins: tuple[str | None, str | None]) -> tuple[Clusterer, Item]:
    """Stories 5 and 9 of one event whose first reports did not look alike, and an article that
    is like both."""
    event = {"_steele": 3, "_afghanistan": 3, "war": 2, "remarks": 2}
    cl = Clusterer(Options(), lambda t: 1.0)
    for i, (key, day, extra) in enumerate(
        [(5, 100.0, "fundraiser"), (5, 100.1, "fundraiser"), (9, 100.2, "resign"), (9, 100.3, "resign")]
    ):
        cl.attach(key, _item(i + 1, day, {**event, extra: 4, f"w{i}": 1}, pins[0] if key == 5 else pins[1]))
    bridge = _item(6, 101.0, {**event, "fundraiser": 2, "resign": 2})
    mid = cl.stories[5].centroid() + cl.stories[9].centroid()
    bridge.vec = mid / np.linalg.norm(mid)
    return cl, bridge


def test_stories_that_turn_out_to_be_one_event_merge_and_keep_user_pins() -> None:
    """Two stories of one event merge when an article scores above the threshold against both
    and the stories' own score clears it too; the merged story keeps the user's pin."""
    cl, bridge = _two_stories(("merge1", None))
    d = cl.add(bridge)
    assert d.story in (5, 9) and d.also == (9 if d.story == 5 else 5,), d
    assert cl.merge_score(cl.stories[5], cl.stories[9]) >= cl.options.threshold
    done = cl.maybe_merge(d.story, d.also)
    assert [keep for keep, _ in done] == [5]  # the older stored story survives
    assert sorted(cl.stories[5].members) == [1, 2, 3, 4, 6] and 9 not in cl.stories
    assert cl.stories[5].pins == {"merge1"}


def test_stories_pinned_by_different_corrections_never_merge() -> None:
    cl, bridge = _two_stories(("merge1", "split2-b"))
    d = cl.add(bridge)
    assert d.also  # the article is like both ...
    assert cl.maybe_merge(d.story, d.also) == []  # ... but the user said they are two
    assert {5, 9} <= set(cl.stories)


def test_an_incremental_merge_never_undoes_a_user_split(
    np: Newsprism, seeds_dir: Path, tmp_path: Path
) -> None:
    seeds = sorted(np.import_paths([seeds_dir]).imported_ids)
    (story,) = np.stories()
    new_id = np.split_story(story.id, seeds[:2])
    pins = np.store.pins_of(seeds)
    arts = np.store.get_articles(seeds)
    both = {
        "title": arts[0].title + " / " + arts[3].title,
        "text": arts[0].text[:1500] + "\n\n" + arts[3].text[:1500],
        "url": "https://example.org/both-halves",
        "date": max(a.date for a in arts).isoformat(),
        "source": "example.org",
    }
    (bridge,) = np.import_paths([_write(tmp_path / "bridge.jsonl", [both])]).imported_ids
    parts = {frozenset(s.article_ids) - {bridge} for s in np.stories()}
    assert parts == {frozenset(seeds[:2]), frozenset(seeds[2:])}
    assert np.store.pins_of(seeds) == pins
    assert set(np.story(new_id).article_ids) >= set(seeds[:2])


def _unit(*parts: tuple[np.ndarray, float]) -> np.ndarray:
    v = sum(w * p for p, w in parts)
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_an_article_that_joined_yesterdays_story_moves_to_its_own_days_coverage() -> None:
    """Placed first on its day, a follow-up joins the story of two days before (the only one
    there was); its day's other coverage then starts a story of its own, which fits it better:
    the day's check moves it there. An article that joined the coverage of its own day stays."""
    a, b = np.eye(8, dtype=np.float32)[0], np.eye(8, dtype=np.float32)[1]
    cl = Clusterer(Options(), lambda t: 1.0)
    for i in (1, 2, 3):
        cl.attach(
            5,
            Item(
                i,
                100.0 + i / 10,
                _unit((a, 1.0)),
                {"_senate": 3, "bill": 2, "vote": 2, f"w{i}": 1},
                frozenset({"_senate"}),
            ),
        )
    late = Item(
        4,
        102.0,
        _unit((a, 1.0), (b, 1.0)),
        {"_senate": 2, "bill": 1, "_filibuster": 3, "debate": 2},
        frozenset({"_senate", "_filibuster"}),
    )
    assert cl.add(late).story == 5  # the only story there is, two days before
    same_day = [
        Item(
            i,
            102.1 + i / 100,
            _unit((b, 1.0), (a, 0.1)),
            {"_filibuster": 3, "debate": 2, "_senate": 1, f"v{i}": 1},
            frozenset({"_filibuster", "_senate"}),
        )
        for i in (6, 7)
    ]
    homes = {it.id: cl.add(it).story for it in same_day}
    assert homes[6] == homes[7] != 5
    cl.options = Options(rehome=False)
    assert cl.rehome(late, 5) is None and 4 in cl.stories[5].members  # switched off: it stays
    cl.options = Options()
    moved = cl.rehome(late, 5)
    assert moved is not None and moved.story == homes[6]
    assert sorted(cl.stories[homes[6]].members) == [4, 6, 7]
    assert sorted(cl.stories[5].members) == [1, 2, 3]
    assert cl.stories[5].last_day < 101.0  # its span no longer reaches the follow-up's day
    assert cl.rehome(same_day[0], homes[6]) is None  # it joined its own day's coverage
