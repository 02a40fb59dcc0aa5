"""The code stays lint-clean (ruff) and type-clean (mypy strict on the core, see pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )


def test_ruff() -> None:
    if shutil.which("ruff") is None and _run("ruff", "--version").returncode != 0:
        pytest.skip("ruff is not installed")
    res = _run("ruff", "check", "src", "tests", "benchmarks", "scripts")
    assert res.returncode == 0, res.stdout[-4000:]


def test_mypy() -> None:
    res = _run("mypy", "--no-error-summary")
    assert res.returncode == 0, res.stdout[-4000:]


def test_import_layers() -> None:
    """The layers contract in pyproject.toml ([tool.importlinter]): runtime above the CLI and web,
    those above the jobs and the facade, the facade above the pipeline stages, the stages above
    storage, models and config; a cycle or an upward import fails here."""
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter is not installed")
    res = subprocess.run([str(exe)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:]
    assert "1 kept, 0 broken" in res.stdout
