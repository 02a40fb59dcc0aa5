"""Import speed and memory: HTML pages/s, JSONL records/s, peak memory.

    python benchmarks/importing.py                 # 181 real HTML pages + a 100 MB JSONL file
    python benchmarks/importing.py --jsonl-mb 1024 # the 1 GB bounded-memory check
    python benchmarks/importing.py --json benchmarks/out/importing.json

Each import runs in a child process (``newsprism import --no-group``) so its peak resident memory
is measured alone. The JSONL file is synthetic (random words from a fixed vocabulary, distinct
records), written to a temporary directory and deleted afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRAPINGHUB = REPO.parent / "shared" / "data" / "extraction" / "scrapinghub" / "html"

from _synthetic import VOCAB  # noqa: E402  (benchmarks/ is on sys.path when run as a script)


def write_jsonl(path: Path, megabytes: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    n = 0
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            words = rng.choices(VOCAB, k=300)
            rec = {
                "title": " ".join(rng.choices(VOCAB, k=8)).capitalize() + f" {n}",
                "text": " ".join(words) + f". Record {n}.",
                "url": f"https://synthetic{n % 97}.example.com/a/{n}",
                "date": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T12:00:00Z",
                "source": f"synthetic{n % 97}.example.com",
            }
            line = json.dumps(rec) + "\n"
            fh.write(line)
            written += len(line)
            n += 1
    return n


def run_import(db: Path, paths: list[Path]) -> tuple[float, float, dict]:  # type: ignore[type-arg]
    """Run one import in a child process; return (seconds, that child's peak RSS in MB, report).

    The report gains ``cpu_seconds``: user + system CPU of the child and the worker processes it
    waited for (Linux's wait4 counts reaped descendants), which a busy machine does not inflate.
    """
    cmd = [sys.executable, "-m", "newsprism", "--db", str(db), "import", "--no-group", "--json"]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([*cmd, *map(str, paths)], stdout=out, stderr=subprocess.PIPE, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)  # rusage of this child alone
        wall = time.perf_counter() - t0
        if status != 0:
            raise SystemExit(f"import failed: {proc.stderr.read()[-2000:] if proc.stderr else status}")
        out.seek(0)
        report = json.load(out)
    report["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jsonl-mb", type=float, default=100.0, help="size of the synthetic JSONL file")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--html-only", action="store_true", help="skip the JSONL file")
    args = ap.parse_args()
    results: dict = {}  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        if SCRAPINGHUB.is_dir():
            pages = tmp / "pages"
            pages.mkdir()
            for f in sorted(SCRAPINGHUB.glob("*.html.gz")):
                (pages / f.name[:-3]).write_bytes(gzip.decompress(f.read_bytes()))
            n = len(list(pages.iterdir()))
            wall, peak, out = run_import(tmp / "html.db", [pages])
            results["html"] = {
                "pages": n,
                "seconds": round(wall, 2),
                "pages_per_s": round(n / wall, 1),
                "peak_rss_mb": round(peak, 1),
                "counts": out["counts"],
                "cpu_seconds": round(out["cpu_seconds"], 1),
                "cpu_ms_per_page": round(1000 * out["cpu_seconds"] / n, 1),
                "idle_bound_pages_per_s": round(len(os.sched_getaffinity(0)) * n / out["cpu_seconds"], 1),
            }
            print(
                f"HTML : {n} pages in {wall:.1f} s = {n / wall:.1f} pages/s "
                f"(incl. start-up), peak RSS {peak:.0f} MB, {out['counts']}\n"
                f"       {out['cpu_seconds']:.1f} CPU-s = {1000 * out['cpu_seconds'] / n:.0f} CPU-ms/page; "
                f"on idle cores at most {results['html']['idle_bound_pages_per_s']} pages/s"
            )
        if args.html_only:
            args.jsonl_mb = 0
        jl = tmp / "big.jsonl"
        records = write_jsonl(jl, args.jsonl_mb) if args.jsonl_mb > 0 else 0
        if not records:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            _write(results, args.json)
            return
        size_mb = jl.stat().st_size / 1048576
        wall, peak, out = run_import(tmp / "jsonl.db", [jl])
        results["jsonl"] = {
            "file_mb": round(size_mb, 1),
            "records": records,
            "seconds": round(wall, 2),
            "records_per_s": round(records / wall, 1),
            "peak_rss_mb": round(peak, 1),
            "counts": out["counts"],
        }
        print(
            f"JSONL: {size_mb:.0f} MB, {records} records in {wall:.1f} s = {records / wall:.0f} records/s, "
            f"peak RSS {peak:.0f} MB, {out['counts']}"
        )
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
    _write(results, args.json)


def _write(results: dict, path: str | None) -> None:  # type: ignore[type-arg]
    print(f"cores: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f} (figures are noisy)")
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
