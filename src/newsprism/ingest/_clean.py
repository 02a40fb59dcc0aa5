"""Remove site chrome from article text (first version; refined by the extraction work)."""

from __future__ import annotations

import re

_CITATION = re.compile(r"\[\d+\]")
_COUNTER = re.compile(r"^[\w &'’.-]{1,40}\(\d+\)$")
_PAYWALL = re.compile(
    r"subscribe|subscription|sign in|log in|have an account|get started|monthly limit|free trial"
    r"|unlock this|already a subscriber|post your comment|have something to say|report issue",
    re.IGNORECASE,
)


def is_chrome_line(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if _COUNTER.match(s):
        return True
    return bool(_PAYWALL.search(s)) and len(s.split()) < 40


def clean_title(title: str) -> str:
    return re.sub(r"^(big news|breaking|just in|watch)\s*[:|-]\s*", "", title.strip(), flags=re.I)


def clean_body(text: str) -> str:
    lines = [_CITATION.sub("", ln).rstrip() for ln in text.splitlines()]
    kept = [ln for ln in lines if not is_chrome_line(ln)]
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()
