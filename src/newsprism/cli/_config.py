"""Command: config (show every setting, its value and its help)."""

from __future__ import annotations

import dataclasses

import typer

from ._context import console, print_json, state


def register(app: typer.Typer) -> None:
    @app.command("config")
    def config(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Show every setting: its current value (file, environment, options) and what it does."""
        from ..config import _SECTIONS, load_settings, setting_docs

        st = state(ctx)
        settings = load_settings(st.config, db=st.db)
        docs = setting_docs()
        rows = [
            ("db", settings.db_url, docs.get("db", "")),
            ("data_dir", str(settings.data_path), docs.get("data_dir", "")),
        ]
        for name, (attr, _cls) in _SECTIONS.items():
            section = getattr(settings, attr)
            for f in dataclasses.fields(section):
                rows.append((f"{name}.{f.name}", getattr(section, f.name), docs.get(f"{name}.{f.name}", "")))
        if as_json:
            print_json([{"key": k, "value": v, "help": h} for k, v, h in rows])
            return
        from rich.table import Table

        table = Table("setting", "value", "what it does", box=None)
        for k, v, h in rows:
            table.add_row(k, repr(v) if isinstance(v, str) else str(v), h)
        console.print(table)
        if settings.outlets:
            console.print(
                f"{len(settings.outlets)} outlet override(s) in [outlets] (see `newsprism outlets`)"
            )
