"""Trust benchmark (issue 12): do citations mean "this article states it", are contradictions found?

    python benchmarks/trust.py [--json benchmarks/out/trust.json] [--folds 5] [--no-cpu]

Measured against the hand labels in ``tests/fixtures/trust/`` (ids of ``benchmarks/trust_corpus.py``,
no text stored):

* **support** (``support_labels.json``, (claim sentence, article) -> states / related / no):
  citation precision = of the pairs the support module cites (predicts ``states``), the share
  labelled ``states``; recall = of the pairs labelled ``states``, the share it cites. Two
  versions: the hand rule (thresholds set on the demo and the seeds, nothing trained) and the
  learned support model (what the analysis uses), evaluated by **grouped k-fold
  cross-validation by story** (weights and threshold fitted on the other folds' stories).
* **relations** (``relation_labels.json``): contradiction precision and recall, overall and per
  labelled kind, for the rules alone and for the learned pairwise model (multinomial logistic
  regression over the rule outputs and parse features). The learned model is evaluated by
  **grouped k-fold cross-validation by story** (a story's pairs are never in the fold that trains
  the model scoring them); the shipped weights (``scripts/train_support.py``,
  ``scripts/train_relations.py``) use every label.
* **real summaries**: every labelled story is analysed by the real ``Analyzer``; each (summary
  sentence, article of the story other than the sentence's own) pair that is labelled counts:
  cited and ``states`` = true positive, cited and not = false positive, ``states`` and not cited =
  false negative. Coverage = how many summary (sentence, cited article) pairs were labelled.
* **CPU**: ``time.process_time`` around ``Analyzer.analyze_articles`` (spaCy, embeddings and the
  analysis, the embedding thread included) on a fixed set of stories (the demo's four events, the
  seeds, the first 20 NeuS val stories); per article. Goal: <= 1.25 x 82.8 ms (the figure of
  benchmarks/update.py). The machine is shared: the load average is printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import trust_corpus as tc  # noqa: E402
from newsprism.analysis import Analyzer  # noqa: E402
from trust_data import (  # noqa: E402,F401  (re-exported for the train scripts and the gate tests)
    CPU_BASELINE_MS,
    CPU_STORIES,
    FIXTURES,
    Corpus,
    articles,
    grouped_folds,
    load_labels,
    norm,
    prf,
    story_of,
)
from trust_relations import contradiction_scores, eval_relations, relation_rows  # noqa: E402,F401
from trust_support import eval_support, train_support  # noqa: E402,F401


def summary_pieces(text: str) -> list[str]:
    text = text.split(" reports: ", 1)[1] if " reports: " in text else text
    return text.split("; ")


def eval_summaries(analyzer: Analyzer, labels: list[dict[str, Any]]) -> dict[str, Any]:
    by_pair = {(lab["claim"], lab["article"]): lab["label"] for lab in labels}
    stories = sorted({story_of(lab["claim"]) for lab in labels})
    tp = fp = fn = 0
    cited_pairs = labelled_cited = sentences = 0
    rows: list[dict[str, Any]] = []
    for story in stories:
        docs = tc.story(story)
        result = analyzer.analyze_articles(articles(story))
        sid_of: dict[str, list[str]] = defaultdict(list)
        for d in docs:
            for sid, text in zip(d.sentence_ids(), d.sentences, strict=True):
                sid_of[norm(text)].append(sid)
        for s in result.summary:
            sentences += 1
            sids = [sid for p in summary_pieces(s.text) for sid in sid_of.get(norm(p), [])]
            own = {sid.split("#")[0] for sid in sids}
            for n, d in enumerate(docs, start=1):
                if d.id in own:
                    continue
                cited = n in s.cites
                cited_pairs += cited
                golds = [by_pair[(sid, d.id)] for sid in sids if (sid, d.id) in by_pair]
                if not golds:
                    continue
                labelled_cited += cited
                states = "states" in golds
                tp += cited and states
                fp += cited and not states
                fn += (not cited) and states
                rows.append(
                    {"story": story, "sentence": s.text[:80], "article": d.id, "cited": cited, "gold": golds}
                )
    return {
        "stories": len(stories),
        "summary_sentences": sentences,
        **prf(tp, fp, fn),
        "cited_pairs_other_articles": cited_pairs,
        "cited_pairs_labelled": labelled_cited,
        "coverage": round(labelled_cited / cited_pairs, 4) if cited_pairs else None,
        "labelled_pairs_seen": len(rows),
    }


def cpu_per_article(analyzer: Analyzer) -> dict[str, Any]:
    analyzer.analyze_articles(articles("demo:metro"))  # load the models
    n = 0
    c0 = time.process_time()
    for story in CPU_STORIES:
        arts = articles(story)
        n += len(arts)
        analyzer.analyze_articles(arts)
    cpu = time.process_time() - c0
    return {
        "stories": len(CPU_STORIES),
        "articles": n,
        "cpu_ms_per_article": round(1000 * cpu / max(n, 1), 1),
        "goal_ms": round(1.25 * CPU_BASELINE_MS, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _prf_line(r: dict[str, Any]) -> str:
    return (
        f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  (tp {r['tp']} fp {r['fp']} fn {r['fn']})"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", dest="json_out", default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cpu", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print the support errors")
    args = ap.parse_args()
    from newsprism.embed import MiniLMEmbedder

    analyzer = Analyzer(MiniLMEmbedder())
    corpus = Corpus(analyzer)
    support_labels = load_labels("support_labels.json")
    relation_labels = load_labels("relation_labels.json")
    out: dict[str, Any] = {
        "evaluation": f"hand rules (no training) and learned models by grouped {args.folds}-fold CV by story"
    }
    out["support"] = eval_support(corpus, support_labels, args.folds)
    out["relations"] = eval_relations(corpus, relation_labels, args.folds)
    out["summaries"] = eval_summaries(analyzer, support_labels)
    if not args.no_cpu:
        out["cpu"] = cpu_per_article(analyzer)
    sup, rel, summ = out["support"], out["relations"], out["summaries"]
    print(out["evaluation"])
    print(f"support labels: {sup['rules']['pairs']} pairs")
    for name in ("rules", "learned_cv"):
        r = sup[name]
        print(f"  citation [{name}] {_prf_line(r)}")
        print(f"    confusion gold->predicted: {r['confusion']}")
        if "curve" in r:
            c = r["curve"]
            print(
                f"    held-out trade-off: precision at recall 0.85 {c['precision_at_recall_0.85']:.3f},"
                f" recall at precision 0.95 {c['recall_at_precision_0.95']:.3f}, best F1 {c['best_f1']:.3f}"
            )
    print(f"relation labels: {rel['pairs']} pairs {rel['labels']}")
    for name in ("rules", "learned_cv"):
        r = rel[name]
        print(f"  contradiction [{name}] {_prf_line(r)}")
        for kind, c in sorted(r["per_kind"].items()):
            print(f"    kind {kind}: recall {c['recall']:.3f} ({dict(c)})")
    print(f"  learned label accuracy (4 labels, CV) {rel['learned_cv']['label_accuracy']:.3f}")
    print(f"  rule kind vs labelled kind: {rel['rules']['kind_agreement']}")
    print(
        f"real summaries: {summ['stories']} labelled stories, {summ['summary_sentences']} summary sentences"
    )
    print(f"  citation {_prf_line(summ)}")
    print(
        f"  coverage: {summ['cited_pairs_labelled']} of {summ['cited_pairs_other_articles']} cited"
        f" (sentence, other article) pairs labelled ({summ['coverage']})"
    )
    if "cpu" in out:
        c = out["cpu"]
        print(
            f"analysis CPU: {c['cpu_ms_per_article']} ms/article over {c['articles']} articles"
            f" (goal <= {c['goal_ms']}; load average {c['load_average']})"
        )
    if args.errors:
        for e in sup["learned_cv"]["errors"]:
            print(
                "  ",
                e["kind"],
                e.get("gold") or e.get("pred"),
                tc.sentence(e["claim"])[:120],
                "|",
                e["article"],
            )
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
