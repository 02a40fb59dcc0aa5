"""Precision of conflict detection on hand-labelled sentence pairs.

The pairs are short paraphrases written for this test (after the seeds and AllSides stories),
labelled by hand: True = the two sentences conflict (different figures or dates for the same
quantity, negation, or a party's denial of another's claim), False = they do not.
"""

from __future__ import annotations

import pytest

from newsprism.analysis._conflict import conflict
from newsprism.analysis._sentences import Nlp

PAIRS: list[tuple[str, str, bool]] = [
    # claim vs denial by another party
    (
        "Gerasimov said Russian forces had retaken the village of Gornal in the Kursk region.",
        "Ukraine denied Russian claims that its troops had been pushed out of the Kursk region.",
        True,
    ),
    (
        "The Kremlin said the strike hit only military targets in Kyiv.",
        "Ukrainian officials rejected Russian claims that the strike hit only military targets.",
        True,
    ),
    (
        "The White House said the president was briefed on the leak last week.",
        "Republicans dismissed the White House claim that the president was briefed on the leak.",
        True,
    ),
    # different figures for the same quantity
    (
        "Officials said 12 people were killed in the missile attack on Kyiv.",
        "Officials said 19 people were killed in the missile attack on Kyiv.",
        True,
    ),
    (
        "Ukrainian forces faced around 70,000 Russian troops in Kursk.",
        "Ukrainian forces faced around 50,000 Russian troops in Kursk.",
        True,
    ),
    (
        "The bill would spend $1.2 trillion on roads and bridges, senators said.",
        "The bill would spend $550 billion on roads and bridges, senators said.",
        True,
    ),
    # negation
    (
        "The company said the data breach exposed customer passwords.",
        "The company said the data breach did not expose customer passwords.",
        True,
    ),
    (
        "Police said the suspect was armed when officers arrived.",
        "Police said the suspect was not armed when officers arrived.",
        True,
    ),
    # different dates
    (
        "Trump met Zelensky at the Vatican on Saturday before the funeral.",
        "Trump met Zelensky at the Vatican on Friday before the funeral.",
        True,
    ),
    # agreement, paraphrase, same figures: no conflict
    (
        "Gerasimov said the village of Gornal had been liberated.",
        "Russia's top commander announced that Gornal, the last settlement, was retaken.",
        False,
    ),
    (
        "Ukrainian forces faced around 70,000 Russian troops in Kursk.",
        "Some 70,000 Russian troops were deployed against Ukrainian forces in Kursk.",
        False,
    ),
    (
        "Putin called Ukraine's incursion a complete failure.",
        "Putin told Gerasimov the Kyiv regime's adventure had completely failed.",
        False,
    ),
    (
        "Zelensky said he wants a full and unconditional ceasefire.",
        "Zelensky told the BBC he was pushing for a full and unconditional ceasefire.",
        False,
    ),
    (
        "Trump said Russia and Ukraine were very close to a deal.",
        "Russia says its troops are now at the border with the Sumy region.",
        False,
    ),
    (
        "Ukraine says its troops are still operating in Kursk.",
        "Ukraine's general staff said its forces still hold positions in Kursk.",
        False,
    ),
    (
        "The Senate passed the bill by 69 votes to 30 on Tuesday.",
        "Nineteen Republicans joined Democrats to pass the infrastructure bill in the Senate.",
        False,
    ),
    (
        "A Russian missile strike on Kyiv killed 12 people earlier this week.",
        "Russia annexed Crimea in 2014 and controls about 20% of Ukraine.",
        False,
    ),
    (
        "The company did not comment on the report.",
        "The report said the company had raised prices twice this year.",
        False,
    ),
    (
        "North Korean troops provided significant assistance, Gerasimov said.",
        "Gerasimov praised the heroism of North Korean troops fighting in Kursk.",
        False,
    ),
    (  # the same polarity: "found no evidence" is "did not find evidence"
        "The inspectors found no evidence that the dam at Lower Vell had been sabotaged, they said.",
        "The inspectors did not find evidence that the dam at Lower Vell had been sabotaged, they said.",
        False,
    ),
    (
        "Biden said the withdrawal from Afghanistan was an extraordinary success.",
        "Biden defended the withdrawal, saying the war should have ended long ago.",
        False,
    ),
]

PRECISION_FLOOR = 0.8
RECALL_FLOOR = 0.5


@pytest.fixture(scope="module")
def scored(embedder):  # type: ignore[no-untyped-def]
    from newsprism.analysis._align import similarity

    nlp = Nlp()
    results = []
    for k, (a, b, gold) in enumerate(PAIRS):
        sa = nlp.sentences(1, "", a)
        sb = nlp.sentences(2, "", b)
        assert len(sa) == 1 and len(sb) == 1, (a, b)
        sents = [sa[0], sb[0]]
        sim = similarity(sents, embedder.embed([a, b]))
        found = conflict(sents[0], sents[1], float(sim[0, 1]))
        results.append((k, gold, found))
    return results


def test_conflict_precision_and_recall_floors(scored) -> None:  # type: ignore[no-untyped-def]
    tp = sum(1 for _k, gold, found in scored if gold and found)
    fp = [(*PAIRS[k][:2], found) for k, gold, found in scored if not gold and found]
    fn = [PAIRS[k][:2] for k, gold, found in scored if gold and not found]
    predicted = tp + len(fp)
    precision = tp / predicted if predicted else 0.0
    recall = tp / sum(1 for p in PAIRS if p[2])
    print(f"conflict detection: precision {precision:.2f} recall {recall:.2f} fp={fp} fn={fn}")
    assert precision >= PRECISION_FLOOR, fp
    assert recall >= RECALL_FLOOR, fn


def test_denial_is_recognised_as_denial(scored) -> None:  # type: ignore[no-untyped-def]
    kinds = {k: found[0] for k, _gold, found in scored if found}
    assert kinds.get(0) == "denial"


def test_denial_reasons_agree_in_number() -> None:
    """ "Ukrainian officials deny what Russia states", not "officials denies"."""
    from newsprism.analysis._conflict import plural

    assert plural("Ukrainian officials") and plural("the police") and plural("Russian forces")
    assert not plural("Ukraine") and not plural("Reuters") and not plural("the press")
    assert not plural("the United States") and not plural("the campus") and not plural("")


def test_found_no_evidence_does_not_negate_did_not_find(scored) -> None:  # type: ignore[no-untyped-def]
    (k,) = [k for k, (a, _b, _g) in enumerate(PAIRS) if "found no evidence" in a]
    assert scored[k][2] is None, scored[k]
