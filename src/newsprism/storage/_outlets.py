"""Storage for the outlets stage (filled in by the issue that builds it)."""

from __future__ import annotations


class OutletsStoreMixin:
    pass
