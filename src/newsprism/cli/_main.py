"""The root command, global options and error handling."""

from __future__ import annotations

import logging
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from . import _articles, _config, _feeds, _jobs_cmd, _migrate_cmd, _outlets, _serve, _stories, _story
from ._context import State, err_console
from ._errors import exit_code

HELP_NAMES = ["-h", "--help"]
TYPE_WORDS = {"int": "N", "float": "N", "Path": "PATH", "str": "TEXT", "datetime": "DATE"}


class _PlainGroup(TyperGroup):
    """The root command: before any help is shown, give every parameter a plain placeholder
    (``PATH...``, ``N``, ``TEXT``; none for on/off flags) instead of Typer's ``<list[Path]>``,
    ``<bool>`` and ``{paths}...``."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        plain_metavars(self)
        return super().make_context(info_name, args, parent=parent, **extra)


def plain_metavars(cmd: Any) -> None:
    """Plain placeholders on ``cmd`` and its subcommands (Typer 0.29 reads ``metavar`` for
    options; its arguments and help flags are given theirs per instance)."""
    help_opt = cmd.get_help_option(typer.Context(cmd, help_option_names=HELP_NAMES))
    for p in [*cmd.params, *([help_opt] if help_opt is not None else [])]:
        kind = getattr(p, "param_type_name", "")
        if kind == "option" and (p.is_flag or p.count):
            p.metavar = ""
            p.display_type_rich = lambda ctx: None  # no "<bool>"
        elif kind == "argument":
            word = (p.name or "value").upper() + ("..." if p.nargs != 1 else "")
            shown = word if p.required else f"[{word}]"
            p.metavar = word
            p.display_type_rich = lambda ctx: None  # no "<list[Path]>"
            p._rich_display_name = lambda w=word: w
            p._usage_display_name = lambda w=shown: w  # "PATHS..." rather than "{paths}..."
        elif kind == "option" and p.metavar is None:
            bare = p.bare_type() if hasattr(p, "bare_type") else ""
            p.metavar = TYPE_WORDS.get(bare, "TEXT")
    for sub in getattr(cmd, "commands", {}).values():
        plain_metavars(sub)


app = typer.Typer(
    name="newsprism",
    help="Every side of every news story: import articles, group them into stories, compare outlets.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    cls=_PlainGroup,
    context_settings={"help_option_names": HELP_NAMES},
)


def _show_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(
        None, "--db", envvar="NEWSPRISM_DB", help="Database path or SQLAlchemy URL (default: user data dir)."
    ),
    config: str = typer.Option(
        None, "--config", envvar="NEWSPRISM_CONFIG", help="Path of the TOML config file."
    ),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output (-v, -vv)."),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Global options apply to every command."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    st = State(db=db, config=config)
    ctx.obj = st
    ctx.call_on_close(st.close)


for _module in (_articles, _outlets, _stories, _story, _feeds, _serve, _config, _migrate_cmd, _jobs_cmd):
    _module.register(app)


def main() -> None:
    """Console-script entry point: run the app, turn our errors into one clear line."""
    from ..errors import NewsprismError

    try:
        code = app(standalone_mode=False, prog_name="newsprism")  # returns the exit status
    except NewsprismError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        sys.exit(exit_code(e))
    except KeyboardInterrupt:
        err_console.print("interrupted; everything committed so far is kept")
        sys.exit(130)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        sys.exit(1)
    except typer.TyperException as e:  # usage errors: typer shows them itself
        show = getattr(e, "show", None)
        if show is not None:
            show()
        sys.exit(int(getattr(e, "exit_code", 2)))
    sys.exit(code if isinstance(code, int) else 0)
