"""The cues of the neutral-voice check: what in a sentence's own words (outside quotes) may be the
writer's evaluation rather than a report.

:func:`cues` reads one parsed sentence (a spaCy span) and returns its cues, each ``(feature, word,
value)``; :mod:`._voice` weighs the features (weights learned, ``data/voice_weights.json``). The
words come from three lists:

* the loaded-word lexicon learned from BASIL's lexical-bias spans (``Lexicon.terms``, built by
  ``scripts/build_voice_lexicon.py`` from the 2010-2012 events; 2013-2014 held out);
* the strength of sentiment of a word (``Lexicon.subjective``: |valence| / 4 of the VADER
  sentiment lexicon, Hutto & Gilbert 2014, MIT licence, read at build time from the
  ``nltk-vader-sentiment`` package): an adjective or adverb with a strong valence is the writer's
  colour ("a defiant Biden", "feckless elders"); its weight by part of speech is learned, since
  nouns and verbs of strong valence are mostly the event itself ("killed", "war");
* :data:`CUE_WORDS`, a short hand-written list of sarcasm, intensifier, hedge and insinuation
  markers from general newsroom style guidance (BASIL's training spans are too few to learn them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

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
VAGUE_SOURCES = frozenset(
    {"critic", "observer", "many", "some", "opponent", "skeptic", "sceptic", "detractor"}
)
"""Unnamed sources that carry the writer's own case ("critics say", "some argue")."""
INTENSIFIERS = frozenset({"so", "very", "too", "even", "just", "really", "truly", "extremely", "deeply"})
"""Degree words: the writer leaning on an adjective ("so sure", "too late", "very steep")."""
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "ourselves"})
SPECULATIVE_MODALS = {"may": 0.5, "might": 0.6, "could": 0.3}
INFERENCE_VERBS = frozenset({"suggest", "indicate", "imply", "signal", "hint"})
"""A thing (not a person) that "suggests": the writer's inference."""
_MONEY_OF = re.compile(r"\b(taxpayers|drivers|motorists|workers|savers|voters)['’] (money|cash)\b", re.I)
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]{2,40}’(?!\w)")
_PERSONAL = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_COLOUR_POS = {
    "ADJ": "subjective_adj",
    "ADV": "subjective_adv",
    "NOUN": "subjective_noun",
    "VERB": "subjective_verb",
}

FEATURES = (
    "loaded",
    "lexicon",
    "intensifier",
    "hedge",
    "insinuation",
    "inference",
    "speculation",
    "second_person",
    "first_person",
    "manner",
    "superlative",
    "comparative",
    "degree",
    "imperative",
    "exclamation",
    "question",
    "scare_quote",
    "vague_source",
    "subjective_adj",
    "subjective_adv",
    "subjective_noun",
    "subjective_verb",
    "no_verb",
)
"""The features a sentence's cues add up to, in the order of the learned weights."""


@dataclass(frozen=True)
class Lexicon:
    """What the voice check knows: the loaded-word lexicon (lemma -> weight 0..1, from BASIL),
    sentiment strength (word -> |valence| / 4, from VADER) and the learned weight of each feature
    of :data:`FEATURES` (empty: :mod:`._voice`'s hand-set weights)."""

    terms: dict[str, float] = field(default_factory=dict)
    train: str = ""
    subjective: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    evaluative: float = 0.0
    """Learned score from which a sentence is evaluative (0: :data:`._voice.THRESHOLD`)."""

    @classmethod
    def load(cls, weights: bool = True) -> Lexicon:
        """The packaged lexicon (``analysis/data/voice_lexicon.json``) and, with ``weights``, the
        learned weights (``analysis/data/voice_weights.json``)."""
        data = _data("voice_lexicon.json") or {"terms": {}}
        fitted = (_data("voice_weights.json") or {}) if weights else {}
        learned = fitted.get("weights", {})
        return cls(
            {str(k): float(v) for k, v in data["terms"].items()},
            str(data.get("train", "")),
            {str(k): float(v) for k, v in data.get("subjective", {}).items()},
            {f: float(learned.get(f, 0.0)) for f in FEATURES} if learned else {},
            float(fitted.get("evaluative_score", 0.0)),
        )


def _data(name: str) -> dict[str, Any] | None:
    path = resources.files("newsprism.analysis").joinpath(f"data/{name}")
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def quoted_chars(text: str) -> list[tuple[int, int]]:
    """Character ranges of the quoted passages of ``text``. A quote left open runs to the end of
    the sentence (it goes on in the next one); a closing mark with no opening one closes a quote
    begun in the sentence before (``It was designed to save lives," Biden said``)."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    rest = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for i, ch in enumerate(rest):
        closing = ch == "”" or (ch == '"' and i > 0 and (rest[i - 1].isalnum() or rest[i - 1] in ",.!?"))
        if ch in '“"' and not closing:
            spans.append((i, len(text)))
            break
        if closing:
            spans.append((0, i + 1))
    return sorted(spans)


def cues(span: Any, lexicon: Lexicon, speaker: str | None) -> list[tuple[str, str, float]]:
    """The cues of one parsed sentence: (feature, word, value). ``speaker`` is who the sentence
    says spoke (None when it is the writer's own statement). Words inside quotes and names are
    never cues."""
    base = span.start_char
    quotes = quoted_chars(span.doc.text[span.start_char : span.end_char])
    out: list[tuple[str, str, float]] = []

    def quoted(tok: Any) -> bool:
        i = tok.idx - base
        return any(a <= i < b for a, b in quotes)

    words = [t for t in span if not t.is_punct and not t.is_space]
    for tok in words:
        if quoted(tok) or tok.ent_type_ in _PERSONAL:
            continue  # a quote is the speaker's; names are no loaded words ("Fierce Creek")
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if lower in CUE_WORDS or lemma in CUE_WORDS:
            kind, w = CUE_WORDS.get(lower) or CUE_WORDS[lemma]
            out.append((kind, lower, w))
        elif lemma in lexicon.terms and tok.pos_ in ("ADJ", "ADV", "VERB"):
            out.append(("lexicon", lower, lexicon.terms[lemma]))
        elif tok.pos_ in _COLOUR_POS and lower not in PLAIN_ADVERBS:
            strength = lexicon.subjective.get(lower, lexicon.subjective.get(lemma, 0.0))
            if strength >= 0.25:
                out.append((_COLOUR_POS[tok.pos_], lower, strength))
        if lemma in INFERENCE_VERBS and tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
            if subj and not _is_someone(subj[0]):
                out.append(("inference", lower, 1.0))
        if lower in SPECULATIVE_MODALS and tok.tag_ == "MD" and speaker is None:
            out.append(("speculation", lower, SPECULATIVE_MODALS[lower]))
        if lower in ("you", "your", "yours", "yourself"):
            out.append(("second_person", lower, 1.0))
        if lower in FIRST_PERSON and tok.pos_ == "PRON":
            out.append(("first_person", lower, 1.0))
        if lower == "friends" and any(c.dep_ == "poss" for c in tok.children):
            out.append(("insinuation", "friends", 0.6))
        if lemma in VAGUE_SOURCES and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SAYING:
            out.append(("vague_source", lower, 1.0))
        if lower in INTENSIFIERS and tok.dep_ == "advmod" and tok.head.pos_ in ("ADJ", "ADV"):
            out.append(("degree", lower, 1.0))
        if (
            tok.pos_ == "ADV"
            and lower.endswith("ly")
            and len(lower) > 4
            and lower not in PLAIN_ADVERBS
            and lower not in lexicon.terms
            and tok.dep_ == "advmod"
            and tok.head.pos_ in ("VERB", "ADJ")
        ):
            out.append(("manner", lower, 1.0))
        if tok.tag_ in ("JJS", "RBS") and tok.ent_type_ == "" and not (tok.i > 0 and tok.nbor(-1).like_num):
            out.append(("superlative", lower, 1.0))
        if tok.tag_ in ("JJR", "RBR") and lower not in ("more", "less", "fewer", "earlier", "later"):
            out.append(("comparative", lower, 1.0))
    first = next(iter(words), None)
    if first is not None and _imperative(first):
        out.append(("imperative", first.lower_, 1.0))
    if not any(t.pos_ in ("VERB", "AUX") for t in words):
        out.append(("no_verb", "", 1.0))
    text = span.text
    outside = _QUOTED.sub("", text)
    if "!" in outside:
        out.append(("exclamation", "!", 1.0))
    if outside.rstrip().endswith("?"):
        out.append(("question", "?", 1.0))
    for m in _MONEY_OF.finditer(outside):
        out.append(("insinuation", m.group(0).lower(), 0.5))
    for a, b in quotes:
        inner = text[a + 1 : b - 1].strip()
        if 0 < len(inner.split()) <= 3 and speaker is None and not _speech_near(span):
            out.append(("scare_quote", inner.lower(), 1.0))
    return out


_SAYING = frozenset({"say", "argue", "believe", "note", "contend", "claim", "warn", "fear", "point", "worry"})


def _is_someone(tok: Any) -> bool:
    """Whether a subject phrase is a person or an organisation (it may "suggest" as a speaker)."""
    if tok.lower_ in ("he", "she", "they", "i", "we"):
        return True
    if tok.ent_type_ in _PERSONAL:
        return True
    return tok.lemma_.lower() in _SOMEONE


_SOMEONE = frozenset(
    [
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
    ]
)


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
