"""How two sentences of different outlets relate: same / contradicts / elaborates / unrelated.

A pair is described by features from the spaCy parse (subject, predicate lemma, names, negation,
speaker), the figures of :mod:`._quantity`, a modality cue and the MiniLM cosine
(:mod:`._relation_facts`); the rules of :mod:`._relation_rules` and :mod:`._conflict` read the
contradictions that have a precise form (numbers, dates, negation, denial, role).

``RelationModel`` is a multinomial logistic regression over :func:`features`, trained on the
labelled pairs by ``scripts/train_relations.py`` (weights in ``data/relations.json``); it decides
same / elaborates / unrelated, and contradicts when no rule fired.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from ._conflict import _same_party
from ._quantity import compatible
from ._relation_facts import Facts, content, facts, modal, overlap
from ._relation_rules import KINDS, extra_rule, number_dispute, rule
from ._sentences import Sent

__all__ = [
    "FEATURES",
    "KINDS",
    "LABELS",
    "Facts",
    "Relation",
    "RelationModel",
    "content",
    "extra_rule",
    "facts",
    "features",
    "fit",
    "load_weights",
    "modal",
    "number_dispute",
    "overlap",
    "probabilities",
    "rule",
]

LABELS = ("same", "contradicts", "elaborates", "unrelated")


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
