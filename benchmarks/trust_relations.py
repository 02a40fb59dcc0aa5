"""The trust benchmark's relation (contradiction) part (see ``benchmarks/trust.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from collections import Counter, defaultdict  # noqa: E402
from typing import Any  # noqa: E402

from newsprism.analysis._relation import RelationModel, features, fit, rule  # noqa: E402
from trust_data import Corpus, grouped_folds, prf, story_of  # noqa: E402


def relation_rows(
    corpus: Corpus, labels: list[dict[str, Any]]
) -> list[tuple[list[float], str, str | None, str]]:
    """(features, gold label, rule kind or None, story) per labelled pair."""
    rows = []
    for lab in labels:
        a, va = corpus.sentence(lab["a"])
        b, vb = corpus.sentence(lab["b"])
        fa, fb = corpus.cache(a), corpus.cache(b)
        sim = float(va @ vb)
        found = rule(a, fa, b, fb, sim)
        rows.append(
            (features(a, fa, b, fb, sim), lab["label"], found[0] if found else None, story_of(lab["a"]))
        )
    return rows


def contradiction_scores(
    rows: list[tuple[list[float], str, str | None, str]], predicted: list[bool], labels: list[dict[str, Any]]
) -> dict[str, Any]:
    tp = fp = fn = 0
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for (_x, gold, _k, _s), pred, lab in zip(rows, predicted, labels, strict=True):
        is_c = gold == "contradicts"
        kind = lab.get("kind") or "-"
        if pred and is_c:
            tp += 1
            per_kind[kind]["found"] += 1
        elif pred:
            fp += 1
        elif is_c:
            fn += 1
            per_kind[kind]["missed"] += 1
    kinds = {
        k: {"recall": round(c["found"] / max(c["found"] + c["missed"], 1), 4), **c}
        for k, c in per_kind.items()
    }
    return {**prf(tp, fp, fn), "per_kind": kinds}


def eval_relations(corpus: Corpus, labels: list[dict[str, Any]], k: int) -> dict[str, Any]:
    rows = relation_rows(corpus, labels)
    rules_pred = [kind is not None for _x, _g, kind, _s in rows]
    out: dict[str, Any] = {"pairs": len(rows), "labels": dict(Counter(g for _x, g, _k, _s in rows))}
    out["rules"] = contradiction_scores(rows, rules_pred, labels)
    kinds = Counter(
        (lab.get("kind"), kind) for lab, (_x, g, kind, _s) in zip(labels, rows, strict=True) if kind
    )
    out["rules"]["kind_agreement"] = {f"{g}->{p}": n for (g, p), n in kinds.items()}
    # learned: grouped k-fold by story; the model's contradicts OR a rule
    stories = [s for _x, _g, _k, s in rows]
    learned = [False] * len(rows)
    predicted_label = [""] * len(rows)
    folds = grouped_folds(stories, k)
    for fold in folds:
        train = [i for i, s in enumerate(stories) if s not in fold]
        test = [i for i, s in enumerate(stories) if s in fold]
        if not test or len({rows[i][1] for i in train}) < 2:
            continue
        w = fit([rows[i][0] for i in train], [rows[i][1] for i in train])
        model = RelationModel(w)
        for i in test:
            probs = model.probabilities(rows[i][0])
            label = max(probs, key=lambda c: probs[c])
            predicted_label[i] = label
            learned[i] = rows[i][2] is not None or label == "contradicts"
    out["learned_cv"] = contradiction_scores(rows, learned, labels)
    out["learned_cv"]["folds"] = len(folds)
    out["learned_cv"]["label_accuracy"] = round(
        sum(1 for (_x, g, _k, _s), p in zip(rows, predicted_label, strict=True) if g == p)
        / max(len(rows), 1),
        4,
    )
    return out


def print_errors(corpus: Corpus, labels: list[dict[str, Any]], kind: str | None = None) -> None:
    """The contradictions the rules miss and the pairs they call contradictions wrongly (texts
    read from the data at run time), optionally of one labelled kind ("denial", "date", ...)."""
    for lab in labels:
        a, va = corpus.sentence(lab["a"])
        b, vb = corpus.sentence(lab["b"])
        found = rule(a, corpus.cache(a), b, corpus.cache(b), float(va @ vb))
        gold = lab["label"] == "contradicts"
        if gold == (found is not None) or (kind and lab.get("kind") != kind):
            continue
        what = (
            f"missed {lab.get('kind')}"
            if gold
            else f"false {found[0] if found else ''} (gold {lab['label']})"
        )
        print(f"--- {what}: {found[1] if found else ''}\n  A: {a.text}\n  B: {b.text}")


def main() -> int:
    import argparse
    import json

    from newsprism.analysis import Analyzer
    from newsprism.embed import MiniLMEmbedder
    from trust_data import load_labels

    ap = argparse.ArgumentParser(description="the relation part of benchmarks/trust.py alone")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument(
        "--errors", nargs="?", const="", default=None, help="print misses and false alarms [of KIND]"
    )
    args = ap.parse_args()
    corpus = Corpus(Analyzer(MiniLMEmbedder()))
    labels = load_labels("relation_labels.json")
    if args.errors is not None:
        print_errors(corpus, labels, args.errors or None)
    print(json.dumps(eval_relations(corpus, labels, args.folds), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
