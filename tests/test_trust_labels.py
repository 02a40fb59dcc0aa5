"""The citation-support label set (tests/fixtures/trust/support_labels.json) still fits the data.

The labels store ids and hashes only (docs/labelling/support.md); this checks every id resolves
through ``benchmarks/trust_corpus.py`` against ``../shared/data``, the seeds and the demo, that
each pair is two different articles of one story, evidence sentences belong to the cited
article, labels are valid and the set keeps its size. Skipped when the shared data is absent.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "trust" / "support_labels.json"
BENCH = ROOT / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # trust_corpus gives the stable ids the labels refer to

LABELS = {"states", "related", "no"}
MIN_PAIRS = 400


def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _doc_of(sentence_id: str) -> str:
    return sentence_id.split("#", 1)[0]


@pytest.fixture(scope="module")
def corpus(data_dir: Path, seeds_dir: Path) -> Any:
    import trust_corpus

    return trust_corpus


def test_shape_and_labels_without_data() -> None:
    """What can be checked from the fixture alone: fields, labels, evidence rules, size floor."""
    data = _load()
    assert data["guideline"] == "docs/labelling/support.md"
    assert (ROOT / data["guideline"]).is_file()
    assert data["about"].strip()
    pairs = data["pairs"]
    assert len(pairs) >= MIN_PAIRS
    seen: set[tuple[str, str]] = set()
    for p in pairs:
        assert set(p) == {"claim", "article", "label", "evidence", "why"}, p
        assert p["label"] in LABELS, p
        assert p["why"].strip(), p
        assert len(p["why"]) <= 160, p  # a short reason in the labeller's words, never copied text
        key = (p["claim"], p["article"])
        assert key not in seen, f"duplicate pair {key}"
        seen.add(key)
        claim_doc = _doc_of(p["claim"])
        assert claim_doc != p["article"], p
        story_of_claim = claim_doc.rsplit(":", 1)[0]
        assert p["article"].rsplit(":", 1)[0] == story_of_claim, p
        if p["label"] == "no":
            assert p["evidence"] == [], p
        else:
            assert p["evidence"], p
        for ev in p["evidence"]:
            assert _doc_of(ev) == p["article"], (ev, p["article"])


def test_every_label_spread() -> None:
    """Each label and each set is represented (the set measures precision and recall)."""
    pairs = _load()["pairs"]
    labels = Counter(p["label"] for p in pairs)
    assert all(labels[lab] >= 0.15 * len(pairs) for lab in LABELS), labels
    sets = Counter(p["article"].split(":", 1)[0] for p in pairs)
    for name in ("neus-train", "neus-val", "allsides", "basil", "ecbplus", "seeds", "demo"):
        assert sets[name] > 0, sets


def test_ids_resolve_in_the_data(corpus: Any) -> None:
    pairs = _load()["pairs"]
    for p in pairs:
        claim_doc = corpus.doc(_doc_of(p["claim"]))
        article = corpus.doc(p["article"])
        assert claim_doc.story == article.story, p
        assert claim_doc.id != article.id, p
        corpus.sentence(p["claim"])  # KeyError when the text changed under the hash
        article_ids = set(article.sentence_ids())
        for ev in p["evidence"]:
            assert ev in article_ids, (ev, p["article"])


def test_claims_are_labelled_against_every_other_article(corpus: Any) -> None:
    """Recall is measured per claim: each claim has a label for every other article of its story."""
    by_claim: dict[str, set[str]] = {}
    for p in _load()["pairs"]:
        by_claim.setdefault(p["claim"], set()).add(p["article"])
    for claim, articles in by_claim.items():
        claim_doc = corpus.doc(_doc_of(claim))
        others = {d.id for d in corpus.story(claim_doc.story) if d.id != claim_doc.id}
        assert articles == others, (claim, sorted(others - articles))
