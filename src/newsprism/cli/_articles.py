"""Commands: import, articles, show, search."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from ._context import console, err_console, print_json, state


def _article_dict(a: Any, full: bool = False) -> dict[str, Any]:
    d = {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet.domain if a.outlet else None,
        "outlet_name": a.outlet.name if a.outlet else None,
        "published_at": a.published_at.isoformat() if a.published_at else None,
        "fetched_at": a.fetched_at.isoformat(),
        "language": a.language,
        "authors": list(a.authors),
        "dek": a.dek,
        "source": f"{a.source_kind}:{a.source_ref}",
    }
    if full:
        d["text"] = a.text
        d["content_hash"] = a.content_hash
    return d


def _parse_day(value: str | None, opt: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2025-04-26", param_hint=opt) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        ctx: typer.Context,
        paths: list[Path] = typer.Argument(..., help="Files or directories (searched recursively)."),
        outlet: str = typer.Option(None, "--outlet", help="Outlet (domain or name) for every article."),
        as_json: bool = typer.Option(False, "--json", help="Print every item's outcome as JSON."),
        no_group: bool = typer.Option(False, "--no-group", help="Do not group new articles into stories."),
    ) -> None:
        """Import articles from .txt, .md, .html, .json/.jsonl and .warc files."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from ..errors import InputError
        from ..ingest import discover

        missing = [p for p in paths if not p.exists()]
        if missing:  # a typo in a path is a usage error, said in one line, before anything runs
            names = ", ".join(str(p) for p in missing)
            raise InputError(f"no such file or directory: {names}")
        np = state(ctx).np()
        files = [p for p in discover(paths)]
        show_bar = len(files) > 3 and not as_json
        with Progress(
            TextColumn("[bold]importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err_console,
            disable=not show_bar,
            transient=True,
        ) as bar:
            task = bar.add_task("", total=len(files))
            report = np.import_paths(
                paths,
                outlet=outlet,
                group=not no_group,
                on_file=lambda p: bar.update(task, advance=1, description=p.name[:40]),
            )
        failed = sum(1 for item in report.items if item.outcome.value == "failed")
        if as_json:
            print_json(report.to_dict())
        else:
            for item in report.items:
                if item.outcome.value in ("skipped", "failed"):
                    err_console.print(f"  {item.outcome.value}: {item.ref}: {item.reason}", highlight=False)
            console.print(f"Imported {report.summary()}.", highlight=False)
        if failed:  # exit status 1: some items failed (the rest is imported and kept)
            raise typer.Exit(1)

    @app.command("articles")
    def articles(
        ctx: typer.Context,
        outlet: str = typer.Option(None, "--outlet", help="Only this outlet (domain or name)."),
        since: str = typer.Option(None, "--since", help="Published on or after this date (YYYY-MM-DD)."),
        until: str = typer.Option(None, "--until", help="Published before this date (YYYY-MM-DD)."),
        limit: int = typer.Option(50, "--limit", "-n", help="How many to list."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """List stored articles, newest first."""
        from ..storage import ArticleFilter

        flt = ArticleFilter(outlet, _parse_day(since, "--since"), _parse_day(until, "--until"), limit)
        rows = state(ctx).np().articles(flt)
        if as_json:
            print_json([_article_dict(a) for a in rows])
            return
        from rich.table import Table

        table = Table("id", "published", "outlet", "title", box=None)
        for a in rows:
            table.add_row(
                str(a.id),
                a.published_at.strftime("%Y-%m-%d") if a.published_at else "-",
                a.outlet.name if a.outlet else "-",
                a.title,
            )
        console.print(table)

    @app.command("show")
    def show(
        ctx: typer.Context,
        article_id: int = typer.Argument(..., help="Article id (see `newsprism articles`)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Show one article with its text."""
        np = state(ctx).np()
        a = np.article(article_id)
        story_id = np.store.story_of_article(article_id)
        n = None
        if story_id is not None:  # its source number [n] in the story, as `story` cites it
            members = np.store.get_articles(list(np.story(story_id).article_ids))
            order = sorted(members, key=lambda m: (m.date, m.id))
            n = next((i for i, m in enumerate(order, 1) if m.id == article_id), None)
        if as_json:
            print_json({**_article_dict(a, full=True), "story_id": story_id, "n": n})
            return
        console.print(f"[bold]{escape(a.title)}[/bold]", highlight=False)
        if story_id is not None:
            console.print(f"source \\[{n}] of story {story_id} (newsprism story {story_id})", highlight=False)
        meta = [
            a.outlet.name if a.outlet else None,
            a.published_at.isoformat() if a.published_at else None,
            ", ".join(a.authors) or None,
            a.url,
        ]
        console.print(" · ".join(m for m in meta if m), style="dim", highlight=False)
        if a.dek:
            console.print(f"[italic]{a.dek}[/italic]", highlight=False)
        console.print()
        console.print(a.text, highlight=False, markup=False)

    @app.command("search")
    def search(
        ctx: typer.Context,
        query: list[str] = typer.Argument(..., help="Words to look for (all must appear)."),
        limit: int = typer.Option(20, "--limit", "-n", help="How many results."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Full-text search over titles and texts."""
        hits = state(ctx).np().search(" ".join(query), limit)
        if as_json:
            print_json([{**_article_dict(a), "snippet": s} for a, s in hits])
            return
        if not hits:
            console.print("no matches")
        for a, snip in hits:
            console.print(f"[bold]{a.id}[/bold] {a.title}", highlight=False)
            console.print(f"    {snip}", style="dim", highlight=False, markup=False)
