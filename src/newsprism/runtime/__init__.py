"""The runtime: the long-running processes, above every pipeline stage and the CLI and web faces.

``newsprism run`` (:func:`run_forever`: the in-process :class:`Scheduler` plus the web UI),
``newsprism worker`` (:func:`run_worker`: jobs from the PostgreSQL queue) and ``newsprism serve``
(:func:`serve`: one or N web processes). :func:`main` is the console script: the CLI with these
commands added. Layers (import-linter, ``pyproject.toml``): runtime -> cli / web -> jobs -> the
facade -> the pipeline stages -> storage, models, embed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._scheduler import Scheduler, run_forever
from ._serve import serve
from ._worker import run_worker

if TYPE_CHECKING:
    import typer

__all__ = ["Scheduler", "cli_app", "main", "run_forever", "run_worker", "serve"]


def cli_app() -> typer.Typer:
    """The root CLI app with the runtime's commands added (once)."""
    from ..cli import app
    from ._commands import register

    names = {c.name for c in app.registered_commands}
    if "worker" not in names:
        register(app)
    return app


def main() -> None:
    """Console-script entry point: the CLI with the runtime's commands."""
    from ..cli import main as cli_main

    cli_app()
    cli_main()
