"""Candidate article bodies from independent extractors (trafilatura, readability, jusText).

Each function takes decoded HTML and returns plain text with one paragraph per line, or ``""``
when the extractor finds nothing. Extractor crashes on hostile markup count as "nothing": the
cascade in ``_choose`` decides with whatever the others found.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "br",
        "tr",
        "table",
        "blockquote",
        "pre",
        "figcaption",
        "figure",
        "section",
        "article",
        "header",
        "footer",
        "dd",
        "dt",
        "dl",
        "hr",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def trafilatura_text(html: str, url: str | None, *, precision: bool) -> str:
    """trafilatura's main text; ``precision`` selects its favor_precision mode."""
    import trafilatura

    try:
        text = trafilatura.extract(
            html,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except Exception as e:  # third-party parser on arbitrary markup: any failure means "nothing"
        logger.debug("trafilatura failed: %s", e)
        return ""
    return tidy_lines(text or "")


def readability_text(html: str) -> str:
    """readability-lxml's main content, flattened to one block per line."""
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        if not summary.strip():
            return ""
        return block_text(lxml.html.fromstring(summary))
    except Exception as e:  # readability raises bare Exception subclasses on odd pages
        logger.debug("readability failed: %s", e)
        return ""


def justext_text(html: str, language: str | None) -> str:
    """jusText's non-boilerplate paragraphs (stop list of ``language``, English by default)."""
    import justext

    names = {
        "en": "English",
        "de": "German",
        "fr": "French",
        "es": "Spanish",
        "pt": "Portuguese",
        "it": "Italian",
        "nl": "Dutch",
        "ru": "Russian",
        "pl": "Polish",
    }
    stoplist = justext.get_stoplist(names.get((language or "en")[:2], "English"))
    try:
        paragraphs = justext.justext(html, stoplist)
    except Exception as e:  # jusText raises on empty or unparsable documents
        logger.debug("justext failed: %s", e)
        return ""
    return tidy_lines("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def block_text(element: object) -> str:
    """Text of an lxml element with a line break at every block-level element boundary."""
    from lxml import etree

    assert isinstance(element, etree._Element)
    for el in element.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in _BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    return tidy_lines(element.text_content())


def tidy_lines(text: str) -> str:
    """Collapse runs of spaces, strip lines, drop empty ones."""
    lines = (_SPACES.sub(" ", ln).strip() for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)
