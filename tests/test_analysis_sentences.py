"""Candidate sentences (real spaCy model): who a sentence is attributed to, and body lines that
are subheadings rather than claims."""

from __future__ import annotations

import pytest

from newsprism.analysis._render import _claim_line
from newsprism.analysis._sentences import Nlp, is_subhead


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a name the subject touches is kept whole, hyphenated words stay joined
        (
            "The US-based Institute for the Study of War (ISW) reported on April 25 that Russian"
            " forces had made advances near the border.",
            "the US-based Institute for the Study of War",
        ),
        (
            "A spokesperson for the European Commission said the new rules would apply from June.",
            "a spokesperson for the European Commission",
        ),
        # the noun phrase after a preposition keeps its article and adjectives; clauses go
        (
            "Officials in the northern city of Kharkiv, who declined to be named, said the attack"
            " killed five people.",
            "Officials in the northern city",
        ),
        # a person named in the subject is the speaker
        ("Russia's top general Valery Gerasimov said Gornal had been taken.", "Valery Gerasimov"),
        # a multi-word name the recogniser misses is still someone who speaks (demo, issue 12)
        (
            "Mayor Ines Marbury, who proposed the charge, said the vote was “a clear choice for clean air.”",
            "Mayor Ines Marbury",
        ),
    ],
)
def test_speaker_phrase(nlp: Nlp, sentence: str, speaker: str) -> None:
    (sent,) = nlp.sentences(1, "", sentence)
    assert sent.speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # the writer's inference, not Moscow's statement (issue 12)
        ("However, Moscow's latest claims suggest the operation may be faltering.", None),
        # a thing is no speaker, even when a verb of saying follows it
        ("Mayor Ines Marbury’s war on motorists claimed its biggest victory yet on Sunday.", None),
        ("The storm could bring 100 millimetres of rain to the coast, forecasters said.", "forecasters"),
        ("The ministry's statement said that 82 percent of container moves went ahead.", "the ministry"),
        ("The data show that inflation rose to 5 percent in March this year.", None),
        ("The village was said to be under Russian control by Saturday night.", None),
        ("The attack was reported by local media on Sunday evening in the city.", "local media"),
        # a report speaks for whoever wrote it
        (
            "Rents have risen by 19 percent in two years, a report by the Port Halden Tenants’ Union said.",
            "the Port Halden Tenants’ Union",
        ),
    ],
)
def test_things_and_passive_subjects_are_not_speakers(nlp: Nlp, sentence: str, speaker: str | None) -> None:
    (sent,) = nlp.sentences(1, "", sentence)
    assert sent.speaker == speaker


def test_subheadings_are_not_claims(nlp: Nlp) -> None:
    assert is_subhead("Moscow Declares Success Amid Ongoing Border Clashes")
    assert not is_subhead("Russia said on Monday that its forces took the Village of Gornal.")
    assert not is_subhead("The war in Ukraine")  # lower-case words: a fragment, not a title
    body = (
        "Russia said on Saturday that it had regained control of the region after eight months.\n"
        "Moscow Declares Success Amid Ongoing Border Clashes\n"
        "Russia's military said on Saturday that its forces had retaken the last village in the region."
    )
    texts = [s.text for s in nlp.sentences(1, "Russia claims Kursk", body)]
    assert not any("Declares Success" in t for t in texts)
    assert any("retaken the last village" in t for t in texts)
    # a title-case first line is the article's own title when none was given: kept
    texts = [s.text for s in nlp.sentences(1, "", body.split("\n", 1)[1])]
    assert texts[0] == "Moscow Declares Success Amid Ongoing Border Clashes"


def test_claim_line_counts_one_source_in_the_singular() -> None:
    from newsprism.analysis._model import ClaimGroup

    def line(n: int) -> str:
        claim = ClaimGroup(
            1,
            "Gornal was taken.",
            "Gerasimov",
            "single_source",
            "statement",
            (),
            (),
            (),
            (1,),
            ("a.example",),
            n,
            (),
        )
        return _claim_line(claim)

    assert "(1 source) — attributed to Gerasimov: Gornal was taken. [1]" in line(1)
    assert "(3 sources)" in line(3)


GERMAN = {
    "title": "Russland meldet vollständige Kontrolle über Kursk",
    "url": "https://www.tagesschau.de/ausland/kursk-100.html",
    "date": "2025-04-26T18:00:00+00:00",
    "source": "tagesschau.de",
    "text": "Russland hat nach eigenen Angaben die vollständige Kontrolle über die Region Kursk"
    " zurückerlangt. Generalstabschef Waleri Gerassimow sagte bei einer Videokonferenz mit Präsident"
    " Wladimir Putin, das Dorf Gornal sei als letzte Ortschaft befreit worden. Die Ukraine bestreitet"
    " das. Der ukrainische Generalstab erklärte, die Lage sei schwierig, die Truppen seien aber"
    " weiterhin in der Region aktiv.",
}


def test_articles_in_other_languages_count_in_coverage_but_state_no_claims(
    make_np, seeds_dir, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from fastapi.testclient import TestClient

    from newsprism.analysis import to_markdown
    from newsprism.web import create_app

    np_ = make_np()
    np_.import_paths([seeds_dir])
    (story,) = np_.stories()
    path = tmp_path / "de.jsonl"
    path.write_text(json.dumps(GERMAN) + "\n", encoding="utf-8")
    (de_id,) = np_.import_paths([path]).imported_ids
    assert np_.store.get_articles([de_id])[0].language == "de"
    np_.move_article(de_id, story.id)  # a reader's correction: same event
    a = np_.analysis(story.id)
    (de,) = [s for s in a.sources if s.article_id == de_id]
    assert (de.read, de.language) == (False, "de")
    assert all(s.read for s in a.sources if s.article_id != de_id)
    assert a.claims and not any(de.n in c.cites for c in a.claims)
    assert sum(len(v) for v in a.coverage.by_lean.values()) == 6  # it still counts in the coverage
    assert f"[{de.n}] tagesschau.de (de)" in to_markdown(a)
    html = TestClient(create_app(np_), client=("127.0.0.1", 50000)).get(f"/story/{story.id}").text
    assert "Not in the claims (the claim analysis reads English)" in html and "(de). It counts" in html


def test_a_quote_over_several_sentences_is_one_statement_with_its_speaker(nlp: Nlp) -> None:
    body = (
        "“People were told this was a war on drivers. They saw through it,” said Marbury at a party.\n"
        "“This quote is never closed by the writer of the page. The next sentence is a plain one.\n"
    )
    texts = {s.text: s.speaker for s in nlp.sentences(1, "Castrelle votes", body)}
    joined = "“People were told this was a war on drivers. They saw through it,” said Marbury at a party."
    assert texts.get(joined) == "Marbury"
    assert "“People were told this was a war on drivers." not in texts
    assert "The next sentence is a plain one." in texts  # a quote never closed joins nothing
