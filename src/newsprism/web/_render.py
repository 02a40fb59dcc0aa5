"""Template rendering: the Jinja environment (autoescaped), filters and text helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from ._coverage import side_of
from ._security import csrf_token

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
env = TEMPLATES.env
env.autoescape = True
env.trim_blocks = True
env.lstrip_blocks = True


CSRF_SLOT = "csrf-slot-5f1e0c"
"""Cached pages are rendered with this in place of the CSRF token, filled in per request."""


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> Response:
    st = request.app.state.newsprism
    ctx.setdefault("token_needed", st.guard.token_for(request) is not None)
    ctx["csrf"] = csrf_token(request)
    ctx["path"] = request.url.path
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status_code)


async def cached_page(request: Request, name: str, build: Callable[[], dict[str, Any]]) -> Response:
    """Render ``name`` with the context ``build()`` returns, cached per URL and data version.

    Only for pages that depend on nothing but the URL and the data (not on cookies). A fresh
    cached page is served straight from the event loop; anything touching the database runs in
    the thread pool.
    """
    st = request.app.state.newsprism
    needed = st.guard.token_for(request) is not None
    key = f"page:{name}:{int(needed)}:{request.url.path}?{request.url.query}"

    def make() -> str:
        ctx = build()
        ctx.update(request=request, token_needed=needed, csrf=CSRF_SLOT, path=request.url.path)
        return env.get_template(name).render(ctx)

    html = st.views.peek_page(key)
    if html is None:
        html = await run_in_threadpool(st.views.cached_page, key, make)
    return HTMLResponse(html.replace(CSRF_SLOT, csrf_token(request)))


def _day(d: datetime | None) -> str:
    return d.strftime("%-d %b %Y") if d else "undated"


def _when(d: datetime | None) -> str:
    return d.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC") if d else "undated"


def _at(value: Any) -> str:
    """A timeline time: ISO date-times shown readably, anything else ("late August") as written."""
    text = str(value or "")
    if len(text) >= 16 and text[4:5] == "-" and "T" in text:
        try:
            return _when(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def _iso(d: Any) -> str:
    return d.isoformat() if hasattr(d, "isoformat") else str(d or "")


def _snippet(s: str) -> Markup:
    """A search snippet: escape everything, then turn the store's [match] marks into <mark>."""
    out = str(escape(s))
    if out.count("[") == out.count("]"):
        out = out.replace("[", "<mark>").replace("]", "</mark>")
    return Markup(out)


def _per_rater(ratings: Any) -> list[Any]:
    """The newest rating of each rater (the registry lists them newest first per rater)."""
    seen: set[str] = set()
    out = []
    for r in ratings or ():
        if r.rater not in seen:
            seen.add(r.rater)
            out.append(r)
    return out


def _rater_words(source: str | None) -> str:
    """Who set an outlet's lean, in words: "user" is the reader's own rating."""
    if source == "user":
        return "you (your own rating)"
    if not source or source == "none":
        return "no rating"
    return source


def _param_default(schema: Any) -> str:
    """An API parameter's default in words (none for empty ones)."""
    if not isinstance(schema, dict) or "default" not in schema:
        return "optional"
    d = schema["default"]
    if d is None or d == "":
        return "optional"
    if d is False:
        return "optional, off by default"
    if d is True:
        return "optional, on by default"
    return f"optional, {d} by default"


def _param_type(schema: Any) -> str:
    """An API parameter's type in words: "date", "integer", "string"... (nullable parts left out)."""
    if not isinstance(schema, dict):
        return ""
    parts = schema.get("anyOf") or [schema]
    words = []
    for p in parts:
        if not isinstance(p, dict) or p.get("type") == "null":
            continue
        words.append(str(p.get("format") or p.get("type") or ""))
    return " or ".join(w for w in words if w)


def _pct(n: float) -> str:
    return f"{n:.1f}".rstrip("0").rstrip(".")


env.filters.update(
    per_rater=_per_rater,
    rater_words=_rater_words,
    param_default=_param_default,
    param_type=_param_type,
    day=_day,
    when=_when,
    at=_at,
    iso=_iso,
    snippet=_snippet,
    pct=_pct,
    side=side_of,
)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def article_body(
    text: str, highlight: str = "", title: str = "", dek: str | None = None
) -> tuple[Markup, Markup | None, list[Markup], bool]:
    """Title, dek and paragraphs, escaped; the ``highlight`` sentence wrapped in <mark id="hl">.

    A cited sentence may be the headline or the dek (analysis position 0), so those come first.
    """
    target = _norm(highlight)
    plain = Markup("{}").format
    dek_m = plain(dek) if dek else None
    if target and _norm(title) == target:
        return _marked(title), dek_m, _highlight(text, "")[0], True
    if target and dek and (target in _norm(dek) or _norm(dek) in target):
        return plain(title), _marked(dek), _highlight(text, "")[0], True
    paras, found = _highlight(text, highlight)
    return plain(title), dek_m, paras, found


def _marked(s: str) -> Markup:
    return Markup('<mark id="hl" class="cited">{}</mark>').format(s)


def _highlight(text: str, highlight: str) -> tuple[list[Markup], bool]:
    paras = [_norm(p) for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]
    target = _norm(highlight)
    found = False
    out: list[Markup] = []
    for p in paras:
        if target and not found:
            i = p.find(target)
            if i < 0 and len(target) > 40:  # tolerate a clipped or lightly edited quote
                i = p.find(target[:40])
                target = target[:40] if i >= 0 else target
            if i >= 0:
                found = True
                out.append(
                    Markup('{}<mark id="hl" class="cited">{}</mark>{}').format(
                        p[:i], p[i : i + len(target)], p[i + len(target) :]
                    )
                )
                continue
        out.append(Markup("{}").format(p))
    return out, found
