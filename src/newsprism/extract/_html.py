"""extract_html: the article in a saved or fetched page, with its metadata.

Pipeline: decode bytes (``_decode``) -> candidate bodies from three extractors (``_candidates``)
-> choose one (``_choose``) -> remove news chrome (``_tidy`` and ``ingest._clean``) -> metadata
(``_meta``). A page without an article raises ExtractionError saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..errors import ExtractionError
from ._candidates import readability_text, trafilatura_text
from ._choose import STUB_WORDS, Candidates, choose_body
from ._decode import decode_html
from ._meta import page_meta
from ._score import word_count
from ._tidy import tidy_body

_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
MIN_WORDS = 25  # below this a "body" is a caption, a teaser or a login prompt, not an article
PROSE_LINE_WORDS = 8  # a line this long is running text; shorter ones may be links, labels, prices


def _line_words(line: str) -> int:
    # Scripts written without spaces (Chinese, Japanese, Thai) count one word per two characters.
    return max(word_count(line), len(_UNSPACED.findall(line)) // 2)


def prose_words(text: str) -> int:
    """Words in lines of running text (menus and link lists have none)."""
    counts = (_line_words(ln) for ln in text.splitlines())
    return sum(n for n in counts if n >= PROSE_LINE_WORDS)


@dataclass(frozen=True)
class ExtractedPage:
    title: str
    text: str
    url: str | None = None
    dek: str | None = None
    authors: tuple[str, ...] = ()  # people only
    published_at: datetime | None = None  # in the outlet's UTC offset when the page gives one
    site_name: str | None = None
    language: str | None = None
    extractor: str = ""  # which extractor's body the cascade chose (for diagnostics)
    updated_at: datetime | None = None  # the page's "last updated", never the publication time
    organisations: tuple[str, ...] = ()  # newsrooms, teams, companies credited as authors


def extract_candidates(html: str, url: str | None = None) -> Candidates:
    """The extractors' bodies for decoded ``html``.

    trafilatura's balanced mode only matters to the cascade when the precise text is a stub
    (see ``_choose``), so it is only run then.
    """
    precise = trafilatura_text(html, url, precision=True)
    balanced = trafilatura_text(html, url, precision=False) if word_count(precise) < STUB_WORDS else ""
    return Candidates(precise=precise, balanced=balanced, readability=readability_text(html))


def extract_page(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """The cascade's page, without judging whether it is an article (the benchmark scores this)."""
    text_html = decode_html(html)
    if not text_html.strip():
        raise ExtractionError("empty page")
    if "<" not in text_html:
        raise ExtractionError("page is not HTML (no markup)")
    body, extractor = choose_body(extract_candidates(text_html, url))
    meta = page_meta(text_html, url)
    return ExtractedPage(
        title=meta.title,
        text=tidy_body(body, meta.title),
        url=meta.url or url,
        dek=meta.description,
        authors=meta.authors,
        published_at=meta.published_at,
        site_name=meta.site_name,
        language=meta.language,
        extractor=extractor,
        updated_at=meta.updated_at,
        organisations=meta.organisations,
    )


def check_article(text: str) -> None:
    """Raise ExtractionError unless ``text`` is long enough and has running text."""
    words = word_count(text)
    if words == 0:
        raise ExtractionError("no article text found")
    if words < MIN_WORDS:
        raise ExtractionError(f"page is not an article (only {words} words of main text)")
    if prose_words(text) < MIN_WORDS:
        raise ExtractionError("page is not an article (no running text, only short lines such as links)")


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """Extract the article in ``html``; raise ExtractionError saying why when there is none."""
    page = extract_page(html, url)
    check_article(page.text)
    return page
