"""The JSON API (``/api``): stories, articles, outlets, search, reports; OpenAPI at /openapi.json."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from . import _actions
from ._app_state import state
from ._cards import StoryCard, StoryQuery

MAX_ID = 2**53


class ErrorOut(BaseModel):
    detail: Any = Field(description="what went wrong, in words (or the invalid fields)")


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "invalid input (the message says why)"},
    401: {"model": ErrorOut, "description": "this server needs its token for changes"},
    403: {"model": ErrorOut, "description": "CSRF check failed (send JSON or X-CSRF-Token)"},
    404: {"model": ErrorOut, "description": "no such story, article or outlet"},
    501: {"model": ErrorOut, "description": "this version cannot do that yet"},
    503: {"model": ErrorOut, "description": "the database is busy or unavailable"},
}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


class CoverageOut(BaseModel):
    left: int
    center: int
    right: int
    unrated: int
    rated: int
    total: int
    blindspot: str | None = Field(description="the side ignoring the story (left/right), if any")


class StoryCardOut(BaseModel):
    id: int
    title: str
    first_seen: str
    last_updated: str
    n_articles: int
    n_outlets: int
    outlets: list[str]
    coverage: CoverageOut
    score: float


class StoryList(BaseModel):
    total: int
    stories: list[StoryCardOut]


class RatingOut(BaseModel):
    rater: str
    bias: str | None = None
    bias_label: str | None = Field(default=None, description="the rater's own words")
    factual: str | None = None
    factual_label: str | None = None
    date: str | None = None
    lean: str | None = None
    source: str | None = Field(default=None, description="the data set the rating was read from")


class OutletOut(BaseModel):
    domain: str
    name: str
    lean: str
    lean_source: str = Field(description="who set the lean: user, a rater's name, or none")
    side: str
    ratings: list[RatingOut]
    factual: str | None = None
    owner: str | None = None
    country: str | None = None
    articles: int | None = None


class ArticleOut(BaseModel):
    id: int
    title: str
    url: str | None
    outlet: str | None
    outlet_name: str | None
    dek: str | None
    authors: list[str]
    published_at: str | None
    fetched_at: str
    language: str | None
    story_id: int | None = None
    text: str | None = None


class StoryArticleOut(ArticleOut):
    n: int
    side: str
    copy_of: int | None = None


class StoryOut(StoryCardOut):
    articles: list[StoryArticleOut]
    analysis: dict[str, Any] | None
    analysis_error: str | None


class SearchHit(BaseModel):
    article: ArticleOut
    snippet: str


class SearchOut(BaseModel):
    query: str
    hits: list[SearchHit]


class SplitIn(BaseModel):
    article_ids: list[int] = Field(min_length=1, max_length=1000)


class MergeIn(BaseModel):
    other: int = Field(ge=1, le=MAX_ID, description="id of the story merged into this one")


class ReportIn(BaseModel):
    kind: str = Field(pattern="^(analysis|grouping)$")
    message: str = Field(min_length=1, max_length=4000)
    article_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class ReportOut(BaseModel):
    id: int
    kind: str
    story_id: int | None
    article_id: int | None
    message: str
    status: str
    created_at: str


class StoryRef(BaseModel):
    story_id: int | None


def card_out(c: StoryCard) -> dict[str, Any]:
    return c.to_dict()


def outlet_out(
    request: Request, domain: str, name: str | None = None, articles: int | None = None
) -> OutletOut:
    from ._coverage import side_of

    p = state(request).views.profile(domain, name)
    return OutletOut(
        domain=p.domain,
        name=p.name,
        lean=p.lean,
        lean_source=p.lean_source,
        side=side_of(p.lean),
        ratings=[_rating(r) for r in p.ratings],
        factual=getattr(p, "factual", None),
        owner=p.owner,
        country=p.country,
        articles=articles,
    )


def _rating(r: Any) -> RatingOut:
    fields = RatingOut.model_fields
    return RatingOut(**{k: getattr(r, k) for k in fields if hasattr(r, k)})


def article_out(a: Any, *, text: bool = False, story_id: int | None = None) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet.domain if a.outlet else None,
        "outlet_name": a.outlet.name if a.outlet else None,
        "dek": a.dek,
        "authors": list(a.authors),
        "published_at": a.published_at.isoformat() if a.published_at else None,
        "fetched_at": a.fetched_at.isoformat(),
        "language": a.language,
        "story_id": story_id,
        "text": a.text if text else None,
    }


def _id(what: str = "the id") -> Any:
    return Path(ge=1, le=MAX_ID, description=what)


@router.get("/stories", response_model=StoryList, summary="Stories, best first")
def api_stories(
    request: Request,
    limit: int = Query(30, ge=1, le=200, description="how many stories to return"),
    offset: int = Query(0, ge=0, le=1_000_000, description="skip this many (for paging)"),
    since: date | None = Query(None, description="only stories updated on or after this day (YYYY-MM-DD)"),
    until: date | None = Query(None, description="only stories begun by this day (YYYY-MM-DD)"),
    topic: str = Query("", max_length=200, description="a word the story's title must contain"),
    lean: str = Query(
        "",
        pattern="^(|left|center|right)$",
        description="only stories this side covers (left, center, right)",
    ),
    blindspot: bool = Query(False, description="only stories one side ignores"),
) -> Any:
    """Every story, best first: breadth of coverage damped by age, with coverage by lean."""
    q = StoryQuery(since, until, topic, lean, blindspot)
    cards, total = state(request).views.stories(q, limit, offset)
    return {"total": total, "stories": [card_out(c) for c in cards]}


@router.get("/blindspots", response_model=StoryList, summary="Stories one side ignores")
def api_blindspots(
    request: Request,
    limit: int = Query(30, ge=1, le=200, description="how many stories to return"),
    offset: int = Query(0, ge=0, le=1_000_000, description="skip this many (for paging)"),
) -> Any:
    """Stories covered almost only by one side (the rule is on the Blindspots page)."""
    cards, total = state(request).views.stories(StoryQuery(blindspot=True), limit, offset)
    return {"total": total, "stories": [card_out(c) for c in cards]}


@router.get("/stories/{story_id}", response_model=StoryOut, summary="One story with articles and analysis")
def api_story(request: Request, story_id: int = _id("the story's number")) -> Any:
    """The story, its articles numbered as the analysis cites them, and the analysis (computed on
    first request: may take seconds)."""
    v = state(request).views.story(story_id)
    out = card_out(v.card)
    out["articles"] = [
        {**article_out(r.article, story_id=story_id), "n": r.n, "side": r.side, "copy_of": r.copy_of}
        for r in v.rows
    ]
    out["analysis"] = v.analysis
    out["analysis_error"] = v.analysis_error
    return out


@router.get("/articles/{article_id}", response_model=ArticleOut, summary="One article with its text")
def api_article(request: Request, article_id: int = _id("the article's number")) -> Any:
    np = state(request).np
    a = np.article(article_id)
    return article_out(a, text=True, story_id=np.store.story_of_article(article_id))


class FeedOut(BaseModel):
    """A followed feed and its health (as `newsprism feeds list --json`)."""

    id: int
    health: str = Field(description="ok, ok (not modified), ok, with warnings, failing (Nx), dead or new")
    url: str
    title: str | None
    status: str
    site_url: str | None
    interval_min: int | None
    added_at: str | None
    last_polled_at: str | None
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    error_count: int
    last_http_status: int | None
    next_poll_at: str | None
    items_seen: int
    articles: int


@router.get("/feeds", response_model=list[FeedOut], summary="The feeds followed, with their health")
def api_feeds(request: Request) -> Any:
    return [f.to_dict() for f in state(request).np.store.list_feeds()]


class QueueCountOut(BaseModel):
    queue: str
    task: str
    status: str = Field(description="todo, doing, succeeded, failed, cancelled or aborted")
    jobs: int


class JobsOut(BaseModel):
    backend: str = Field(description="sqlite (in-process scheduler) or postgresql (workers)")
    engine_ready: bool = Field(description="PostgreSQL: a worker has set up the job queue")
    counts: list[QueueCountOut]
    running: list[dict[str, Any]]
    failed: list[dict[str, Any]] = Field(description="failed jobs with the reason of the last attempt")
    notes: list[str]
    depth: dict[str, int]


@router.get("/jobs", response_model=JobsOut, summary="The job queue: depths, running and failed jobs")
def api_jobs(request: Request) -> Any:
    from ..jobs import job_status

    return job_status(state(request).np).to_dict()


@router.get("/outlets", response_model=list[OutletOut], summary="Every outlet with its ratings")
def api_outlets(request: Request) -> Any:
    return [outlet_out(request, p.domain, p.name, n) for p, n in state(request).views.outlets()]


@router.get("/outlets/{domain}", response_model=OutletOut, summary="One outlet: ratings by rater, owner")
def api_outlet(
    request: Request,
    domain: str = Path(max_length=253, description="the web domain, e.g. example.com"),
) -> Any:
    p, n, _recent = state(request).views.outlet(domain)
    return outlet_out(request, p.domain, p.name, n)


@router.get("/search", response_model=SearchOut, summary="Full-text search of articles")
def api_search(
    request: Request,
    q: str = Query(max_length=500, description="words to find in titles and text"),
    limit: int = Query(20, ge=1, le=100, description="how many articles to return"),
) -> Any:
    np = state(request).np
    hits = np.search(q, limit)
    return {"query": q, "hits": [{"article": article_out(a), "snippet": s} for a, s in hits]}


@router.post("/stories/{story_id}/split", response_model=StoryRef, summary="Split articles off a story")
def api_split(request: Request, body: SplitIn, story_id: int = _id("the story to split")) -> Any:
    st = state(request)
    st.guard.check_api(request)
    new_id = _actions.split(st.np, story_id, body.article_ids)
    st.views.invalidate()
    return {"story_id": new_id}


@router.post(
    "/stories/{story_id}/merge", response_model=StoryRef, summary="Merge another story into this one"
)
def api_merge(request: Request, body: MergeIn, story_id: int = _id("the story that stays")) -> Any:
    st = state(request)
    st.guard.check_api(request)
    merged = _actions.merge(st.np, story_id, body.other)
    st.views.invalidate()
    return {"story_id": merged}


@router.post(
    "/stories/{story_id}/reports", response_model=ReportOut, summary="Report an error or a wrong grouping"
)
def api_report(request: Request, body: ReportIn = Body(), story_id: int = _id("the story reported")) -> Any:
    st = state(request)
    st.guard.check_api(request)
    r = st.np.store.add_report(body.kind, body.message, story_id=story_id, article_id=body.article_id)
    st.views.invalidate()
    return report_out(r)


@router.get("/reports", response_model=list[ReportOut], summary="Corrections: every report, newest first")
def api_reports(
    request: Request, limit: int = Query(200, ge=1, le=1000, description="how many reports to return")
) -> Any:
    return [report_out(r) for r in state(request).np.store.list_reports(limit=limit)]


def report_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "story_id": r.story_id,
        "article_id": r.article_id,
        "message": r.message,
        "status": r.status,
        "created_at": r.created_at.isoformat(),
    }


def not_found(what: str) -> HTTPException:
    return HTTPException(404, what)
