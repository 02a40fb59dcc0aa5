"""Every CLI command and option has help text; the entry points run."""

from __future__ import annotations

import subprocess
import sys

import typer

from newsprism.cli import app


def _walk(cmd, path=()):  # type: ignore[no-untyped-def]
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def test_every_command_and_option_has_help() -> None:
    root = typer.main.get_command(app)
    missing = []
    for path, cmd in _walk(root):
        if path and not (cmd.help or "").strip():
            missing.append(" ".join(path))
        for p in cmd.params:
            if p.name in ("help",):
                continue
            if getattr(p, "param_type_name", "") == "option" and not (getattr(p, "help", "") or "").strip():
                missing.append(f"{' '.join(path)} {p.opts[0]}")
            if getattr(p, "param_type_name", "") == "argument" and not (getattr(p, "help", "") or "").strip():
                missing.append(f"{' '.join(path)} <{p.name}>")
    assert not missing, f"commands/options without help: {missing}"


def test_python_dash_m_and_help_run() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "newsprism", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0 and "import" in out.stdout


def test_cli_import_json_and_exit_codes(tmp_path, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    import json

    db = str(tmp_path / "c.db")
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "newsprism", "--db", db, *a], capture_output=True, text=True, timeout=300
    )
    res = run("import", "--json", "--no-group", str(seeds_dir))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["counts"]["imported"] == 5
    res = run("show", "9999")
    assert res.returncode == 3 and res.stderr.strip().startswith("error: no article with id 9999")
    res = run("articles", "--json")
    assert len(json.loads(res.stdout)) == 5
