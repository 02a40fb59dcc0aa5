"""Hostile files (issue 15): peak memory and time of `newsprism import` on each, at full size.

    python benchmarks/hostile.py                       # every case at the issue's sizes
    python benchmarks/hostile.py --only gzip_bomb_warc --json benchmarks/out/hostile.json

Each file is generated into a temporary directory (nothing is downloaded or kept), imported by a
child process (``newsprism import --no-group --json``) whose peak resident memory comes from
``os.wait4`` in a small launcher process; the outcome and reason of each item are printed beside
it. The goal is a clear outcome for every file with a peak under 400 MB. ``tests/test_hostile.py``
builds the same files at small sizes with these generators. Times are wall-clock on a shared machine: noisy.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_SOURCE = (
    "the harbour council voted on a plan to rebuild the old pier after a storm damaged its"
    " wooden pilings and the mayor said repairs would start in spring while residents asked"
    " how the work would be paid for and when the ferry would run again"
)
WORDS = _SOURCE.split()


def article_text(seed: int, words: int = 120) -> str:
    """Fictional article text (distinct per seed), long enough to pass the word minimum."""
    out = [f"Report {seed}:"]
    for i in range(words):
        out.append(WORDS[(seed * 7 + i * 3 + i // len(WORDS)) % len(WORDS)])
    return " ".join(out) + "."


# -- generators: each writes one file and returns its path --------------------------------------
def yaml_alias_bomb(d: Path, levels: int = 9, fan: int = 9) -> Path:
    """Front matter with ``levels`` anchors, each a list of ``fan`` aliases of the one before
    (9 x 9: ~800 bytes that expand to 9^9 strings), then ``title: *last``."""
    names = [chr(ord("a") + i) for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['lol'] * fan)}]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * fan)}]")
    lines.append(f"title: *{names[-1]}")
    path = d / "alias_bomb.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\n" + article_text(1) + "\n", encoding="utf-8")
    return path


def yaml_deep(d: Path, kilobytes: int = 100) -> Path:
    """Front matter nested ``kilobytes`` KB deep (flow sequences)."""
    depth = kilobytes * 512
    path = d / "deep_yaml.md"
    path.write_text(
        "---\ntitle: " + "[" * depth + "]" * depth + "\n---\n\n" + article_text(2) + "\n", encoding="utf-8"
    )
    return path


def json_deep(d: Path, depth: int = 30_000) -> Path:
    path = d / "deep.json"
    path.write_text("[" * depth + "]" * depth, encoding="ascii")
    return path


def jsonl_deep_line(d: Path, depth: int = 1200) -> Path:
    """A valid record, one line nested ``depth`` deep, another valid record."""
    path = d / "deep_line.jsonl"
    good = [{"title": f"Pier plan record {i}", "text": article_text(10 + i)} for i in range(2)]
    path.write_text(
        json.dumps(good[0]) + "\n" + "[" * depth + "]" * depth + "\n" + json.dumps(good[1]) + "\n",
        encoding="utf-8",
    )
    return path


def _gzip_zeros(path: Path, mib: int) -> Path:
    chunk = b"\x00" * (1024 * 1024)
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(mib):
            fh.write(chunk)
    return path


def gzip_bomb_warc(d: Path, mib: int = 100) -> Path:
    """``mib`` MiB of zeros, gzipped, named .warc.gz."""
    return _gzip_zeros(d / "bomb.warc.gz", mib)


def gzip_bomb_jsonl(d: Path, mib: int = 100) -> Path:
    return _gzip_zeros(d / "bomb.jsonl.gz", mib)


def warc_big_body(d: Path, body_mib: int = 1024) -> Path:
    """A gzipped WARC with one good HTML response, then one whose HTML body is ``body_mib`` MiB,
    then another good one (written in a stream: the file is small, the body is not)."""
    path = d / "big_body.warc.gz"

    def page(i: int) -> bytes:
        return (
            f"<html><head><title>Pier plan {i}</title></head><body><article><h1>Pier plan {i}</h1>"
            f"<p>{article_text(20 + i)}</p><p>{article_text(40 + i)}</p></article></body></html>"
        ).encode()

    def record(i: int, body_len: int, body: Callable[[gzip.GzipFile], None]) -> None:
        http = (
            f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body_len}\r\n\r\n"
        )
        block_len = len(http) + body_len
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Target-URI: https://pier.example.org/p{i}\r\nWARC-Record-ID: <urn:uuid:{i:032d}>\r\n"
            f"WARC-Date: 2024-05-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {block_len}\r\n\r\n"
        )
        gz.write(head.encode() + http.encode())
        body(gz)
        gz.write(b"\r\n\r\n")

    with gzip.open(path, "wb", compresslevel=6) as gz:
        p0 = page(0)
        record(0, len(p0), lambda g: g.write(p0))
        filler = b"<p>" + b"lorem ipsum " * 85 + b"</p>\n"  # ~1 KB
        n = body_mib * 1024
        head = b"<html><body><article>"
        record(1, len(head) + n * len(filler), lambda g: (g.write(head), [g.write(filler) for _ in range(n)]))
        p2 = page(2)
        record(2, len(p2), lambda g: g.write(p2))
    return path


def big_txt(d: Path, megabytes: int = 50) -> Path:
    path = d / "big.txt"
    para = (article_text(3) + "\n\n").encode()
    with path.open("wb") as fh:
        fh.write(b"A very long pasted page\n\n")
        for _ in range(megabytes * 1024 * 1024 // len(para)):
            fh.write(para)
    return path


def utf16_bom_txt(d: Path) -> Path:
    path = d / "utf16.txt"
    path.write_bytes(("Pier plan approved\n\n" + article_text(4)).encode("utf-16"))
    return path


def invalid_utf8_txt(d: Path) -> Path:
    """UTF-8 text (with curly quotes) and a few bytes that are not UTF-8."""
    path = d / "broken_utf8.txt"
    text = "Pier plan approved\n\n\u201cWe will rebuild,\u201d the mayor said. " + article_text(5)
    path.write_bytes(text.encode()[:120] + b"\xe9\xff\xc3" + text.encode()[120:])
    return path


def javascript_url_jsonl(d: Path) -> Path:
    path = d / "links.jsonl"
    recs = [
        {
            "title": "Pier plan script link",
            "text": article_text(6),
            "url": "javascript:alert(document.domain)//",
        },
        {
            "title": "Pier plan data link",
            "text": article_text(7),
            "url": "data:text/html,<script>alert(1)</script>",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "yaml_alias_bomb": yaml_alias_bomb,
    "yaml_deep_100kb": yaml_deep,
    "json_deep_30000": json_deep,
    "json_deep_200000": lambda d: json_deep(d, 200_000),
    "gzip_bomb_warc_100mib": gzip_bomb_warc,
    "gzip_bomb_warc_1gib": lambda d: gzip_bomb_warc(d, 1024),
    "gzip_bomb_jsonl_100mib": gzip_bomb_jsonl,
    "warc_1gib_html_body": warc_big_body,
    "jsonl_deep_line": jsonl_deep_line,
    "txt_50mb": big_txt,
    "txt_9mb": lambda d: big_txt(d, 9),  # just under import.max_record_mb: imported
    "utf16_bom": utf16_bom_txt,
    "invalid_utf8": invalid_utf8_txt,
    "javascript_url": javascript_url_jsonl,
}


def command() -> list[str]:
    exe = shutil.which("newsprism", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "newsprism"]


# A small launcher runs the import and reports its peak RSS: Linux keeps a process's high-water
# mark across fork and exec, so a child forked straight from a big process (pytest with models
# loaded) would report the parent's size. Forked from this launcher, it starts from ~10 MB.
_LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as fh:
    json.dump({"status": status, "maxrss_kb": usage.ru_maxrss}, fh)
"""


def run_import(path: Path, workdir: Path, extra_env: dict[str, str] | None = None) -> dict[str, object]:
    """Import ``path`` in a child process; its exit code, peak RSS (MB), seconds and report."""
    env = {
        **os.environ,
        "NEWSPRISM_DB": str(workdir / "hostile.db"),
        "NEWSPRISM_DATA_DIR": str(workdir / "data"),
        **(extra_env or {}),
    }
    env.pop("NEWSPRISM_CONFIG", None)
    out_path, err_path, usage_path = workdir / "stdout.txt", workdir / "stderr.txt", workdir / "usage.json"
    cmd = [*command(), "import", "--no-group", "--json", str(path)]
    t0 = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(usage_path), *cmd], env=env, stdout=out, stderr=err
        )
    seconds = time.perf_counter() - t0
    usage = json.loads(usage_path.read_text())
    code = os.waitstatus_to_exitcode(usage["status"])
    text = out_path.read_text(encoding="utf-8", errors="replace")
    try:
        report = json.loads(text)
    except json.JSONDecodeError:
        report = {"raw": text[-2000:], "stderr": err_path.read_text(errors="replace")[-2000:]}
    return {
        "exit": code,
        "peak_rss_mb": round(usage["maxrss_kb"] / 1024, 1),
        "seconds": round(seconds, 2),
        "report": report,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    results = {}
    print(f"load average: {os.getloadavg()[0]:.2f} (shared machine: times are noisy)")
    for name in args.only or list(CASES):
        with tempfile.TemporaryDirectory(prefix="np-hostile-") as tmp:
            d = Path(tmp)
            path = CASES[name](d)
            size = path.stat().st_size
            res = run_import(path, d)
        report = res["report"]
        counts = report.get("counts") if isinstance(report, dict) else None
        items = report.get("items", []) if isinstance(report, dict) else []
        reasons = [f"{i['outcome']}: {i['reason'] or ''}".strip() for i in items]
        ok = res["exit"] in (0, 1) and isinstance(counts, dict) and float(res["peak_rss_mb"]) < 400  # type: ignore[arg-type]
        results[name] = {
            "file_bytes": size,
            **{k: v for k, v in res.items() if k != "report"},
            "counts": counts,
            "reasons": reasons[:5],
            "ok": ok,
        }
        print(
            f"{name:24} {size / 1024:10.1f} KB  exit {res['exit']}  peak {res['peak_rss_mb']:7.1f} MB"
            f"  {res['seconds']:7.2f} s  {'OK ' if ok else 'BAD'} {counts}"
        )
        for r in reasons[:4]:
            print(f"{'':26}{r[:150]}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"load_average": os.getloadavg()[0], "cases": results}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
