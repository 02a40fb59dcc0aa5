"""Outlet registry: who publishes an article, how each rater rates it, who owns it.

(Placeholder interface; the outlet-registry issue fills it in.)
"""

from __future__ import annotations

from urllib.parse import urlsplit


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
