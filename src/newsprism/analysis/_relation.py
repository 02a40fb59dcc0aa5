"""How two sentences of different outlets relate: same / contradicts / elaborates / unrelated.

A pair is described by features from the spaCy parse (subject, predicate lemma, names, negation,
speaker), the figures of :mod:`._quantity`, a modality cue and the MiniLM cosine; rules read the
contradictions that have a precise form:

- **number**: the same kind of figure around the same words ("homes lost electricity"), no value
  satisfying both ("about 40,000" vs "as many as 58,000"; "at least 40" vs 37), and no figure of
  one sentence equal to a figure of the other (a sentence quoting both sides is no dispute);
- **role**: one person named with a title and "former" in one sentence, the same title without it
  in the other ("Former U.S. President Donald Trump" vs "US President Donald Trump");
- **denial**: a party "has not confirmed" / "declined to confirm" what another sentence says it
  acknowledges or confirms ("Kyiv has not confirmed any North Korean involvement" vs "Russian and
  Ukrainian leadership acknowledge the presence of North Korean troops");
- the rules of :mod:`._conflict` (numbers by clause, dates, negation, a party's denial).

``RelationModel`` is a multinomial logistic regression over :func:`features`, trained on the
labelled pairs by ``scripts/train_relations.py`` (weights in ``data/relations.json``); it decides
same / elaborates / unrelated, and contradicts when no rule fired.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from ._conflict import STOP_WORDS, _same_party, conflict
from ._quantity import Quantity, compatible, quantities, same_quantity, stem
from ._sentences import Sent, date_words, name_key

LABELS = ("same", "contradicts", "elaborates", "unrelated")
KINDS = ("number", "date", "negation", "denial", "role")
RULE_MIN_SIM = 0.45
"""Below this cosine two sentences are about different things: no denial or role rule fires."""
NUMBER_MIN_SIM = 0.15
"""Figures around the same words may sit in sentences that say little else alike."""

_MODAL = re.compile(
    r"\b(may|might|could|would|should|possibly|probably|likely|unlikely|reportedly|allegedly|"
    r"expected to|plans? to|seeks? to|aims? to|hopes? to|considering)\b",
    re.I,
)
_ROLE_WORDS = frozenset(
    """
    president prime minister secretary senator governor chancellor mayor leader ceo chief
    general ambassador speaker chairman chair director commander premier king queen pope
    """.split()  # noqa: SIM905
)
_FORMER = re.compile(r"\b(former|ex|erstwhile|outgoing|ousted|then)\b", re.I)
_NOT_CONFIRM = re.compile(
    r"\b(?:has|have|had|did|does|do|is|are|was|were)(?:\s+not|n['’]t)\s+(?:yet\s+|publicly\s+|officially\s+)?"
    r"(?:been\s+)?(?P<v1>confirm|acknowledg|verif|admit|recogni[sz])\w*"
    r"|\b(?:declin|refus)\w*\s+to\s+(?P<v2>confirm|acknowledg|verif|admit)\w*"
    r"|\bno\s+(?:official\s+)?(?P<v3>confirmation|acknowledg)\w*",
    re.I,
)
_AFFIRM = re.compile(r"\b(confirm|acknowledg|verif|admit|recogni[sz])\w*", re.I)
_CONTENT = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_STOP = STOP_WORDS | frozenset(
    "its their his her who which also been being will would could may might into than there".split()  # noqa: SIM905
)


def modal(text: str) -> bool:
    """Whether the sentence hedges or speaks of the future ("may", "is expected to", "reportedly")."""
    return bool(_MODAL.search(text))


def content(text: str) -> set[str]:
    return {stem(w) for w in _CONTENT.findall(text) if w.lower() not in _STOP}


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


@dataclass(frozen=True)
class Facts:
    """What the relation features read from one sentence (computed once per sentence)."""

    names: frozenset[str]
    words: frozenset[str]
    figures: tuple[Quantity, ...]
    modal: bool
    roles: tuple[tuple[str, str, str], ...]
    """(person key, title word, former | then | current) for each person named with a title."""
    not_confirm: str | None
    """Who "has not confirmed" / "declined to confirm" (the words before), when the sentence says so."""
    affirm: bool
    dates: frozenset[str]
    """Weekday, month and year words of the sentence's dates."""


def facts(s: Sent) -> Facts:
    text = s.text
    return Facts(
        names=frozenset(name_key(t) for t, _lab in s.entities),
        words=frozenset(content(text)),
        figures=tuple(quantities(text)),
        modal=modal(text),
        roles=tuple(_roles(s)),
        not_confirm=_not_confirmed_by(text),
        affirm=bool(_AFFIRM.search(text)) and not s.negated,
        dates=frozenset(w for d in s.dates for w in date_words(d)),
    )


def _not_confirmed_by(text: str) -> str | None:
    m = _NOT_CONFIRM.search(text)
    if not m:
        return None
    before = re.findall(r"[A-Z][A-Za-z'’-]*", text[max(0, m.start() - 40) : m.start()])
    return before[-1] if before else ""


def _roles(s: Sent) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for name, label in s.entities:
        if label != "PERSON":
            continue
        at = s.text.find(name)
        if at <= 0:
            continue
        # the title phrase: the capitalised words (and "former") right before the name
        before: list[str] = []
        for w in reversed(re.findall(r"[A-Za-z][A-Za-z.]*", s.text[max(0, at - 80) : at])):
            title_word = w[:1].isupper() or w.lower() in ("former", "ex", "then", "of", "the")
            if not title_word or len(before) >= 6:
                break
            before.insert(0, w)
        titles = [w.lower() for w in before if w.lower() in _ROLE_WORDS and w[:1].isupper()]
        if not titles:
            continue
        marks = {w.lower() for w in before if _FORMER.fullmatch(w)}
        state = "then" if "then" in marks else "former" if marks else "current"
        out.append((name.split()[-1].lower(), titles[-1], state))
    return out


# -- contradiction rules -------------------------------------------------------------------------


def number_dispute(fa: Facts, fb: Facts) -> str | None:
    """A detail when the two sentences give incompatible figures for the same quantity (see
    :func:`_one_way`), looked at from both sides."""
    if fa.dates and fb.dates and not fa.dates & fb.dates:
        return None  # figures of different days are different measurements
    return _one_way(fa, fb) or _one_way(fb, fa)


def _one_way(fa: Facts, fb: Facts) -> str | None:
    """A figure ``x`` of ``a`` and a figure ``y`` of ``b`` around the same words (money: two
    words) that no value satisfies, where no figure of ``b`` about that quantity agrees with
    ``x`` and no figure of ``a`` at all has ``y``'s value (a sentence giving both sides' figures
    still disputes the one it does not share)."""
    for x in fa.figures:
        same_b = [y for y in fb.figures if same_quantity(x, y) and _enough(x, y)]
        if not same_b or any(compatible(x, y) for y in same_b):
            continue
        for y in same_b:
            if any(compatible(y, z) for z in fa.figures):
                continue
            unit = "" if x.kind == "count" else f" ({x.kind})"
            return f"{x.text} vs {y.text}{unit}"
    return None


def _enough(x: Quantity, y: Quantity) -> bool:
    return x.kind != "money" or len(x.context & y.context) >= 2


def role_conflict(fa: Facts, fb: Facts) -> str | None:
    """The same person with the same title, "former" in one sentence and not in the other
    ("then-President" sides with neither: it names the title at the time)."""
    for pa, ta, xa in fa.roles:
        for pb, tb, xb in fb.roles:
            if pa == pb and ta == tb and {xa, xb} == {"former", "current"}:
                first = "former " if xa == "former" else ""
                second = "former " if xb == "former" else ""
                return f"{first}{ta} vs {second}{tb} ({pa.title()})"
    return None


def confirm_denial(a: Sent, fa: Facts, b: Sent, fb: Facts) -> str | None:
    """``a``'s party has not confirmed what ``b`` says that party acknowledges or confirms."""
    if fa.not_confirm is None or not fb.affirm or fb.not_confirm is not None:
        return None
    party = name_key(fa.not_confirm) if fa.not_confirm else a.subject_key or a.speaker_key
    if not party:
        return None
    parties_b = {name_key(t) for t, _lab in b.entities} | {k for k in (b.subject_key, b.speaker_key) if k}
    if not any(_same_party(party, p) for p in parties_b):
        return None
    shared = {n for n in fa.names & fb.names if not _same_party(n, party)}
    if not shared:
        return None
    return f"{a.text[:80]} vs {b.text[:80]}"


def rule(a: Sent, fa: Facts, b: Sent, fb: Facts, sim: float) -> tuple[str, str] | None:
    """The first contradiction rule that fires (kind, detail), precise rules first."""
    return conflict(a, b, sim) or extra_rule(a, fa, b, fb, sim)


def extra_rule(a: Sent, fa: Facts, b: Sent, fb: Facts, sim: float) -> tuple[str, str] | None:
    """The rules of this module (not :func:`._conflict.conflict`'s): denial of a confirmation,
    role or title, figures of the same quantity."""
    if sim < NUMBER_MIN_SIM:
        return None
    if sim >= RULE_MIN_SIM:
        detail = confirm_denial(a, fa, b, fb) or confirm_denial(b, fb, a, fa)
        if detail:  # the guideline's "negation": one states what the other says is unconfirmed
            return "negation", detail
        detail = role_conflict(fa, fb)
        if detail:
            return "role", detail
    detail = number_dispute(fa, fb)
    if detail:
        return "number", detail
    return None


# -- pair features and the learned model ----------------------------------------------------------

FEATURES = (
    "cos",
    "words",
    "names",
    "same_predicate",
    "same_subject",
    "negation_differs",
    "modal_differs",
    "figures_compatible",
    "figures_both",
    "figure_dispute",
    "figure_context",
    "speaker_differs",
    "denial_one_side",
    "length_ratio",
    "rule_number",
    "rule_date",
    "rule_negation",
    "rule_denial",
    "rule_role",
)


def features(a: Sent, fa: Facts, b: Sent, fb: Facts, sim: float) -> list[float]:
    """The pair's feature vector (order: :data:`FEATURES`); symmetric in ``a`` and ``b``."""
    found = rule(a, fa, b, fb, sim)
    kind = found[0] if found else ""
    ka, kb = a.speaker_key, b.speaker_key
    la, lb = len(fa.words), len(fb.words)
    return [
        sim,
        overlap(set(fa.words), set(fb.words)),
        overlap(set(fa.names), set(fb.names)),
        float(a.predicate is not None and a.predicate == b.predicate),
        float(a.subject_key is not None and a.subject_key == b.subject_key),
        float(a.negated != b.negated),
        float(fa.modal != fb.modal),
        float(any(compatible(x, y) for x in fa.figures for y in fb.figures)),
        float(bool(fa.figures) and bool(fb.figures)),
        float(number_dispute(fa, fb) is not None),
        float(
            max(
                (len(x.context & y.context) for x in fa.figures for y in fb.figures if x.kind == y.kind),
                default=0,
            )
        ),
        float(bool(ka and kb and not _same_party(ka, kb))),
        float(a.denial != b.denial),
        min(la, lb) / max(la, lb, 1),
        float(kind == "number"),
        float(kind == "date"),
        float(kind == "negation"),
        float(kind == "denial"),
        float(kind == "role"),
    ]


@dataclass(frozen=True)
class Relation:
    label: str
    """One of :data:`LABELS`."""
    kind: str | None = None
    """For ``contradicts``: one of :data:`KINDS`."""
    detail: str = ""
    p: float = 1.0


def load_weights(name: str) -> dict[str, Any] | None:
    """Weights shipped in ``newsprism/analysis/data/<name>`` (None when absent)."""
    path = resources.files("newsprism.analysis") / "data" / name
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def probabilities(w: dict[str, Any], x: list[float]) -> dict[str, float]:
    """Class probabilities of a logistic model from :func:`fit` for the feature vector ``x``."""
    z = [(v - m) / s for v, m, s in zip(x, w["mean"], w["scale"], strict=True)]
    logits = [
        b + sum(wi * zi for wi, zi in zip(row, z, strict=True))
        for row, b in zip(w["coef"], w["bias"], strict=True)
    ]
    top = max(logits)
    exp = [math.exp(v - top) for v in logits]
    total = sum(exp)
    return {label: e / total for label, e in zip(w["labels"], exp, strict=True)}


class RelationModel:
    """Multinomial logistic regression over :func:`features` (weights from ``data/relations.json``;
    without them, rules and cosine only). Loaded lazily, once per object."""

    def __init__(self, weights: dict[str, Any] | None = None) -> None:
        self._given = weights

    @cached_property
    def weights(self) -> dict[str, Any] | None:
        return self._given if self._given is not None else load_weights("relations.json")

    def probabilities(self, x: list[float]) -> dict[str, float]:
        return probabilities(self.weights, x) if self.weights is not None else {}

    def relate(self, a: Sent, fa: Facts, b: Sent, fb: Facts, sim: float) -> Relation:
        found = rule(a, fa, b, fb, sim)
        if found:
            return Relation("contradicts", found[0], found[1])
        probs = self.probabilities(features(a, fa, b, fb, sim))
        if not probs:
            return Relation("same" if sim >= 0.8 else "elaborates" if sim >= 0.6 else "unrelated", p=sim)
        label = max(probs, key=lambda k: probs[k])
        if label == "contradicts":
            kind = (
                "negation" if a.negated != b.negated else "number" if fa.figures and fb.figures else "denial"
            )
            return Relation(label, kind, "learned", probs[label])
        return Relation(label, None, "", probs[label])


def fit(
    x: list[list[float]],
    y: list[str],
    labels: tuple[str, ...] = LABELS,
    names: tuple[str, ...] = FEATURES,
    l2: float = 1.0,
    steps: int = 800,
    rate: float = 0.5,
) -> dict[str, Any]:
    """Weights of the multinomial logistic regression (standardised features, L2 penalty, classes
    weighted by inverse frequency), by full-batch gradient descent: deterministic."""
    import numpy as np

    xs = np.asarray(x, dtype=np.float64)
    mean = xs.mean(axis=0)
    scale = xs.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (xs - mean) / scale
    classes = list(labels)
    target = np.zeros((len(y), len(labels)))
    for i, label in enumerate(y):
        target[i, classes.index(label)] = 1.0
    counts = target.sum(axis=0)
    weight = (target @ np.where(counts > 0, len(y) / (len(classes) * np.maximum(counts, 1)), 0.0))[:, None]
    coef = np.zeros((len(classes), z.shape[1]))
    bias = np.zeros(len(classes))
    for _ in range(steps):
        logits = z @ coef.T + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - target) * weight / len(y)
        coef -= rate * (grad.T @ z + l2 * coef / len(y))
        bias -= rate * grad.sum(axis=0)
    bias[counts == 0] = -20.0  # a label never seen is never predicted
    return {
        "features": list(names),
        "labels": classes,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [[round(float(v), 6) for v in row] for row in coef],
        "bias": [round(float(v), 6) for v in bias],
    }
