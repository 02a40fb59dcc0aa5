"""Command: ``newsprism story ID`` (readable view, --json, --markdown, --why)."""

from __future__ import annotations

from typing import Any

import typer

from ._context import console, print_json, state


def _why(np_: Any, story_id: int, analysis: Any) -> list[str]:
    """Why each article is in the story: the grouping stage's explanation (join score, copy
    mark, nearest fellow members and shared names) plus the claims it shares with the others."""
    members: dict[int, Any] = {}
    explain = getattr(np_, "explain_story", None)
    if callable(explain):
        members = {m.article_id: m for m in explain(story_id).members}
    lines: list[str] = []
    for s in analysis.sources:
        m = members.get(s.article_id)
        shared = [c for c in analysis.claims if s.n in c.cites and len(c.cites) > 1]
        if m is None:
            how = "no grouping explanation"
        elif m.joined_score is None:
            how = "started the story (or was placed by a correction)"
        else:
            how = f"joined with score {m.joined_score:.2f}"
        if m is not None and m.copy_of:
            how += f", copy of article {m.copy_of} ({(m.copy_overlap or 0):.0%} overlap)"
        lines.append(f"[{s.n}] article {s.article_id} ({s.outlet_name}): {how}")
        for nb in (m.nearest if m is not None else ())[:3]:
            names = ", ".join(nb.shared_names[:5])
            shared_names = f"; shared: {names}" if names else ""
            lines.append(
                f"      nearest: article {nb.article_id} score {nb.score:.2f}"
                f" (embedding {nb.embedding:.2f}, words {nb.lexical:.2f}){shared_names}"
            )
        lines.append(f"      shares {len(shared)} claims with other articles")
        for c in shared[:2]:
            lines.append(f"      e.g. {c.text[:100]} {''.join(f'[{n}]' for n in c.cites)}")
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
