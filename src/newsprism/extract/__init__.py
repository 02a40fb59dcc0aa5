"""HTML article extraction: main text and metadata from a saved or fetched page."""

from __future__ import annotations

from ._html import ExtractedPage, extract_html

__all__ = ["ExtractedPage", "extract_html"]
