"""The quality scorecard is generated from benchmark JSON, never typed by hand."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "quality_scorecard.py"


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("quality_scorecard", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_scorecard_reads_figures_from_benchmark_output() -> None:
    sc = load_script()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    results = {
        "grouping": ({"allsides": {"incremental": {"f1": 0.8731}, "rebuild": {"f1": 0.881}}}, now),
        "web": ({"front": {"p95_ms": 41.5}, "story": {"p95_ms": 77.0}}, now),
        "summaries": ({"rouge1": 38.2, "baseline_rouge1": 30.1, "cited_share": 0.97}, now),
    }
    text = sc.render(results)
    assert "| Grouping | B-cubed F1, AllSides (incremental) | 0.873 |" in text
    assert "| Web | story page p95, 20 clients, 100k articles | 77.0 ms | < 100 ms |" in text
    assert "| Summaries | ROUGE-1 | 38.2 |" in text  # not the baseline's figure
    assert "| Summaries | sentences with citations | 97.0% |" in text
    assert "| Extraction | body F1 (newsprism cascade) | not measured |" in text
    assert "### extraction" in text and "*Not run for this scorecard.*" in text
