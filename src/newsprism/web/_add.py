"""Adding news from the web: paste an article's address, follow a feed, import an OPML file;
and giving an article whose source is unknown its outlet.

Each is a call on the facade (``add_url``) or its store (``add_feed``), like the CLI's ``add``,
``feeds add`` and ``feeds import``; forms are CSRF- and token-checked like the other writes, and
the JSON API has the same three under ``/api``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NewsprismError
from ._app_state import state
from ._render import render

MAX_OPML = 2_000_000
"""Bytes of an uploaded OPML file (a reader's export of thousands of feeds is far smaller)."""
MAX_FEEDS = 2000

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])


@dataclass(frozen=True)
class Outcome:
    """What an action did, in words, for the page."""

    ok: bool
    message: str
    story_id: int | None = None
    story_title: str | None = None
    others: int = 0


# -- the actions (shared by the forms and the API) -----------------------------------------
def add_article(np: Any, url: str) -> dict[str, Any]:
    res = np.add_url(url.strip())
    story = np.story(res.story_id) if res.story_id is not None else None
    return {
        "url": res.url,
        "outcome": res.outcome,
        "reason": res.reason,
        "article_id": res.article_id,
        "story_id": res.story_id,
        "story_title": story.title if story else None,
        "other_articles": len(story.article_ids) - 1 if story else 0,
    }


def follow_feed(np: Any, url: str, title: str | None = None) -> dict[str, Any]:
    feed, created = np.store.add_feed(url, title=title or None)
    return {"id": feed.id, "url": feed.url, "created": bool(created)}


def import_opml(np: Any, data: bytes) -> dict[str, Any]:
    from ..feeds import read_opml

    found = read_opml(data)
    if len(found) > MAX_FEEDS:
        raise InputError(f"{len(found)} feeds in one file; at most {MAX_FEEDS} at a time")
    added = 0
    for f in found:
        _feed, created = np.store.add_feed(f.url, title=f.title)
        added += bool(created)
    return {"found": len(found), "added": added, "already": len(found) - added}


def _article_words(r: dict[str, Any]) -> Outcome:
    sid, title, others = r["story_id"], r["story_title"], r["other_articles"]
    if r["article_id"] is None:
        return Outcome(False, f"Not added ({r['outcome']}): {r['reason'] or 'no reason given'}.")
    if r["outcome"] == "imported":
        head = "Added."
    else:
        head = f"Already in your library ({r['reason']})." if r["reason"] else "Already in your library."
    if sid is None:
        return Outcome(True, head + " It is not in a story yet.")
    where = f" It is in story {sid}" + (
        f", with {others} other article{'s' if others != 1 else ''}." if others else ", alone so far."
    )
    return Outcome(True, head + where, sid, title, others)


# -- pages ---------------------------------------------------------------------------------
def _page(request: Request, outcome: Outcome | None = None, status: int = 200) -> Response:
    return render(request, "add.html", status_code=status, outcome=outcome)


@pages.get("/add", response_class=HTMLResponse)
def add_page(request: Request) -> Response:
    return _page(request)


@pages.post("/add/url")
async def add_url_form(
    request: Request,
    url: str = Form(max_length=2000),
    csrf: str = Form(""),
    token: str = Form(""),
) -> Response:
    st = state(request)
    st.guard.check_form(request, csrf, token)
    try:
        r = await run_in_threadpool(add_article, st.np, url)
    except NewsprismError as e:
        return _page(request, Outcome(False, f"Not added: {e}"), 400 if isinstance(e, ValueError) else 502)
    st.views.invalidate()
    return _page(request, _article_words(r))


@pages.post("/add/feed")
def add_feed_form(
    request: Request,
    url: str = Form(max_length=2000),
    csrf: str = Form(""),
    token: str = Form(""),
) -> Response:
    st = state(request)
    st.guard.check_form(request, csrf, token)
    try:
        r = follow_feed(st.np, url)
    except NewsprismError as e:
        return _page(request, Outcome(False, f"Not followed: {e}"), 400)
    st.views.invalidate()
    verb = "Now following" if r["created"] else "Already following"
    return _page(request, Outcome(True, f"{verb} {r['url']}. The next update polls it."))


@pages.post("/add/opml")
async def add_opml_form(
    request: Request,
    opml: UploadFile = File(),
    csrf: str = Form(""),
    token: str = Form(""),
) -> Response:
    st = state(request)
    st.guard.check_form(request, csrf, token)
    data = await opml.read(MAX_OPML + 1)
    if len(data) > MAX_OPML:
        return _page(request, Outcome(False, "Not imported: the file is larger than 2 MB."), 400)
    try:
        r = await run_in_threadpool(import_opml, st.np, data)
    except NewsprismError as e:
        return _page(request, Outcome(False, f"Not imported: {e}"), 400)
    st.views.invalidate()
    return _page(
        request,
        Outcome(
            True, f"{r['found']} feeds in the file: {r['added']} now followed, {r['already']} already were."
        ),
    )


LEANS = ("left", "lean left", "center", "lean right", "right")


@pages.post("/article/{article_id}/outlet")
def assign_outlet_form(
    request: Request,
    article_id: int = Path(ge=1, le=2**53),
    outlet: str = Form(max_length=253),
    name: str = Form("", max_length=200),
    lean: str = Form("", max_length=20),
    back: str = Form("", max_length=20),
    csrf: str = Form(""),
    token: str = Form(""),
) -> Response:
    """Set an article's outlet (and, if chosen, the reader's own lean for that outlet)."""
    st = state(request)
    st.guard.check_form(request, csrf, token)
    if lean and lean not in LEANS:
        raise InputError(f"unknown lean {lean!r}")
    art = st.np.assign_outlet(article_id, outlet, name or None)
    if lean and art.outlet is not None:
        st.np.set_outlet_override(art.outlet.domain, lean=lean, name=name or None)
    st.views.invalidate()
    story_id = st.np.store.story_of_article(article_id)
    if back == "story" and story_id is not None:
        return RedirectResponse(f"/story/{story_id}?done=outlet#source-list", status_code=303)
    return RedirectResponse(f"/article/{article_id}?done=outlet", status_code=303)


# -- API -----------------------------------------------------------------------------------
class UrlIn(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="the address of a news article")


class AddedOut(BaseModel):
    url: str
    outcome: str = Field(description="imported, duplicate, skipped or failed")
    reason: str | None = Field(description="why it was skipped or failed, or what it duplicates")
    article_id: int | None
    story_id: int | None = Field(description="the story that holds it: the other coverage")
    story_title: str | None
    other_articles: int


class FeedIn(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="an RSS or Atom feed address")
    title: str | None = Field(default=None, max_length=500, description="a name for it (optional)")


class FeedAddedOut(BaseModel):
    id: int
    url: str
    created: bool = Field(description="false when the feed was already followed")


class OpmlIn(BaseModel):
    opml: str = Field(min_length=1, max_length=MAX_OPML, description="the OPML document (text)")


class OpmlOut(BaseModel):
    found: int
    added: int
    already: int


@api.post("/articles", response_model=AddedOut, summary="Add an article by its address")
def api_add_article(request: Request, body: UrlIn) -> Any:
    """Fetch the page, store the article and group it: the answer names the story that holds it
    (the other coverage of the same event). A page that is refused (a private address) or is not
    an article comes back with outcome "skipped" or "failed" and the reason."""
    st = state(request)
    st.guard.check_api(request)
    out = add_article(st.np, body.url)
    st.views.invalidate()
    return out


@api.post("/feeds", response_model=FeedAddedOut, summary="Follow a feed")
def api_follow_feed(request: Request, body: FeedIn) -> Any:
    """Follow an RSS or Atom feed; the next update polls it."""
    st = state(request)
    st.guard.check_api(request)
    out = follow_feed(st.np, body.url, body.title)
    st.views.invalidate()
    return out


@api.post("/feeds/opml", response_model=OpmlOut, summary="Follow every feed of an OPML file")
def api_import_opml(request: Request, body: OpmlIn) -> Any:
    """Follow every feed an OPML export (from another feed reader) lists."""
    st = state(request)
    st.guard.check_api(request)
    out = import_opml(st.np, body.opml.encode())
    st.views.invalidate()
    return out
