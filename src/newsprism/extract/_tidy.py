"""News-specific cleanup of a chosen body: repeated headline, duplicate paragraphs, chrome lines."""

from __future__ import annotations

import re

from ..ingest._clean import clean_body

DUPLICATE_MIN_WORDS = 6  # shorter repeats ("Buy now", a price) may be legitimate list items
_NORM = re.compile(r"\W+")


def _norm(s: str) -> str:
    return _NORM.sub(" ", s.casefold()).strip()


def tidy_body(body: str, title: str) -> str:
    """``body`` without a leading copy of ``title``, repeated paragraphs and site chrome."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    t = _norm(title)
    # The headline often opens the extracted block; the title is stored on its own.
    while lines and t and (_norm(lines[0]) == t or (len(_norm(lines[0])) > 20 and _norm(lines[0]) in t)):
        lines.pop(0)
    seen: set[str] = set()
    kept = []
    for ln in lines:
        key = _norm(ln)
        if len(key.split()) >= DUPLICATE_MIN_WORDS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(ln)
    return clean_body("\n".join(kept))
