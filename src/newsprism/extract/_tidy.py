"""News-specific cleanup of a chosen body: repeated headline, echoed captions, chrome lines."""

from __future__ import annotations

import re

from ..ingest._clean import clean_body

# An exact repeat of a paragraph within this many lines is a page artefact (a photo caption shown
# collapsed and expanded, a teaser echoing the lead). Repeats further apart are kept: recipes,
# meal plans and interviews legitimately repeat lines.
ECHO_WINDOW = 4
ECHO_MIN_WORDS = 6  # shorter repeats ("Buy now", a price) are list items
_NORM = re.compile(r"\W+")


def _norm(s: str) -> str:
    return _NORM.sub(" ", s.casefold()).strip()


def tidy_body(body: str, title: str) -> str:
    """``body`` without a leading copy of ``title``, echoed paragraphs and site chrome."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    t = _norm(title)
    # The headline often opens the extracted block; the title is stored on its own.
    while lines and t and (_norm(lines[0]) == t or (len(_norm(lines[0])) > 20 and _norm(lines[0]) in t)):
        lines.pop(0)
    kept: list[str] = []
    for ln in lines:
        key = _norm(ln)
        recent = {_norm(k) for k in kept[-ECHO_WINDOW:]}
        if len(key.split()) >= ECHO_MIN_WORDS and key in recent:
            continue
        kept.append(ln)
    return clean_body("\n".join(kept))
