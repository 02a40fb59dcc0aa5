"""Support: does an article itself state a claim? What a citation means.

An article is cited for a statement only when one of its own sentences states it: close in
meaning (MiniLM cosine) with the same participants (the claim's names), every figure of the claim
matched by a compatible figure ("about 40,000" = "40,000"; "at least 40" != 37), the same polarity
and modality, no speaker of another party, no contradiction (:mod:`._relation` rules). A sentence
that is about the same thing but fails one of these is *related* evidence: shown apart, never a
citation. Every citation carries its supporting sentence (:class:`Evidence`).

The decision after the vetoes is a logistic model over pair features (``data/support.json``,
trained by ``scripts/train_support.py`` on ``tests/fixtures/trust/support_labels.json``); its
held-out quality is measured by ``benchmarks/trust.py`` (grouped cross-validation by story).
Without the weights file, the hand rule :func:`rule_verdict` decides (thresholds set on the demo
and the seeds). Claim groups use only the vetoes (:func:`agrees`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from ._conflict import _same_party
from ._model import ClaimGroup, Evidence, Source, SummarySentence
from ._quantity import Quantity, compatible
from ._relation import Facts, facts, load_weights, overlap, probabilities, rule
from ._sentences import Sent

STATES_SIM = 0.80
"""At this cosine, a sentence with the same names, figures and polarity states the claim."""
STATES_SIM_SHARED = 0.62
"""Lower, when the two share their predicate or most content words."""
SHARED_WORDS = 0.35
NAME_COVER = 0.6
"""Share of the claim's names the supporting sentence must carry."""
RELATED_SIM = 0.50


@dataclass(frozen=True)
class Verdict:
    states: bool
    related: bool
    why: str = ""
    p: float = 0.0


SUPPORT_FEATURES = (
    "cos",
    "words",
    "claim_words_covered",
    "names_covered",
    "same_predicate",
    "same_subject",
    "polarity_differs",
    "modal_differs",
    "figures_matched",
    "claim_has_figures",
    "speaker_differs",
    "length_ratio",
    "headline",
)


class SupportModel:
    """Logistic model of "sentence ``s`` states ``claim``" over :func:`support_features` (weights
    and decision threshold in ``data/support.json``, from ``scripts/train_support.py``; without
    them, the hand rule of :func:`rule_verdict`). Loaded lazily, once per object."""

    def __init__(self, weights: dict[str, Any] | None = None) -> None:
        self._given = weights

    @cached_property
    def weights(self) -> dict[str, Any] | None:
        return self._given if self._given is not None else load_weights("support.json")


class FactCache:
    """:class:`Facts` of sentences, computed once per sentence object (per analysis), and the
    support model the verdicts use."""

    def __init__(self, model: SupportModel | None = None) -> None:
        self._by_id: dict[int, tuple[Sent, Facts]] = {}
        self.model = model or SupportModel()

    def with_model(self, model: SupportModel) -> FactCache:
        """The same facts, verdicts by another model."""
        other = FactCache(model)
        other._by_id = self._by_id
        return other

    def __call__(self, s: Sent) -> Facts:
        hit = self._by_id.get(id(s))
        if hit is None or hit[0] is not s:
            hit = (s, facts(s))
            self._by_id[id(s)] = hit
        return hit[1]


def _names_covered(claim: Sent, fc: Facts, s: Sent, fs: Facts) -> float:
    if not fc.names:
        return 1.0
    low = s.text.lower()
    hit = sum(1 for n in fc.names if n in fs.names or n.split()[-1] in low)
    return hit / len(fc.names)


def _figures_matched(fc: Facts, fs: Facts, near: Sequence[Quantity] = ()) -> bool:
    """Every figure of the claim agrees with a figure of ``s`` or of the article's other
    sentences about the claim (``near``: a claim's figures may be spread over two sentences)."""
    return all(any(compatible(q, x) for x in (*fs.figures, *near)) for q in fc.figures)


def support_features(
    claim: Sent, fc: Facts, s: Sent, fs: Facts, sim: float, near: Sequence[Quantity] = ()
) -> list[float]:
    """Features of "``s`` states ``claim``" (order: :data:`SUPPORT_FEATURES`)."""
    kc, ks = claim.speaker_key, s.speaker_key
    wc, ws = set(fc.words), set(fs.words)
    return [
        sim,
        overlap(wc, ws),
        len(wc & ws) / max(len(wc), 1),
        _names_covered(claim, fc, s, fs),
        float(claim.predicate is not None and claim.predicate == s.predicate),
        float(claim.subject_key is not None and claim.subject_key == s.subject_key),
        float(claim.negated != s.negated),
        float(fc.modal != fs.modal),
        float(_figures_matched(fc, fs, near)),
        float(bool(fc.figures)),
        float(bool(kc and ks and not _same_party(kc, ks))),
        min(len(wc), len(ws)) / max(len(wc), len(ws), 1),
        float(s.headline),
    ]


def verdict(
    claim: Sent,
    fc: Facts,
    s: Sent,
    fs: Facts,
    sim: float,
    model: SupportModel | None = None,
    near: Sequence[Quantity] = (),
) -> Verdict:
    """Whether ``s`` states ``claim`` (or only relates to it). Vetoes first (a figure of the
    claim that ``s`` does not match, a contradiction rule), then the learned model."""
    if sim < RELATED_SIM - 0.1:
        return Verdict(False, False, "unrelated")
    related = sim >= RELATED_SIM or bool(fc.names & fs.names)
    if not _figures_matched(fc, fs, near):
        return Verdict(False, related, "figure")
    if rule(claim, fc, s, fs, sim):
        return Verdict(False, related, "contradicts")
    w = model.weights if model is not None else None
    if w is None:
        return rule_verdict(claim, fc, s, fs, sim, related)
    p = probabilities(w, support_features(claim, fc, s, fs, sim, near))["states"]
    return Verdict(p >= w["threshold"], related or p >= w["threshold"], "model", p)


def rule_verdict(claim: Sent, fc: Facts, s: Sent, fs: Facts, sim: float, related: bool) -> Verdict:
    """The hand rule (thresholds set on the demo and the seeds, before any label)."""
    if sim < STATES_SIM_SHARED:
        return Verdict(False, related, "far")
    if claim.negated != s.negated:
        return Verdict(False, related, "polarity")
    if fc.modal != fs.modal:
        return Verdict(False, related, "modality")
    if _names_covered(claim, fc, s, fs) < NAME_COVER:
        return Verdict(False, related, "participants")
    kc, ks = claim.speaker_key, s.speaker_key
    if kc and ks and not _same_party(kc, ks):
        return Verdict(False, related, "speaker")
    shared = claim.predicate is not None and claim.predicate == s.predicate
    if sim >= STATES_SIM or shared or overlap(set(fc.words), set(fs.words)) >= SHARED_WORDS:
        return Verdict(True, True, "states")
    return Verdict(False, related, "weak")


@dataclass(frozen=True)
class Pool:
    """The sentences a story's sources could support a claim with: ``sents[i]`` has row ``i`` of
    ``vecs`` (unit vectors) and its source number in ``sents[i].source``."""

    sents: Sequence[Sent]
    vecs: npt.NDArray[np.float32]
    facts: FactCache


def support(
    claim: Sent, vec: npt.NDArray[np.float32], pool: Pool, origin: int | None = None
) -> tuple[tuple[int, ...], tuple[Evidence, ...], tuple[Evidence, ...]]:
    """(cites, evidence, related) of ``claim``: the sources with a sentence stating it (the claim's
    own source ``origin`` always), one supporting sentence each in ``cites`` order, and the best
    related sentence of each other source."""
    sims = pool.vecs @ vec if len(pool.sents) else np.zeros(0, np.float32)
    fc = pool.facts(claim)
    best: dict[int, tuple[float, str]] = {}
    rel: dict[int, tuple[float, str]] = {}
    if origin is not None:
        best[origin] = (2.0, claim.text)
    near: dict[int, list[Quantity]] = {}
    if fc.figures:
        for i in np.nonzero(sims >= RELATED_SIM)[0].tolist():
            near.setdefault(pool.sents[i].source, []).extend(pool.facts(pool.sents[i]).figures)
    for i in np.argsort(-sims):
        sim = float(sims[i])
        if sim < RELATED_SIM - 0.1:
            break
        s = pool.sents[i]
        if s.headline or s.source in best:
            continue
        v = verdict(claim, fc, s, pool.facts(s), sim, pool.facts.model, near.get(s.source, ()))
        if v.states:
            best[s.source] = (sim, s.text)
        elif v.related and s.source not in rel:
            rel[s.source] = (sim, s.text)
    cites = tuple(sorted(best))
    evidence = tuple(Evidence(n, best[n][1], "states") for n in cites)
    related = tuple(Evidence(n, rel[n][1], "related") for n in sorted(rel) if n not in best)
    return cites, evidence, related


def _near_figures(sents: Sequence[Sent], sims: npt.NDArray[np.float32], cache: FactCache) -> list[Quantity]:
    """Figures of the sentences about the claim (cosine >= RELATED_SIM)."""
    return [q for i in np.nonzero(sims >= RELATED_SIM)[0].tolist() for q in cache(sents[i]).figures]


def states_article(
    claim: Sent,
    vec: npt.NDArray[np.float32],
    sents: Sequence[Sent],
    vecs: npt.NDArray[np.float32],
    cache: FactCache | None = None,
) -> tuple[str, str | None]:
    """Label of one (claim, article) pair: ("states" | "related" | "no", best sentence)."""
    cache = cache or FactCache()
    fc = cache(claim)
    sims = vecs @ vec if len(sents) else np.zeros(0, np.float32)
    found: tuple[str, str | None] = ("no", None)
    near = _near_figures(sents, sims, cache)
    for i in np.argsort(-sims):
        sim = float(sims[i])
        v = verdict(claim, fc, sents[i], cache(sents[i]), sim, cache.model, near)
        if v.states:
            return "states", sents[i].text
        if v.related and found[0] == "no":
            found = ("related", sents[i].text)
    return found


def sentence_of(text: str, sents: Sequence[Sent]) -> int | None:
    """Index of the sentence ``text`` was taken from (verbatim, maybe with its first letter
    lower-cased or its final stop dropped)."""
    key = _key(text)
    for i, s in enumerate(sents):
        if _key(s.text) == key:
            return i
    return None


def _key(text: str) -> str:
    t = text.strip().rstrip(".")
    return t[:1].lower() + t[1:]


def attach(
    text: str, pieces: Sequence[int], pool: Pool, origins: Mapping[int, int]
) -> tuple[tuple[int, ...], tuple[Evidence, ...], tuple[Evidence, ...]]:
    """Support of a summary sentence made of the pool sentences ``pieces`` (one, or a claim and
    its denial): a source is cited when it states one of the pieces; ``origins`` maps a piece to
    its own source."""
    best: dict[int, Evidence] = {}
    rel: dict[int, Evidence] = {}
    for i in pieces:
        cites, ev, related = support(pool.sents[i], pool.vecs[i], pool, origins.get(i))
        for e in ev:
            best.setdefault(e.source, e)
        for e in related:
            rel.setdefault(e.source, e)
    cites = tuple(sorted(best))
    return cites, tuple(best[n] for n in cites), tuple(rel[n] for n in sorted(rel) if n not in best)


def agrees(claim: Sent, fc: Facts, s: Sent, fs: Facts, sim: float) -> bool:
    """No veto between two sentences already aligned as the same statement: every figure of the
    claim allowed by one of ``s``, no contradiction rule, the same polarity, no speaker of another
    party. The bar for staying in a claim group (:func:`._align.refine`)."""
    if not _figures_matched(fc, fs) or claim.negated != s.negated or rule(claim, fc, s, fs, sim):
        return False
    kc, ks = claim.speaker_key, s.speaker_key
    return not (kc and ks and not _same_party(kc, ks))


def states_within(
    sents: Sequence[Sent], sim: npt.NDArray[np.float32], cache: FactCache
) -> Callable[[int, int], bool]:
    """``states(i, j)``: whether sentence ``j``, aligned with sentence ``i`` (cosine + names >=
    the alignment threshold), says it without a veto (:func:`agrees`), for
    :func:`._align.refine`. The learned threshold of :func:`verdict` is for citations: applied to
    groups it split 46 of the seeds' 67 claim groups into single sources (2026-12-01), losing the
    consensus the outlets do share (the Gornal announcement)."""

    def states(i: int, j: int) -> bool:
        return agrees(sents[i], cache(sents[i]), sents[j], cache(sents[j]), float(sim[i, j]))

    return states


def cite_summary(
    summary: Sequence[SummarySentence],
    claims: Sequence[ClaimGroup],
    pool: Pool,
    sources: Mapping[int, Source] | None = None,
) -> list[SummarySentence]:
    """Each summary sentence with the sources that state it as ``cites``, their supporting
    sentences as ``evidence`` and weaker evidence as ``related``. The sentence is found in the
    pool by its text (a claim, "<claim>; <denial>", or "<Outlet> reports: <claim>"), else by its
    claim group's representative; one that cannot be found keeps its citations. A plain
    statement (no speaker) that no second source states is attributed to its outlet
    ("<Outlet> reports: ..."), as the summary does for single-source claims."""
    by_id = {c.id: c for c in claims}
    out: list[SummarySentence] = []
    for s in summary:
        text = s.text.split(" reports: ", 1)[1] if " reports: " in s.text else s.text
        pieces = [sentence_of(p, pool.sents) for p in text.split("; ")]
        verbatim = all(p is not None for p in pieces)  # not rewritten by the summary (voice, "It")
        if not verbatim and s.claim in by_id:
            pieces = [sentence_of(by_id[s.claim].text, pool.sents)]
        found = [p for p in pieces if p is not None]
        if not found:
            out.append(s)
            continue
        origins = {i: pool.sents[i].source for i in found}
        cites, evidence, related = attach(text, found, pool, origins)
        shown = s.text
        claim = by_id.get(s.claim)
        if (
            sources is not None
            and len(cites) == 1
            and verbatim
            and shown == text
            and "; " not in text
            and claim is not None
            and not claim.speaker
            and cites[0] in sources
            and not sources[cites[0]].outlet.startswith("source ")
        ):
            shown = f"{sources[cites[0]].outlet_name} reports: {text}"
        out.append(replace(s, text=shown, cites=cites, evidence=evidence, related=related))
    return out
