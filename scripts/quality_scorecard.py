"""Regenerate docs/quality.md from the benchmarks' own JSON output.

    python scripts/quality_scorecard.py            # read benchmarks/out/*.json, write docs/quality.md
    python scripts/quality_scorecard.py --run      # first run every benchmark with --json (slow)
    python scripts/quality_scorecard.py --check    # exit 1 if docs/quality.md is out of date

Nothing here is typed by hand: every figure is read from ``benchmarks/out/<name>.json``, written by
``python benchmarks/<name>.py --json benchmarks/out/<name>.json``. A benchmark that has not been run
is listed as such rather than left out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"
DOC = REPO / "docs" / "quality.md"

BENCHMARKS = {
    "extraction": "article body extraction on 181 real web pages (ScrapingHub gold),"
    " metadata on Mozilla pages",
    "grouping": "story grouping on AllSides roundups and ECB+ (B-cubed), incremental vs full rebuild",
    "grouping_e5": "the same with the opt-in multilingual model ([group] model = multilingual-e5)",
    "summaries": "cited multi-source summaries on NeuS (ROUGE vs human neutral summaries)"
    " and citation checks",
    "analysis": "analysis speed per story (claims, alignment, summary)",
    "update": "feed update: fetch, parse, store, group, analyse (local feed server)",
    "importing": "import speed and peak memory (HTML pages, large JSONL)",
    "web": "web latency under 20 concurrent clients on 100,000 articles (real uvicorn server)",
    "web_pg": "the same on PostgreSQL with two web processes (serve --workers 2)",
    "trust": "citation support and contradictions against the hand labels (tests/fixtures/trust/),"
    " learned models by grouped cross-validation by story; analysis CPU per article",
    "voice": "neutral voice: the evaluative classifier against reading labels, loaded wording"
    " (BASIL lexical-bias spans) left unattributed in overviews, aggregator pages",
    "scale": "embedding and analysis throughput with 1 and 2 worker processes (PostgreSQL, procrastinate)",
    "scale_update": "the 500 feeds x 20 items update on PostgreSQL with 2 worker processes",
    "hostile": "hostile files: each imported in a child process, peak memory and the one-line error",
}


RUN = {
    "grouping_e5": ("grouping", " --model multilingual-e5 --orders 4"),
    "summaries": ("summaries", " --baseline"),
    "web_pg": ("web", " --database-url postgresql://postgres@127.0.0.1:5432/postgres --workers 2"),
    "scale": ("scale", " --events 120 --desks 5"),
    "scale_update": ("scale", " --mode update --feeds 500 --items 20 --hosts 25 --update-workers 2"),
}
"""Benchmarks whose JSON another script writes: (script, its arguments)."""


@dataclass(frozen=True)
class Headline:
    area: str
    label: str
    bench: str
    path: str
    """Dotted path in the benchmark's JSON (a regular expression over flattened keys)."""
    unit: str = ""
    scale: float = 1.0
    goal: str = ""


HEADLINES = [
    Headline(
        "Grouping",
        "B-cubed F1, AllSides (incremental)",
        "grouping",
        r"allsides\.incremental\.f1",
        "",
        1,
        ">= 0.95",
    ),
    Headline("Grouping", "B-cubed F1, AllSides (full rebuild)", "grouping", r"allsides\.rebuild\.f1"),
    Headline(
        "Grouping",
        "B-cubed F1, ECB+ (incremental)",
        "grouping",
        r"ecbplus\.incremental\.f1",
        "",
        1,
        ">= 0.93",
    ),
    Headline(
        "Grouping",
        "B-cubed F1, BASIL 2010-14 (days apart)",
        "grouping",
        r"basil\.incremental\.f1",
        "",
        1,
        ">= 0.97",
    ),
    Headline("Grouping", "B-cubed F1, ECB+ (full rebuild)", "grouping", r"ecbplus\.rebuild\.f1"),
    Headline(
        "Grouping",
        "incremental vs rebuild gap",
        "grouping",
        r"allsides\.f1_gap_points",
        " F1 points",
        1,
        "< 1",
    ),
    Headline(
        "Grouping",
        "incremental vs rebuild gap, ECB+",
        "grouping",
        r"ecbplus\.f1_gap_points",
        " F1 points",
        1,
        "< 1",
    ),
    Headline(
        "Grouping", "B-cubed F1, AllSides, multilingual model", "grouping_e5", r"allsides\.incremental\.f1"
    ),
    Headline("Grouping", "B-cubed F1, ECB+, multilingual model", "grouping_e5", r"ecbplus\.incremental\.f1"),
    Headline(
        "Speed",
        "import + embed + group, multilingual model",
        "grouping_e5",
        r"allsides\.articles_per_s",
        " articles/s",
    ),
    Headline(
        "Extraction", "body F1 (newsprism cascade)", "extraction", r"bodies\.cascade\.f1", "", 1, ">= 0.970"
    ),
    Headline("Extraction", "body F1 with not-an-article refusals", "extraction", r"bodies\.extract_html\.f1"),
    Headline("Extraction", "title exact", "extraction", r"metadata\.title_exact"),
    Headline("Extraction", "date same day", "extraction", r"metadata\.date_same_day"),
    Headline(
        "Extraction",
        "WCXB dev articles: body word-F1",
        "extraction",
        r"wcxb\.articles\.body_word_f1",
        "",
        1,
        ">= 0.95",
    ),
    Headline(
        "Extraction",
        "WCXB dev articles: title exact",
        "extraction",
        r"wcxb\.articles\.title_exact",
        "",
        1,
        ">= 0.90",
    ),
    Headline(
        "Extraction",
        "WCXB dev articles: author (token F1 >= 0.8)",
        "extraction",
        r"wcxb\.articles\.author_or_org_token_f1_0\.8",
        "",
        1,
        ">= 0.80",
    ),
    Headline(
        "Extraction",
        "WCXB dev articles: date same day",
        "extraction",
        r"wcxb\.articles\.date_same_day",
        "",
        1,
        ">= 0.93",
    ),
    Headline(
        "Trust",
        "citation precision (learned, grouped CV)",
        "trust",
        r"support\.learned_cv\.precision",
        "",
        1,
        ">= 0.95",
    ),
    Headline(
        "Trust",
        "citation recall (learned, grouped CV)",
        "trust",
        r"support\.learned_cv\.recall",
        "",
        1,
        ">= 0.85",
    ),
    Headline("Trust", "citation precision in real summaries", "trust", r"summaries\.precision"),
    Headline(
        "Trust", "contradiction precision (rules)", "trust", r"relations\.rules\.precision", "", 1, ">= 0.85"
    ),
    Headline("Trust", "contradiction recall (rules)", "trust", r"relations\.rules\.recall", "", 1, ">= 0.8"),
    Headline(
        "Trust", "contradiction precision (learned, grouped CV)", "trust", r"relations\.learned_cv\.precision"
    ),
    Headline(
        "Trust", "contradiction recall (learned, grouped CV)", "trust", r"relations\.learned_cv\.recall"
    ),
    Headline(
        "Trust",
        "labelled-evaluative overview sentences, unattributed",
        "voice",
        r"labelled_overviews\.share",
        "%",
        100,
        "<= 2%",
    ),
    Headline(
        "Trust",
        "held-out BASIL overview sentences with loaded wording, unattributed",
        "voice",
        r"basil_held_out\.share_unattributed",
        "%",
        100,
        "<= 2%",
    ),
    Headline("Trust", "evaluative classifier precision (grouped CV)", "voice", r"classifier_cv\.precision"),
    Headline("Trust", "evaluative classifier recall (grouped CV)", "voice", r"classifier_cv\.recall"),
    Headline(
        "Summaries",
        "ROUGE-2 vs lead, 95% interval low end",
        "summaries",
        r"vs_lead_rouge2_ci_low",
        "",
        1,
        "> 0",
    ),
    Headline(
        "Summaries",
        "ROUGE-2 vs centroid, 95% interval low end",
        "summaries",
        r"vs_centroid_rouge2_ci_low",
        "",
        1,
        "> 0",
    ),
    Headline("Summaries", "ROUGE-1", "summaries", r"rouge1", "", 1, "> 37.6"),
    Headline("Summaries", "ROUGE-2", "summaries", r"rouge2", "", 1, "> 17.3"),
    Headline("Summaries", "ROUGE-L", "summaries", r"rougeL", "", 1, "> 25.0"),
    Headline("Summaries", "sentences with citations", "summaries", r"cited_share", "%", 100),
    Headline(
        "Summaries", "sentences whose names and numbers check out", "summaries", r"checked_share", "%", 100
    ),
    Headline("Speed", "analysis of a 20-article story", "analysis", r"allsides_seconds", " s", 1, "< 5 s"),
    Headline(
        "Speed", "import + embed + group", "grouping", r"allsides\.articles_per_s", " articles/s", 1, ">= 100"
    ),
    Headline(
        "Speed", "feed update, fetch + parse + store", "update", r"fetch_parse_store_s", " s", 1, "< 60 s"
    ),
    Headline("Speed", "feed update: fetch, grouping, analysis within its budget", "update", r"total_s", " s"),
    Headline(
        "Speed", "stories analysed during that update", "update", r"stories_analysed_in_update", " stories"
    ),
    Headline(
        "Speed", "feed update until every story is analysed", "update", r"all_analysed_s", " s", 1, "< 180 s"
    ),
    Headline(
        "Speed",
        "CPU that every story analysed needs (2 cores give 360 s in 180 s)",
        "update",
        r"cpu_needed_all_s",
        " CPU-s",
    ),
    Headline("Speed", "analysis CPU per article", "update", r"analysis_cpu_ms_per_article", " ms"),
    Headline("Speed", "HTML import", "importing", r"html\.pages_per_s", " pages/s", 1, ">= 12"),
    Headline(
        "Speed",
        "analysis CPU per article (trust benchmark)",
        "trust",
        r"cpu\.cpu_ms_per_article",
        " ms",
        1,
        "<= 103.5",
    ),
    Headline("Scale", "embedding, 2 workers vs 1", "scale", r"embed_speedup_2_vs_1", "x", 1, ">= 1.8"),
    Headline("Scale", "analysis, 2 workers vs 1", "scale", r"analyse_speedup_2_vs_1", "x", 1, ">= 1.8"),
    Headline(
        "Web", "PostgreSQL, 2 web processes: front page p95", "web_pg", r"front\.p95_ms", " ms", 1, "< 50 ms"
    ),
    Headline(
        "Web", "PostgreSQL, 2 web processes: story page p95", "web_pg", r"story\.p95_ms", " ms", 1, "< 50 ms"
    ),
    Headline("Speed", "JSONL import", "importing", r"jsonl\.records_per_s", " records/s"),
    Headline(
        "Memory",
        "peak RSS, large JSONL import",
        "importing",
        r"jsonl\.peak_rss_mb",
        " MB",
        1,
        "< 500 MB (1 GB)",
    ),
    Headline("Memory", "peak RSS, feed update", "update", r"peak_rss_mb", " MB"),
    Headline("Memory", "peak RSS, grouping", "grouping", r"allsides\.peak_mb", " MB"),
    Headline(
        "Web", "front page p95, 20 clients, 100k articles", "web", r"front\.p95_ms", " ms", 1, "< 100 ms"
    ),
    Headline(
        "Web", "story page p95, 20 clients, 100k articles", "web", r"story\.p95_ms", " ms", 1, "< 100 ms"
    ),
    Headline("Web", "front page p50", "web", r"front\.p50_ms", " ms"),
    Headline("Web", "story page p50", "web", r"story\.p50_ms", " ms"),
    Headline("Web", "server CPU per cached page", "web", r"story\.server_cpu_ms_per_request", " ms"),
]


def flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(data, list):
        if len(data) <= 6 and all(not isinstance(x, dict | list) for x in data):
            yield prefix, ", ".join(str(x) for x in data)
        else:
            yield prefix, f"[{len(data)} values]"
    else:
        yield prefix, data


def fmt(value: Any, scale: float = 1.0, unit: str = "") -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower() if isinstance(value, bool) else "n/a"
    if isinstance(value, int | float):
        v = value * scale
        if isinstance(value, int) and scale == 1:
            text = f"{value:,}"
        elif abs(v) >= 100:
            text = f"{v:,.0f}"
        elif abs(v) >= 10:
            text = f"{v:.1f}"
        else:
            text = f"{v:.3f}".rstrip("0").rstrip(".") if v else "0"
        return text + unit
    return str(value)


def load() -> dict[str, tuple[dict[str, Any], datetime]]:
    found = {}
    for path in sorted(OUT.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            print(f"skipping {path}: {e}", file=sys.stderr)
            continue
        if isinstance(data, dict):
            found[path.stem] = (data, datetime.fromtimestamp(path.stat().st_mtime, UTC))
    return found


def lookup(data: dict[str, Any], pattern: str) -> Any:
    rx = re.compile(rf"(^|\.){pattern}$")
    for key, value in flatten(data):
        if rx.search(key):
            return value
    return None


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def render(results: dict[str, tuple[dict[str, Any], datetime]]) -> str:
    lines = [
        "# Quality scorecard",
        "",
        "How well newsprism works, measured on public labelled data and synthetic load, regenerated by",
        "`python scripts/quality_scorecard.py` from the benchmarks' own JSON output",
        "(`benchmarks/out/*.json`). Do not edit by hand.",
        "",
        f"Source commit `{commit()}` · machine: {os.cpu_count()} CPUs, {platform.system()}"
        f" {platform.machine()}, Python {platform.python_version()}.",
        "",
        "## Headline figures",
        "",
        "| area | measure | value | goal | from |",
        "|---|---|---|---|---|",
    ]
    for h in HEADLINES:
        data = results.get(h.bench, ({}, None))[0]
        value = lookup(data, h.path) if data else None
        shown = fmt(value, h.scale, h.unit) if value is not None else "not measured"
        lines.append(f"| {h.area} | {h.label} | {shown} | {h.goal} | `{h.bench}` |")
    lines += ["", "## Benchmarks", ""]
    for name, what in BENCHMARKS.items():
        lines.append(f"### {name}")
        lines.append("")
        script, args = RUN.get(name, (name, ""))
        lines.append(f"{what}. Run: `python benchmarks/{script}.py{args} --json benchmarks/out/{name}.json`.")
        lines.append("")
        if name not in results:
            lines += ["*Not run for this scorecard.*", ""]
            continue
        data, when = results[name]
        lines.append(f"Measured {when:%Y-%m-%d %H:%M} UTC.")
        lines.append("")
        lines.append("| figure | value |")
        lines.append("|---|---|")
        for key, value in flatten(data):
            lines.append(f"| {key} | {fmt(value)} |")
        lines.append("")
    extra = sorted(set(results) - set(BENCHMARKS))
    for name in extra:
        data, when = results[name]
        lines += [
            f"### {name}",
            "",
            f"Measured {when:%Y-%m-%d %H:%M} UTC.",
            "",
            "| figure | value |",
            "|---|---|",
        ]
        lines += [f"| {k} | {fmt(v)} |" for k, v in flatten(data)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def run_all() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in BENCHMARKS:
        bench, args = RUN.get(name, (name, ""))
        script = REPO / "benchmarks" / f"{bench}.py"
        if not script.exists():
            print(f"{name}: no benchmarks/{name}.py, skipped", file=sys.stderr)
            continue
        print(f"running {script.name} ...", file=sys.stderr, flush=True)
        cmd = [sys.executable, str(script), *args.split(), "--json", str(OUT / f"{name}.json")]
        res = subprocess.run(cmd, cwd=REPO)
        if res.returncode:
            print(f"{name}: exited with {res.returncode}", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", action="store_true", help="run every benchmark first (slow)")
    ap.add_argument("--check", action="store_true", help="only check that the scorecard is up to date")
    ap.add_argument("--out", type=Path, default=DOC, help="where to write (default docs/quality.md)")
    args = ap.parse_args()
    if args.run:
        run_all()
    text = render(load())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        strip = lambda s: re.sub(r"Source commit `[^`]*`", "", s)  # noqa: E731
        if strip(current) != strip(text):
            print(f"{args.out} is out of date: run python scripts/quality_scorecard.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
