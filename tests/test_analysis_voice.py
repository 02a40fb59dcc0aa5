"""Neutral voice (issue 12): the writer's evaluation, sarcasm and insinuation are never stated as
fact in the overview or the Consensus list. Real spaCy model, real demo corpus in a real SQLite
file, real embedder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsprism import Newsprism
from newsprism.analysis import STORY_VIEW, Analyzer, StoryAnalysis
from newsprism.analysis._sentences import Nlp
from newsprism.analysis._summary import same_claim, standalone
from newsprism.analysis._voice import Lexicon

SARCASM = "Do the sums and barely one voter in five"
INSINUATION = "friends in the tram lobby"


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def _voice(nlp: Nlp, text: str) -> str:
    (s,) = nlp.sentences(1, "", text)
    return s.voice


@pytest.mark.parametrize(
    "text",
    [
        "Do the sums and barely one voter in five actually said yes to paying 8 crowns every time"
        " they drive into the old city.",
        "Meanwhile the mayor’s friends in the tram lobby are promised 60 million crowns a year of"
        " drivers’ money.",
        "Zelensky's ceasefire advocacy, coupled with U.S. diplomatic involvement, suggests potential"
        " concessions under negotiation.",
        "However, Moscow's latest claims suggest the operation may be faltering.",
        "With the region now seemingly slipping from its grasp, Kyiv faces new challenges in shaping"
        " the course of any eventual peace talks.",
    ],
)
def test_sarcasm_insinuation_and_inference_are_evaluative(nlp: Nlp, text: str) -> None:
    assert _voice(nlp, text) == "evaluative"


@pytest.mark.parametrize(
    "text",
    [
        "Castrelle voters have approved a congestion charge for the old city by 52.4 percent to"
        " 47.6 percent.",
        "The board put provisional turnout at 43.7 percent of the 470,000 registered voters.",
        "Residents, taxis and disabled drivers are exempt from the charge.",
        # a quoted evaluation is the speaker's, not the writer's
        "“This is minority rule dressed up as democracy,” said Gregor Hallam of Free Roads Castrelle.",
    ],
)
def test_neutral_reports_and_quoted_evaluations_are_not_evaluative(nlp: Nlp, text: str) -> None:
    assert _voice(nlp, text) != "evaluative"


def test_lexicon_is_learned_from_basil_training_years() -> None:
    lexicon = Lexicon.load()
    assert lexicon.train == "basil 2010-2012"
    assert 20 <= len(lexicon.terms) <= 500
    assert all(0 < w <= 1 for w in lexicon.terms.values())
    assert all(" " not in t for t in lexicon.terms)  # single words, never the data's text


def test_standalone_drops_linking_words_and_skips_leaning_sentences() -> None:
    assert standalone("Meanwhile, the port reopened on Monday.") == "The port reopened on Monday."
    assert standalone("However, Ukraine insists its forces are still operating.") == (
        "Ukraine insists its forces are still operating."
    )
    assert standalone("It comes a day after Trump said the sides were close to a deal.") is None
    assert standalone("The denial comes after Gerasimov announced full control.") is None
    assert standalone("Instead, the council voted to delay the plan.") is None
    assert standalone("They said the strike would go on.") is None


def test_he_is_replaced_by_the_parsed_speaker(nlp: Nlp) -> None:
    body = (
        "Valery Gerasimov said the village of Gornal had been taken on Saturday.\n"
        "He also claimed that more than 76,000 Ukrainian soldiers had been killed or wounded."
    )
    sents = nlp.sentences(1, "Kursk", body)
    he = next(s for s in sents if s.text.startswith("He also"))
    assert standalone(he.text, he) == (
        f"{he.speaker} also claimed that more than 76,000 Ukrainian soldiers had been killed or wounded."
    )
    assert he.speaker and "Gerasimov" in he.speaker


def test_same_claim_by_figures_and_by_predicate(nlp: Nlp) -> None:
    (a,) = nlp.sentences(1, "", "Castrelle voters approved the charge by 52.4 percent to 47.6 percent.")
    (b,) = nlp.sentences(
        1, "", "In a referendum, residents backed the congestion charge by 52.4 percent to 47.6 percent."
    )
    (c,) = nlp.sentences(1, "", "The board will publish the final turnout figures on Thursday afternoon.")
    assert same_claim(a, b)
    assert not same_claim(a, c)


@pytest.fixture(scope="module")
def referendum(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[StoryAnalysis]:  # type: ignore[no-untyped-def]
    from newsprism.demo import load_demo

    np_ = Newsprism.open(tmp_path_factory.mktemp("voice") / "news.db", embedder=embedder)
    report = load_demo(np_)
    articles = [
        a
        for a in np_.store.get_articles(report.imported_ids)
        if "referendum" in (a.title + a.text).lower() and "congestion" in (a.title + a.text).lower()
    ]
    assert len(articles) == 5
    registry = getattr(np_, "registry", None)
    yield Analyzer(embedder, registry, summary=STORY_VIEW).analyze_articles(articles)
    np_.close()


def test_demo_sarcasm_and_insinuation_are_not_stated_as_fact(referendum: StoryAnalysis) -> None:
    for s in referendum.summary:
        assert SARCASM not in s.text and INSINUATION not in s.text, s.text
    for c in referendum.by_status("consensus"):
        assert SARCASM not in c.text and INSINUATION not in c.text, c
    shown = [c for c in referendum.claims if SARCASM in c.text or INSINUATION in c.text]
    for c in shown:  # listed only as one outlet's view, attributed to it
        assert c.kind == "opinion" and c.speaker and c.status != "consensus", c
        assert len({m.source for m in c.mentions if SARCASM in m.text or INSINUATION in m.text}) == 1


def test_demo_overview_says_each_thing_once(referendum: StoryAnalysis) -> None:
    texts = [s.text for s in referendum.summary]
    assert texts
    assert sum("52.4 percent" in t for t in texts) <= 1
    assert not any(t.startswith(("Meanwhile", "However", "It comes", "Instead")) for t in texts)


@pytest.mark.parametrize(
    "text",
    [
        # strong sentiment adjectives in the writer's voice (VADER strength, learned weight)
        "The feckless council left a terrible mess for the next administration.",
        "A defiant and furious mayor refused to budge on the hated levy.",
    ],
)
def test_writers_colour_is_evaluative(nlp: Nlp, text: str) -> None:
    assert _voice(nlp, text) == "evaluative"


def test_learned_weights_are_loaded_and_scaled() -> None:
    from newsprism.analysis._voice import FEATURES

    lexicon = Lexicon.load()
    assert set(lexicon.weights) == set(FEATURES)
    assert all(w >= 0 for w in lexicon.weights.values())  # a cue only adds
    assert lexicon.weights["subjective_adj"] > 0 and lexicon.subjective.get("terrible", 0) > 0.25
    assert Lexicon.load(weights=False).weights == {}


def test_settle_shows_the_plainest_neutral_wording() -> None:
    from newsprism.analysis._model import ClaimGroup, Mention, Source
    from newsprism.analysis._sentences import Sent
    from newsprism.analysis._voice import settle

    sources = [
        Source(n=n, article_id=n, title="t", outlet=f"o{n}", outlet_name=f"Outlet {n}", lean="center")
        for n in (1, 2, 3)
    ]
    texts = {
        1: "The council crushed the plan in a stunning vote on Monday.",
        2: "The council rejected the plan by 30 votes to 21 on Monday.",
        3: "The council voted down the plan on Monday after a bitter debate.",
    }
    scores = {1: 0.4, 2: 0.0, 3: 0.2}
    sents = [Sent(source=n, position=1, text=t, voice_score=scores[n]) for n, t in texts.items()]
    group = ClaimGroup(
        id=7,
        text=texts[1],
        speaker=None,
        status="consensus",
        kind="statement",
        entities=(),
        numbers=(),
        dates=(),
        cites=(1, 2, 3),
        outlets=("o1", "o2", "o3"),
        independent=3,
        mentions=tuple(Mention(source=n, text=t, position=1) for n, t in texts.items()),
    )
    settled = settle([group], sents, sources)
    (c,) = settled.claims
    assert c.text == texts[2] and settled.shown[7].source == 2
    assert c.status == "consensus" and not settled.opinions
