"""Bytes of a saved or fetched page -> text, honouring the page's declared charset."""

from __future__ import annotations

import codecs
import re

from ..errors import ExtractionError, InputError
from ..ingest._detect import decode_text

# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB of markup, when Python knows it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore").lower()
    if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        name = "cp1252"  # what browsers do (WHATWG encoding standard)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(html: str | bytes) -> str:
    """Text of ``html``; bytes are decoded as UTF-8, else the declared charset, else a guess."""
    if isinstance(html, str):
        return html
    try:
        # Valid UTF-8 is almost never another encoding by accident, while charset labels often lie.
        return html.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    try:
        text, _encoding = decode_text(html, declared_charset(html))
    except InputError as e:
        raise ExtractionError(f"page is not readable text: {e}") from e
    return text
