"""Train the learned parts of issue 12's trust work from the hand labels; write their weights.

    python scripts/train_relations.py [--check]

* ``src/newsprism/analysis/data/support.json``: logistic model of "this sentence states that
  claim" (``_support.SUPPORT_FEATURES``) on the sentence pairs of
  ``tests/fixtures/trust/support_labels.json`` (a ``states`` pair's closest evidence sentence is a
  positive; the three closest sentences of a ``related`` / ``no`` article are negatives), with the
  decision threshold: the lowest whose citation precision on those labels reaches 0.95, else the
  one with the best F0.5 (precision weighted over recall).
* ``src/newsprism/analysis/data/relations.json``: multinomial logistic regression over
  ``_relation.FEATURES`` (same / contradicts / elaborates / unrelated) on
  ``tests/fixtures/trust/relation_labels.json``.

Both use every label: their held-out quality is what ``benchmarks/trust.py`` measures by grouped
cross-validation by story (never on the pairs a model was trained on). Deterministic (full-batch
gradient descent from zeros), so re-running on the same labels writes the same files; ``--check``
fails when the committed files differ from a fresh training.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import trust  # noqa: E402
from newsprism.analysis import Analyzer  # noqa: E402
from newsprism.analysis._relation import fit  # noqa: E402

DATA = ROOT / "src" / "newsprism" / "analysis" / "data"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed weights")
    args = ap.parse_args()
    from newsprism.embed import MiniLMEmbedder

    corpus = trust.Corpus(Analyzer(MiniLMEmbedder()))
    support_labels = trust.load_labels("support_labels.json")
    relation_labels = trust.load_labels("relation_labels.json")
    support = trust.train_support(corpus, support_labels)
    support["trained_on"] = {"support_labels": len(support_labels)}
    rows = trust.relation_rows(corpus, relation_labels)
    relations = fit([r[0] for r in rows], [r[1] for r in rows])
    relations["trained_on"] = {"relation_labels": len(relation_labels)}
    out = {"support.json": support, "relations.json": relations}
    status = 0
    for name, weights in out.items():
        text = json.dumps(weights, indent=1) + "\n"
        path = DATA / name
        if args.check:
            same = path.is_file() and path.read_text(encoding="utf-8") == text
            print(f"{name}: {'up to date' if same else 'DIFFERS'}")
            status |= not same
        else:
            DATA.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(text)} bytes)")
    print(f"support threshold {support['threshold']}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
