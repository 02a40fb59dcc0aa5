"""Feed parsing with feedparser: RSS 0.9x/1.0/2.0 and Atom, in any declared or sniffed encoding."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import FeedError

_BLOCKS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>")


@dataclass(frozen=True)
class FeedEntry:
    key: str
    """The entry's identity within its feed: guid/id, else link, else a hash of its text."""
    title: str
    url: str | None
    content: str
    """Full text from the feed (content:encoded, atom:content), as plain text; may be empty."""
    summary: str
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None
    """Set when the feed was readable despite errors (e.g. a wrong declared encoding)."""


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if not html or ("<" not in html and "&" not in html):
        return (html or "").strip()
    import lxml.html
    from lxml.etree import ParserError

    marked = _BLOCKS.sub(lambda m: m.group(0) + "\n\n", html)
    try:
        doc = lxml.html.fragment_fromstring(marked, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    text = doc.text_content()
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def _with_offset(raw: str, instant: datetime) -> datetime:
    """``instant`` in the UTC offset the feed wrote ``raw`` with (RFC 822 or ISO 8601).

    feedparser hands back a UTC struct, which moves the day of a ``+05:30`` entry; the raw string
    keeps the outlet's offset. It is only used when it names the same instant as feedparser's
    reading (within a minute), so a string feedparser repaired is never read differently.
    """
    s = (raw or "").strip()
    local: datetime | None = None
    try:
        local = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        try:
            local = datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            local = None
    if local is None or local.tzinfo is None:
        return instant
    if abs((local - instant).total_seconds()) > 60:
        return instant
    return instant.astimezone(local.tzinfo)


def _when(entry: Any) -> datetime | None:
    """The entry's publication time, in the offset the feed wrote it with (UTC when none)."""
    for key in ("published", "updated", "created"):
        st = entry.get(f"{key}_parsed")
        if st:
            try:
                instant = datetime.fromtimestamp(calendar.timegm(st), tz=UTC)
            except (OverflowError, ValueError):
                continue
            return _with_offset(str(entry.get(key) or ""), instant)
    return None


def _entry(e: Any) -> FeedEntry:
    raw_title = e.get("title", "") or ""
    is_html = "html" in str((e.get("title_detail") or {}).get("type", "text/html"))
    title = html_to_text(raw_title) if is_html else raw_title
    link = e.get("link") or None
    content = ""
    for c in e.get("content") or []:
        value = html_to_text(c.get("value", "") or "")
        if len(value) > len(content):
            content = value
    summary = html_to_text(e.get("summary", "") or "")
    if content and content == summary:
        summary = ""
    names = [a.get("name", "") for a in e.get("authors") or [] if a.get("name")]
    if not names and e.get("author"):
        names = [str(e.get("author"))]
    key = e.get("id") or link
    if not key:
        key = "sha1:" + hashlib.sha1((title + "\n" + (content or summary)).encode()).hexdigest()
    return FeedEntry(
        key=str(key).strip(),
        title=" ".join(title.split()),
        url=str(link).strip() if link else None,
        content=content,
        summary=summary,
        authors=tuple(n.strip() for n in names if n.strip()),
        published_at=_when(e),
    )


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document; raise FeedError when it is not a readable feed."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    d = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    warning = None
    if d.get("bozo"):
        exc = d.get("bozo_exception")
        reason = f"{type(exc).__name__}: {exc}" if exc else "unknown error"
        if not d.entries:
            if not d.get("version"):
                raise FeedError(f"malformed or not a feed ({reason})")
            raise FeedError(f"malformed feed, no entries could be read ({reason})")
        warning = f"feed has errors but was read ({reason})"
    elif not d.get("version") and not d.entries:
        raise FeedError("not a feed (no RSS or Atom document found)")
    feed = d.get("feed", {})
    entries: dict[str, FeedEntry] = {}
    for e in d.entries:
        fe = _entry(e)
        entries.setdefault(fe.key, fe)
    return ParsedFeed(
        title=(feed.get("title") or None),
        site_url=(feed.get("link") or None),
        entries=tuple(entries.values()),
        warning=warning,
    )
