"""Command: ``newsprism story ID`` (readable view, --json, --markdown, --why)."""

from __future__ import annotations

from typing import Any

import typer

from ._context import console, print_json, state


def _why(np_: Any, story_id: int, analysis: Any) -> list[str]:
    """Why each article is in the story: the grouping stage's explanation when it offers one,
    else its join score, copy mark and the claims it shares with the other articles."""
    lines: list[str] = []
    explain = getattr(np_, "explain", None)
    if callable(explain):
        try:
            found = explain(story_id)
        except TypeError:
            found = None
        if found is not None:
            data = found.to_dict() if hasattr(found, "to_dict") else found
            lines.append(str(data) if not isinstance(data, list) else "\n".join(map(str, data)))
    members = {m.article_id: m for m in getattr(np_.store, "story_members", lambda _i: [])(story_id)}
    for s in analysis.sources:
        shared = [c for c in analysis.claims if s.n in c.cites and len(c.cites) > 1]
        m = members.get(s.article_id)
        score = f"join score {m.score:.2f}" if m is not None and m.score is not None else "no join score"
        copy = f", copy of article {m.copy_of}" if m is not None and m.copy_of else ""
        lines.append(
            f"[{s.n}] article {s.article_id} ({s.outlet_name}): {score}{copy};"
            f" shares {len(shared)} claims with other articles"
        )
        for c in shared[:2]:
            lines.append(f"      e.g. {c.text[:110]} {''.join(f'[{n}]' for n in c.cites)}")
    return lines


def register(app: typer.Typer) -> None:
    @app.command("story")
    def story(
        ctx: typer.Context,
        story_id: int = typer.Argument(..., help="Story id (see `newsprism stories`)."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the analysis as JSON (docs/analysis-schema.md)."
        ),
        markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown export to paste."),
        why: bool = typer.Option(False, "--why", help="Show why each article is in the story."),
        refresh: bool = typer.Option(
            False, "--refresh", help="Recompute even when a cached analysis is current."
        ),
    ) -> None:
        """Analyse a story: consensus, disputed and single-source claims, cited summary, coverage."""
        np_ = state(ctx).np()
        analysis = np_.analysis(story_id, refresh=refresh)
        if as_json:
            print_json(analysis.to_dict())
            return
        from ..analysis import to_markdown, to_text

        if markdown:
            typer.echo(to_markdown(analysis), nl=False)
        else:
            console.print(to_text(analysis), highlight=False, markup=False)
        if why:
            typer.echo("\nWhy these articles:")
            for line in _why(np_, story_id, analysis):
                typer.echo("  " + line)
