"""The web face: server-rendered pages, a JSON API with OpenAPI, and Atom / JSON feeds.

``create_app(np, token=...)`` builds the FastAPI app over a :class:`newsprism.Newsprism`;
``serve(np, host, port)`` runs it with uvicorn (a token is required for writes when ``host``
is not a loopback address). The web layer reads and writes only through the facade.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NewsprismError
from ._app_state import AppState
from ._errors import http_status
from ._security import (
    HeadAsGet,
    HostGuard,
    HostPolicy,
    SecurityHeaders,
    WriteGuard,
    is_local,
    load_or_create_token,
)
from ._views import Views

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from ..app import Newsprism

__all__ = ["create_app", "guard_hosts", "serve", "write_token"]
log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(np: Newsprism, *, token: str | None = None) -> FastAPI:
    """The web app over ``np``; ``token`` (if given) is required for every write."""
    from . import _add, _api, _pages

    app = FastAPI(
        title="newsprism",
        version=_version(),
        description="Stories grouped across outlets, with coverage by lean and claim-level analysis.",
        docs_url=None,  # Swagger UI loads scripts from a CDN: not offline, not CSP-safe; see /api/docs
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    remote = lambda: load_or_create_token(np.settings.data_path, np.settings.serve.token)  # noqa: E731
    app.state.newsprism = AppState(np, Views(np), WriteGuard(token or None, remote_token=remote))
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(_api.router)
    app.include_router(_add.api, responses=_api.ERRORS)
    app.include_router(_pages.router)
    app.include_router(_add.pages)

    @app.get("/metrics", include_in_schema=False)
    async def _metrics() -> Response:
        """Prometheus: queue depths, job durations and failures, feed health, articles/stories per hour."""
        from starlette.concurrency import run_in_threadpool

        from ..jobs import metrics_text

        body, ctype = await run_in_threadpool(metrics_text, np)
        return Response(body, media_type=ctype)

    @app.exception_handler(NewsprismError)
    async def _np_error(request: Request, e: NewsprismError) -> Response:
        return _error(request, http_status(e), str(e))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, e: StarletteHTTPException) -> Response:
        return _error(request, e.status_code, str(e.detail), getattr(e, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _jsonable(e.errors())}, status_code=422)
        return _error(
            request,
            422,
            "This address has a value the page cannot use: "
            + "; ".join(_friendly(x) for x in e.errors())
            + ". Change it and try again.",
        )

    return app


def _jsonable(errors: object) -> object:
    import json

    return json.loads(json.dumps(errors, default=str))


FIELD_WORDS = {
    "since": "“From”",
    "until": "“To”",
    "day": "the day",
    "page": "the page number",
    "q": "the search",
}


def _friendly(err: dict) -> str:  # type: ignore[type-arg]
    """A validation error in words a reader understands ("“From” should be a date like ...")."""
    loc = [str(x) for x in err.get("loc", ())[1:]]
    name = FIELD_WORDS.get(loc[-1], f"“{loc[-1]}”") if loc else "a value"
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if "date" in kind:
        what = "should be a date like 2026-03-01"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        what = "should be a whole number"
    elif kind in ("greater_than_equal", "greater_than"):
        what = f"should be at least {ctx.get('ge', ctx.get('gt', ''))}".rstrip()
    elif kind in ("less_than_equal", "less_than"):
        what = f"should be at most {ctx.get('le', ctx.get('lt', ''))}".rstrip()
    elif kind == "string_too_long":
        what = "is too long"
    elif kind == "missing":
        what = "is missing"
    elif kind == "bool_parsing":
        what = "should be yes or no (1 or 0)"
    else:
        what = "is not valid here"
    return f"{name} {what}"


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p.startswith("/feeds/") or p == "/openapi.json"


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if status >= 500:
        log.error("%s %s -> %s: %s", request.method, request.url.path, status, message)
    if _wants_json(request):
        resp: Response = JSONResponse({"detail": message}, status_code=status)
    else:
        from ._render import render

        resp = render(request, "error.html", status_code=status, status=status, message=message)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _version() -> str:
    from .. import __version__

    return __version__


def write_token(np: Newsprism, host: str) -> str | None:
    """The token writes need when listening on ``host`` (None on localhost)."""
    if is_local(host):
        return None
    return load_or_create_token(np.settings.data_path, np.settings.serve.token)


def guard_hosts(app: ASGIApp, np: Newsprism, host: str) -> HostGuard:
    """``app`` answering only the Host names a server on ``host`` should (localhost, IPs, ``host``,
    ``serve.allowed_hosts``); every other Host gets 421, so DNS rebinding cannot reach it."""
    return HostGuard(app, HostPolicy(host, np.settings.serve.allowed_hosts))


WARM_STORIES = 20
"""Stories whose pages (and analyses) ``serve`` prepares in the background at start."""


def serve(
    np: Newsprism, host: str | None = None, port: int | None = None, *, warm: int = WARM_STORIES
) -> None:
    """Run the web app with uvicorn until interrupted.

    The ``warm`` top stories are analysed in a background thread at start, so their pages open
    at once; the server answers meanwhile.
    """
    import uvicorn

    host = host or np.settings.serve.host
    port = port or np.settings.serve.port
    np.recover()  # group what a killed process stored and left ungrouped
    token = write_token(np, host)
    if token:
        log.warning("listening on %s: changes need the token stored in %s", host, np.settings.data_path)
    app = create_app(np, token=token)
    if warm:
        app.state.newsprism.views.warm_in_background(warm)
    uvicorn.run(guard_hosts(app, np, host), host=host, port=port, log_level="warning")
