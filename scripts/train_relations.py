"""Train the learned pairwise relation model of issue 12 from the hand labels; write its weights.

    python scripts/train_relations.py [--check]

``src/newsprism/analysis/data/relations.json``: multinomial logistic regression over
``_relation.FEATURES`` (same / contradicts / elaborates / unrelated) on
``tests/fixtures/trust/relation_labels.json``. It uses every label: its held-out quality is what
``benchmarks/trust.py`` measures by grouped cross-validation by story (never on the pairs a model
was trained on). Deterministic (full-batch gradient descent from zeros), so re-running on the same
labels writes the same file; ``--check`` fails when the committed file differs from a fresh
training. The support model has its own script, ``scripts/train_support.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "src" / "newsprism" / "analysis" / "data"


def write(name: str, weights: dict[str, Any], *, check: bool) -> int:
    """Write ``analysis/data/<name>`` (or, with ``check``, compare with it); 1 when it differs."""
    text = json.dumps(weights, indent=1) + "\n"
    path = DATA / name
    if check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print(f"{name}: {'up to date' if same else 'DIFFERS'}")
        return int(not same)
    DATA.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(text)} bytes)")
    return 0


def main() -> int:
    import trust_data
    import trust_relations
    from newsprism.analysis import Analyzer
    from newsprism.analysis._relation import fit
    from newsprism.embed import MiniLMEmbedder

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed weights")
    args = ap.parse_args()
    corpus = trust_data.Corpus(Analyzer(MiniLMEmbedder()))
    labels = trust_data.load_labels("relation_labels.json")
    rows = trust_relations.relation_rows(corpus, labels)
    relations = fit([r[0] for r in rows], [r[1] for r in rows])
    relations["trained_on"] = {"relation_labels": len(labels)}
    return write("relations.json", relations, check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())
