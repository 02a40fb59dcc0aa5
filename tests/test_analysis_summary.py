"""The summary's sentences stand alone and their attribution agrees with their citations (issue 12)."""

from __future__ import annotations

from newsprism.analysis._model import ClaimGroup, Source, SummarySentence
from newsprism.analysis._summary import attribute, standalone


def _source(n: int, outlet: str, name: str) -> Source:
    return Source(n, 100 + n, f"title {n}", outlet, name, "center")


def _claim(speaker: str | None = None) -> ClaimGroup:
    return ClaimGroup(
        7, "Voters approved the charge.", speaker, "single_source", "statement", (), (), (), (2,), (), 1, ()
    )


SOURCES = {
    1: _source(1, "redlantern.example", "The Red Lantern"),
    2: _source(2, "ledger.example", "The Halden Ledger"),
    3: _source(3, "beacon.example", "The Daily Beacon"),
    4: _source(4, "source 4", "Source 4"),
}


def test_outlet_prefix_follows_the_final_citations() -> None:
    prefixed = "The Halden Ledger reports: Voters approved the charge."
    # the group was single-source, but two outlets state it: no one outlet's prefix
    (s,) = attribute([SummarySentence(prefixed, (2, 3), 7, True)], [_claim()], SOURCES)
    assert s.text == "Voters approved the charge."
    # support narrowed the citation to another outlet than the group's first: that outlet reports it
    (s,) = attribute([SummarySentence(prefixed, (3,), 7, True)], [_claim()], SOURCES)
    assert s.text == "The Daily Beacon reports: Voters approved the charge."
    # one outlet states a plain statement the group shared: attributed to it
    (s,) = attribute([SummarySentence("Voters approved the charge.", (1,), 7, True)], [_claim()], SOURCES)
    assert s.text == "The Red Lantern reports: Voters approved the charge."
    # a speaker already attributes it; an article of no known outlet has only its citation
    (s,) = attribute(
        [SummarySentence("Voters approved the charge.", (1,), 7, True)], [_claim("Marbury")], SOURCES
    )
    assert s.text == "Voters approved the charge."
    (s,) = attribute([SummarySentence("Voters approved the charge.", (4,), 7, True)], [_claim()], SOURCES)
    assert s.text == "Voters approved the charge."


def test_standalone_drops_datelines_and_skips_quotes_that_lean_on_another_sentence() -> None:
    assert standalone("DUNMERE, Veloria (Velorian Wire) — Storm Marek brought rain, officials said.") == (
        "Storm Marek brought rain, officials said."
    )
    assert standalone("WASHINGTON (AP) — The Senate voted on Tuesday.") == "The Senate voted on Tuesday."
    assert standalone("The NFL — which said no — voted.") == "The NFL — which said no — voted."
    # the first sentence of a quote that runs on, and a bare quote whose speaker is elsewhere
    assert standalone("“The city has the power to cap rents.") is None
    assert (
        standalone("“Now children can stand next to the boat their great-great-grandparents rowed.”") is None
    )
    # a quote with its speaker in the sentence stands
    assert standalone("“We found weak control of costs,” Weidmann told the committee.") == (
        "“We found weak control of costs,” Weidmann told the committee."
    )


def test_claim_that_tells_its_denial_is_not_paired_with_it_again() -> None:
    import numpy as np

    from newsprism.analysis._model import Conflict
    from newsprism.analysis._summary import SummaryOptions, compose

    claim = ClaimGroup(
        1,
        "Russia said it had retaken the region, a claim disputed by Kyiv.",
        "Russia",
        "consensus",
        "reported",
        (),
        (),
        (),
        (1, 2),
        (),
        2,
        (),
        (Conflict("denial", 2, "Ukraine denies what Russia states", (1, 3)),),
    )
    denial = replace_claim(claim, 2, "Ukraine denied that Russia had retaken the region.", "denial", (3,))
    vectors = {1: np.array([1.0, 0.0], np.float32), 2: np.array([0.0, 1.0], np.float32)}
    out = compose([claim, denial], vectors, SOURCES, SummaryOptions())
    assert [t for t, _c, _i in out] == [claim.text]  # told once, the denial not appended nor repeated
    # without the denial in its text, the claim is written with it ("<claim>; <denial>")
    plain = replace_claim(claim, 1, "Russia said it had retaken the region.", "reported", (1, 2))
    (text, cites, _i), *_ = compose([plain, denial], vectors, SOURCES, SummaryOptions())
    assert text == (
        "Russia said it had retaken the region; Ukraine denied that Russia had retaken the region."
    )
    assert cites == (1, 2, 3)


def replace_claim(c: ClaimGroup, cid: int, text: str, kind: str, cites: tuple[int, ...]) -> ClaimGroup:
    from dataclasses import replace

    conflicts = c.conflicts if kind != "denial" else ()
    return replace(c, id=cid, text=text, kind=kind, cites=cites, conflicts=conflicts)


def test_the_same_count_in_words_and_shared_names_are_a_repeat() -> None:
    from newsprism.analysis._sentences import Nlp
    from newsprism.analysis._summary import _paraphrase

    nlp = Nlp()
    (a,) = nlp.sentences(
        1, "", "Three people died when Storm Ilse struck Port Halden overnight into Tuesday."
    )
    (b,) = nlp.sentences(
        2,
        "",
        "Storm Ilse swept across the coast overnight, killing three people in Port Halden, officials said.",
    )
    (c,) = nlp.sentences(
        3, "", "The museum in Port Halden reopened on Saturday after a renovation of the wing."
    )
    assert _paraphrase(0.55, a, b)  # fairly close and the same count, written as a word
    assert not _paraphrase(0.3, a, b)  # not close in meaning: two things
    assert not _paraphrase(0.55, a, c)  # one place in common, no count in common


def test_a_denial_of_what_is_not_shown_is_skipped() -> None:
    import numpy as np

    from newsprism.analysis._summary import SummaryOptions, compose

    base = _claim("the union")
    unnamed = replace_claim(base, 1, "The dockworkers' union denied both figures.", "denial", (1, 2))
    named = replace_claim(base, 2, "The union denied that the port was working normally.", "denial", (1, 3))
    vectors = {1: np.array([1.0, 0.0], np.float32), 2: np.array([0.0, 1.0], np.float32)}
    out = compose([unnamed, named], vectors, SOURCES, SummaryOptions())
    assert [t for t, _c, _i in out] == [named.text]
