"""Command: ``newsprism story ID`` (readable view, --json, --markdown, --why)."""

from __future__ import annotations

from typing import Any

import typer

from ._context import console, err_console, print_json, state


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
            how = f"joined with a similarity of {m.joined_score:.0%}"
        if m is not None and m.copy_of:
            how += f", copy of article {m.copy_of} ({(m.copy_overlap or 0):.0%} overlap)"
        lines.append(f"[{s.n}] article {s.article_id} ({s.outlet_name}): {how}")
        reason: str = getattr(m, "reason", "") if m is not None else ""
        if reason:
            lines.append(f"      why: {reason}")
        for nb in (m.nearest if m is not None else ())[:3]:
            names = ", ".join(nb.shared_names[:5])
            shared_names = f"; both mention {names}" if names else ""
            lines.append(
                f"      most like article {nb.article_id}: similarity {nb.score:.0%}"
                f" (meaning {nb.embedding:.0%}, wording {nb.lexical:.0%}){shared_names}"
            )
        lines.append(f"      shares {len(shared)} claims with other articles")
        for c in shared[:2]:
            lines.append(f"      e.g. {c.text[:100]} {''.join(f'[{n}]' for n in c.cites)}")
    return lines


def _analyse(np_: Any, story_id: int, refresh: bool) -> Any:
    """The story's analysis; when it has to be computed, say so on stderr with a spinner (the
    first analysis of a story reads every article: seconds, more the first time models load)."""
    stale = refresh or bool(np_.analyzer().stale(np_.store, [story_id]))
    if not stale:
        return np_.analysis(story_id)
    n = len(np_.story(story_id).article_ids)
    arts = f"{n} article{'s' if n != 1 else ''}"
    what = f"analysing story {story_id}: reading {arts}, matching claims, citing sources"
    if not err_console.is_terminal:
        err_console.print(what + " ...", highlight=False, soft_wrap=True)
        return np_.analysis(story_id, refresh=refresh)
    with err_console.status(what + " ...", spinner="dots"):
        return np_.analysis(story_id, refresh=refresh)


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
        show_all: bool = typer.Option(
            False, "--all", help="Show every claim and timeline entry (by default the first 8 of each)."
        ),
    ) -> None:
        """Analyse a story: consensus, disputed and single-source claims, cited summary, coverage."""
        from ._story_text import story_markdown, story_text

        np_ = state(ctx).np()
        analysis = _analyse(np_, story_id, refresh)
        if as_json:
            print_json(analysis.to_dict())
            return
        if markdown:
            typer.echo(story_markdown(analysis, limit=None if show_all else 12), nl=False)
        else:
            text = story_text(analysis, limit=None if show_all else 8)
            console.print(text, highlight=False, markup=False, soft_wrap=not console.is_terminal)
        if why:
            typer.echo("\nWhy these articles:")
            for line in _why(np_, story_id, analysis):
                typer.echo("  " + line)
