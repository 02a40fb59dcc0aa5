"""A story page's view model: articles with their outlets, the analysis, citations and charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..models import Article

if TYPE_CHECKING:
    from ..outlets import OutletProfile
    from ._cards import StoryCard

SIDE_ORDER = ("left", "center", "right", "unrated")
MATRIX_CLAIMS = 12


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


@dataclass
class StoryView:
    card: StoryCard
    rows: list[ArticleRow]
    analysis: dict[str, Any] | None
    analysis_error: str | None
    explain: Any
    by_side: dict[str, list[ArticleRow]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for side in SIDE_ORDER:
            self.by_side[side] = [r for r in self.rows if r.side == side]
        self._by_n = {r.n: r for r in self.rows}
        self._by_id = {r.article.id: r for r in self.rows}
        self._claims = {c["id"]: c for c in (self.analysis or {}).get("claims", [])}

    # -- citations -------------------------------------------------------------------------
    def source(self, n: int) -> ArticleRow | None:
        return self._by_n.get(n)

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
