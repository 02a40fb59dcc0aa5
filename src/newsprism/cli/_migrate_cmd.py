"""Command: migrate (copy the library into another database, e.g. SQLite -> PostgreSQL)."""

from __future__ import annotations

import time

import typer

from ._context import console, err_console, print_json, state


def register(app: typer.Typer) -> None:
    @app.command("migrate")
    def migrate_cmd(
        ctx: typer.Context,
        to: str = typer.Option(
            ..., "--to", metavar="URL",
            help="Target database: postgresql://user@host:port/dbname (or a SQLAlchemy URL, a SQLite path).",
        ),
        force: bool = typer.Option(
            False, "--force", help="Replace the contents of a target that already holds data."
        ),
        batch: int = typer.Option(2000, "--batch", min=1, help="Rows per insert batch."),
        as_json: bool = typer.Option(False, "--json", help="Print the copied row counts as JSON."),
    ) -> None:
        """Copy this library (--db) into another database: schema by migrations, every table in id
        order, identity sequences reset, row counts checked. Then use --db URL (or NEWSPRISM_DB)."""
        from ..config import db_url, load_settings
        from ..storage import copy_database

        st = state(ctx)
        source = load_settings(st.config, db=st.db).db_url
        shown: dict[str, float] = {}  # table -> when its progress was last shown

        def progress(table: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - shown.setdefault(table, now) >= 1.0:
                err_console.print(f"  {table}: {done}/{total}", highlight=False)
                shown[table] = now

        err_console.print("copying the library ...", highlight=False)
        report = copy_database(source, db_url(to), force=force, batch=batch, progress=progress)
        if as_json:
            print_json({"source": report.source, "target": report.target,
                        "schema_version": report.schema_version, "rows": dict(report.rows)})
            return
        console.print(
            f"copied {report.total} rows in {len(report.rows)} tables from {report.source} to"
            f" {report.target} (schema version {report.schema_version});"
            f" use it with --db {report.target!r} or NEWSPRISM_DB",
            highlight=False, soft_wrap=True,
        )
