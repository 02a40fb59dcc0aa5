"""Support: does an article itself state a claim? What a citation means.

An article is cited for a statement only when the article states it: all of it (every part of a
compound sentence), with the same participants, the same figures ("about 40,000" = "40,000"; "at
least 40" != 37), the same polarity and modality, not only as someone's allegation, and no
contradiction (:mod:`._relation` rules). An article that is about the same thing but falls short is
*related* evidence: shown apart, never a citation. Every citation carries its supporting sentence
(:class:`Evidence`): the article's sentence closest to the claim.

The decision is a logistic model over (claim, whole article) features (:mod:`._coverage`;
weights and decision threshold in ``data/support.json``, trained by ``scripts/train_support.py``
on ``tests/fixtures/trust/support_labels.json``); its held-out quality is measured by
``benchmarks/trust.py`` (grouped cross-validation by story). Without the weights file, the hand
rule :func:`rule_verdict` decides sentence by sentence (thresholds set on the demo and the
seeds). Claim groups use only the vetoes (:func:`agrees`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from ._conflict import _same_party
from ._coverage import COVERAGE_FEATURES, ArticleView, pair_features
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


class SupportModel:
    """Logistic model of "article B states ``claim``" over :func:`._coverage.pair_features`
    (weights and decision threshold in ``data/support.json``, from ``scripts/train_support.py``;
    without them, the hand rule of :func:`rule_verdict`). Loaded lazily, once per object."""

    def __init__(self, weights: dict[str, Any] | None = None) -> None:
        self._given = weights

    @cached_property
    def weights(self) -> dict[str, Any] | None:
        w = self._given if self._given is not None else load_weights("support.json")
        if w is not None and w.get("features") != list(COVERAGE_FEATURES):
            return None  # weights of other features (an older file): the hand rule
        return w


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


def verdict(claim: Sent, fc: Facts, s: Sent, fs: Facts, sim: float, near: Sequence[Quantity] = ()) -> Verdict:
    """Whether sentence ``s`` states ``claim`` (or only relates to it) by the hand rule: vetoes
    first (a figure of the claim that ``s`` does not match, a contradiction rule), then
    :func:`rule_verdict`."""
    if sim < RELATED_SIM - 0.1:
        return Verdict(False, False, "unrelated")
    related = sim >= RELATED_SIM or bool(fc.names & fs.names)
    if not _figures_matched(fc, fs, near):
        return Verdict(False, related, "figure")
    if rule(claim, fc, s, fs, sim):
        return Verdict(False, related, "contradicts")
    return rule_verdict(claim, fc, s, fs, sim, related)


_CONTRADICTION = COVERAGE_FEATURES.index("contradiction_rule")


def vetoed(x: Sequence[float]) -> bool:
    """No citation, whatever the model says, where a contradiction rule fires between the claim
    and one of the article's closest sentences (a missing or different figure is left to the
    model: as a veto it removed about as many right citations as wrong ones, grouped CV)."""
    return bool(x[_CONTRADICTION])


def article_verdict(
    claim: Sent, fc: Facts, vec: npt.NDArray[np.float32], art: ArticleView, model: SupportModel
) -> tuple[Verdict, int | None]:
    """Whether the article ``art`` states ``claim`` (or only relates to it), and the index of its
    supporting (or closest related) sentence. The learned model when there are weights (no
    citation where :func:`vetoed`), else the hand rule sentence by sentence."""
    if not len(art.sents):
        return Verdict(False, False, "empty"), None
    sims = art.vecs @ vec
    w = model.weights
    if w is None:
        near = [q for i in np.nonzero(sims >= RELATED_SIM)[0].tolist() for q in art.facts[i].figures]
        found: tuple[Verdict, int | None] = (Verdict(False, False, "unrelated"), None)
        for i in np.argsort(-sims).tolist():
            v = verdict(claim, fc, art.sents[i], art.facts[i], float(sims[i]), near)
            if v.states:
                return v, i
            if v.related and not found[0].related:
                found = (v, i)
        return found
    b = int(np.argmax(sims))
    x = pair_features(claim, fc, vec, art)
    p = probabilities(w, x)["states"]
    states = p >= w["threshold"] and not vetoed(x)
    sim = float(sims[b])
    related = (
        states or sim >= RELATED_SIM or (sim >= RELATED_SIM - 0.1 and bool(fc.names & art.facts[b].names))
    )
    return Verdict(states, related, "model", p), b if related else None


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

    @cached_property
    def articles(self) -> dict[int, ArticleView]:
        """Each source's sentences as one article (computed once per pool)."""
        rows: dict[int, list[int]] = {}
        for i, s in enumerate(self.sents):
            rows.setdefault(s.source, []).append(i)
        return {
            n: ArticleView(
                [self.sents[i] for i in ix], self.vecs[ix], [self.facts(self.sents[i]) for i in ix]
            )
            for n, ix in rows.items()
        }


def support(
    claim: Sent, vec: npt.NDArray[np.float32], pool: Pool, origin: int | None = None
) -> tuple[tuple[int, ...], tuple[Evidence, ...], tuple[Evidence, ...]]:
    """(cites, evidence, related) of ``claim``: the sources that state it (the claim's own source
    ``origin`` always), one supporting sentence each in ``cites`` order, and the closest sentence
    of each source that is only related."""
    fc = pool.facts(claim)
    best: dict[int, str] = {}
    rel: dict[int, str] = {}
    if origin is not None:
        best[origin] = claim.text
    for n, art in sorted(pool.articles.items()):
        if n in best:
            continue
        v, i = article_verdict(claim, fc, vec, art, pool.facts.model)
        if i is None:
            continue
        if v.states:
            best[n] = art.sents[i].text
        elif v.related:
            rel[n] = art.sents[i].text
    cites = tuple(sorted(best))
    evidence = tuple(Evidence(n, best[n], "states") for n in cites)
    related = tuple(Evidence(n, rel[n], "related") for n in sorted(rel))
    return cites, evidence, related


def states_article(
    claim: Sent,
    vec: npt.NDArray[np.float32],
    sents: Sequence[Sent],
    vecs: npt.NDArray[np.float32],
    cache: FactCache | None = None,
) -> tuple[str, str | None]:
    """Label of one (claim, article) pair: ("states" | "related" | "no", the supporting or
    closest sentence)."""
    cache = cache or FactCache()
    art = ArticleView(sents, vecs, [cache(s) for s in sents])
    v, i = article_verdict(claim, cache(claim), vec, art, cache.model)
    text = sents[i].text if i is not None else None
    return ("states" if v.states else "related" if v.related else "no"), text


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
