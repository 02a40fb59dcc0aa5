"""The trust benchmark's citation-support part (see ``benchmarks/trust.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from collections import Counter  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from newsprism.analysis._relation import fit  # noqa: E402
from newsprism.analysis._support import (  # noqa: E402
    SupportModel,
    _near_figures,
    states_article,
    support_features,
    verdict,
)
from trust_data import Corpus, grouped_folds, prf, story_of  # noqa: E402

SUPPORT_LABELS = ("states", "other")
PRECISION_TARGET = 0.95


def support_rows(corpus: Corpus, labels: list[dict[str, Any]]) -> list[tuple[list[float], str, str]]:
    """Sentence-pair rows (features, states | other, story) for training the support model: a
    ``states`` pair gives its closest evidence sentence as a positive; a ``related`` or ``no``
    pair gives the article's three sentences closest to the claim as negatives."""
    rows = []
    for lab in labels:
        claim, vec = corpus.sentence(lab["claim"])
        fc = corpus.cache(claim)
        story = story_of(lab["claim"])
        if lab["label"] == "states":
            evidence = [
                corpus.sentence(e) for e in lab.get("evidence") or [] if e.startswith(lab["article"] + "#")
            ]
            if not evidence:
                continue
            s, v = max(evidence, key=lambda e: float(e[1] @ vec))
            rows.append(
                (
                    support_features(
                        claim, fc, s, corpus.cache(s), float(v @ vec), near_of(corpus, lab, vec)
                    ),
                    "states",
                    story,
                )
            )
        else:
            sents, vecs = corpus.docs(story)[lab["article"]]
            sims = vecs @ vec
            for i in np.argsort(-sims)[:3]:
                s = sents[i]
                rows.append(
                    (
                        support_features(
                            claim, fc, s, corpus.cache(s), float(sims[i]), near_of(corpus, lab, vec)
                        ),
                        "other",
                        story,
                    )
                )
    return rows


def near_of(corpus: Corpus, lab: dict[str, Any], vec: np.ndarray) -> list[Any]:
    sents, vecs = corpus.docs(story_of(lab["claim"]))[lab["article"]]
    return _near_figures(sents, vecs @ vec, corpus.cache)


def predict_support(corpus: Corpus, labels: list[dict[str, Any]], model: SupportModel) -> list[str]:
    cache = corpus.cache.with_model(model)
    out = []
    for lab in labels:
        claim, vec = corpus.sentence(lab["claim"])
        sents, vecs = corpus.docs(story_of(lab["claim"]))[lab["article"]]
        out.append(states_article(claim, vec, sents, vecs, cache)[0])
    return out


def states_scores(corpus: Corpus, labels: list[dict[str, Any]], w: dict[str, Any]) -> list[float]:
    """Per (claim, article) label: the highest "states" probability of the article's sentences
    that pass the vetoes (the article is cited iff it reaches the threshold)."""
    cache = corpus.cache.with_model(SupportModel({**w, "threshold": 2.0}))
    out = []
    for lab in labels:
        claim, vec = corpus.sentence(lab["claim"])
        sents, vecs = corpus.docs(story_of(lab["claim"]))[lab["article"]]
        sims = vecs @ vec
        near = _near_figures(sents, sims, cache)
        best = 0.0
        for i, sim in enumerate(sims.tolist()):
            v = verdict(claim, cache(claim), sents[i], cache(sents[i]), sim, cache.model, near)
            if v.why == "model":
                best = max(best, v.p)
        out.append(best)
    return out


def choose_threshold(corpus: Corpus, labels: list[dict[str, Any]], w: dict[str, Any]) -> float:
    """The lowest threshold whose citation precision on ``labels`` reaches the target (the most
    recall at that precision); when none does, the one with the best F0.5 (precision first)."""
    scores = states_scores(corpus, labels, w)
    gold = [lab["label"] == "states" for lab in labels]
    best_t, best_f = 0.99, -1.0
    for t in [x / 100 for x in range(99, 29, -1)]:
        tp = sum(1 for sc, g in zip(scores, gold, strict=True) if sc >= t and g)
        fp = sum(1 for sc, g in zip(scores, gold, strict=True) if sc >= t and not g)
        fn = sum(gold) - tp
        if tp and tp / (tp + fp) >= PRECISION_TARGET:
            best_t, best_f = t, 2.0  # the target reached: keep lowering while it holds
            continue
        if best_f > 1.0:
            break
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        if f > best_f:
            best_t, best_f = t, f
    return best_t


def train_support(corpus: Corpus, labels: list[dict[str, Any]]) -> dict[str, Any]:
    from newsprism.analysis._support import SUPPORT_FEATURES

    rows = support_rows(corpus, labels)
    w = fit([r[0] for r in rows], [r[1] for r in rows], SUPPORT_LABELS, SUPPORT_FEATURES)
    w["threshold"] = choose_threshold(corpus, labels, w)
    return w


def score_support(labels: list[dict[str, Any]], preds: list[str]) -> dict[str, Any]:
    tp = fp = fn = 0
    confusion: Counter[str] = Counter()
    errors: list[dict[str, str]] = []
    for lab, pred in zip(labels, preds, strict=True):
        gold = lab["label"]
        confusion[f"{gold}->{pred}"] += 1
        if pred == "states" and gold == "states":
            tp += 1
        elif pred == "states":
            fp += 1
            errors.append({"kind": "fp", "claim": lab["claim"], "article": lab["article"], "gold": gold})
        elif gold == "states":
            fn += 1
            errors.append({"kind": "fn", "claim": lab["claim"], "article": lab["article"], "pred": pred})
    return {"pairs": len(labels), **prf(tp, fp, fn), "confusion": dict(confusion), "errors": errors}


def eval_support(corpus: Corpus, labels: list[dict[str, Any]], k: int) -> dict[str, Any]:
    """The hand rule (no training) and the learned model by grouped k-fold CV by story."""
    rule_preds = predict_support(corpus, labels, _RuleOnly())
    out: dict[str, Any] = {"rules": score_support(labels, rule_preds)}
    stories = [story_of(lab["claim"]) for lab in labels]
    preds = [""] * len(labels)
    thresholds = []
    for fold in grouped_folds(stories, k):
        train = [lab for lab, s in zip(labels, stories, strict=True) if s not in fold]
        test = [i for i, s in enumerate(stories) if s in fold]
        w = train_support(corpus, train)
        thresholds.append(w["threshold"])
        got = predict_support(corpus, [labels[i] for i in test], SupportModel(w))
        for i, p in zip(test, got, strict=True):
            preds[i] = p
    out["learned_cv"] = score_support(labels, preds)
    out["learned_cv"]["thresholds"] = thresholds
    return out


class _RuleOnly(SupportModel):
    """No weights: the hand rule."""

    def __init__(self) -> None:
        super().__init__(None)

    @property
    def weights(self) -> None:  # type: ignore[override]
        return None
