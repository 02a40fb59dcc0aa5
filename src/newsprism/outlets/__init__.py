"""Outlet registry: who publishes an article, how each rater rates it, who owns it.

Public API (everything else is internal):

- :func:`domain_of` (URL -> outlet domain), :func:`unwrap_url` (feed proxies, AMP caches)
- :class:`OutletRegistry` -> :class:`OutletProfile` (with every :class:`Rating` side by side)
- :func:`displayed_lean` (the documented rule), the scales :data:`LEANS`, :data:`CATEGORIES`,
  :data:`FACTUAL`, :data:`OWNER_TYPES`

The bundled table ``newsprism/data/outlets.json.gz`` is built by ``scripts/build_outlets.py``.
"""

from __future__ import annotations

from ._lean import displayed_factual, displayed_lean
from ._registry import OutletRegistry, check_override, normalise_domain
from ._resolve import unwrap_url
from ._table import OutletRecord, OutletTable, bundled_table
from ._types import (
    BIASES,
    CATEGORIES,
    FACTUAL,
    LEANS,
    OWNER_TYPES,
    UNRATED,
    OutletProfile,
    Rating,
)

__all__ = [
    "BIASES",
    "CATEGORIES",
    "FACTUAL",
    "LEANS",
    "OWNER_TYPES",
    "UNRATED",
    "OutletProfile",
    "OutletRecord",
    "OutletRegistry",
    "OutletTable",
    "Rating",
    "bundled_table",
    "check_override",
    "displayed_factual",
    "displayed_lean",
    "domain_of",
    "normalise_domain",
    "unwrap_url",
]


def domain_of(url: str) -> str | None:
    """Outlet domain of ``url``: feed proxies and AMP caches unwrapped, then the most specific
    domain the bundled table knows (aliases folded: ``bbc.co.uk`` -> ``bbc.com``,
    ``abcnews.go.com`` stays), else the registrable domain (``edition.cnn.com`` -> ``cnn.com``).
    None when there is no usable host (or only a proxy/shortener that hides the target)."""
    return bundled_table().resolve(url)
