"""The runtime's commands: ``run``, ``worker`` and ``serve`` (the long-running processes)."""

from __future__ import annotations

import os
from typing import Any

import typer

from ..cli._context import err_console, state
from ..cli._serve import _announce, check_port


def register(app: typer.Typer) -> None:
    """Add the runtime's commands to the root app."""

    @app.command("run")
    def run(
        ctx: typer.Context,
        host: str = typer.Option(None, "--host", help="Web UI address (default: serve.host)."),
        port: int = typer.Option(None, "--port", help="Web UI port (default: serve.port)."),
        no_web: bool = typer.Option(False, "--no-web", help="Only update on schedule; no web UI."),
        check_every: float = typer.Option(60.0, "--check-every", help="Seconds between schedule checks."),
    ) -> None:
        """The main job: update feeds on schedule and serve the web UI until stopped (Ctrl-C)."""
        from ._scheduler import run_forever

        np = state(ctx).np()
        if not no_web:  # a busy port is one clear line before any work, as for serve and demo
            check_port(host or np.settings.serve.host, port or np.settings.serve.port)

        def on_report(report: Any) -> None:
            when = np.clock().strftime("%H:%M:%S")
            err_console.print(f"[{when}] {report.summary()}", highlight=False, markup=False)

        err_console.print("updating on schedule; Ctrl-C or SIGTERM stops after committing what is fetched")
        run_forever(np, host=host, port=port, web=not no_web, check_every_s=check_every, on_report=on_report)

    @app.command("worker")
    def worker(
        ctx: typer.Context,
        concurrency: int = typer.Option(
            1, "--concurrency", "-c", help="Jobs at once in this process (CPU-bound: run more processes)."
        ),
        name: str = typer.Option(None, "--name", help="Worker name shown by `newsprism jobs`."),
        max_attempts: int = typer.Option(
            5, "--max-attempts", help="Attempts before a failing job is marked failed."
        ),
        backoff: int = typer.Option(2, "--backoff", help="Backoff base: attempt n waits BACKOFF**n seconds."),
        stalled_after: float = typer.Option(
            30.0, "--stalled-after", help="Seconds without a heartbeat before a worker's jobs are retried."
        ),
        schedule_every: int = typer.Option(
            60, "--schedule-every", help="Seconds between the schedule and stalled-job sweeps (divides 60)."
        ),
        burst: bool = typer.Option(False, "--burst", help="Exit once the queues are empty."),
        threads: int = typer.Option(
            1, "--threads", help="Threads of the sentence models in this process (0: their default, up to 4)."
        ),
        queues: str = typer.Option(
            None,
            "--queues",
            help="Only these queues, comma-separated: feeds, pages, embed, group, analysis,"
            " control (default: all).",
        ),
    ) -> None:
        """Run jobs from the PostgreSQL queue (any number of workers, on any machine) until stopped."""
        from ..jobs import JobOptions
        from ._worker import run_worker

        np = state(ctx).np()
        options = JobOptions(
            max_attempts=max_attempts,
            backoff_s=backoff,
            stalled_after_s=stalled_after,
            schedule_every_s=schedule_every,
        )
        if np.store.db.backend == "postgresql":  # on SQLite, run_worker says in one line why not
            err_console.print("worker started: Ctrl-C or SIGTERM stops it after the running jobs")
        only = [q.strip() for q in queues.split(",") if q.strip()] if queues else None
        run_worker(
            np,
            concurrency=concurrency,
            options=options,
            name=name,
            burst=burst,
            queues=only,
            threads=threads or None,
        )

    @app.command("serve")
    def serve(
        ctx: typer.Context,
        host: str = typer.Option(
            None, "--host", help="Address to listen on (default: serve.host, 127.0.0.1)."
        ),
        port: int = typer.Option(None, "--port", help="Port to listen on (default: serve.port, 8765)."),
        workers: int = typer.Option(1, "--workers", "-w", help="Web processes sharing the port."),
    ) -> None:
        """Run the web UI, the JSON API and the feeds on a local web server."""
        from ..web import write_token
        from ._serve import serve as run_server

        st = state(ctx)
        np = st.np()
        host = host or np.settings.serve.host
        port = port or np.settings.serve.port
        check_port(host, port)
        if st.config:
            os.environ["NEWSPRISM_CONFIG"] = st.config  # for the web processes (--workers)
        _announce(host, port, write_token(np, host) is not None, np.settings.data_path)
        run_server(np, host, port, workers=workers)
