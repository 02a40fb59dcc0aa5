"""Commands: outlets (list), outlets show / set / unset."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from ._context import console, print_json, state


def _rating_dict(r: Any) -> dict[str, Any]:
    return {
        "rater": r.rater,
        "bias": r.bias,
        "bias_label": r.bias_label,
        "lean": r.lean,
        "factual": r.factual,
        "factual_label": r.factual_label,
        "date": r.date,
        "source": r.source,
        "url": r.url,
    }


def profile_dict(p: Any, articles: int | None = None) -> dict[str, Any]:
    d = {
        "domain": p.domain,
        "name": p.name,
        "lean": p.lean,
        "lean_source": p.lean_source,
        "agreement": p.agreement,
        "lean_raters": list(p.lean_raters),
        "factual": p.factual,
        "factual_source": p.factual_source,
        "country": p.country,
        "media_type": p.media_type,
        "owner": p.owner,
        "owner_type": p.owner_type,
        "owner_source": p.owner_source,
        "domains": list(p.domains),
        "user_override": p.user_override,
        "ratings": [_rating_dict(r) for r in p.ratings],
    }
    if articles is not None:
        d["articles"] = articles
    return d


def _lean_text(p: Any) -> str:
    if p.lean_source == "user":
        return f"{p.lean} (yours)"
    return p.lean if p.agreement in ("unrated", "single rater", "agree") else f"{p.lean} ({p.agreement})"


def register(app: typer.Typer) -> None:
    outlets = typer.Typer(
        help="Outlets: who publishes each article, how each rater rates it, who owns it.",
        invoke_without_command=True,
        no_args_is_help=False,
    )
    app.add_typer(outlets, name="outlets")

    @outlets.callback()
    def list_(
        ctx: typer.Context,
        lean: str = typer.Option(None, "--lean", help="Only outlets with this displayed lean."),
        rater: str = typer.Option(
            None, "--rater", help="Only outlets rated by this rater (MBFC, AllSides, ...)."
        ),
        country: str = typer.Option(None, "--country", help="Only outlets of this country (e.g. USA)."),
        all_: bool = typer.Option(
            False, "--all", help="List the whole bundled table, not just your outlets."
        ),
        limit: int = typer.Option(0, "--limit", help="Show at most this many (0: no limit)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """List outlets: those in your database (or --all), with displayed lean and raters.

        The displayed lean is the median of the raters' current verdicts on the five-point scale
        (an even split rounds toward center); your own verdict (outlets set, or [outlets."domain"]
        in the config file) wins. Outlets no rater covers are "unrated".
        """
        if ctx.invoked_subcommand is not None:
            return
        np = state(ctx).np()
        reg = np.outlets
        counts: dict[str, int] = {}
        for dom, n in np.store.outlet_article_counts().items():  # fold aliases stored apart
            key = reg.outlet_domain(dom)
            counts[key] = counts.get(key, 0) + n
        domains = None if all_ else list(counts)
        profiles = list(reg.profiles(lean=lean, rater=rater, country=country, domains=domains))
        if limit > 0:
            profiles = profiles[:limit]
        if as_json:
            print_json([profile_dict(p, counts.get(p.domain, 0)) for p in profiles])
            return
        if not profiles:
            hint = "" if all_ else " (import articles first, or use --all for the bundled table)"
            console.print(f"no outlets{hint}")
            return
        table = Table("domain", "name", "lean", "raters", "factual", "country", "articles", box=None)
        for p in profiles:
            raters = ", ".join(sorted({r.rater for r in p.ratings})) or "-"
            table.add_row(
                p.domain,
                p.name,
                _lean_text(p),
                raters,
                p.factual or "-",
                p.country or "-",
                str(counts.get(p.domain, 0)),
            )
        console.print(table)

    @outlets.command("show")
    def show(
        ctx: typer.Context,
        domain: str = typer.Argument(..., help="Outlet domain or an article URL."),
        limit: int = typer.Option(20, "--limit", help="Show at most this many of its articles."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Show an outlet: every rater side by side, its owner, and its articles in the database."""
        from ..storage import ArticleFilter

        np = state(ctx).np()
        p = np.outlet_profile(domain)
        arts = np.articles(ArticleFilter(outlet=p.domain, limit=limit))
        total = np.store.outlet_article_counts().get(p.domain, 0)
        if as_json:
            d = profile_dict(p, total)
            d["recent_articles"] = [
                {
                    "id": a.id,
                    "title": a.title,
                    "url": a.url,
                    "published_at": a.published_at.isoformat() if a.published_at else None,
                }
                for a in arts
            ]
            print_json(d)
            return
        console.print(f"[bold]{p.name}[/bold]  ({', '.join(p.domains) or p.domain})", highlight=False)
        who = (
            "your own verdict"
            if p.lean_source == "user"
            else ("median of " + ", ".join(p.lean_raters) if p.lean_raters else "no rater")
        )
        console.print(f"lean: [bold]{p.lean}[/bold]  agreement: {p.agreement}  ({who})", highlight=False)
        fsrc = "your own verdict" if p.factual_source == "user" else "raters"
        console.print(f"factual: {p.factual or '-'}" + (f"  ({fsrc})" if p.factual else ""), highlight=False)
        console.print(f"country: {p.country or '-'}  media type: {p.media_type or '-'}", highlight=False)
        owner = f"{p.owner or 'unknown'}  type: {p.owner_type}"
        console.print(
            f"owner: {owner}" + (f"  source: {p.owner_source}" if p.owner_source else ""), highlight=False
        )
        if p.ratings:
            sources = list(dict.fromkeys(r.source for r in p.ratings))
            table = Table("rater", "date", "bias", "their label", "factual", "their label", "data", box=None)
            for r in p.ratings:
                table.add_row(
                    r.rater,
                    r.date or "-",
                    r.bias or "-",
                    r.bias_label or "-",
                    r.factual or "-",
                    r.factual_label or "-",
                    f"[{sources.index(r.source) + 1}]",
                )
            console.print(table)
            for i, src in enumerate(sources, start=1):
                console.print(f"  [{i}] {src}", highlight=False, markup=False)
        else:
            console.print("no rater has rated this outlet")
        console.print(f"articles in your database: {total}")
        for a in arts:
            day = a.published_at.date().isoformat() if a.published_at else "-"
            console.print(f"  {a.id:>6}  {day}  {a.title}", highlight=False)

    @outlets.command("set")
    def set_(
        ctx: typer.Context,
        domain: str = typer.Argument(..., help="Outlet domain (any name works, e.g. for fictional outlets)."),
        lean: str = typer.Option(
            None, "--lean", help="Your lean: left, lean left, center, lean right, right..."
        ),
        factual: str = typer.Option(None, "--factual", help="Your factual verdict: very high .. very low."),
        name: str = typer.Option(None, "--name", help="Display name."),
        owner: str = typer.Option(None, "--owner", help="Owner."),
        note: str = typer.Option(None, "--note", help="A note for yourself."),
        as_json: bool = typer.Option(False, "--json", help="Print the resulting profile as JSON."),
    ) -> None:
        """Set your own verdict on an outlet; it wins over every rater and survives table rebuilds."""
        p = (
            state(ctx)
            .np()
            .set_outlet_override(domain, lean=lean, factual=factual, name=name, owner=owner, note=note)
        )
        if as_json:
            print_json(profile_dict(p))
            return
        console.print(
            f"{p.domain}: lean {p.lean} ({p.lean_source}), factual {p.factual or '-'}, name {p.name}",
            highlight=False,
        )

    @outlets.command("unset")
    def unset(
        ctx: typer.Context,
        domain: str = typer.Argument(..., help="Outlet domain."),
    ) -> None:
        """Remove your stored verdict on an outlet (overrides in the config file stay)."""
        removed = state(ctx).np().unset_outlet_override(domain)
        console.print(f"{domain}: override removed" if removed else f"{domain}: no stored override")
