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
* DNS rebinding: a served app answers only requests whose ``Host`` is a loopback name, an IP
  address, the configured ``serve.host`` or a name listed in ``serve.allowed_hosts``
  (:class:`HostGuard`, 421 otherwise): a page on ``attacker.example`` whose name was re-pointed
  at 127.0.0.1 cannot read or write. Every write also checks where it comes from: an ``Origin``
  (else ``Sec-Fetch-Site``, else ``Referer``) of another site is refused with 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

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


def host_name(host_header: str) -> str:
    """The host of a ``Host`` header value, lower case, without port or IPv6 brackets."""
    h = host_header.strip().lower()
    if h.startswith("["):
        return h[1 : h.find("]")] if "]" in h else h[1:]
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


class HostPolicy:
    """Which ``Host`` names the server answers: loopback names and any IP address (a browser sends
    an IP literal only when the user typed it, so it cannot be a rebound name), the listening
    host (and, when listening beyond localhost, this machine's own name), and ``extra`` names
    (``serve.allowed_hosts``; ``"*"`` allows any, ``".example.org"`` a domain and its
    subdomains)."""

    def __init__(self, listen_host: str = "", extra: Iterable[str] = ()) -> None:
        names = {"localhost"}
        if listen_host and listen_host not in ("0.0.0.0", "::"):
            names.add(host_name(listen_host))
        if not is_local(listen_host):  # reachable from the network: this machine's own name too
            me = socket.gethostname().lower()
            names.update({me, me + ".local"})
        self.any = False
        self.suffixes: list[str] = []
        for e in extra:
            e = e.strip().lower()
            if e == "*":
                self.any = True
            elif e.startswith("."):
                self.suffixes.append(e)
            elif e:
                names.add(host_name(e))
        self.names = names

    def allows(self, host_header: str) -> bool:
        if self.any:
            return True
        h = host_name(host_header)
        if not h:
            return False
        if h in self.names or h.endswith(".localhost"):
            return True
        if any(h.endswith(s) or h == s[1:] for s in self.suffixes):
            return True
        try:
            ipaddress.ip_address(h)
            return True
        except ValueError:
            return False


class HostGuard:
    """Refuses (421) every request whose ``Host`` header the :class:`HostPolicy` does not allow,
    and (403) every write (not GET/HEAD/OPTIONS) that comes from another site, whatever route it
    reaches (the write guard of each route checks the same again)."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
            host = headers.get("host", "")
            if not self.policy.allows(host):
                await _plain(
                    send,
                    421,
                    f"421 Misdirected Request: this server does not answer for host {host[:100]!r}."
                    " If you reach it through that name (a reverse proxy, a DNS name), add it to"
                    " serve.allowed_hosts.",
                )
                return
            if scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS"):
                why = foreign_origin(headers, scope.get("scheme", "http"))
                if why:
                    await _plain(send, 403, f"403 Forbidden: changes are refused from {why}.")
                    return
        await self.app(scope, receive, send)


async def _plain(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": (text + "\n").encode()})


def _origin_of(url: str) -> tuple[str, str] | None:
    """(scheme, host:port) of a URL, with the default port made explicit; None when unreadable."""
    try:
        p = urlsplit(url.strip())
        port = p.port or {"http": 80, "https": 443}.get(p.scheme.lower(), 0)
    except ValueError:
        return None
    if not p.scheme or not p.hostname:
        return None
    return p.scheme.lower(), f"{p.hostname.lower()}:{port}"


def foreign_origin(headers: Mapping[str, str], scheme: str = "http") -> str | None:
    """Why a write looks cross-site (its Origin, Sec-Fetch-Site or Referer names another site
    than the Host it was sent to), or None. ``headers`` with lower-case names. Clients that send
    none of them (curl, scripts) pass; the CSRF token and the write token still apply."""
    host = headers.get("host", "")
    mine = _origin_of(f"{scheme}://{host}") if host else None
    origin = headers.get("origin")
    if origin is not None:
        theirs = _origin_of(origin) if origin.strip().lower() != "null" else None
        if theirs is None or mine is None or theirs[1] != mine[1]:
            return f"a request from another site (Origin {origin[:100]!r})"
        return None
    site = headers.get("sec-fetch-site", "").lower()
    if site in ("cross-site", "same-site"):
        return f"a request from another site (Sec-Fetch-Site {site})"
    if site in ("same-origin", "none"):
        return None
    referer = headers.get("referer")
    if referer:
        theirs = _origin_of(referer)
        if theirs is None or mine is None or theirs[1] != mine[1]:
            return "a request from another site (Referer)"
    return None


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

    def check_origin(self, request: Request) -> None:
        why = foreign_origin(request.headers, request.url.scheme)
        if why:
            raise HTTPException(403, f"changes are refused from {why}")

    def check_form(self, request: Request, csrf: str | None, form_token: str | None = None) -> None:
        """For HTML forms: where it comes from, CSRF double submit, then the token."""
        self.check_origin(request)
        if not _same(csrf, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "the form expired or came from another site; reload and retry")
        self.check_token(request, form_token)

    def check_api(self, request: Request) -> None:
        """For the JSON API: JSON content type (or the CSRF header), then the token."""
        self.check_origin(request)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        header = request.headers.get("x-csrf-token")
        if ctype != "application/json" and not _same(header, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "send JSON (Content-Type: application/json) or an X-CSRF-Token")
        self.check_token(request)
