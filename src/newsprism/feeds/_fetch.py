"""Polite, safe HTTP fetching: the only place newsprism talks to the network.

Every hop of a request is checked before it is made: only ``http``/``https``; the host is
resolved and every address it resolves to must be public unless the config allows it
(``fetch.allow_private``, ``fetch.allowed_hosts``, which also takes CIDR networks such as
``127.0.0.0/8``). Redirects are followed by hand, at most ``fetch.max_redirects`` hops, and a loop
is an error. Bodies are streamed and decompressed here (gzip/deflate only) with a running size
cap, so neither a huge response nor a decompression bomb can use more than ``fetch.max_bytes``.
``fetch.timeout_s`` bounds a whole request, body included. Requests to one host are limited to
``fetch.per_host_concurrency`` at a time and start ``fetch.politeness_delay_s`` apart.
Connection errors, timeouts, 429 and 5xx are retried ``fetch.retries`` times with exponential
backoff (honouring a short ``Retry-After``).

The connection is made to the very address that was checked (the name goes in the Host header
and TLS SNI), so a DNS answer that changes between check and connect (rebinding) cannot slip a
private address through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar, cast
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import FetchSettings
from ..errors import FetchError

log = logging.getLogger(__name__)
T = TypeVar("T")

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
RETRY_STATUS = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER_S = 30.0

Resolver = Callable[[str, int], Awaitable[list[str]]]


@dataclass(frozen=True)
class Response:
    """A fetched response (bodies of redirects and errors are not kept)."""

    url: str
    """The final URL, after redirects."""
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    permanent_url: str | None = None
    """Where the resource now lives when every redirect on the way was permanent (301/308)."""
    redirects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def run_blocking(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine ``make()`` to completion from synchronous code. Inside a running event
    loop (a notebook, an async web handler) ``asyncio.run`` refuses, so it then runs on its own
    loop in a worker thread; its result or exception is handed back here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = asyncio.run(make())
        except BaseException as e:  # handed back to the caller as it is
            box["error"] = e

    worker = threading.Thread(target=work, name="newsprism-fetch-loop", daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return cast(T, box["result"])


async def _system_resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


class _Decoder:
    """Streamed gzip/deflate decoding with a hard cap on the decoded size."""

    def __init__(self, encoding: str, limit: int) -> None:
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")
        self.limit = limit
        self.out = bytearray()

    def _room(self) -> int:
        room = self.limit - len(self.out)
        if room < 0:
            raise FetchError(f"response is larger than {self.limit} bytes (setting fetch.max_bytes)")
        return room

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self.out += chunk
            self._room()
            return
        data = chunk
        try:
            while data:
                piece = self._z.decompress(data, self._room() + 1)
                self.out += piece
                data = self._z.unconsumed_tail
                self._room()
        except zlib.error as e:
            raise FetchError(f"corrupt compressed response: {e}") from e

    def finish(self) -> bytes:
        if self._z is not None:
            try:
                self.out += self._z.flush()
            except zlib.error as e:
                raise FetchError(f"corrupt compressed response: {e}") from e
            self._room()
        return bytes(self.out)


class Fetcher:
    """Fetches URLs politely and safely; use as ``async with Fetcher(settings) as f``.

    ``client`` may be handed in (tests, a shared pool); it must not follow redirects itself.
    """

    def __init__(
        self,
        settings: FetchSettings,
        client: httpx.AsyncClient | None = None,
        *,
        resolver: Resolver | None = None,
        backoff_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._client = client
        self._own_client = client is None
        self._resolve = resolver or _system_resolve
        self.backoff_s = backoff_s
        self._clock = clock
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}
        self._global = asyncio.Semaphore(max(1, settings.concurrency))
        self._allowed_names = {h.lower() for h in settings.allowed_hosts if "/" not in h}
        self._allowed_nets = []
        for h in settings.allowed_hosts:
            try:
                self._allowed_nets.append(ipaddress.ip_network(h, strict=False))
            except ValueError:
                continue

    async def __aenter__(self) -> Fetcher:
        if self._client is None:
            s = self.settings
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(s.timeout_s),
                follow_redirects=False,
                trust_env=False,
                limits=httpx.Limits(max_connections=max(4, s.concurrency * 2), max_keepalive_connections=20),
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- safety -----------------------------------------------------------------------------
    async def check_url(self, url: str) -> str | None:
        """Raise FetchError unless ``url`` may be fetched (scheme and every resolved address).

        Returns the checked address to connect to when the host is a name we resolved, so the
        connection goes where the check looked (no second lookup, no DNS rebinding).
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"refusing to fetch {url!r}: only http and https are allowed")
        host = (parts.hostname or "").lower()
        if not host:
            raise FetchError(f"refusing to fetch {url!r}: no host")
        if self.settings.allow_private or host in self._allowed_names:
            return None
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as e:
            raise FetchError(f"invalid port in {url!r}") from e
        try:
            addrs = [host] if _is_ip(host) else await self._resolve(host, port)
        except (OSError, UnicodeError) as e:
            raise FetchError(f"cannot resolve {host}: {e}") from e
        if not addrs:
            raise FetchError(f"cannot resolve {host}: no addresses")
        for addr in addrs:
            ip = ipaddress.ip_address(addr.split("%")[0])
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
                ip = ip.ipv4_mapped
            if ip.is_global and not ip.is_multicast:
                continue
            if addr in self._allowed_names or any(ip in net for net in self._allowed_nets):
                continue
            kind = "loopback" if ip.is_loopback else "link-local" if ip.is_link_local else "private"
            raise FetchError(
                f"refusing to fetch {host}: it resolves to {ip}, a {kind} or reserved address"
                " (allow it with fetch.allowed_hosts or fetch.allow_private)"
            )
        return None if _is_ip(host) else addrs[0].split("%")[0]

    # -- requests ---------------------------------------------------------------------------
    async def get(
        self, url: str, *, headers: Mapping[str, str] | None = None, max_bytes: int | None = None
    ) -> Response:
        """GET ``url`` following redirects safely; any status is returned, failures raise FetchError."""
        current, seen, hops = url, [url], list[str]()
        permanent = True
        for hop in range(self.settings.max_redirects + 1):
            pin = await self.check_url(current)
            resp = await self._with_retries(current, headers or {}, max_bytes, pin)
            if resp.status not in REDIRECTS or "location" not in resp.headers:
                moved = current if permanent and hops else None
                return Response(current, resp.status, resp.headers, resp.body, moved, tuple(hops))
            nxt = urljoin(current, resp.headers["location"].strip())
            if nxt in seen:
                raise FetchError(f"redirect loop: {' -> '.join([*seen, nxt])}")
            if hop == self.settings.max_redirects:
                raise FetchError(
                    f"too many redirects (more than {self.settings.max_redirects},"
                    " setting fetch.max_redirects)"
                )
            permanent = permanent and resp.status in PERMANENT
            seen.append(nxt)
            hops.append(nxt)
            current = nxt
        raise AssertionError("unreachable")

    async def _with_retries(
        self, url: str, headers: Mapping[str, str], max_bytes: int | None, pin: str | None = None
    ) -> Response:
        attempts = max(0, self.settings.retries) + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                resp = await self._once(url, headers, max_bytes, pin)
            except FetchError as e:
                if last or not getattr(e, "retryable", False):
                    raise
                await asyncio.sleep(self.backoff_s * 2**attempt)
                continue
            if resp.status in RETRY_STATUS and not last:
                wait = _retry_after(resp.headers.get("retry-after"))
                pause = min(MAX_RETRY_AFTER_S, wait) if wait is not None else self.backoff_s * 2**attempt
                await asyncio.sleep(pause)
                continue
            return resp
        raise AssertionError("unreachable")

    async def _once(
        self, url: str, headers: Mapping[str, str], max_bytes: int | None, pin: str | None
    ) -> Response:
        host = (urlsplit(url).hostname or "").lower()
        sem = self._hosts.setdefault(host, asyncio.Semaphore(max(1, self.settings.per_host_concurrency)))
        async with sem:
            await self._polite(host)
            async with self._global:
                return await self._guarded(url, host, headers, max_bytes, pin)

    async def _guarded(
        self, url: str, host: str, headers: Mapping[str, str], max_bytes: int | None, pin: str | None
    ) -> Response:
        try:
            return await asyncio.wait_for(self._stream(url, headers, max_bytes, pin), self.settings.timeout_s)
        except (TimeoutError, httpx.TimeoutException) as e:
            raise _retryable(FetchError(f"timed out after {self.settings.timeout_s:g}s: {url}")) from e
        except httpx.TransportError as e:
            raise _retryable(FetchError(f"cannot connect to {host}: {e or type(e).__name__}")) from e
        except httpx.HTTPError as e:
            raise FetchError(f"HTTP error from {host}: {e}") from e

    async def _polite(self, host: str) -> None:
        delay = self.settings.politeness_delay_s
        if delay <= 0:
            return
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._last_start.get(host, -1e18) + delay - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_start[host] = self._clock()

    async def _stream(
        self, url: str, headers: Mapping[str, str], max_bytes: int | None, pin: str | None
    ) -> Response:
        assert self._client is not None, "use Fetcher as an async context manager"
        limit = max_bytes or self.settings.max_bytes
        req_headers = {
            "User-Agent": self.settings.user_agent,
            "Accept-Encoding": "gzip, deflate",
            **dict(headers),
        }
        target = httpx.URL(url)
        extensions: dict[str, Any] = {}
        if pin is not None:  # connect to the address that was checked; name in Host and TLS SNI
            req_headers["Host"] = target.netloc.decode("ascii")
            if target.scheme == "https":
                extensions["sni_hostname"] = target.host
            target = target.copy_with(host=pin)
        async with self._client.stream("GET", target, headers=req_headers, extensions=extensions) as r:
            hdrs = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code in REDIRECTS or r.status_code == 304 or r.status_code >= 400:
                return Response(str(r.url), r.status_code, hdrs)
            length = hdrs.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise FetchError(
                    f"response is {int(length)} bytes, over the {limit} byte limit (setting fetch.max_bytes)"
                )
            dec = _Decoder(hdrs.get("content-encoding", ""), limit)
            async for chunk in r.aiter_raw():
                dec.feed(chunk)
            return Response(str(r.url), r.status_code, hdrs, dec.finish())


def _retryable(e: FetchError) -> FetchError:
    e.retryable = True  # type: ignore[attr-defined]
    return e


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def _retry_after(value: Any) -> float | None:
    if not value:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    return max(0.0, (when - datetime.now(UTC)).total_seconds())
