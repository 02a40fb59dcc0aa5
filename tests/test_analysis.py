"""Story analysis on the five canonical seed pages (a real SQLite file, the real models)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsprism import Newsprism
from newsprism.analysis import Analyzer, StoryAnalysis, signature, to_markdown
from newsprism.analysis._summary import check_sentence
from newsprism.models import Article


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[tuple[Newsprism, list[Article]]]:  # type: ignore[no-untyped-def]
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not present")
    np_ = Newsprism.open(tmp_path_factory.mktemp("analysis") / "news.db", embedder=embedder)
    report = np_.import_paths([seeds])
    articles = np_.store.get_articles(report.imported_ids)
    assert len(articles) == 5
    yield np_, articles
    np_.close()


@pytest.fixture(scope="module")
def analysis(seeded: tuple[Newsprism, list[Article]]) -> StoryAnalysis:
    np_, articles = seeded
    result: StoryAnalysis = np_.analyzer().analyze_articles(articles)
    return result


def _mentioning(a: StoryAnalysis, *words: str) -> list:  # type: ignore[type-arg]
    return [c for c in a.claims if any(all(w.lower() in m.text.lower() for w in words) for m in c.mentions)]


def test_gornal_announcement_is_consensus_and_attributed(analysis: StoryAnalysis) -> None:
    groups = [c for c in _mentioning(analysis, "Gornal") if c.status == "consensus"]
    assert groups, [(c.status, c.text) for c in _mentioning(analysis, "Gornal")]
    best = max(groups, key=lambda c: c.independent)
    assert best.independent >= 4
    assert best.speaker and "Gerasimov" in best.speaker
    assert any("last" in m.text for m in best.mentions)


def test_ukraine_denial_is_consensus_and_attributed(analysis: StoryAnalysis) -> None:
    denials = [c for c in analysis.claims if c.kind == "denial" and c.status == "consensus"]
    assert denials, [(c.kind, c.status, c.text) for c in analysis.claims[:10]]
    assert any(c.speaker and "Ukrain" in c.speaker for c in denials)
    # The denial answers a Russian claim and the link is recorded on both groups.
    linked = [x for c in denials for x in c.conflicts if x.kind == "denial"]
    assert linked
    other = analysis.claim(linked[0].other)
    assert any(x.kind == "denial" for x in other.conflicts)


def test_summary_keeps_both_attributions(analysis: StoryAnalysis) -> None:
    # Russia's claim and Ukraine's denial, told once: "<claim>; <denial>", or one sentence that
    # tells both ("Ukraine has rejected Russian assertions that ...") and is not paired again
    denial_words = ("denied", "denies", "rejected", "dismissed", "disputed", "propaganda")
    both = [
        s
        for s in analysis.summary
        if "Russia" in s.text
        and ("Ukrain" in s.text or "Kyiv" in s.text)
        and any(w in s.text for w in denial_words)
    ]
    assert both, [s.text for s in analysis.summary]
    assert [e.source for e in both[0].evidence] == list(both[0].cites)
    told = sum(any(w in part for w in denial_words) for part in both[0].text.split("; "))
    assert told == 1, both[0].text  # the denial is not told twice in one sentence
    pair = [s for s in both if "; " in s.text]
    if not pair:
        return
    # a citation means the cited article states it (issue 12): the claim's and the denial's own
    # articles at least, each with its supporting sentence; articles that state only one half of
    # the compound claim sentence are related evidence, not citations
    assert len(pair[0].cites) >= 2
    assert [e.source for e in pair[0].evidence] == list(pair[0].cites)
    assert pair[0].related


def test_single_outlet_claims_are_found(analysis: StoryAnalysis) -> None:
    casualties = _mentioning(analysis, "76,000")
    assert casualties and all(c.status == "single_source" for c in casualties)
    assert casualties[0].speaker == "Gerasimov"  # "He also claimed ..." resolved to its speaker
    assert len(analysis.by_status("single_source")) >= 3


def test_every_summary_sentence_cited_and_checked(analysis: StoryAnalysis, seeded) -> None:  # type: ignore[no-untyped-def]
    assert analysis.summary
    for s in analysis.summary:
        assert s.cites and s.checked and not s.missing
    assert "[1]" in analysis.summary_text or "[2]" in analysis.summary_text


def test_check_flags_names_and_numbers_absent_from_the_cited_articles(
    analysis: StoryAnalysis, seeded
) -> None:  # type: ignore[no-untyped-def]
    np_, _ = seeded
    ner = np_.analyzer()._ner
    cited = ["Gerasimov said Gornal, the last village, was retaken; 70,000 troops faced Ukraine."]
    assert check_sentence("Gerasimov said 70,000 troops took Gornal.", cited, ner) == ()
    missing = check_sentence("Shoigu said 90,000 troops took Gornal.", cited, ner)
    assert "Shoigu" in missing and any("90" in m for m in missing)


def test_coverage_timeline_faq_and_framing(analysis: StoryAnalysis) -> None:
    cov = analysis.coverage
    assert cov.unrated == 5 and cov.blindspot is None  # the seeds have no outlet: 5 unrated sources
    assert [f.side for f in analysis.framing] == ["unrated"]
    assert len(analysis.framing[0].headlines) == 5
    assert any(e.kind == "published" for e in analysis.timeline)
    assert any(e.kind == "mentioned" and "2014" in e.text for e in analysis.timeline)
    questions = [f.question for f in analysis.faq]
    assert "What happened?" in questions and "What is disputed?" in questions
    assert all(c.cites for f in analysis.faq for c in f.answer)


def test_json_round_trip_and_markdown(analysis: StoryAnalysis) -> None:
    data = json.loads(json.dumps(analysis.to_dict()))
    assert StoryAnalysis.from_dict(data) == analysis
    assert set(data) >= {"sources", "claims", "framing", "summary", "coverage", "timeline", "faq"}
    md = to_markdown(analysis)
    assert md.startswith("# ") and "## Summary" in md and "[1]" in md


def test_stored_story_is_cached_until_its_articles_change(seeded) -> None:  # type: ignore[no-untyped-def]
    np_, articles = seeded
    story_id = np_.store.story_of([articles[0].id]).get(articles[0].id)
    if story_id is None:
        pytest.skip("the grouping stage put no story around the seeds")
    first = np_.analysis(story_id)
    sig = first.signature
    cached = np_.store.cached_analysis(story_id, sig, first.schema_version)
    assert cached is not None and cached["signature"] == sig
    assert np_.analysis(story_id) == first  # served from the cache, identical
    assert np_.store.cached_analysis(story_id, "other", first.schema_version) is None
    story_articles = np_.store.get_articles(list(np_.story(story_id).article_ids))
    assert signature(story_articles[:-1]) != sig if len(story_articles) > 1 else True


def test_analyzer_is_independent_of_article_order(seeded, embedder) -> None:  # type: ignore[no-untyped-def]
    _, articles = seeded
    an = Analyzer(embedder)
    a = an.analyze_articles(articles)
    b = an.analyze_articles(list(reversed(articles)))
    da, db = a.to_dict(), b.to_dict()
    da.pop("stats"), db.pop("stats")  # timings differ
    assert da == db


def test_copies_count_once(seeded, embedder) -> None:  # type: ignore[no-untyped-def]
    _, articles = seeded
    original = next(a for a in articles if "76,000" in a.text)
    copy = replace(original, id=999, content_hash="copy", source_ref="copy")
    result = Analyzer(embedder).analyze_articles([*articles, copy], copies={999: original.id})
    casualties = _mentioning(result, "76,000")
    assert casualties and len(casualties[0].cites) == 2
    assert casualties[0].independent == 1 and casualties[0].status == "single_source"
    n_copy = next(s.n for s in result.sources if s.article_id == 999)
    n_orig = next(s.n for s in result.sources if s.article_id == original.id)
    assert result.coverage.copies == ((n_copy, n_orig),)
    assert result.coverage.unrated == 5  # six articles, five independent sources


def test_seed_denials_link_ukraine_to_a_russian_claim(analysis: StoryAnalysis) -> None:
    links = [(c, analysis.claim(x.other)) for c in analysis.claims for x in c.conflicts if x.kind == "denial"]
    assert links
    for a, b in links:
        denial, claim = (a, b) if a.kind == "denial" else (b, a)
        assert denial.speaker and "Ukrain" in denial.speaker
        assert any(w in claim.text for w in ("Russia", "Gerasimov", "Moscow"))
