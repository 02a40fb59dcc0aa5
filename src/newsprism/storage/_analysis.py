"""Storage for the analysis stage (filled in by the issue that builds it)."""

from __future__ import annotations


class AnalysisMixin:
    pass
