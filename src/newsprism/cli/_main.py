"""The root command, global options and error handling."""

from __future__ import annotations

import logging
import sys

import typer

from . import _articles, _config, _feeds, _outlets, _serve, _stories, _story
from ._context import State, err_console
from ._errors import exit_code

app = typer.Typer(
    name="newsprism",
    help="Every side of every news story: import articles, group them into stories, compare outlets.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


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
) -> None:
    """Global options apply to every command."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    st = State(db=db, config=config)
    ctx.obj = st
    ctx.call_on_close(st.close)


for _module in (_articles, _outlets, _stories, _story, _feeds, _serve, _config):
    _module.register(app)


def main() -> None:
    """Console-script entry point: run the app, turn our errors into one clear line."""
    from ..errors import NewsprismError

    try:
        app(standalone_mode=False)
    except NewsprismError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False)
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
