"""Neutral voice: is a sentence a neutral report, or the writer's evaluation?

A sentence is **evaluative** when the writer, in their own voice, loads it (a loaded word, a word
of strong sentiment), hedges or speculates ("suggests", "seemingly", "may be faltering"),
intensifies or mocks ("barely", "a mere", "so-called"), addresses the reader ("Do the sums",
"you"), exclaims, puts a word in scare quotes, or insinuates ("the mayor's friends in the lobby").
Words inside quotation marks belong to whoever is quoted, never to the writer. When the sentence
says who speaks (a speaker found by :mod:`._sentences`), an evaluation is that speaker's: the
sentence is **attributed**. Otherwise it is **neutral**.

The cues come from the spaCy parse and word lists (:mod:`._voice_cues`). Their weights are learned
(``data/voice_weights.json``, by ``scripts/build_voice_weights.py``): a logistic regression with
non-negative weights over the cue features, fitted on the reading labels
(tests/fixtures/trust/voice_labels.json) without the BASIL 2013-2014 stories, which stay held out;
its threshold is the best F1 of at least 0.55 precision in a cross-validation grouped by story.
The weights are scaled so that a sentence is evaluative when its score reaches :data:`THRESHOLD`.

Which member a claim group shows, and whether it is a fact at all, is :mod:`._settle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._settle import Settled, settle, source_voice_label
from ._voice_cues import CUE_WORDS, FEATURES, INFERENCE_VERBS, Lexicon, cues, quoted_chars

__all__ = [
    "CUE_WORDS",
    "FEATURES",
    "INFERENCE_VERBS",
    "THRESHOLD",
    "VOICES",
    "Lexicon",
    "Settled",
    "Voice",
    "assess",
    "cues",
    "features",
    "quoted_chars",
    "settle",
    "source_voice_label",
]

VOICES = ("neutral", "evaluative", "attributed")

THRESHOLD = 0.5
"""Score from which a sentence is evaluative (the learned weights are scaled to it; a lexicon may
set another, ``Lexicon.evaluative``)."""

HAND_WEIGHTS: dict[str, float] = {f: 1.0 for f in FEATURES} | {
    "manner": 0.5,
    "superlative": 0.3,
    "comparative": 0.0,
    "degree": 0.0,
    "first_person": 0.0,
    "question": 0.0,
    "vague_source": 0.0,
    "subjective_adj": 0.0,
    "subjective_adv": 0.0,
    "subjective_noun": 0.0,
    "subjective_verb": 0.0,
    "no_verb": 0.0,
    "scare_quote": 0.5,
}
"""The hand-set weights used before any were learned (a :class:`Lexicon` without weights): each
cue counts its list weight."""


@dataclass(frozen=True)
class Voice:
    label: str
    """neutral | evaluative | attributed (see :data:`VOICES`)."""
    score: float
    cues: tuple[str, ...]


def features(found: list[tuple[str, str, float]]) -> dict[str, float]:
    """Feature -> summed value of a sentence's cues (every feature of :data:`FEATURES`)."""
    out = dict.fromkeys(FEATURES, 0.0)
    for kind, _word, value in found:
        out[kind] += value
    return out


def assess(span: Any, lexicon: Lexicon, speaker: str | None) -> Voice:
    """The voice of one parsed sentence (a spaCy span); ``speaker`` is who the sentence says
    spoke (None when it is the writer's own statement). The lexicon's learned weights weigh the
    cues (:data:`HAND_WEIGHTS` when it has none)."""
    w = lexicon.weights or HAND_WEIGHTS
    found = cues(span, lexicon, speaker)
    score = round(sum(w.get(kind, 0.0) * value for kind, _word, value in found), 3)
    shown = tuple(f"{kind}:{word}" for kind, word, _v in found if w.get(kind, 0.0) > 0)
    if score < (lexicon.evaluative or THRESHOLD):
        return Voice("neutral", score, shown)
    return Voice("attributed" if speaker else "evaluative", score, shown)
