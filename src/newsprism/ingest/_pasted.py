"""Pasted page text (.txt): title, dek, date and body from lines copied out of a browser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ._clean import clean_body, clean_title, is_chrome_line


@dataclass(frozen=True)
class PastedPage:
    title: str
    text: str
    dek: str | None = None
    published_at: datetime | None = None


def parse_pasted(text: str) -> PastedPage:
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not is_chrome_line(ln)]
    if not lines:
        return PastedPage(title="", text="")
    first = lines[0]
    if len(first.split()) <= 25 and not first.endswith((".", "!", "?", "”", '"')):
        title, body = first, lines[1:]
    else:
        sentence = first.split(". ")[0]
        title, body = (sentence if len(sentence) < 200 else sentence[:197] + "…"), lines
    return PastedPage(title=clean_title(title), text=clean_body("\n".join(body)))
