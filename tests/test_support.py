"""Citation support (issue 12): the (claim, article) coverage features and the article verdict.

Invented sentences; vectors are set by hand (the claim and its closest sentence share a direction)
so that what is tested is the coverage of the claim's parts, figures and hedges, not the encoder.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsprism.analysis._coverage import COVERAGE_FEATURES, ArticleView, clauses, pair_features
from newsprism.analysis._relation import facts
from newsprism.analysis._sentences import Sent
from newsprism.analysis._support import SupportModel, article_verdict

F = {name: i for i, name in enumerate(COVERAGE_FEATURES)}


def _vec(*xs: float) -> npt.NDArray[np.float32]:
    v = np.zeros(8, np.float32)
    v[: len(xs)] = xs
    return v / np.linalg.norm(v)


def _article(*texts: str, close: int = 0, cos: float = 0.95) -> ArticleView:
    """Sentences of one article; sentence ``close`` has cosine ``cos`` with the claim (:data:`CLAIM`
    direction), the others are far from it."""
    sents = [Sent(source=2, position=i, text=t) for i, t in enumerate(texts)]
    rows = [
        _vec(cos, (1 - cos * cos) ** 0.5) if i == close else _vec(0.1, 0.0, 1.0) for i in range(len(texts))
    ]
    return ArticleView(sents, np.stack(rows), [facts(s) for s in sents])


CLAIM = _vec(1.0)


def _features(claim: str, art: ArticleView) -> dict[str, float]:
    c = Sent(source=1, position=0, text=claim)
    return dict(zip(COVERAGE_FEATURES, pair_features(c, facts(c), CLAIM, art), strict=True))


def test_clauses_split_a_fact_from_its_evaluative_tail_not_a_figure() -> None:
    assert clauses(
        "Two hikers died when the old bridge gave way, renewing questions about postponed repairs."
    ) == [
        "Two hikers died when the old bridge gave way",
        "renewing questions about postponed repairs.",
    ]
    assert len(clauses("About 1,500 citizens remain in the country.")) == 1


def test_a_compound_claim_is_covered_only_where_every_part_is() -> None:
    claim = "Two hikers died when the old bridge gave way, renewing questions about postponed repairs."
    part = _features(
        claim, _article("Two hikers died when the old bridge gave way on Sunday.", "Rain is due.")
    )
    whole = _features(
        claim,
        _article(
            "Two hikers died when the old bridge gave way.",
            "The deaths renewed questions about repairs the council postponed.",
        ),
    )
    assert part["parts"] == 2
    assert part["weakest_part_article"] < 0.5 <= whole["weakest_part_article"]
    assert part["words_best"] > 0.5  # the first part alone is well covered


def test_a_different_value_for_the_same_quantity_is_a_dispute_not_a_match() -> None:
    claim = "At least 30 people died in the floods."
    other = _features(claim, _article("The floods killed 27 people, officials said."))
    same = _features(claim, _article("Some 31 people died in the floods."))
    assert other["figures_matched_article"] == 0.0 and other["figures_disputed"] == 1.0
    assert same["figures_matched_article"] == 1.0 and same["figures_disputed"] == 0.0


def test_hearsay_or_a_hedge_the_claim_does_not_carry_is_seen() -> None:
    claim = "The army shot down three rockets over the airport."
    hearsay = _features(claim, _article("The army reportedly shot down three rockets over the airport."))
    hedged = _features(claim, _article("The army may have shot down three rockets over the airport."))
    plain = _features(claim, _article("The army shot down three rockets over the airport on Monday."))
    assert hearsay["hearsay_added"] == 1.0 and hearsay["hedge_added"] == 0.0
    assert hedged["hedge_added"] == 1.0 and hedged["hearsay_added"] == 0.0
    assert plain["hearsay_added"] == 0.0 and plain["hedge_added"] == 0.0


def test_the_shipped_model_cites_a_copy_and_not_a_weaker_report() -> None:
    model = SupportModel()
    assert model.weights is not None and model.weights["features"] == list(COVERAGE_FEATURES)
    text = "The port authority has offered dockers a 3.5 percent raise over two years and a retraining fund."
    claim = Sent(source=1, position=0, text=text)
    fc = facts(claim)
    copy = _article("Talks resumed on Monday.", text, "The union will vote on Friday.", close=1, cos=0.99)
    v, i = article_verdict(claim, fc, CLAIM, copy, model)
    assert v.states and i == 1
    weaker = _article(
        "Talks resumed on Monday.",
        "The port authority has reportedly offered dockers a 2 percent raise.",
        "The union will vote on Friday.",
        close=1,
        cos=0.8,
    )
    v, i = article_verdict(claim, fc, CLAIM, weaker, model)
    assert not v.states and v.related and i == 1
    far = _article("Talks resumed on Monday.", "The union will vote on Friday.", close=0, cos=0.2)
    v, i = article_verdict(claim, fc, CLAIM, far, model)
    assert not v.states and not v.related and i is None
