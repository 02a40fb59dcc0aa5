"""Outlet registry: who publishes an article, how each rater rates it, who owns it.

(Placeholder interface with no ratings; the outlet-registry issue fills it in. The names and
signatures below are the contract other stages code against.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

LEANS = ("left", "lean left", "center", "lean right", "right")
"""The five-point lean scale; an outlet with no rating has lean ``"unrated"``."""


@dataclass(frozen=True)
class Rating:
    """One rating organisation's verdict on an outlet."""

    rater: str
    bias: str | None
    bias_label: str | None
    factual: str | None = None
    factual_label: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class OutletProfile:
    domain: str
    name: str
    lean: str = "unrated"
    lean_source: str = "none"
    agreement: str = "unrated"
    ratings: tuple[Rating, ...] = ()
    country: str | None = None
    media_type: str | None = None
    owner: str | None = None
    owner_type: str = "unknown"


def domain_of(url: str) -> str | None:
    """Registrable domain of ``url`` (``https://edition.cnn.com/x`` -> ``cnn.com``), or None."""
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    import tldextract

    ext = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)(host)
    if not ext.domain or not ext.suffix:
        return None
    return f"{ext.domain}.{ext.suffix}".lower()


class OutletRegistry:
    """Looks up outlet profiles (bundled ratings + the user's overrides)."""

    def __init__(self, store: Any = None, overrides: Mapping[str, Any] | None = None) -> None:
        self.store = store
        self.overrides = dict(overrides or {})

    def profile(self, domain: str, name: str | None = None) -> OutletProfile:
        return OutletProfile(domain=domain, name=name or domain)
