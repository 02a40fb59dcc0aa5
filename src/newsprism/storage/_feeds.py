"""Storage for the feeds stage (filled in by the issue that builds it)."""

from __future__ import annotations


class FeedsMixin:
    pass
