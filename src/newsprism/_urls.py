"""Which URLs newsprism stores and renders as links: http(s) only.

An input can carry any string as its link (``javascript:alert(1)``, ``data:text/html,...``,
``vbscript:``); rendered as ``href`` it runs script on the reader's click. :func:`web_url` is the
one rule, applied where articles are built (:mod:`newsprism.models`) and where pages render links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def web_url(value: object) -> str | None:
    """``value`` as an absolute http(s) URL with a host, else None (any other scheme, relative or
    protocol-relative addresses, control characters or spaces inside)."""
    if value is None:
        return None
    s = str(value).strip()
    if not s or _CONTROL.search(s):
        return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return s
