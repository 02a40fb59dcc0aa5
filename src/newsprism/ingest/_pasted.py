"""Pasted page text (.txt): title, dek, date and body from lines copied out of a browser.

Layout rules (general, not per site):
* chrome lines (``_clean.is_chrome_line``) are dropped wherever they are;
* the title is the first meaningful line when it reads as a headline (at most 25 words, not a
  run of sentences); when the page starts with a long paragraph the title is that paragraph's
  first sentence and the paragraph stays in the body;
* standalone date lines: the article's date is the one nearest the title, a line with a time of
  day preferred (banners above the title such as today's date on a news site are not it); every
  date line is removed from the body;
* a short single-sentence line right after the title (dates and chrome skipped) is the dek.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ._clean import clean_body, clean_title, date_line, is_chrome_line, parse_date_text

HEADLINE_MAX_WORDS = 25
DEK_MAX_WORDS = 40
TITLE_MAX_CHARS = 200
DATE_WINDOW = 4  # lines after the title searched for the article's date
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class PastedPage:
    title: str
    text: str
    dek: str | None = None
    published_at: datetime | None = None


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(line) if s.strip()]


def _is_headline(line: str) -> bool:
    return len(line.split()) <= HEADLINE_MAX_WORDS and len(_sentences(line)) <= 1 and len(line) <= 250


def _parse_date(line: str) -> datetime | None:
    words = re.sub(r"\b(?:updated|published|posted|last|on|at)\b|[|·•]", " ", line, flags=re.IGNORECASE)
    dt = parse_date_text(words, fuzzy=True)
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _first_sentence_title(paragraph: str) -> str:
    first = _sentences(paragraph)[0].strip()
    if len(first) <= TITLE_MAX_CHARS:
        return first.rstrip(".")
    cut = first[:TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def parse_pasted(text: str) -> PastedPage:
    """Title, dek, date and cleaned body of text copied from a web page."""
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    # (index, line) of meaningful lines; date lines are kept aside for the date decision.
    dates: list[tuple[int, str, bool]] = []
    content: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        if not ln:
            continue
        is_date, has_time = date_line(ln)
        if is_date:
            dates.append((i, ln, has_time))
        elif not is_chrome_line(ln):
            content.append((i, ln))
    if not content:
        return PastedPage(title="", text="")
    first_i, first = content[0]
    body_start = 0
    if _is_headline(first):
        title, body_start = first, 1
    else:
        title = _first_sentence_title(first)
    dek = None
    if body_start == 1 and len(content) > 2:
        nxt = content[1][1]
        if len(nxt.split()) <= DEK_MAX_WORDS and len(_sentences(nxt)) == 1 and not nxt.endswith(":"):
            dek, body_start = nxt, 2
    # The article's date: after the title, close to it, with a time of day if any has one.
    near = [(i, ln, t) for i, ln, t in dates if first_i < i <= first_i + DATE_WINDOW + 2]
    near.sort(key=lambda d: (not d[2], d[0]))
    published = _parse_date(near[0][1]) if near else None
    body_lines: list[str] = []
    prev = -2
    for i, ln in content[body_start:]:
        if body_lines and i > prev + 1:
            body_lines.append("")  # keep paragraph breaks of the original
        body_lines.append(ln)
        prev = i
    return PastedPage(
        title=clean_title(title),
        text=clean_body("\n".join(body_lines)),
        dek=dek,
        published_at=published,
    )
