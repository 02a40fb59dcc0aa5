"""The vectorised story index (grouping/_index.py) returns what a plain scan over the open
stories returns: the same candidates in the same order, rows reused after a drop."""

from __future__ import annotations

import random

import numpy as np

from newsprism.grouping._cluster import Clusterer, Item, Options
from newsprism.grouping._index import StoryIndex


def _unit(rng: np.random.Generator, dim: int = 16) -> np.ndarray:
    v = rng.normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


def test_search_matches_a_brute_force_scan_through_growth_and_drops() -> None:
    rng = np.random.default_rng(7)
    pick = random.Random(7)
    index = StoryIndex()
    stories: dict[int, tuple[np.ndarray, tuple[float, float, float, float]]] = {}
    for key in range(300):  # grows past the first capacity several times
        first = pick.uniform(0, 30)
        span = (first, first + pick.uniform(0, 3), first, first + 1)
        stories[key] = (_unit(rng), span)
        index.put(key, *stories[key])
    for key in pick.sample(sorted(stories), 120):
        index.drop(key)
        del stories[key]
    for key in range(300, 340):  # reuses the dropped rows
        stories[key] = (_unit(rng), (10.0, 12.0, 10.0, 12.0))
        index.put(key, *stories[key])
    assert len(index) == len(stories) == 220
    for _ in range(50):
        vec, day = _unit(rng), pick.uniform(0, 33)
        got = index.search(vec, day, None, 4.0, 10)
        near = [(k, float(c @ vec)) for k, (c, s) in stories.items() if s[1] >= day - 4 and s[0] <= day + 4]
        want = sorted(near, key=lambda p: -p[1])[:10]
        assert [k for k, _ in got] == [k for k, _ in want]
        assert np.allclose([c for _, c in got], [c for _, c in want], atol=1e-6)


def test_undated_items_also_find_stories_fetched_near_them() -> None:
    index = StoryIndex()
    v = np.ones(4, dtype=np.float32) / 2
    index.put(1, v, (100.0, 101.0, 5.0, 6.0))  # published long ago, fetched on day 5
    assert index.search(v, 5.5, None, 4.0, 5) == []
    assert [k for k, _ in index.search(v, 5.5, 5.5, 4.0, 5)] == [1]


def test_pinned_items_skip_stories_of_another_correction() -> None:
    cl = Clusterer(Options(), lambda t: 1.0)
    v = np.ones(4, dtype=np.float32) / 2
    cl.attach(1, Item(1, 10.0, v, {"a": 1}, frozenset(), pin="split1-a"))
    cl.attach(2, Item(2, 10.0, v, {"a": 1}, frozenset()))
    cands = cl.candidates(Item(3, 10.0, v, {"a": 1}, frozenset(), pin="split1-b"))
    assert [s.key for _, s in cands] == [2]
    assert {s.key for _, s in cl.candidates(Item(4, 10.0, v, {"a": 1}, frozenset()))} == {1, 2}


def test_one_call_over_many_chunks_groups_like_one_chunk(make_np, data_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``Grouper.add`` keeps one clusterer across its chunks (new stories take their stored ids,
    stories out of the window are let go): the result matches one big chunk, and the store stays
    whole (every article in one story, no empty story)."""
    import json
    import sys
    from pathlib import Path

    from newsprism.grouping import _grouper

    bench = str(Path(__file__).resolve().parents[1] / "benchmarks")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from grouping_data import bcubed, load_allsides

    records, gold = load_allsides(data_dir / "allsides" / "stories-2021-04-to-08.jsonl")
    records = sorted(records, key=lambda r: r["date"])[:300]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    results = []
    for name, chunk in (("one.db", 10_000), ("many.db", 40)):
        monkeypatch.setattr(_grouper, "CHUNK", chunk)
        np = make_np(name)
        ids = list(np.import_paths([path], group=False).imported_ids)
        report = np.grouper.add(ids)
        assert report.articles == len(ids)
        stories = np.stories(limit=10_000)
        members = [a for s in stories for a in s.article_ids]
        assert sorted(members) == sorted(ids) and all(s.article_ids for s in stories)
        url = {a.id: a.url for s in stories for a in np.store.get_articles(list(s.article_ids))}
        pred = {url[a]: s.id for s in stories for a in s.article_ids}
        results.append((bcubed(pred, gold)["f1"], {frozenset(s.article_ids) for s in stories}))
    (f_one, one), (f_many, many) = results
    assert abs(f_one - f_many) <= 0.01, (f_one, f_many)
    assert len(one & many) / len(one | many) >= 0.9
