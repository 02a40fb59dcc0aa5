"""A story page's view model: articles with their outlets, the analysis, citations and charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..models import Article

if TYPE_CHECKING:
    from ..outlets import OutletProfile
    from ._cards import StoryCard

SIDE_ORDER = ("left", "center", "right", "unrated")
MATRIX_CLAIMS = 12
CONFLICT_WORDS = {
    "number": "The numbers differ",
    "date": "The dates differ",
    "negation": "Another report says the opposite",
    "role": "The titles differ",
    "denial": "",  # the detail already says who denies what
}


@dataclass(frozen=True)
class ArticleRow:
    """An article of a story page with its outlet's profile."""

    article: Article
    profile: OutletProfile | None
    side: str
    n: int
    """Source number in the analysis (the ``[n]`` of citations)."""
    copy_of: int | None = None
    """Article id this one copies (wire copy), per the analysis."""


@dataclass(frozen=True)
class TimePoint:
    x: float
    """Position on the axis in percent."""
    row: ArticleRow


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    side: str | None
    text: str
    cites: tuple[int, ...]


def _iso_when(text: str) -> str:
    try:
        d = datetime.fromisoformat(text)
    except ValueError:
        return text
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")


@dataclass
class StoryView:
    card: StoryCard
    rows: list[ArticleRow]
    analysis: dict[str, Any] | None
    analysis_error: str | None
    explain: Any
    by_side: dict[str, list[ArticleRow]] = field(default_factory=dict)
    pending: bool = False
    """True when the analysis is not computed yet: the page shows the rest and fetches it."""

    def __post_init__(self) -> None:
        for side in SIDE_ORDER:
            self.by_side[side] = [r for r in self.rows if r.side == side]
        self._by_n = {r.n: r for r in self.rows}
        self._by_id = {r.article.id: r for r in self.rows}
        self._claims = {c["id"]: c for c in (self.analysis or {}).get("claims", [])}

    # -- citations -------------------------------------------------------------------------
    def source(self, n: int) -> ArticleRow | None:
        return self._by_n.get(n)

    def source_name(self, n: int) -> str:
        """The outlet name of source ``n`` as readers know it ("Source 3" when it has none)."""
        row = self._by_n.get(n)
        if row is None or row.article.outlet is None:
            return f"Source {n}"
        return row.profile.name if row.profile else row.article.outlet.name

    def source_url(self, n: int) -> str:
        row = self._by_n.get(n)
        return f"/article/{row.article.id}" if row else "#"

    def row_of(self, article_id: int | None) -> ArticleRow | None:
        return self._by_id.get(article_id) if article_id is not None else None

    def cite_url(self, n: int, claim_id: int | None = None) -> str:
        """Reader-view address of source ``n``, highlighting the sentence of ``claim_id``."""
        row = self._by_n.get(n)
        if row is None:
            return "#"
        claim = self._claims.get(claim_id) if claim_id is not None else None
        text = ""
        for m in (claim or {}).get("mentions", []):
            if m.get("source") == n:
                text = m.get("text", "")
                break
        if not text and claim and n in claim.get("cites", []):
            text = claim.get("text", "")
        qs = "?" + urlencode({"hl": text[:600], "story": self.card.id}) + "#hl" if text else ""
        return f"/article/{row.article.id}{qs}"

    def claims(self, status: str) -> list[dict[str, Any]]:
        return [c for c in (self.analysis or {}).get("claims", []) if c.get("status") == status]

    def denied(self) -> list[dict[str, Any]]:
        """Claims a party denies (Kyiv denying Moscow's claim): not an outlets' dispute, since
        the outlets agree on who claims and who denies, but what a reader looking for the
        disagreement wants to find."""
        return [
            c
            for c in (self.analysis or {}).get("claims", [])
            if c.get("kind") != "denial" and any(x.get("kind") == "denial" for x in c.get("conflicts", []))
        ]

    def conflict_words(self, cf: dict[str, Any]) -> str:
        """A conflict in plain words: what kind of disagreement, then the analysis' detail."""
        kind, detail = cf.get("kind", ""), str(cf.get("detail", ""))
        lead = CONFLICT_WORDS.get(kind, "")
        return f"{lead}: {detail}" if lead and detail else (detail or lead)

    def claim(self, claim_id: int) -> dict[str, Any] | None:
        return self._claims.get(claim_id)

    # -- claim-by-outlet matrix ------------------------------------------------------------
    def matrix(self) -> tuple[list[ArticleRow], list[tuple[dict[str, Any], list[str]]]]:
        """Columns (one article per outlet, by side) and rows (claim, cell marks)."""
        cols: list[ArticleRow] = []
        seen: set[str] = set()
        for side in SIDE_ORDER:
            for r in self.by_side[side]:
                key = r.article.outlet.domain if r.article.outlet else f"#{r.n}"
                if key not in seen:
                    seen.add(key)
                    cols.append(r)
        claims = sorted((self.analysis or {}).get("claims", []), key=lambda c: -float(c.get("score", 0)))[
            :MATRIX_CLAIMS
        ]
        rows = []
        for c in claims:
            cites = set(c.get("cites", []))
            against: set[int] = set()
            for conf in c.get("conflicts", []):
                against.update(set(conf.get("cites", [])) - cites)
            outlets_cites: dict[str, str] = {}
            for r in self.rows:
                key = r.article.outlet.domain if r.article.outlet else f"#{r.n}"
                mark = "yes" if r.n in cites else ("no" if r.n in against else "")
                if mark and outlets_cites.get(key) != "yes":
                    outlets_cites[key] = mark
            marks = [
                outlets_cites.get(r.article.outlet.domain if r.article.outlet else f"#{r.n}", "")
                for r in cols
            ]
            rows.append((c, marks))
        return cols, rows

    def timeline_events(self, limit: int = 20) -> list[TimelineEntry]:
        """The analysis' timeline in plain words: publication times readable, dates mentioned in
        the articles as they were written ("on 25 April"), first coverage per side."""
        out: list[TimelineEntry] = []
        for e in (self.analysis or {}).get("timeline", [])[:limit]:
            kind, text, side = e.get("kind"), str(e.get("text", "")), e.get("side")
            cites = tuple(e.get("cites", ()))
            if kind == "mentioned":
                written, _, sentence = text.partition(": ")
                out.append(TimelineEntry(f"mentioned: {written}", None, sentence or text, cites))
                continue
            when = _iso_when(str(e.get("at", "")))
            if kind == "side_first":
                name = self.source_name(cites[0]) if cites else text.rpartition(": ")[2]
                who = "an unrated outlet" if side == "unrated" else f"the {side}"
                out.append(TimelineEntry(when, side, f"First coverage from {who}: {name}", cites))
            else:
                out.append(TimelineEntry(when, side, text, cites))
        return out

    # -- timeline --------------------------------------------------------------------------
    def timeline(self) -> tuple[list[TimePoint], datetime | None, datetime | None]:
        """Publication times on one axis (articles with no known publication time are left out)."""
        dated = [(r, r.article.published_at) for r in self.rows if r.article.published_at]
        if not dated:
            return [], None, None
        lo = min(t for _, t in dated)
        hi = max(t for _, t in dated)
        span = (hi - lo).total_seconds() or 1.0
        pts = [TimePoint(3 + 94 * (t - lo).total_seconds() / span, r) for r, t in dated]
        return pts, lo, hi
