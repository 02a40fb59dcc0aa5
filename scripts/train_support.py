"""Train the citation-support model of issue 12 from the hand labels; write its weights.

    python scripts/train_support.py [--check]

``src/newsprism/analysis/data/support.json``: the model of "this article states that claim"
(``_coverage.COVERAGE_FEATURES``, one row per labelled (claim, article) pair) on
``tests/fixtures/trust/support_labels.json``, with its decision threshold (see
``benchmarks/trust_support.py``). It uses every label: its held-out quality is what
``benchmarks/trust.py`` measures by grouped cross-validation by story. Deterministic, so re-running
on the same labels writes the same file; ``--check`` fails when the committed file differs from a
fresh training.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

sys.path.insert(0, str(ROOT / "scripts"))

from train_relations import write  # noqa: E402

import trust_data  # noqa: E402
import trust_support  # noqa: E402
from newsprism.analysis import Analyzer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed weights")
    args = ap.parse_args()
    from newsprism.embed import MiniLMEmbedder

    corpus = trust_data.Corpus(Analyzer(MiniLMEmbedder()))
    labels = trust_data.load_labels("support_labels.json")
    support = trust_support.train_support(corpus, labels)
    support["trained_on"] = {"support_labels": len(labels)}
    status = write("support.json", support, check=args.check)
    print(f"support threshold {support['threshold']}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
