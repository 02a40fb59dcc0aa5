"""Quality gate: story grouping scored on real labelled news against pinned floors.

A fixed subset keeps CI fast (about 800 articles, a few minutes on 2 cores): BASIL 2010-14
(150 articles, real publication days: stories that span days), the AllSides roundups of
April-May 2021 and ECB+ topics 1-14. The full sets run in ``benchmarks/grouping.py``.
Lowering a floor is a deliberate, visible change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from newsprism import Newsprism

pytestmark = pytest.mark.gate

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the data loaders and the scorer are shared with the benchmark

# Pinned floors (B-cubed F1, incremental / rebuilt on this subset, default Options), minus about
# a point. Issue 13 (stories that span days, 2026-12-01): BASIL 0.986 / 0.986 (0.900 with the
# old steep time rule), AllSides 0.932 / 0.936 (0.943 / 0.943 before: the gentler time model
# lets a running storyline's next-day roundup join the one before it; the AllSides floor is
# lowered from 0.93 to 0.92 on purpose), ECB+ 0.931 / 0.923 (no dates: unchanged but for merges).
# Session 4 (2026-12-02): an article that joined an older story moves to its own day's coverage
# when that fits it better (Options.rehome): AllSides 0.935 / 0.940, BASIL and ECB+ unchanged;
# the AllSides floor is raised to 0.925.
FLOORS = {"basil": 0.97, "allsides": 0.925, "ecbplus": 0.91}
MAX_GAP = 0.02
"""Incremental grouping and a full regroup may differ by at most 2 F1 points on the subset."""


def _subset(data_dir: Path, name: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    from grouping_data import load_allsides, load_basil, load_ecbplus

    if name == "basil":
        return load_basil(data_dir / "basil" / "articles")
    if name == "allsides":
        records, gold = load_allsides(data_dir / "allsides" / "stories-2021-04-to-08.jsonl")
        records = [r for r in records if r["date"] < "2021-06-01"]
    else:
        records, gold = load_ecbplus(data_dir / "ecbplus")
        records = [r for r in records if int(r["url"].removeprefix("ecbplus://").split("_")[0]) <= 14]
    return records, {r["url"]: gold[r["url"]] for r in records}


def _predicted(np: Newsprism) -> dict[str, int]:
    from grouping_data import record_url

    out = {}
    for st in np.stories(limit=100_000):
        for a in np.store.get_articles(list(st.article_ids)):
            if a.url:
                out[record_url(a.url)] = st.id
    return out


@pytest.mark.parametrize("name", ["basil", "allsides", "ecbplus"])
def test_grouping_quality_gate(name: str, make_np, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from grouping_data import bcubed, importable

    records, gold = _subset(data_dir, name)
    records.sort(key=lambda r: (r["date"], r["url"]))
    np = make_np(f"{name}.db")
    for k in range(0, len(records), 100):
        path = tmp_path / f"batch{k}.jsonl"
        batch = importable(records[k : k + 100])
        path.write_text("".join(json.dumps(r) + "\n" for r in batch), encoding="utf-8")
        np.import_paths([path])
    incremental = bcubed(_predicted(np), gold)
    np.regroup()
    rebuilt = bcubed(_predicted(np), gold)
    print(name, "incremental", incremental, "rebuilt", rebuilt)
    assert incremental["articles"] >= 0.95 * len(records)
    assert incremental["f1"] >= FLOORS[name], incremental
    assert rebuilt["f1"] >= FLOORS[name], rebuilt
    assert abs(incremental["f1"] - rebuilt["f1"]) <= MAX_GAP
