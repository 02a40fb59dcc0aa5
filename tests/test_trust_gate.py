"""Trust gate (issue 12): a citation means the cited article states it; disagreements are found.

* Quality floors on the relation labels (``tests/fixtures/trust/relation_labels.json``), scored as
  ``benchmarks/trust.py`` scores them: contradiction precision / recall of the relation rules.
  Lowering a floor is a deliberate, visible change. (Citation support: ``test_support_gate.py``.)
* The relation rules on the seed and demo sentences the issue names, and the same disputes found
  by the real pipeline (import, grouping, analysis) in the demo's stories and the seeds.
* Every citation of a summary sentence carries its supporting sentence, verbatim from that source.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism import Newsprism
from newsprism.analysis import StoryAnalysis
from newsprism.analysis._relation import RelationModel, facts, rule
from newsprism.analysis._sentences import Nlp, Sent

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the label loaders and the scorers are shared with the benchmark

# Pinned floors, measured 2026-12-02 00:10 UTC with `python benchmarks/trust.py` (5 folds) on 1748
# support pairs and 531 relation pairs: support rules P 0.645 / R 0.274, learned (CV) P 0.669 /
# R 0.467; contradiction rules P 0.597 / R 0.408. Contradiction rules re-measured 2026-12-02 03:20
# UTC (helper B: a share's quantity from the parse, stricter counts) with benchmarks/trust_relations
# (5 and 3 folds alike): P 0.648 / R 0.469 (number 36/50, date 2/15, denial 1/21, role 6/6); the
# learned model (grouped CV, 5 folds) P 0.527 / R 0.592. The gate uses 3 folds; floors sit a few
# points under (labels are still being added). Far from the goals (P 0.95 / R 0.85;
# contradiction R 0.8 at P 0.85): these floors only keep what is reached.
CONTRADICTION_RULES = {"precision": 0.60, "recall": 0.42}


@pytest.mark.gate
def test_contradiction_precision_and_recall_on_the_relation_labels(corpus: Any) -> None:
    import trust

    labels = trust.load_labels("relation_labels.json")
    assert len(labels) >= 100
    rules = trust.eval_relations(corpus, labels, 3)["rules"]
    assert rules["precision"] >= CONTRADICTION_RULES["precision"], rules
    assert rules["recall"] >= CONTRADICTION_RULES["recall"], rules
    assert rules["per_kind"]["role"]["recall"] == 1.0, rules["per_kind"]


# -- the relation rules on the sentences the issue names ---------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def _sent(nlp: Nlp, text: str) -> Sent:
    (s,) = [x for x in nlp.sentences(1, "", text) if x.text == text]
    return s


def _relate(nlp: Nlp, embedder: Any, a: str, b: str) -> tuple[str, str] | None:
    sa, sb = _sent(nlp, a), _sent(nlp, b)
    va, vb = embedder.embed([a, b])
    return rule(sa, facts(sa), sb, facts(sb), float(va @ vb))


SEED_NK_003 = (
    "Gerasimov also praised North Korean troops for their “significant assistance” in defeating "
    "Ukrainian forces, though Kyiv has not confirmed any North Korean involvement in the conflict."
)
SEED_NK_001 = (
    "Both Russian and Ukrainian leadership acknowledge the presence of North Korean troops fighting "
    "alongside Russian forces, highlighting the international complexity of the conflict."
)
SEED_TRUMP_003 = (
    "Former U.S. President Donald Trump said Friday that Russia and Ukraine were “very close to a deal” "
    "after Trump’s envoy, Steve Witkoff, held talks with Putin earlier this week."
)
SEED_TRUMP_000 = (
    "US President Donald Trump claimed that Russia and Ukraine were “very close to a deal” following "
    "meetings between his envoy Steve Witkoff and Putin."
)


def test_not_confirmed_against_acknowledged_is_a_contradiction(nlp: Nlp, embedder: Any) -> None:
    found = _relate(nlp, embedder, SEED_NK_003, SEED_NK_001)
    assert found is not None and found[0] == "negation", found
    # Gerasimov's own praise is no answer to Kyiv's silence
    praise = (
        "Gerasimov praised Russian troops — and for the first time, acknowledged the “heroism” of "
        "North Korean forces aiding the counter-offensive."
    )
    assert _relate(nlp, embedder, SEED_NK_003, praise) is None


def test_former_president_against_president_is_a_role_conflict(nlp: Nlp, embedder: Any) -> None:
    found = _relate(nlp, embedder, SEED_TRUMP_003, SEED_TRUMP_000)
    assert found is not None and found[0] == "role" and "former" in found[1], found
    then = SEED_TRUMP_003.replace("Former U.S. President", "Then-President")
    assert _relate(nlp, embedder, then, SEED_TRUMP_000) is None  # the title at the time


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (
            "About 40,000 households lost electricity, the grid operator said.",
            "Ratepayers say as many as 58,000 homes lost power as drains overflowed.",
            True,
        ),
        (
            "Officials said about 40,000 households lost electricity overnight.",
            "Some 40,000 homes lost power overnight, officials said.",
            False,
        ),
        (
            "At least 40 people were killed when the storm hit the coast, officials said.",
            "The storm killed 37 people on the coast, officials said.",
            True,
        ),
        (
            "At least 40 people were killed when the storm hit the coast, officials said.",
            "The storm killed 42 people on the coast, officials said.",
            False,
        ),
        (
            "The board put provisional turnout at 43.7 percent of registered voters.",
            "Turnout reached almost 46 percent, according to the Yes campaign.",
            True,
        ),
        (
            "The ministry said fewer than 40 percent of the port's dockworkers had joined the strike.",
            "The union said more than nine in ten members have stopped work in the strike.",
            True,
        ),
        (
            "The Yes side won 52.4 percent of the vote and the No side 47.6 percent.",
            "Voters approved the charge by a margin of 52.4 percent to 47.6 percent.",
            False,
        ),
        # a share is a share of what it attaches to: the vote is not the turnout (issue 12's
        # false dispute on the demo), nor are the voters who said yes
        (
            "The charge scraped through a referendum on Sunday with 52.4 percent of the vote, but on a "
            "turnout that opponents say leaves the result without a real mandate.",
            "Turnout is expected to be around 46 percent once postal ballots are counted.",
            False,
        ),
        (
            "The Yes side won 52.4 percent of the vote and the No side 47.6 percent.",
            "The board put provisional turnout at 43.7 percent of the registered voters.",
            False,
        ),
        (
            "Do the sums and barely one voter in five actually said yes to paying the charge.",
            "Only about 41 percent of the city's registered voters cast a ballot, the group said.",
            False,
        ),
        (
            "The No campaign said only 41 percent of voters had cast a ballot in person.",
            "Turnout reached almost 46 percent once postal ballots are included.",
            True,
        ),
        (
            "Only about 41 percent of the city's voters took part, opponents say.",
            "The board put provisional turnout at 43.7 percent of the registered voters.",
            True,
        ),
        (  # figures written with a space after the thousands comma, as some feeds do
            "The island of Qeshm is home to 120, 000 people, state media said.",
            "The island of Qeshm is home to 200, 000 people, the survey said.",
            True,
        ),
    ],
)
def test_figures_of_the_same_quantity(nlp: Nlp, embedder: Any, a: str, b: str, conflict: bool) -> None:
    found = _relate(nlp, embedder, a, b)
    assert (found is not None and found[0] == "number") == conflict, found


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("The Yes side won 52.4 percent of the vote.", "vote"),
        ("Turnout was 43.7 percent, the board said.", "turnout"),
        ("The board put provisional turnout at 43.7 percent of registered voters.", "turnout"),
        ("Only 46 percent turned out on Sunday.", "turnout"),
        ("Only 41 percent of voters cast a ballot.", "cast ballot"),
        ("The MP called for a 60 percent ballot threshold.", "threshold"),
    ],
)
def test_a_share_measures_what_it_attaches_to(nlp: Nlp, text: str, measures: str) -> None:
    s = _sent(nlp, text)
    pairs = zip(s.numbers, s.number_context, strict=True)
    percent = [ctx for (_v, _t, unit), ctx in pairs if unit == "percent"]
    assert [noun for _verb, noun in percent] == [measures], (s.numbers, s.number_context)


def test_relation_model_weights_load_and_predict(nlp: Nlp, embedder: Any) -> None:
    model = RelationModel()
    assert model.weights is not None, "src/newsprism/analysis/data/relations.json is missing"
    sa, sb = _sent(nlp, SEED_TRUMP_003), _sent(nlp, SEED_TRUMP_000)
    va, vb = embedder.embed([sa.text, sb.text])
    rel = model.relate(sa, facts(sa), sb, facts(sb), float(va @ vb))
    assert (rel.label, rel.kind) == ("contradicts", "role")


# -- the real pipeline: demo and seeds ---------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Iterator[Newsprism]:
    from newsprism.demo import load_demo

    np_ = Newsprism.open(tmp_path_factory.mktemp("trust-demo") / "news.db", embedder=embedder)
    load_demo(np_)
    yield np_
    np_.close()


def _story(np_: Newsprism, url_part: str) -> StoryAnalysis:
    for s in np_.stories(limit=100):
        if any(url_part in (a.url or "") for a in np_.store.get_articles(list(s.article_ids))):
            result: StoryAnalysis = np_.analysis(s.id)
            return result
    raise AssertionError(f"no story with an article whose url has {url_part!r}")


def _claims_with(a: StoryAnalysis, *words: str) -> list[Any]:
    return [c for c in a.claims if all(w in m.text for w in words for m in c.mentions[:1])]


def _assert_disputed(a: StoryAnalysis, *words: str) -> None:
    found = _claims_with(a, *words)
    assert found, [c.text for c in a.claims]
    for c in found:
        assert c.status == "disputed", (c.status, c.text, c.conflicts)
        assert any(x.kind == "number" for x in c.conflicts) or c.kind == "denial", (c.text, c.conflicts)


def test_demo_turnout_figures_are_disputed_never_consensus(demo: Newsprism) -> None:
    a = _story(demo, "castrelle-congestion-charge-referendum")
    _assert_disputed(a, "43.7 percent")
    _assert_disputed(a, "about 41 percent")
    _assert_disputed(a, "46 percent", "Turnout")
    consensus = " ".join(c.text for c in a.by_status("consensus"))
    for figure in ("43.7", "41 percent", "46 percent"):
        assert figure not in consensus, consensus


def test_demo_vote_share_is_not_set_against_turnout(demo: Newsprism) -> None:
    a = _story(demo, "castrelle-congestion-charge-referendum")
    for c in a.claims:
        for x in c.conflicts:
            if x.kind == "number":
                assert "52.4" not in x.detail and "47.6" not in x.detail, (c.text, x)
                assert "one voter in five" not in x.detail, (c.text, x)


def test_demo_strike_figures_and_ships_are_disputed(demo: Newsprism) -> None:
    a = _story(demo, "port-halden-dock-strike-begins")
    _assert_disputed(a, "82 percent", "fewer than 40 percent")
    _assert_disputed(a, "more than 90 percent")
    _assert_disputed(a, "14 ships")
    _assert_disputed(a, "six vessels")


def test_demo_power_cuts_are_disputed(demo: Newsprism) -> None:
    a = _story(demo, "storm-ilse")
    _assert_disputed(a, "58,000")
    _assert_disputed(a, "About 40,000 households")


@pytest.fixture(scope="module")
def seeds(
    tmp_path_factory: pytest.TempPathFactory, embedder: Any, seeds_dir: Path
) -> Iterator[StoryAnalysis]:
    np_ = Newsprism.open(tmp_path_factory.mktemp("trust-seeds") / "news.db", embedder=embedder)
    report = np_.import_paths([seeds_dir])
    yield np_.analyzer().analyze_articles(np_.store.get_articles(report.imported_ids))
    np_.close()


def _conflict_between(a: StoryAnalysis, kind: str, one: str, other: str) -> bool:
    for c in a.claims:
        if any(one in m.text for m in c.mentions):
            for x in c.conflicts:
                if x.kind == kind and any(other in m.text for m in a.claim(x.other).mentions):
                    return True
    return False


def test_seed_discrepancies_are_found(seeds: StoryAnalysis) -> None:
    # "Kyiv has not confirmed" (003) vs "leadership acknowledge" (001): the guideline's negation
    assert _conflict_between(
        seeds, "negation", "has not confirmed any North Korean", "acknowledge the presence"
    )
    assert _conflict_between(seeds, "role", "Former U.S. President", "US President Donald Trump")


def test_every_citation_carries_its_supporting_sentence(seeds: StoryAnalysis, demo: Newsprism) -> None:
    analyses = [seeds, _story(demo, "castrelle-congestion-charge-referendum"), _story(demo, "storm-ilse")]
    for k, a in enumerate(analyses):
        assert a.summary
        texts = {}
        if k:  # the demo's articles: each supporting sentence is verbatim from the source it backs
            for src in a.sources:
                (art,) = demo.store.get_articles([src.article_id])
                texts[src.n] = " ".join(f"{art.title} {art.dek or ''} {art.text}".split())
        for s in a.summary:
            assert [e.source for e in s.evidence] == list(s.cites), s
            assert all(e.relation == "states" for e in s.evidence)
            assert not {e.source for e in s.related} & set(s.cites)
            for e in (*s.evidence, *s.related):
                assert not texts or e.text in texts[e.source], (e.source, e.text)
        data = a.to_dict()
        assert all("evidence" in s and "related" in s for s in data["summary"])
