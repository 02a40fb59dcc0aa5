"""extract_html: the article in a saved or fetched page, with its metadata.

Pipeline: decode bytes (``_decode``) -> candidate bodies from three extractors (``_candidates``)
-> choose one (``_choose``) -> remove news chrome (``_tidy`` and ``ingest._clean``) -> metadata
(``_meta``). A page without an article raises ExtractionError saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..errors import ExtractionError
from ._candidates import readability_text, trafilatura_text
from ._choose import Candidates, choose_body
from ._decode import decode_html
from ._meta import page_meta
from ._score import word_count
from ._tidy import tidy_body

MIN_WORDS = 25  # below this a "body" is a caption, a teaser or a login prompt, not an article


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
    extractor: str = ""  # which extractor's body the cascade chose (for diagnostics)


def extract_candidates(html: str, url: str | None = None) -> Candidates:
    """Every extractor's body for already decoded ``html`` (the benchmark scores each one)."""
    return Candidates(
        precise=trafilatura_text(html, url, precision=True),
        balanced=trafilatura_text(html, url, precision=False),
        readability=readability_text(html),
    )


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """Extract the article in ``html``; raise ExtractionError saying why when there is none."""
    text_html = decode_html(html)
    if not text_html.strip():
        raise ExtractionError("empty page")
    if "<" not in text_html:
        raise ExtractionError("page is not HTML (no markup)")
    candidates = extract_candidates(text_html, url)
    body, extractor = choose_body(candidates)
    meta = page_meta(text_html, url)
    body = tidy_body(body, meta.title)
    words = word_count(body)
    if words == 0:
        raise ExtractionError("no article text found")
    if words < MIN_WORDS:
        raise ExtractionError(f"page is not an article (only {words} words of main text)")
    return ExtractedPage(
        title=meta.title,
        text=body,
        url=meta.url or url,
        dek=meta.description,
        authors=meta.authors,
        published_at=meta.published_at,
        site_name=meta.site_name,
        language=meta.language,
        extractor=extractor,
    )
