#!/usr/bin/env python3
"""Build the bundled outlet table ``src/newsprism/data/outlets.json.gz`` from the rating files.

Usage: python scripts/build_outlets.py [--source ../shared/data/outlets] [--out PATH] [--check]

Reads the open rating files (see their README.txt / SOURCE notes), normalises every rater label
(an unseen label stops the build with an error naming it), and writes deterministic gzipped JSON.
``--check`` rebuilds in memory and fails if the committed table differs (reproducibility check).
Prints how many domains resolve to an outlet with a displayed lean.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from newsprism.outlets._build import build, encode, summary  # noqa: E402
from newsprism.outlets._labels import UnknownLabelError  # noqa: E402

MIN_RATED_DOMAINS = 3000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data" / "outlets")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "newsprism" / "data" / "outlets.json.gz")
    ap.add_argument("--check", action="store_true", help="fail if the committed table is out of date")
    args = ap.parse_args(argv)
    try:
        doc, stats = build(args.source)
    except UnknownLabelError as e:
        print(f"build failed: {e}", file=sys.stderr)
        return 1
    for line in summary(stats):
        print(line)
    if stats.rated_domains <= MIN_RATED_DOMAINS:
        print(f"build failed: only {stats.rated_domains} rated domains", file=sys.stderr)
        return 1
    data = encode(doc)
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print("table is up to date" if same else f"table {args.out} is out of date")
        return 0 if same else 1
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
