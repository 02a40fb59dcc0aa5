"""Another aggregator's story page (seed 001) is recognised, counts as no independent outlet, and
its own commentary is never a fact of the event (issue 12). Real seeds, real SQLite, real models."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism import Newsprism
from newsprism.analysis import StoryAnalysis
from newsprism.analysis._aggregator import detect

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Newsprism]:  # type: ignore[no-untyped-def]
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not present")
    np_ = Newsprism.open(tmp_path_factory.mktemp("aggregator") / "news.db", embedder=embedder)
    np_.import_paths([seeds])
    yield np_
    np_.close()


@pytest.fixture(scope="module")
def analysis(seeded: Newsprism) -> StoryAnalysis:
    articles = seeded.store.get_articles([a for s in seeded.stories() for a in s.article_ids])
    assert len(articles) == 5
    result: StoryAnalysis = seeded.analyzer().analyze_articles(articles)
    return result


def _seed(name: str) -> str:
    (path,) = (ROOT.parent / "shared" / "seeds").glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_only_seed_001_is_an_aggregator_page(name: str, seeds_dir: Path) -> None:
    verdict = detect("", None, _seed(name))
    assert verdict.aggregator is (name == "001"), verdict
    if name == "001":  # the page's own cues, not only the weak text cues
        assert any("read both sides" in c for c in verdict.cues)
        assert "[n] citation marks" in verdict.cues


def test_stored_seed_001_is_marked_aggregator_and_counts_as_no_outlet(analysis: StoryAnalysis) -> None:
    kinds = {s.title: s.kind for s in analysis.sources}
    aggregators = [s for s in analysis.sources if s.kind == "aggregator"]
    assert len(aggregators) == 1, kinds
    assert aggregators[0].title.startswith("Russia Claims Full Control of Kursk Region Amid Ongoing Denials")
    agg = aggregators[0].n
    for c in analysis.claims:
        if c.cites == (agg,):
            assert c.independent == 0 and c.status != "consensus", c
    assert analysis.to_dict()["sources"][agg - 1]["kind"] == "aggregator"


def _claims_mentioning(a: StoryAnalysis, words: str) -> list:  # type: ignore[type-arg]
    return [c for c in a.claims if any(words in m.text for m in c.mentions)]


def test_aggregator_commentary_is_never_consensus_or_fact(analysis: StoryAnalysis) -> None:
    (agg,) = [s.n for s in analysis.sources if s.kind == "aggregator"]
    commentary = "ceasefire advocacy, coupled with U.S. diplomatic involvement, suggests"
    for c in _claims_mentioning(analysis, commentary):
        if commentary in c.text:  # shown: only attributed, never as agreed fact
            assert c.status != "consensus", c
            assert c.kind == "opinion" and c.speaker and "aggregator" in c.speaker, c
    assert not any(commentary in s.text for s in analysis.summary)
    assert not any(commentary in c.text for c in analysis.by_status("consensus"))
    for c in analysis.by_status("consensus"):  # consensus rests on outlets, not on the aggregator
        assert set(c.cites) - {agg}, c


def test_a_claim_only_the_aggregator_makes_is_not_cited_to_others(analysis: StoryAnalysis) -> None:
    (agg,) = [s.n for s in analysis.sources if s.kind == "aggregator"]
    words = "Ukraine sought to damage Russian military infrastructure"
    assert _claims_mentioning(analysis, words), "the aggregator's sentence is read"
    shown = [c for c in analysis.claims if words in c.text]  # listed only attributed to the page
    for c in shown:
        assert c.cites == (agg,), c
        assert c.status != "consensus" and c.kind == "opinion", c
    assert not any(words in s.text for s in analysis.summary)


def test_misattributions_of_issue_12_are_gone(analysis: StoryAnalysis) -> None:
    assert not _claims_mentioning(analysis, "Moscow Declares Success Amid Ongoing Border Clashes")
    for c in _claims_mentioning(analysis, "Moscow’s latest claims suggest") + _claims_mentioning(
        analysis, "Moscow's latest claims suggest"
    ):
        for m in c.mentions:
            if "latest claims suggest" in m.text:
                assert m.speaker is None, m
        if "latest claims suggest" in c.text:
            assert c.speaker != "Moscow", c
    for c in _claims_mentioning(analysis, "Diplomatic efforts for peace continue"):
        if "Diplomatic efforts" in c.text:
            assert not (c.speaker and "Trump" in c.speaker), c


def test_no_false_aggregators_in_real_outlets_articles(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import trust_corpus as tc

    flagged = []
    for set_name in ("demo", "basil", "allsides", "neus-val"):
        flagged += [d.id for d in tc.documents(set_name) if detect(d.title, None, d.text).aggregator]
    assert flagged == []
