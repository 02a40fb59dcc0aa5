"""Security: response headers (CSP...), CSRF protection and the write token.

* Every response carries a strict Content-Security-Policy (no inline script or style), plus
  ``nosniff``, ``no-referrer`` and frame denial.
* Forms use a double-submit CSRF token: a random cookie that the form must echo back.
  JSON API calls are accepted without it only with ``Content-Type: application/json`` (a
  browser cannot send that cross-site without a CORS preflight, which we never grant).
* When the server listens beyond localhost, every write needs the token (``serve.token`` or the
  one generated and stored in the data directory), sent as ``Authorization: Bearer <token>`` or
  once through the /login form, which stores it in an HttpOnly cookie.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

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


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "no-referrer")
        h.setdefault("X-Frame-Options", "DENY")
        if CSRF_COOKIE not in request.cookies and "text/html" in h.get("content-type", ""):
            token = getattr(request.state, "csrf", None) or secrets.token_urlsafe(18)
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response


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
    """Checks CSRF and the write token on every state-changing request."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    def check_token(self, request: Request, form_token: str | None = None) -> None:
        if not self.token:
            return
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        given = given or form_token or request.cookies.get(TOKEN_COOKIE)
        if not _same(given, self.token):
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
