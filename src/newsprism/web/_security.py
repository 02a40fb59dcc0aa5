"""Security: response headers (CSP...), CSRF protection and the write token.

* Every response carries a strict Content-Security-Policy (no inline script or style), plus
  ``nosniff``, ``no-referrer`` and frame denial.
* Forms use a double-submit CSRF token: a random cookie that the form must echo back.
  JSON API calls are accepted without it only with ``Content-Type: application/json`` (a
  browser cannot send that cross-site without a CORS preflight, which we never grant).
* When the server listens beyond localhost, every write needs the token (``serve.token`` or the
  one generated and stored in the data directory), sent as ``Authorization: Bearer <token>`` or
  once through the /login form, which stores it in an HttpOnly cookie. Independently of how the
  server was started, a write from a non-loopback client always needs that token.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
CSRF_COOKIE = "np_csrf"
CSRF_FIELD = "csrf"
TOKEN_COOKIE = "np_token"
TOKEN_FILE = "serve-token"


def is_local(host: str) -> bool:
    """True when ``host`` is a loopback address or name (so no write token is needed)."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_or_create_token(data_dir: Path, configured: str = "") -> str:
    """The configured token, else the one stored in ``data_dir`` (created on first use)."""
    if configured:
        return configured
    path = data_dir / TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.write_text(token + "\n", encoding="utf-8")
    path.chmod(0o600)
    return token


HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the security headers to every response, and the CSRF cookie to HTML pages.

    A plain ASGI middleware (no per-request task or body buffering), so it costs microseconds.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in have]
                ctype = dict(headers).get(b"content-type", b"")
                if b"text/html" in ctype and not _has_csrf_cookie(scope):
                    token = scope.get("state", {}).get("csrf") or secrets.token_urlsafe(18)
                    headers.append(
                        (b"set-cookie", f"{CSRF_COOKIE}={token}; HttpOnly; Path=/; SameSite=strict".encode())
                    )
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """Answer HEAD like GET without the body, for pages and feeds (feed readers and link
    checkers use it); the JSON API keeps its documented methods only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def _has_csrf_cookie(scope: Scope) -> bool:
    marker = CSRF_COOKIE.encode() + b"="
    return any(k == b"cookie" and marker in v for k, v in scope.get("headers", []))


def csrf_token(request: Request) -> str:
    """The CSRF token to embed in forms (the cookie's value, or a new one set on this response)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf", None)
    if not token:
        token = secrets.token_urlsafe(18)
        request.state.csrf = token
    return str(token)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class WriteGuard:
    """Checks CSRF and the write token on every state-changing request.

    ``token`` (when given) is required from every client. Without it, a request that comes from
    another machine still needs a token: ``remote_token()`` supplies it (the configured one, or
    one generated and stored in the data directory). So a server that listens beyond localhost is
    protected however it was started.
    """

    def __init__(self, token: str | None, remote_token: Callable[[], str] | None = None) -> None:
        self.token = token
        self._remote_token = remote_token
        self._remote: str | None = None

    def token_for(self, request: Request) -> str | None:
        """The token this request's client must show for changes (None: none needed)."""
        if self.token:
            return self.token
        host = request.client.host if request.client else ""
        if is_local(host) or self._remote_token is None:
            return None
        if self._remote is None:
            self._remote = self._remote_token()
        return self._remote

    def check_token(self, request: Request, form_token: str | None = None) -> None:
        needed = self.token_for(request)
        if not needed:
            return
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        given = given or form_token or request.cookies.get(TOKEN_COOKIE)
        if not _same(given, needed):
            raise HTTPException(401, "this server needs its token for changes: sign in at /login")

    def check_form(self, request: Request, csrf: str | None, form_token: str | None = None) -> None:
        """For HTML forms: CSRF double submit, then the token."""
        if not _same(csrf, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "the form expired or came from another site; reload and retry")
        self.check_token(request, form_token)

    def check_api(self, request: Request) -> None:
        """For the JSON API: JSON content type (or the CSRF header), then the token."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        header = request.headers.get("x-csrf-token")
        if ctype != "application/json" and not _same(header, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "send JSON (Content-Type: application/json) or an X-CSRF-Token")
        self.check_token(request)
