"""Coverage by lean, blindspots and framing by side, with the real outlet registry.

The stories are AllSides roundups (one left, one center, one right outlet's headline and
excerpt each), read from ../shared/data; the outlet domains come from the AllSides links.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsprism.analysis import Analyzer, StoryAnalysis
from newsprism.models import Article, Outlet
from newsprism.outlets import OutletRegistry, domain_of

ALLSIDES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "allsides"
T0 = datetime(2021, 6, 1, 12, tzinfo=UTC)


def _stories(n: int) -> list[list[tuple[str, str, str]]]:
    path = ALLSIDES / "stories-2021-04-to-08.jsonl"
    if not path.exists():
        pytest.skip("../shared/data/allsides is not present")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        news = json.loads(line).get("news", {})
        trio = []
        for side in ("left", "center", "right"):
            item = news.get(side) or {}
            domain = domain_of(item.get("newsLink") or "")
            body = " ".join(item.get("newBody") or [])
            if domain and body:
                trio.append((domain, item.get("newsTitle") or "", body))
        if len(trio) == 3 and len({d for d, _t, _b in trio}) == 3:
            out.append(trio)
        if len(out) >= n:
            break
    return out


def _articles(items: list[tuple[str, str, str]]) -> list[Article]:
    return [
        Article(
            id=i + 1,
            title=title,
            text=body,
            url=f"https://{domain}/story-{i}",
            outlet=Outlet(i + 1, domain, domain),
            dek=None,
            authors=(),
            published_at=T0 + timedelta(hours=i),
            fetched_at=T0,
            language="en",
            content_hash=f"h{i}",
            source_kind="test",
            source_ref=str(i),
        )
        for i, (domain, title, body) in enumerate(items)
    ]


@pytest.fixture(scope="module")
def analyzer(embedder) -> Analyzer:  # type: ignore[no-untyped-def]
    return Analyzer(embedder, OutletRegistry())


def test_three_sided_story_has_coverage_framing_and_timeline(analyzer: Analyzer) -> None:
    trio = _stories(1)[0]
    a: StoryAnalysis = analyzer.analyze_articles(_articles(trio))
    leans = {s.outlet: s.lean for s in a.sources}
    registry = OutletRegistry()
    assert leans == {d: registry.profile(d).lean for d, _t, _b in trio}
    cov = a.coverage
    assert sum(len(v) for v in cov.by_lean.values()) == 3
    assert cov.left + cov.center + cov.right + cov.unrated == 3
    sides = {f.side: f for f in a.framing}
    for f in sides.values():
        assert f.headlines and all(len(h.cites) == 1 for h in f.headlines)
    published = [e for e in a.timeline if e.kind == "published"]
    assert [e.cites for e in published] == [(1,), (2,), (3,)]  # in publication order
    firsts = [e for e in a.timeline if e.kind == "side_first"]
    assert len(firsts) == len(sides)


def test_blindspot_when_coverage_is_overwhelmingly_one_sided(analyzer: Analyzer) -> None:
    trios = _stories(40)
    registry = OutletRegistry()
    right = [x for t in trios for x in t if registry.profile(x[0]).lean in ("right", "lean right")]
    left = [x for t in trios for x in t if registry.profile(x[0]).lean in ("left", "lean left")]
    distinct_right = list({d: (d, t, b) for d, t, b in right}.values())[:3]
    distinct_left = list({d: (d, t, b) for d, t, b in left}.values())[:3]
    if len(distinct_right) < 3 or len(distinct_left) < 3:
        pytest.skip("not enough distinct rated outlets in the sample")
    only_right = analyzer.analyze_articles(_articles(distinct_right))
    assert only_right.coverage.blindspot == "left"
    only_left = analyzer.analyze_articles(_articles(distinct_left))
    assert only_left.coverage.blindspot == "right"
    balanced = analyzer.analyze_articles(_articles(distinct_left[:2] + distinct_right[:2]))
    assert balanced.coverage.blindspot is None
    assert {f.side for f in balanced.framing} == {"left", "right"}


def test_timeline_orders_by_instant_when_outlets_keep_their_offsets() -> None:
    from newsprism.analysis import Source
    from newsprism.analysis._sides import timeline

    def src(n: int, when: str) -> Source:
        return Source(n, n, f"t{n}", f"o{n}.example", f"O{n}", "center", published_at=when)

    # 04:11 in India (+05:30) is 22:41 UTC the day before: earlier than 23:00 UTC, though its
    # text sorts later
    later = src(1, "2020-04-01T23:00:00+00:00")
    earlier = src(2, "2020-04-02T04:11:00+05:30")
    published = [e for e in timeline([later, earlier], []) if e.kind == "published"]
    assert [e.cites for e in published] == [(2,), (1,)]
