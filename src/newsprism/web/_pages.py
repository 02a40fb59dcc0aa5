"""HTML pages (server-rendered, work without JavaScript) and the feeds out."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from . import _actions
from ._app_state import state
from ._cards import StoryCard, StoryQuery
from ._render import article_body, cached_page, render
from ._syndication import Entry, atom, json_feed

MAX_ID = 2**53


def _id() -> Any:
    return Path(ge=1, le=MAX_ID)


PAGE = 30
router = APIRouter(include_in_schema=False)


def _query(
    since: date | None, until: date | None, topic: str, lean: str, blindspot: bool = False
) -> StoryQuery:
    return StoryQuery(
        since, until, topic.strip()[:200], lean if lean in ("left", "center", "right") else "", blindspot
    )


@router.get("/", response_class=HTMLResponse)
async def front(
    request: Request,
    since: date | None = None,
    until: date | None = None,
    topic: str = Query("", max_length=200),
    lean: str = Query("", max_length=20),
    page: int = Query(1, ge=1, le=10_000),
) -> Response:
    views = state(request).views

    def build() -> dict[str, Any]:
        q = _query(since, until, topic, lean)
        cards, total = views.stories(q, PAGE, (page - 1) * PAGE)
        args = {
            k: v for k, v in (("since", since), ("until", until), ("topic", q.topic), ("lean", q.lean)) if v
        }
        return dict(
            cards=cards,
            total=total,
            q=q,
            page=page,
            pages=max(1, -(-total // PAGE)),
            args=args,
            qs=urlencode(args),
            topics=views.topics(),
            labels=views.labels(cards),
        )

    return await cached_page(request, "index.html", build)


@router.get("/blindspots", response_class=HTMLResponse)
async def blindspots(request: Request, page: int = Query(1, ge=1, le=10_000)) -> Response:
    def build() -> dict[str, Any]:
        views = state(request).views
        cards, total = views.stories(StoryQuery(blindspot=True), PAGE, (page - 1) * PAGE)
        return dict(
            cards=cards, total=total, page=page, pages=max(1, -(-total // PAGE)), labels=views.labels(cards)
        )

    return await cached_page(request, "blindspots.html", build)


@router.get("/story/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: int = _id(), wait: bool = False) -> Response:
    """A story page. When its analysis is not computed yet the page comes at once with a
    placeholder that fetches ``/story/{id}/analysis`` (``?wait=1``: wait for the whole page)."""
    st = state(request)

    def context(v: Any) -> dict[str, Any]:
        reports = st.np.store.list_reports(story_id=story_id, limit=20)
        return dict(v=v, a=v.analysis or {}, reports=reports, related=st.views.related(story_id))

    if not wait:
        v = await run_in_threadpool(st.views.story_now, story_id)
        if v.pending:  # never cached: the next view shows the analysis
            ctx = await run_in_threadpool(context, v)
            return render(request, "story.html", **ctx)
    return await cached_page(request, "story.html", lambda: context(st.views.story(story_id)))


@router.get("/story/{story_id}/analysis", response_class=HTMLResponse)
async def story_analysis(request: Request, story_id: int = _id()) -> Response:
    """The analysis part of a story page (what the page's placeholder fetches)."""
    st = state(request)
    v = await run_in_threadpool(st.views.story, story_id)
    return render(request, "_story_analysis.html", v=v, a=v.analysis or {}, oob=True)


@router.get("/article/{article_id}", response_class=HTMLResponse)
async def article(
    request: Request, article_id: int = _id(), hl: str = Query("", max_length=2000)
) -> Response:
    np = state(request).np

    def build() -> dict[str, Any]:
        a = np.article(article_id)
        story_id = np.store.story_of_article(article_id)
        profile = state(request).views.profile(a.outlet.domain, a.outlet.name) if a.outlet else None
        title, dek, paragraphs, found = article_body(a.text, hl, a.title, a.dek)
        return dict(
            art=a,
            title=title,
            dek=dek,
            story_id=story_id,
            profile=profile,
            paragraphs=paragraphs,
            hl=hl,
            found=found,
        )

    return await cached_page(request, "article.html", build)


@router.get("/outlets", response_class=HTMLResponse)
async def outlets(request: Request) -> Response:
    return await cached_page(request, "outlets.html", lambda: dict(rows=state(request).views.outlets()))


@router.get("/sources", response_class=HTMLResponse)
async def sources(request: Request) -> Response:
    """The feeds newsprism follows and how each is doing (not cached: polls change it)."""
    np = state(request).np
    feeds = await run_in_threadpool(np.store.list_feeds)
    failing = sum(1 for f in feeds if f.health.startswith(("failing", "dead")))
    now = np.clock()
    live = [f for f in feeds if f.status.value != "dead"]
    due = any(f.next_poll_at is None or f.next_poll_at <= now for f in live)
    upcoming = [f.next_poll_at for f in live if f.next_poll_at]
    nxt = min(upcoming) if upcoming else None
    pending = len(np.analysis_queue)  # stories this process's updates left for `run` to analyse
    ctx: dict[str, Any] = dict(feeds=feeds, failing=failing, due=due, next_poll=nxt, now=now, pending=pending)
    ctx["jobs"] = await run_in_threadpool(_job_status, np)
    return render(request, "sources.html", **ctx)


def _job_status(np: Any) -> Any:
    from ..jobs import job_status  # the queue of `newsprism worker` (PostgreSQL) or of `run`

    return job_status(np, failed_limit=10)


@router.get("/outlet/{domain}", response_class=HTMLResponse)
async def outlet(request: Request, domain: str = Path(max_length=253)) -> Response:
    def build() -> dict[str, Any]:
        p, n, recent = state(request).views.outlet(domain)
        return dict(p=p, n=n, recent=recent)

    return await cached_page(request, "outlet.html", build)


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: str = Query("", max_length=500)) -> Response:
    def build() -> dict[str, Any]:
        hits = state(request).np.search(q, 50) if q.strip() else []
        views = state(request).views
        stories = [c for c in views.cards() if q.strip() and q.strip().lower() in c.title.lower()][:10]
        return dict(q=q, hits=hits, stories=stories)

    return await cached_page(request, "search.html", build)


@router.get("/briefing", response_class=HTMLResponse)
async def briefing(request: Request, day: date | None = None) -> Response:
    views = state(request).views

    def build() -> dict[str, Any]:
        shown, cards = views.briefing(day)
        picked = []
        for c in cards:
            try:
                picked.append(views.story(c.id))
            except LookupError:
                continue
        return dict(day=shown, stories=picked)

    return await cached_page(request, "briefing.html", build)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The API reference, rendered from the app's own OpenAPI schema (no external scripts)."""
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                (
                    p["name"],
                    p.get("in", ""),
                    p.get("required", False),
                    p.get("schema", {}),
                    p.get("description") or p.get("schema", {}).get("description", ""),
                )
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            desc = (op.get("description") or "").strip().split("\n\n")[0]
            ops.append((method.upper(), path, op.get("summary", ""), desc, params, _ref_name(body)))
    return render(request, "api.html", ops=ops, version=schema.get("info", {}).get("version", ""))


def _ref_name(schema: Any) -> str:
    ref = (schema or {}).get("$ref", "")
    return str(ref).rsplit("/", 1)[-1]


@router.get("/corrections", response_class=HTMLResponse)
def corrections(request: Request) -> Response:
    return render(request, "corrections.html", reports=state(request).np.store.list_reports())


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return render(request, "login.html", needed=state(request).guard.token_for(request) is not None)


@router.post("/login")
def login(request: Request, token: str = Form(max_length=500), csrf: str = Form("")) -> Response:
    guard = state(request).guard
    guard.check_form(request, csrf, token)
    resp = RedirectResponse("/", status_code=303)
    if guard.token_for(request):
        from ._security import TOKEN_COOKIE

        resp.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
    return resp


# -- write actions (forms) -----------------------------------------------------------------
@router.post("/story/{story_id}/split")
async def split(request: Request, story_id: int = _id()) -> Response:
    st = state(request)
    form = await request.form()
    st.guard.check_form(request, _s(form.get("csrf")), _s(form.get("token")))
    ids = [int(x) for x in form.getlist("article_ids") if isinstance(x, str) and x.isdigit() and len(x) < 16]
    new_id = await run_in_threadpool(_actions.split, st.np, story_id, ids)
    st.views.invalidate()
    return RedirectResponse(f"/story/{new_id or story_id}?done=split", status_code=303)


@router.post("/story/{story_id}/merge")
def merge(
    request: Request,
    story_id: int = _id(),
    other: str = Form("", max_length=500),
    other_text: str = Form("", max_length=500),
    csrf: str = Form(""),
    token: str = Form(""),
) -> Response:
    """Merge the story typed in ``other_text`` (else the one picked in ``other``) into this one."""
    st = state(request)
    st.guard.check_form(request, csrf, token)
    other_id = _story_ref(other_text.strip() or other)
    merged = _actions.merge(st.np, story_id, other_id)
    st.views.invalidate()
    return RedirectResponse(f"/story/{merged}?done=merge", status_code=303)


@router.post("/story/{story_id}/report")
def report(
    request: Request,
    story_id: int = _id(),
    kind: str = Form(max_length=20),
    message: str = Form(max_length=4000),
    csrf: str = Form(""),
    token: str = Form(""),
) -> Response:
    st = state(request)
    st.guard.check_form(request, csrf, token)
    r = st.np.store.add_report(kind, message, story_id=story_id)
    st.views.invalidate()
    if request.headers.get("hx-request"):
        return render(request, "_report_done.html", r=r)
    return RedirectResponse("/corrections?done=report", status_code=303)


def _s(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _story_ref(text: str) -> int:
    """A story id typed as ``42``, ``#42`` or a story URL ``.../story/42``."""
    import re

    m = re.search(r"(\d+)\s*/?\s*$", text.strip())
    if not m or int(m.group(1)) > MAX_ID:
        raise HTTPException(400, "give the other story's number or its address")
    return int(m.group(1))


# -- feeds out -----------------------------------------------------------------------------
def _entries(request: Request, cards: list[StoryCard]) -> list[Entry]:
    base = str(request.base_url).rstrip("/")
    views = state(request).views
    out = []
    for c in cards:
        cov = c.coverage
        lead = views.summary_lead(c.id)  # what the story says, when its analysis is ready
        summary = (
            (lead + " " if lead else "")
            + f"{c.n_outlets} outlets, {c.n_articles} articles. Coverage: left {cov.left},"
            f" center {cov.center}, right {cov.right}, unrated {cov.unrated}."
            + (f" Blindspot: the {cov.blindspot} is not covering this story." if cov.blindspot else "")
        )
        out.append(
            Entry(
                f"{base}/story/{c.id}", c.title, f"{base}/story/{c.id}", c.last_updated, summary, c.first_seen
            )
        )
    return out


def _feed(request: Request, fmt: str, title: str, home: str, cards: list[StoryCard]) -> Response:
    base = str(request.base_url).rstrip("/")
    self_url = str(request.url)
    entries = _entries(request, cards)
    if fmt == "json":
        resp = json_feed(title, self_url, base + home, entries)
    else:
        updated = max((c.last_updated for c in cards), default=None) or state(request).np.clock()
        resp = atom(title, self_url, base + home, entries, updated)
    return _conditional(request, resp)


def _conditional(request: Request, resp: Response) -> Response:
    """ETag on feeds, and 304 Not Modified when the reader already has this version."""
    import hashlib

    etag = '"' + hashlib.sha256(bytes(resp.body)).hexdigest()[:32] + '"'
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": etag})
    resp.headers["ETag"] = etag
    resp.headers["Cache-Control"] = "no-cache"
    return resp


def _fmt() -> Any:
    return Path(pattern="^(atom|json)$")


@router.get("/feeds/front.{fmt}")
def feed_front(request: Request, fmt: str = _fmt()) -> Response:
    cards, _ = state(request).views.stories(StoryQuery(), 50, 0)
    return _feed(request, fmt, "newsprism: top stories", "/", cards)


@router.get("/feeds/blindspots.{fmt}")
def feed_blindspots(request: Request, fmt: str = _fmt()) -> Response:
    cards, _ = state(request).views.stories(StoryQuery(blindspot=True), 50, 0)
    return _feed(request, fmt, "newsprism: blindspots", "/blindspots", cards)


@router.get("/feeds/search.{fmt}")
def feed_search(
    request: Request, fmt: str = _fmt(), q: str = Query(min_length=1, max_length=500)
) -> Response:
    """Stories whose articles match the search ``q`` (each story once, best match first)."""
    st = state(request)
    hits = st.np.search(q, 100)
    seen: list[int] = []
    for a, _snip in hits:
        sid = st.np.store.story_of_article(a.id)
        if sid is not None and sid not in seen:
            seen.append(sid)
    cards = {c.id: c for c in st.views.cards()}
    picked = [cards[s] for s in seen if s in cards][:50]
    return _feed(request, fmt, f"newsprism: search {q}", "/search?" + urlencode({"q": q}), picked)
