"""Coverage: how much of a claim one whole article carries (features of "article B states claim").

A claim is stated by an article when every part of it is there: its content words, names, figures
(the same values), its quoted words, its evaluative words, the same modality and attribution. The
parts may be spread over a few sentences of the article. :func:`pair_features` describes one
(claim, article) pair by

- the closest sentences (MiniLM cosine: the best, the second best, the best two adjacent ones);
- coverage of the claim over the whole article and over its closest sentences: share of the
  claim's content stems, names, word bigrams and trigrams (the same wording), quoted passages;
- coverage of the claim's weakest part: the claim cut at its clause punctuation (commas,
  semicolons, dashes, "and"/"but" between clauses), each part's content stems looked up in the
  article; the least covered part counts (a fact joined to a judgement is covered only in part);
- figures: the claim's figures each matched by a compatible figure of the article, or met by a
  different value of the same quantity (:func:`._quantity.same_quantity`);
- hearsay ("reportedly", "according to") or a hedge ("may", "up to") in the closest sentences that
  the claim does not carry; "former" in one and not the other;
- modality, negation, attribution and day words of the claim against the closest sentence.

The decision over these features is a logistic model (:mod:`._support`, weights in
``data/support.json``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from ._conflict import _same_party
from ._quantity import Quantity, compatible, same_quantity, stem
from ._relation import Facts, content, rule
from ._sentences import Sent, quotes_in

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CUT = re.compile(r"\s*(?:[;:()]|,(?!\d)|\s[-–—]\s|\s(?:and|but|while|whereas|as|after|which|who)\s)\s*")
_ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|according to|claims?|claimed|alleged(?:ly)?|reportedly|reported|"
    r"insists?|insisted|argues?|argued|contends?|believes?)\b",
    re.I,
)
_HEARSAY = re.compile(
    r"\b(reportedly|allegedly|purportedly|apparently|according to|claims?|claimed|rumou?red)\b", re.I
)
"""B passes the claim on as someone's report (the guideline: then B does not state it)."""
_HEDGE = re.compile(r"\b(may|might|could|would|expected to|likely|plans? to|up to|possibly|probably)\b", re.I)
_FORMER = re.compile(r"\b(former|ex-|then-)", re.I)
MIN_PART_WORDS = 2
"""A part of the claim with fewer content words is joined to the previous one."""

COVERAGE_FEATURES = (
    "cos1",
    "cos2",
    "cos_pair",
    "words_best",
    "words_pair",
    "words_article",
    "weakest_part_article",
    "weakest_part_pair",
    "parts",
    "missing_words_article",
    "missing_words_pair",
    "sentences_close",
    "hearsay_added",
    "hedge_added",
    "former_differs",
    "names_article",
    "names_best",
    "bigrams_article",
    "trigrams_article",
    "bigrams_best",
    "claim_words",
    "best_words",
    "figures_claim",
    "figures_matched_article",
    "figures_matched_pair",
    "figures_disputed",
    "quotes_claim",
    "quotes_found",
    "modal_claim",
    "modal_best",
    "negation_differs",
    "attributed_best_not_claim",
    "speaker_differs",
    "same_predicate",
    "same_subject",
    "dates_claim",
    "dates_found",
    "dates_other",
    "contradiction_rule",
    "voice_claim",
    "evaluative_found",
    "headline_best",
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def ngrams(toks: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def clauses(text: str) -> list[str]:
    """The clause-like parts of ``text`` (see module doc); a part with fewer than
    :data:`MIN_PART_WORDS` content words is joined to its neighbour. One part: the whole text."""
    out: list[str] = []
    small = False
    for piece in (p.strip() for p in _CUT.split(text)):
        if not piece:
            continue
        few = len(content(piece)) < MIN_PART_WORDS
        if out and (few or small):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
        small = few and len(out) == 1
    return out if len(out) > 1 else [text]


@dataclass
class ArticleView:
    """One article's sentences (rows of ``vecs``), their :class:`Facts`, and what the coverage
    features read from the whole article (computed once)."""

    sents: Sequence[Sent]
    vecs: npt.NDArray[np.float32]
    facts: Sequence[Facts]

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset().union(*(f.words for f in self.facts)) if self.facts else frozenset()

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(f.names for f in self.facts)) if self.facts else frozenset()

    @cached_property
    def low(self) -> str:
        return " ".join(s.text.lower() for s in self.sents)

    @cached_property
    def toks(self) -> list[list[str]]:
        return [tokens(s.text) for s in self.sents]

    @cached_property
    def bigrams(self) -> set[tuple[str, ...]]:
        return set().union(*(ngrams(t, 2) for t in self.toks)) if self.toks else set()

    @cached_property
    def trigrams(self) -> set[tuple[str, ...]]:
        return set().union(*(ngrams(t, 3) for t in self.toks)) if self.toks else set()

    @cached_property
    def figures(self) -> list[Quantity]:
        return [q for f in self.facts for q in f.figures]

    @cached_property
    def dates(self) -> frozenset[str]:
        return frozenset().union(*(f.dates for f in self.facts)) if self.facts else frozenset()


def _share(part: AbstractSet[Hashable], whole: AbstractSet[Hashable]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def _names_in(names: frozenset[str], found: frozenset[str], low: str) -> float:
    if not names:
        return 1.0
    return sum(1 for n in names if n in found or n.split()[-1] in low) / len(names)


def _norm_quote(q: str) -> str:
    return " ".join(tokens(q))


def pair_features(
    claim: Sent,
    fc: Facts,
    vec: npt.NDArray[np.float32],
    art: ArticleView,
) -> list[float]:
    """Features of "``art`` states ``claim``" (order: :data:`COVERAGE_FEATURES`)."""
    n = len(art.sents)
    if n == 0:
        return [0.0] * len(COVERAGE_FEATURES)
    sims = art.vecs @ vec
    order = np.argsort(-sims)
    b = int(order[0])
    cos1 = float(sims[b])
    cos2 = float(sims[order[1]]) if n > 1 else 0.0
    # the best two adjacent sentences (a claim's parts may sit in a sentence and the next)
    if n > 1:
        adj = sims[:-1] + sims[1:]
        j = int(np.argmax(adj))
        pair_idx = (j, j + 1)
        cos_pair = float(max(sims[j], sims[j + 1]) + 0.5 * min(sims[j], sims[j + 1]))
    else:
        pair_idx = (0, 0)
        cos_pair = cos1
    best, fb = art.sents[b], art.facts[b]
    top = [int(i) for i in order[:3]]
    near_words = frozenset().union(*(art.facts[i].words for i in (*pair_idx, b)))
    wc = fc.words
    cparts = [frozenset(content(p)) & wc or wc for p in clauses(claim.text)]
    near_text = " ".join(art.sents[i].text for i in {*pair_idx, b})
    hearsay_added = _added(_HEARSAY, claim.text, near_text)
    hedge_added = _added(_HEDGE, claim.text, near_text)
    former = bool(_FORMER.search(claim.text)) != bool(_FORMER.search(best.text))
    ctoks = tokens(claim.text)
    cbi, ctri = ngrams(ctoks, 2), ngrams(ctoks, 3)
    near_figs = [q for i in {*pair_idx, *top} for q in art.facts[i].figures]
    disputed = sum(
        1
        for q in fc.figures
        if not any(compatible(q, x) for x in art.figures) and any(same_quantity(q, x) for x in art.figures)
    )
    quotes = [_norm_quote(q) for q in quotes_in(claim.text)]
    alow = " ".join(" ".join(t) for t in art.toks)
    kc, kb = claim.speaker_key, best.speaker_key
    attributed_b = bool(kb) or bool(_ATTRIBUTION.search(best.text))
    attributed_c = bool(kc) or bool(_ATTRIBUTION.search(claim.text))
    other_days = bool(fc.dates) and bool(art.dates) and not (fc.dates & art.dates)
    contradiction = any(rule(claim, fc, art.sents[i], art.facts[i], float(sims[i])) for i in top)
    return [
        cos1,
        cos2,
        cos_pair,
        _share(wc, fb.words),
        _share(wc, near_words),
        _share(wc, art.words),
        min(_share(p, art.words) for p in cparts),
        min(_share(p, near_words) for p in cparts),
        float(len(cparts)),
        float(len(wc - art.words)),
        float(len(wc - near_words)),
        float((sims >= 0.6).sum()),
        float(hearsay_added),
        float(hedge_added),
        float(former),
        _names_in(fc.names, art.names, art.low),
        _names_in(fc.names, fb.names, best.text.lower()),
        _share(cbi, art.bigrams),
        _share(ctri, art.trigrams),
        _share(cbi, ngrams(art.toks[b], 2)),
        float(len(wc)),
        float(len(fb.words)),
        float(len(fc.figures)),
        _share_q(fc.figures, art.figures),
        _share_q(fc.figures, near_figs),
        float(disputed),
        float(len(quotes)),
        sum(1 for q in quotes if q and q in alow) / len(quotes) if quotes else 1.0,
        float(fc.modal),
        float(fb.modal),
        float(claim.negated != best.negated),
        float(attributed_b and not attributed_c),
        float(bool(kc and kb and not _same_party(kc, kb))),
        float(claim.predicate is not None and claim.predicate == best.predicate),
        float(claim.subject_key is not None and claim.subject_key == best.subject_key),
        float(len(fc.dates)),
        _share(set(fc.dates), art.dates) if fc.dates else 1.0,
        float(other_days),
        float(contradiction),
        float(claim.voice_score),
        _share(evaluative_stems(claim), art.words),
        float(best.headline),
    ]


def evaluative_stems(claim: Sent) -> set[str]:
    """Stems of the claim's evaluative words (its :mod:`._voice` cues, "loaded:ridiculed")."""
    words = (cue.split(":", 1)[-1] for cue in claim.voice_cues)
    return {stem(w) for w in words if w.isalpha() and len(w) >= 3}


def _added(pattern: re.Pattern[str], claim: str, found: str) -> bool:
    """Whether ``found`` has a cue word of ``pattern`` the claim has not."""
    return bool({m.lower() for m in pattern.findall(found)} - {m.lower() for m in pattern.findall(claim)})


def _share_q(claim: Sequence[Quantity], found: Sequence[Quantity]) -> float:
    if not claim:
        return 1.0
    return sum(1 for q in claim if any(compatible(q, x) for x in found)) / len(claim)
