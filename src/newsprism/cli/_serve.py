"""CLI commands for the web face: ``demo`` (``serve`` is the runtime's, ``newsprism.runtime``)."""

from __future__ import annotations

import typer

from ._context import console, err_console, state


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def demo(
        ctx: typer.Context,
        host: str = typer.Option(None, "--host", help="Address to listen on (default: 127.0.0.1)."),
        port: int = typer.Option(None, "--port", help="Port to listen on (default: serve.port, 8765)."),
        no_serve: bool = typer.Option(False, "--no-serve", help="Load the sample corpus, then exit."),
    ) -> None:
        """Load the bundled sample corpus (fiction) into a demo database and open the web UI."""
        from ..config import load_settings
        from ..demo import load_demo
        from ..web import serve as run_server
        from ..web import write_token

        st = state(ctx)
        if not no_serve:  # say it before loading anything, in one line
            settings = load_settings(st.config)
            check_port(host or settings.serve.host, port or settings.serve.port)
        if st.db:
            np = st.np()
        else:  # keep the demo apart from the user's own library
            st.db = str(load_settings(st.config).data_path / "demo.db")
            np = st.np()
        err_console.print(f"loading the sample corpus into {np.settings.db_url} ...")
        report = load_demo(np)
        n = np.store.count_stories() if hasattr(np.store, "count_stories") else len(np.stories(1000))
        err_console.print(f"{report.summary()}; {n} stories")
        if no_serve:
            return
        host = host or np.settings.serve.host
        port = port or np.settings.serve.port
        _announce(host, port, write_token(np, host) is not None, np.settings.data_path)
        run_server(np, host, port)


def check_port(host: str, port: int) -> None:
    """Fail in one line when ``host:port`` cannot be listened on (another server has it)."""
    import errno
    import socket

    from ..errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a closing port is free
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} on {host} is already in use (another newsprism?); choose another"
                    f" with --port, e.g. --port {port + 1}"
                ) from e
            raise InputError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e


def _announce(host: str, port: int, token: bool, data_dir: object) -> None:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    console.print(f"newsprism is running: open [bold]http://{shown}:{port}/[/bold]  (Ctrl+C to stop)")
    if token:
        console.print(f"changes need the server token (file serve-token in {data_dir}, or serve.token)")
