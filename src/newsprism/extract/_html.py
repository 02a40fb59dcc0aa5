"""First version: trafilatura for text and metadata, htmldate for the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import ExtractionError


@dataclass(frozen=True)
class ExtractedPage:
    title: str
    text: str
    url: str | None = None
    dek: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    site_name: str | None = None
    language: str | None = None


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """Extract the article in ``html``; raise ExtractionError saying why when there is none."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise ExtractionError("no article text found in the HTML")
    published = None
    if doc.date:
        try:
            published = datetime.fromisoformat(doc.date).replace(tzinfo=UTC)
        except ValueError:
            published = None
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return ExtractedPage(
        title=(doc.title or "").strip(),
        text=doc.text.strip(),
        url=doc.url or url,
        dek=doc.description,
        authors=authors,
        published_at=published,
        site_name=doc.sitename,
        language=doc.language,
    )
