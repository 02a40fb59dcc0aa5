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
    (["update"], 0),
    (["jobs"], 0),
    (["worker"], 2),
    (["init", "--no-defaults"], 0),
    (["init"], 0),  # no terminal: nothing to ask, no default feeds followed
    (["feeds", "export"], 0),
    (["move", "999999", "1"], 2),
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


@pytest.mark.parametrize("command", ["run", "serve", "demo"])
def test_busy_port_is_one_line_and_exit_2(db: Path, command: str) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run(
            [sys.executable, "-m", "newsprism", "--db", str(db), command, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": str(db.parent)},
        )
    assert r.returncode == 2, (r.stdout[-500:], r.stderr[-500:])
    assert "already in use" in r.stderr and "Errno" not in r.stderr and "Traceback" not in r.stderr


def test_migrate_copies_to_a_new_library_and_refuses_a_full_one(db: Path, tmp_path: Path) -> None:
    def migrate(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newsprism", "--db", str(db), "migrate", "--to", *extra],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": str(db.parent)},
        )

    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert migrate(target).returncode == 0
    subprocess.run(  # give the copy a row so it is no longer empty
        [
            sys.executable,
            "-m",
            "newsprism",
            "--db",
            target,
            "outlets",
            "set",
            "x.example",
            "--lean",
            "center",
        ],
        capture_output=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": str(db.parent)},
        check=True,
    )
    again = migrate(target)
    assert again.returncode != 0 and "Traceback" not in again.stderr, again.stderr
