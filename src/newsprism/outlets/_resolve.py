"""From a URL to an outlet domain: unwrap proxies and AMP caches, then find the registrable domain.

The public suffix list is tldextract's bundled snapshot (``suffix_list_urls=()``: never
downloaded). Private suffixes are included, so ``someone.blogspot.com`` is its own publisher;
hosting platforms listed in ``_curated.PLATFORMS`` are treated the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from ._curated import PLATFORMS

PROXY_HOSTS = frozenset(
    {
        "feedproxy.google.com",
        "feeds.feedburner.com",
        "feedburner.com",
        "feeds2.feedburner.com",
        "rss.feedsportal.com",
        "feeds.feedblitz.com",
        "news.google.com",
        "l.facebook.com",
        "lm.facebook.com",
        "out.reddit.com",
        "t.umblr.com",
        "r.search.yahoo.com",
        "t.co",
        "bit.ly",
        "ow.ly",
        "buff.ly",
        "dlvr.it",
        "trib.al",
        "lnkd.in",
        "fb.me",
        "apple.news",
        "flip.it",
    }
)
"""Redirectors and feed proxies: never an outlet themselves. Their target is taken from a
``url=``-style parameter when there is one; otherwise the outlet is unknown (None)."""

_TARGET_PARAMS = ("url", "u", "q", "link", "target", "dest", "destination", "to")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost")
_AMP_CACHE = re.compile(r"^/[a-z]/(s/)?(?P<rest>[^/]+\..+)$")
_GOOGLE_AMP = re.compile(r"^/amp/(s/)?(?P<rest>[^/]+\..+)$")


def _host(url: str) -> tuple[str, str, str] | None:
    """(host, path, query) of ``url`` (a bare domain is accepted), or None."""
    text = url.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text if "://" in text else "http://" + text)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().rstrip("."), parts.path, parts.query


def unwrap_url(url: str) -> str:
    """The original article URL behind a feed proxy, redirector or AMP cache (else ``url``)."""
    for _ in range(5):  # proxies can nest; five hops is plenty
        got = _host(url)
        if got is None:
            return url
        host, path, query = got
        inner: str | None = None
        if host.endswith(".cdn.ampproject.org") or host.endswith(".ampproject.net"):
            m = _AMP_CACHE.match(path)
            if m:
                inner = ("https://" if m.group(1) else "http://") + m.group("rest")
        elif host in ("google.com", "www.google.com") and path.startswith("/amp/"):
            m = _GOOGLE_AMP.match(path)
            if m:
                inner = ("https://" if m.group(1) else "http://") + m.group("rest")
        elif host in PROXY_HOSTS or host in ("google.com", "www.google.com"):
            params = parse_qs(query)
            for name in _TARGET_PARAMS:
                for value in params.get(name, []):
                    value = unquote(value) if "%3a" in value.lower()[:12] else value
                    if value.startswith(("http://", "https://")):
                        inner = value
                        break
                if inner:
                    break
        if inner is None:
            return url
        url = inner
    return url


@functools.cache
def _extractor() -> Callable[[str], tuple[str, str, str]]:
    """The suffix-list extractor (built once per process: parsing the list takes ~0.1 s)."""
    import tldextract

    ext = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

    def split(host: str) -> tuple[str, str, str]:
        r = ext(host)
        return r.subdomain, r.domain, r.suffix

    return split


def host_of(url: str) -> str | None:
    """The lower-case host of ``url`` after unwrapping, without ``www.``; None for proxies."""
    got = _host(unwrap_url(url))
    if got is None:
        return None
    host = got[0]
    if host in PROXY_HOSTS or (host in ("google.com", "www.google.com") and got[1].startswith("/url")):
        return None
    for prefix in ("www.", "www2.", "m.", "mobile.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def registrable(host: str) -> str | None:
    """Registrable domain of ``host`` (``edition.cnn.com`` -> ``cnn.com``), or None."""
    if "." not in host or host.replace(".", "").isdigit():
        return None
    labels = host.split(".")
    if labels[-1] in _RESERVED_TLDS:
        return ".".join(labels[-2:])
    sub, dom, suffix = _extractor()(host)
    if not dom or not suffix:
        return None
    base = f"{dom}.{suffix}"
    if base in PLATFORMS and sub:
        return f"{sub.split('.')[-1]}.{base}"
    return base


def candidates(host: str) -> list[str]:
    """``host`` and each parent down to its registrable domain, most specific first."""
    base = registrable(host)
    if base is None:
        return []
    out = [host]
    while out[-1] != base and out[-1].count(".") > base.count("."):
        out.append(out[-1].split(".", 1)[1])
    if out[-1] != base:
        out.append(base)
    return out
