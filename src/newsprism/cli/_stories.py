"""Commands: stories, regroup, split, merge, move."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from ._context import console, print_json, state


def _story_dict(np: Any, story: Any) -> dict[str, Any]:
    members = np.story_members(story.id)
    arts = {a.id: a for a in np.store.get_articles([m.article_id for m in members])}
    outlets = {a.outlet.domain for a in arts.values() if a.outlet}
    # Coverage: copies count once (with their original) and one outlet's feeds count once.
    sources = set()
    for m in members:
        art = arts.get(m.article_id)
        if art is not None and m.copy_of is None:
            sources.add(art.outlet.domain if art.outlet else f"article {art.id}")
    # number the articles as the analysis cites them: [n] by (date, id), as in `story` and `show`
    numbered = sorted((a for a in arts.values()), key=lambda a: (a.date, a.id))
    n_of = {a.id: i for i, a in enumerate(numbered, 1)}
    members = sorted(members, key=lambda m: n_of.get(m.article_id, 10**9))
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen.isoformat(),
        "last_updated": story.last_updated.isoformat(),
        "outlets": len(outlets),
        "sources": len(sources),
        "articles": [
            {
                "id": m.article_id,
                "n": n_of.get(m.article_id),
                "title": arts[m.article_id].title if m.article_id in arts else None,
                "url": arts[m.article_id].url if m.article_id in arts else None,
                "outlet": (
                    arts[m.article_id].outlet.domain
                    if m.article_id in arts and arts[m.article_id].outlet
                    else None
                ),
                "score": m.score,
                "copy_of": m.copy_of,
                "copy_overlap": m.copy_overlap,
            }
            for m in members
        ],
    }


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _sources(sources: int, outlets: int) -> str:
    """Independent sources (copies once, an article of no known outlet as one), and how many of
    them are known outlets when not all are."""
    known = "" if outlets == sources else f" ({outlets} known outlet{'' if outlets == 1 else 's'})"
    return _n(sources, "source") + known


def _print_report(report: Any, what: str) -> None:
    console.print(
        f"{what}: {report.articles} articles, {report.new_stories} new stories,"
        f" {report.joined} joined a story, {report.copies} copies.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("stories")
    def stories(
        ctx: typer.Context,
        limit: int = typer.Option(50, "--limit", "-n", help="How many stories (latest first)."),
        offset: int = typer.Option(0, "--offset", help="Skip this many stories."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON with every member article."),
    ) -> None:
        """List stories with their member articles (copies marked)."""
        np = state(ctx).np()
        rows = [_story_dict(np, s) for s in np.stories(limit, offset)]
        if as_json:
            print_json(rows)
            return
        from rich.table import Table

        # one grid: long titles wrap under their own column, not back to column 0
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        for s in rows:
            grid.add_row(
                f"[bold]#{s['id']}[/bold]",
                f"[bold]{escape(s['title'])}[/bold]  [dim]{_n(len(s['articles']), 'article')},"
                f" {_sources(s['sources'], s['outlets'])}, {s['last_updated'][:16]}[/dim]",
            )
            ids = {a["id"]: a["n"] for a in s["articles"]}
            for a in s["articles"]:
                mark = ""
                if a["copy_of"]:
                    orig = f"[{ids[a['copy_of']]}]" if a["copy_of"] in ids else f"article {a['copy_of']}"
                    mark = f" [dim](copy of {escape(orig)}, {a['copy_overlap']:.0%})[/dim]"
                grid.add_row(
                    escape(f"[{a['n']}]"),
                    f"{escape(a['outlet'] or 'outlet unknown')}: {escape(a['title'] or '')}{mark}"
                    f" [dim](article {a['id']})[/dim]",
                )
            grid.add_row("", "")
        console.print(grid, highlight=False)

    @app.command("regroup")
    def regroup(ctx: typer.Context) -> None:
        """Rebuild every story from scratch (your splits, merges and moves are kept)."""
        _print_report(state(ctx).np().regroup(), "Regrouped")

    @app.command("split")
    def split(
        ctx: typer.Context,
        story_id: int = typer.Argument(..., help="The story to split."),
        article_ids: list[int] = typer.Argument(..., help="Articles that go to a new story."),
    ) -> None:
        """Split articles off a story into a new story (kept across regroups)."""
        new_id = state(ctx).np().split_story(story_id, article_ids)
        console.print(f"Split {len(article_ids)} articles from story {story_id} into story {new_id}.")

    @app.command("merge")
    def merge(
        ctx: typer.Context,
        story_ids: list[int] = typer.Argument(..., help="Stories to merge (into the first)."),
    ) -> None:
        """Merge stories into one (kept across regroups)."""
        kept = state(ctx).np().merge_stories(story_ids)
        console.print(f"Merged {len(set(story_ids))} stories into story {kept}.")

    @app.command("move")
    def move(
        ctx: typer.Context,
        article_id: int = typer.Argument(..., help="The article to move."),
        story_id: int = typer.Argument(..., help="The story it belongs to."),
    ) -> None:
        """Move an article into another story (kept across regroups)."""
        source = state(ctx).np().move_article(article_id, story_id)
        console.print(f"Moved article {article_id} from story {source} to story {story_id}.")
