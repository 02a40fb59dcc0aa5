"""Remove site chrome from article text: paywall and comment prompts, navigation counters,
aggregator section labels, citation markers, standalone date banners and click-bait lead-ins.

Every rule is deliberately narrow so that a real article sentence is never removed: a line is
chrome when it is *short* and made of interface vocabulary (a label, a counter, an imperative
prompt), or when it piles up several paywall cues while addressing the reader ("you", "your").
A long sentence without that vocabulary always survives. ``clean_body`` is idempotent.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

from dateutil import parser as _dateparser

_CITATION = re.compile(r"\s?\[\d{1,3}\]")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
# "Latest News (46)", "Articles (6)", "Center (4)": a short label with a count in brackets.
_COUNTER = re.compile(r"^[\w &'’./-]{1,40}\s*\(\d[\d,.]*[kKmM]?\)$")
# "- 5M3 articles", "12 sources", "3.2K comments": a count of things, nothing else.
_COUNT_OF = re.compile(
    r"^[-–•*]?\s*[\w.,]{1,6}\s+(?:articles?|sources?|stories|comments?|shares?|views?)$", re.IGNORECASE
)
# Section labels and buttons that are interface, never prose, when they are the whole line.
_LABELS = frozenset(
    [
        *("overview", "analysis", "faq", "history", "summary", "timeline", "related", "advertisement"),
        *("ad", "sponsored", "share", "comments", "tags", "topics", "menu", "sections", "trending"),
        *("recommended", "newsletter", "more", "less", "... more", "read more", "read next"),
        *("related articles", "related stories", "share this", "share this article", "most popular"),
        *("most read", "top stories", "report issue", "report an issue", "report an error"),
        *("you may also like", "more from this author", "follow us", "print", "email", "copy link"),
        *("listen to this article", "skip to content", "back to top", "get started", "sign in"),
    ]
)
# Phrases that only occur in interface prompts.
_PROMPTS = re.compile(
    r"subscribe to (?:unlock|continue|read)|unlock this (?:story|article)|have an account\??|"
    r"already (?:a subscriber|have an account)|^get started(?:$|(?=[A-Z]))|sign in to|log in to|"
    r"have something to say\??|post (?:your|a) comment|leave a comment|report issue|"
    r"like this (?:story|article)\?|share (?:it|this) with a friend|tell us what you think|"
    r"all rights reserved|click here|sign up for (?:our|the)\b.*newsletter",
    re.IGNORECASE,
)
# A paywall notice speaks to the reader ("you"), says access is limited and offers a subscription.
_ACCESS_CUES = re.compile(
    r"monthly limit|article limit|free articles?|reached (?:your|the) (?:\w+ )?limit|cutting you off|"
    r"to continue reading|keep reading|unlock (?:this|the|unlimited)|for subscribers only|"
    r"subscribers? only|members? only",
    re.IGNORECASE,
)
_PAYWALL_CUES = re.compile(
    r"subscri\w*|free \d*-?\s?day trial|free trial|monthly limit|article limit|sign in|log in|paywall|"
    r"unlock|\$\d+(?:\.\d\d)?\s?/\s?(?:month|mo|year|week)|per month|premium",
    re.IGNORECASE,
)
_YOU = re.compile(r"\b(?:you|your|you've|you're)\b", re.IGNORECASE)
# Imperative promos: "Read both sides in 5 minutes each day", "Download our app now".
_IMPERATIVE = re.compile(
    r"^(?:read|get|try|join|download|subscribe|sign up|follow|share|click|tap|start|support|donate|"
    r"listen|watch|install|upgrade|register)\b",
    re.IGNORECASE,
)
_PROMO_CUES = re.compile(
    r"\d|\b(?:now|today|free|each day|every day|daily|app|newsletter|us|more|here|premium|unlimited)\b",
    re.IGNORECASE,
)
# Click-bait vocabulary for lead-ins and title prefixes.
_BAIT = (
    r"big|huge|breaking|just in|shocking|must[- ]read|you won'?t believe|omg|wow|alert|urgent|"
    r"dive|details|here'?s|let'?s|scoop|breakdown|find out|read on|buckle up|brace yourself|"
    r"guess what|spoiler|what we know|need to know|the lowdown|bombshell"
)
_TITLE_BAIT = re.compile(r"^\s*(?P<lead>[^:|]{2,40}?)\s*[:|]\s+(?=\S)")
_LEAD_IN = re.compile(r"^(?P<lead>[^:.!?\"“”]{3,70}):\s+(?=\S)")
_BAIT_WORDS = re.compile(rf"\b(?:{_BAIT}|news)\b", re.IGNORECASE)
_LEAD_BAIT_WORDS = re.compile(rf"\b(?:{_BAIT})\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)
_DATE_EXTRA = re.compile(
    r"\b(?:updated|published|posted|last updated|on|at|utc|gmt|[ecmp][sd]t|bst|cet|cest)\b|[,|·•–]|"
    r"(?<!\d)[:-]|[:-](?!\d)",
    re.IGNORECASE,
)


# Zone abbreviations common in news datelines (dateutil only knows UTC/GMT and the local zone).
TZ_ABBREVIATIONS: dict[str, int] = {
    name: hours * 3600
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "AEST": 10,
        "AEDT": 11,
        "JST": 9,
        "KST": 9,
    }.items()
}


def parse_date_text(text: str, *, fuzzy: bool = False) -> datetime | None:
    """dateutil parse with news zone abbreviations; unknown zones are ignored (naive result)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", _dateparser.UnknownTimezoneWarning)
        try:
            dt = _dateparser.parse(text, fuzzy=fuzzy, tzinfos=TZ_ABBREVIATIONS)
        except (ValueError, OverflowError):
            return None
    return dt if isinstance(dt, datetime) else None


def date_line(line: str) -> tuple[bool, bool]:
    """(is the whole line a date, does it carry a time of day)."""
    s = line.strip()
    if not s or len(s) > 60 or not _DATE_WORDS.search(s) or len(s.split()) > 9:
        return False, False
    rest = _DATE_EXTRA.sub(" ", s)
    if parse_date_text(rest) is None:
        return False, False
    return True, bool(_TIME.search(s))


def is_chrome_line(line: str) -> bool:
    """True for interface text copied with an article (prompts, labels, counters, date banners)."""
    s = line.strip()
    if not s:
        return False
    words = len(s.split())
    low = s.casefold().strip(" :.!")
    if low in _LABELS or _COUNTER.match(s) or _COUNT_OF.match(s):
        return True
    if words <= 30 and _PROMPTS.search(s):
        return True
    if words <= 60 and _ACCESS_CUES.search(s) and _PAYWALL_CUES.search(s) and _YOU.search(s):
        return True
    if words <= 10 and _IMPERATIVE.match(s) and _PROMO_CUES.search(s) and not s.endswith((".", "”", '"')):
        return True
    return date_line(s)[0]


def clean_title(title: str) -> str:
    """Title without a click-bait prefix ("Big News: ", "BREAKING | ") and surrounding spaces."""
    s = " ".join(title.split())
    m = _TITLE_BAIT.match(s)
    if m and len(m.group("lead").split()) <= 4 and _BAIT_WORDS.search(m.group("lead")):
        s = s[m.end() :]
    return s


def strip_lead_in(paragraph: str) -> str:
    """Paragraph without a formulaic click-bait opener ("Let's dive into the details: ")."""
    m = _LEAD_IN.match(paragraph)
    if m and len(m.group("lead").split()) <= 8 and _LEAD_BAIT_WORDS.search(m.group("lead")):
        rest = paragraph[m.end() :]
        return rest[:1].upper() + rest[1:]
    return paragraph


def _clean_once(text: str) -> str:
    out: list[str] = []
    for raw in text.splitlines():
        line = _SPACES.sub(" ", _CITATION.sub("", raw)).strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if is_chrome_line(line):
            continue
        if not any(out):  # only the opening paragraph can carry a click-bait lead-in
            line = strip_lead_in(line)
        out.append(line)
    return "\n".join(out).strip()


def clean_body(text: str) -> str:
    """Article text without chrome; paragraphs kept, at most one blank line between them."""
    out = _clean_once(text)
    for _ in range(5):  # removing a marker can expose another; stop at the fixed point
        again = _clean_once(out)
        if again == out:
            break
        out = again
    return out
