"""One exit code per outcome, for every command (docs/guide.md, "Exit codes"): 0 done, 1 some
items failed, 2 usage or invalid input, 3 not found; an error is one line on stderr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = [
    (["articles"], 0),
    (["articles", "--since", "nope"], 2),
    (["show", "999999"], 3),
    (["story", "999999"], 3),
    (["split", "999999", "1"], 3),
    (["merge", "999999", "999998"], 3),
    (["search", "storm"], 0),
    (["stories"], 0),
    (["outlets"], 0),
    (["outlets", "set", "x.example", "--lean", "sideways"], 2),
    (["feeds", "list"], 0),
    (["feeds", "add", "ftp://x"], 2),
    (["feeds", "import", "/nonexistent.opml"], 2),
    (["feeds", "remove", "999"], 3),
    (["config"], 0),
    (["regroup"], 0),
    (["add", "notaurl"], 2),
    (["add", "http://127.0.0.1:9/article"], 1),
    (["import", "/nonexistent/path"], 2),
    (["stories", "--bogus"], 2),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("codes") / "codes.db"


@pytest.mark.parametrize(("args", "code"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_exit_code(db: Path, args: list[str], code: int) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "newsprism", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": str(db.parent)},
    )
    assert r.returncode == code, (r.stdout[-500:], r.stderr[-500:])
    if code in (1, 3) or (code == 2 and args[0] != "stories"):
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 or lines[-1].startswith("Error:"), r.stderr  # one clear line
        assert "Traceback" not in r.stderr
