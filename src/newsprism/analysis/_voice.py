"""Neutral voice: is a sentence a neutral report, or the writer's evaluation?

A sentence is **evaluative** when the writer, in their own voice, loads it (a loaded word), hedges
or speculates ("suggests", "seemingly", "may be faltering"), intensifies or mocks ("barely",
"a mere", "so-called"), addresses the reader ("Do the sums", "you"), exclaims, puts a word in scare
quotes, or insinuates ("the mayor's friends in the lobby"). Words inside quotation marks belong to
whoever is quoted, never to the writer. When the sentence says who speaks (a speaker found by
:mod:`._sentences`), an evaluation is that speaker's: the sentence is **attributed**. Otherwise it
is **neutral**.

The cues come from the spaCy parse (part of speech, dependency, tag) and two word lists:

* the loaded-word lexicon learned from BASIL's lexical-bias spans (``data/voice_lexicon.json``,
  built by ``scripts/build_voice_lexicon.py`` from the 2010-2012 events; 2013-2014 held out);
* :data:`CUE_WORDS`, a short hand-written list of sarcasm, intensifier, hedge and insinuation
  markers from general newsroom style guidance (BASIL's 109 training spans are too few to learn
  them).

Each cue adds its weight to a score; a sentence is evaluative when the score reaches
:data:`THRESHOLD` (the one value chosen on the reading labels, see ``benchmarks/voice.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

VOICES = ("neutral", "evaluative", "attributed")

THRESHOLD = 0.5
"""Score from which a sentence is evaluative: the one value chosen on the reading labels
(tests/fixtures/trust/voice_labels.json, 1,014 sentences on 2026-12-01): the best F1 of a sweep
over 0.5 / 0.8 / 1.0 / 1.3 / 1.6 / 2.0 (``benchmarks/voice.py --parts b``). Nothing else was fitted
to the labels."""

CUE_WORDS: dict[str, tuple[str, float]] = {
    # sarcasm and intensifiers: the writer leaning on a figure or a fact
    "barely": ("intensifier", 1.0),
    "mere": ("intensifier", 1.0),
    "merely": ("intensifier", 0.6),
    "actually": ("intensifier", 0.6),
    "hardly": ("intensifier", 0.6),
    "so-called": ("intensifier", 1.0),
    "utterly": ("intensifier", 0.8),
    "shamelessly": ("intensifier", 1.0),
    "blatantly": ("intensifier", 1.0),
    "brazenly": ("intensifier", 1.0),
    "laughably": ("intensifier", 1.0),
    # loaded words common in opinionated news copy
    "outrageous": ("loaded", 1.0),
    "shocking": ("loaded", 0.8),
    "disgraceful": ("loaded", 1.0),
    "absurd": ("loaded", 1.0),
    "ridiculous": ("loaded", 1.0),
    "laughable": ("loaded", 1.0),
    "notorious": ("loaded", 1.0),
    "infamous": ("loaded", 1.0),
    "zealot": ("loaded", 1.0),
    "crony": ("loaded", 1.0),
    "cronyism": ("loaded", 1.0),
    "hated": ("loaded", 0.6),
    "disastrous": ("loaded", 0.8),
    "reckless": ("loaded", 0.8),
    "fiery": ("loaded", 0.8),
    "unmistakable": ("loaded", 0.8),
    "stunning": ("loaded", 0.6),
    "squeak": ("loaded", 0.6),
    "scrape": ("loaded", 0.4),
    "cheer": ("loaded", 0.4),
    "slam": ("loaded", 0.8),
    "blast": ("loaded", 0.5),
    "bother": ("loaded", 0.5),
    # the writer's loaded verbs and nouns for what people do (common media-bias examples)
    "tout": ("loaded", 0.6),
    "lash": ("loaded", 0.6),
    "decry": ("loaded", 0.6),
    "bash": ("loaded", 0.8),
    "tirade": ("loaded", 1.0),
    "rant": ("loaded", 1.0),
    "meltdown": ("loaded", 0.8),
    "debacle": ("loaded", 1.0),
    "fiasco": ("loaded", 1.0),
    "bombshell": ("loaded", 0.8),
    "scathing": ("loaded", 0.6),
    "fury": ("loaded", 0.6),
    "furious": ("loaded", 0.6),
    "outrage": ("loaded", 0.5),
    "chaos": ("loaded", 0.6),
    "chaotic": ("loaded", 0.6),
    "shameful": ("loaded", 1.0),
    "disgrace": ("loaded", 1.0),
    "extremist": ("loaded", 0.6),
    "far-left": ("loaded", 0.6),
    "far-right": ("loaded", 0.6),
    "draconian": ("loaded", 1.0),
    "radical": ("loaded", 0.5),
    "regime": ("loaded", 0.4),
    # hedges and speculation in the writer's voice
    "seemingly": ("hedge", 1.0),
    "apparently": ("hedge", 0.8),
    "arguably": ("hedge", 1.0),
    "presumably": ("hedge", 1.0),
    "supposedly": ("hedge", 1.0),
    "perhaps": ("hedge", 0.6),
    "possibly": ("hedge", 0.5),
    "likely": ("hedge", 0.4),
    "appear": ("hedge", 0.5),
    "seem": ("hedge", 0.6),
    # insinuation: interests and favours
    "lobby": ("insinuation", 0.4),
    "handout": ("insinuation", 0.6),
    "giveaway": ("insinuation", 0.6),
    "pet": ("insinuation", 0.3),
}
"""lemma -> (kind, weight). Hand-written, general; the learned lexicon adds to it."""

PLAIN_ADVERBS = frozenset(
    """
    recently previously currently reportedly publicly officially nearly only early largely mostly
    directly initially finally formally jointly separately fully partly partially mainly roughly
    approximately allegedly daily weekly monthly yearly annually quarterly originally briefly
    eventually subsequently simultaneously unanimously widely locally nationally internationally
    legally politically militarily economically financially personally privately temporarily
    permanently newly especially particularly specifically generally usually typically normally
    exactly respectively successfully effectively slightly increasingly gradually steadily
    rapidly quickly slowly highly closely openly repeatedly frequently regularly constantly
    continuously entirely completely totally mutually automatically electronically digitally
    manually physically verbally orally legislatively technically historically traditionally
    officially surely certainly clearly probably possibly presumably already nearly narrowly
    apparently seemingly merely actually hardly barely utterly
    """.split()  # noqa: SIM905
)
"""-ly adverbs that only place, time or measure (not the writer's colour); the hedges and
intensifiers among them have their own weight in :data:`CUE_WORDS`."""
MANNER_WEIGHT = 0.5
"""A manner adverb in the writer's voice ("sharply criticised", "soundly beaten"): colour."""

SPECULATIVE_MODALS = {"may": 0.5, "might": 0.6, "could": 0.3}
INFERENCE_VERBS = frozenset({"suggest", "indicate", "imply", "signal", "hint"})
"""A thing (not a person) that "suggests": the writer's inference."""
_MONEY_OF = re.compile(r"\b(taxpayers|drivers|motorists|workers|savers|voters)['’] (money|cash)\b", re.I)
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_PERSONAL = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class Lexicon:
    """Loaded-word lexicon: lemma -> weight (0..1)."""

    terms: dict[str, float] = field(default_factory=dict)
    train: str = ""

    @classmethod
    def load(cls) -> Lexicon:
        """The packaged lexicon (``analysis/data/voice_lexicon.json``)."""
        raw = resources.files("newsprism.analysis").joinpath("data/voice_lexicon.json").read_text("utf-8")
        data = json.loads(raw)
        return cls({str(k): float(v) for k, v in data["terms"].items()}, str(data.get("train", "")))


@dataclass(frozen=True)
class Voice:
    label: str
    """neutral | evaluative | attributed (see :data:`VOICES`)."""
    score: float
    cues: tuple[str, ...]


def quoted_chars(text: str) -> list[tuple[int, int]]:
    """Character ranges of the quoted passages of ``text``."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def assess(span: Any, lexicon: Lexicon, speaker: str | None) -> Voice:
    """The voice of one parsed sentence (a spaCy span); ``speaker`` is who the sentence says
    spoke (None when it is the writer's own statement)."""
    base = span.start_char
    quotes = quoted_chars(span.doc.text[span.start_char : span.end_char])

    def quoted(tok: Any) -> bool:
        i = tok.idx - base
        return any(a <= i < b for a, b in quotes)

    score = 0.0
    cues: list[str] = []

    def add(kind: str, what: str, weight: float) -> None:
        nonlocal score
        score += weight
        cues.append(f"{kind}:{what}")

    words = [t for t in span if not t.is_punct and not t.is_space]
    for tok in words:
        if quoted(tok):
            continue
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if tok.ent_type_ in _PERSONAL:
            continue  # names are no loaded words ("Fierce Creek")
        if lower in CUE_WORDS or lemma in CUE_WORDS:
            kind, w = CUE_WORDS.get(lower) or CUE_WORDS[lemma]
            add(kind, lower, w)
        elif lemma in lexicon.terms and tok.pos_ in ("ADJ", "ADV", "VERB"):
            add("loaded", lower, lexicon.terms[lemma])
        if lemma in INFERENCE_VERBS and tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
            if subj and not _is_someone(subj[0]):
                add("inference", lower, 1.0)
        if lower in SPECULATIVE_MODALS and tok.tag_ == "MD" and speaker is None:
            add("speculation", lower, SPECULATIVE_MODALS[lower])
        if lower in ("you", "your", "yours", "yourself"):
            add("second_person", lower, 1.0)
        if lower == "friends" and any(c.dep_ == "poss" for c in tok.children):
            add("insinuation", "friends", 0.6)
        if (
            tok.pos_ == "ADV"
            and lower.endswith("ly")
            and len(lower) > 4
            and lower not in PLAIN_ADVERBS
            and lower not in lexicon.terms
            and tok.dep_ == "advmod"
            and tok.head.pos_ in ("VERB", "ADJ")
        ):
            add("manner", lower, MANNER_WEIGHT)
        if tok.tag_ in ("JJS", "RBS") and tok.ent_type_ == "" and not (tok.i > 0 and tok.nbor(-1).like_num):
            add("superlative", lower, 0.3)
    first = next(iter(words), None)
    if first is not None and _imperative(first):
        add("imperative", first.lower_, 1.0)
    text = span.text
    outside = _QUOTED.sub("", text)
    if "!" in outside:
        add("exclamation", "!", 1.0)
    for m in _MONEY_OF.finditer(outside):
        add("insinuation", m.group(0).lower(), 0.5)
    for a, b in quotes:
        inner = text[a + 1 : b - 1].strip()
        if 0 < len(inner.split()) <= 3 and speaker is None and not _speech_near(span):
            add("scare_quote", inner.lower(), 0.5)
    score = round(score, 3)
    if score < THRESHOLD:
        return Voice("neutral", score, tuple(cues))
    return Voice("attributed" if speaker else "evaluative", score, tuple(cues))


def _is_someone(tok: Any) -> bool:
    """Whether a subject phrase is a person or an organisation (it may "suggest" as a speaker)."""
    if tok.lower_ in ("he", "she", "they", "i", "we"):
        return True
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return tok.lemma_.lower() in {
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "analyst",
        "expert",
        "source",
        "researcher",
        "economist",
        "poll",
        "survey",
        "study",
    }


def _imperative(tok: Any) -> bool:
    """A sentence opening with a bare verb addressed to the reader ("Do the sums ...")."""
    return (
        tok.pos_ in ("VERB", "AUX")
        and tok.tag_ == "VB"
        and tok.dep_ == "ROOT"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)
    )


def _speech_near(span: Any) -> bool:
    """A verb of saying in the sentence: a short quote is then the speaker's words, not scare quotes."""
    from ._sentences import SPEECH_VERBS

    return any(t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS for t in span)


# -- claim groups: only neutral reports are facts ------------------------------------------------


@dataclass(frozen=True)
class Settled:
    """Claim groups after the voice check, and for each group the sentence it now shows."""

    claims: list[Any]
    """ClaimGroup list, same order (groups of titles and deks only left out)."""
    shown: dict[int, Any]
    """Claim id -> the Sent its text is (a neutral report when the group has one)."""
    opinions: frozenset[int]
    """Ids of groups with no neutral report by an outlet: evaluation or an aggregator's commentary,
    shown only attributed ("The Sentinel Standard argues ...", "An aggregator's page (source 4)")."""


def source_voice_label(src: Any) -> str:
    """How an evaluation is attributed to its source."""
    if getattr(src, "kind", "article") == "aggregator":
        return f"An aggregator's page (source {src.n})"
    if str(src.outlet).startswith("source "):
        return "One source"
    return str(src.outlet_name)


def settle(
    claims: Sequence[Any], sents: Sequence[Any], sources: Sequence[Any], vectors: Any = None
) -> Settled:
    """State as fact only what an outlet reports neutrally.

    For every claim group: its members that are facts are the neutral or attributed sentences of
    articles (not another aggregator's page, not a headline). The group shows such a member
    (its representative when it is one); support, independence and status count only those
    members (an aggregator's page counts as no independent outlet). When the representative is not
    a fact, the fact closest in meaning to the group's facts (``vectors``: unit rows aligned with
    ``sents``) is shown instead, else the earliest in its article. A group with no such member
    is an opinion: it keeps its text, is attributed to its outlet (``speaker``; ``kind`` =
    ``"opinion"``), and is never consensus. A group of titles and deks only is no claim: dropped.
    A group's speaker is its shown sentence's speaker, or the members' common speaker only when
    that speaker is the shown sentence's subject (a name merely mentioned is not who spoke).
    """
    from dataclasses import replace

    from ._claims import independent_key, status_for

    by_n = {s.n: s for s in sources}
    by_article = {s.article_id: s for s in sources}
    aggregators = {s.n for s in sources if getattr(s, "kind", "article") == "aggregator"}
    total = len({independent_key(s, by_article) for s in sources if s.n not in aggregators}) or 1
    at = {(s.source, s.position): s for s in sents}
    row = {(s.source, s.position): i for i, s in enumerate(sents)}
    out: list[Any] = []
    shown: dict[int, Any] = {}
    opinions: set[int] = set()
    for c in claims:
        members = [at[(m.source, m.position)] for m in c.mentions if (m.source, m.position) in at]
        facts = [
            m for m in members if m.source not in aggregators and m.voice != "evaluative" and not m.headline
        ]
        rep = next((m for m in members if m.text == c.text), members[0] if members else None)
        if rep is None:
            out.append(c)
            continue
        if c.headline_only:
            continue  # a headline, dek or subheading claims nothing (framing shows the titles)
        if facts:
            if rep not in facts:
                rep = _central(facts, row, vectors)
            keys = {independent_key(by_n[m.source], by_article) for m in facts}
            speaker = c.speaker if c.kind == "denial" else _group_speaker(c, rep, facts)
            status = c.status if c.status == "disputed" else status_for(len(keys), total, False)
            kind = c.kind
            if kind != "denial":
                kind = "quote" if rep.quotes else "reported" if speaker else "statement"
            c = replace(c, text=rep.text, speaker=speaker, independent=len(keys), status=status, kind=kind)
        else:
            opinions.add(c.id)
            who = source_voice_label(by_n[rep.source])
            # outlets that voice it (an aggregator's page counts as none)
            voiced = [m for m in members if m.source not in aggregators]
            keys = {independent_key(by_n[m.source], by_article) for m in voiced}
            status = "single_source" if len(keys) <= 1 else "corroborated"
            if c.status == "disputed":
                status = "disputed"
            c = replace(c, speaker=rep.speaker or who, kind="opinion", status=status, independent=len(keys))
        shown[c.id] = rep
        out.append(c)
    kept = {c.id for c in out}
    out = [
        c
        if all(x.other in kept for x in c.conflicts)
        else replace(c, conflicts=tuple(x for x in c.conflicts if x.other in kept))
        for c in out
    ]
    return Settled(out, shown, frozenset(opinions))


def _central(facts: Sequence[Any], row: dict[tuple[int, int], int], vectors: Any) -> Any:
    """The fact most similar to the others (the earliest in its article when no vectors)."""
    if vectors is None or len(facts) < 3:
        return min(facts, key=lambda m: (m.position - m.body_offset, m.source))
    idx = [row[(m.source, m.position)] for m in facts]
    block = vectors[idx]
    scores = (block @ block.T).sum(axis=1)
    return facts[int(scores.argmax())]


def _group_speaker(c: Any, rep: Any, facts: Sequence[Any]) -> str | None:
    if rep.speaker:
        return str(rep.speaker)
    keys = [m.speaker_key for m in facts if m.speaker_key]
    if not keys or not rep.subject_key:
        return None
    common = max(set(keys), key=keys.count)
    if common != rep.subject_key or 2 * keys.count(common) < len(facts):
        return None
    return next(str(m.speaker) for m in facts if m.speaker_key == common)
