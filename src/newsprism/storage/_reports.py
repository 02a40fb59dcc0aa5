"""Storage for the reports stage (filled in by the issue that builds it)."""

from __future__ import annotations


class ReportsMixin:
    pass
