"""Citation-support gate (issue 12): a citation means the cited article states it.

Quality floors on the hand labels (``tests/fixtures/trust/support_labels.json``), scored as
``benchmarks/trust.py`` scores them: citation precision / recall of the support module (the hand
rule, untrained; the learned model by grouped cross-validation by story, never on pairs it was
trained on). Lowering a floor is a deliberate, visible change.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the label loaders and the scorers are shared with the benchmark

# Pinned floors, measured 2026-12-02 02:50 UTC on 1748 support pairs, grouped CV by story: rules
# P 0.647 / R 0.271; learned (a model of the whole (claim, article) pair, see _coverage.py)
# 5 folds P 0.741 / R 0.495 (`python benchmarks/trust.py --no-cpu`), 3 folds (what the gate runs)
# P 0.726 / R 0.493; before it, the sentence-level model had P 0.669 / R 0.467 (5 folds). Floors
# sit a few points under. Far from the goals (P 0.95 / R 0.85): these floors only keep
# what is reached.
SUPPORT_RULES = {"precision": 0.60, "recall": 0.24}
SUPPORT_LEARNED_CV = {"precision": 0.68, "recall": 0.45}


@pytest.mark.gate
def test_citation_precision_and_recall_on_the_support_labels(corpus: Any) -> None:
    import trust

    labels = trust.load_labels("support_labels.json")
    assert len(labels) >= 300
    result = trust.eval_support(corpus, labels, 3)
    for name, floors in (("rules", SUPPORT_RULES), ("learned_cv", SUPPORT_LEARNED_CV)):
        got = result[name]
        assert got["precision"] >= floors["precision"], (name, got["precision"], got["confusion"])
        assert got["recall"] >= floors["recall"], (name, got["recall"], got["confusion"])
