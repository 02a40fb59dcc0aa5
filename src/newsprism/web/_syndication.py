"""Feeds out: Atom 1.0 and JSON Feed 1.1 for the front page, blindspots and any search."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from starlette.responses import Response

ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    updated: datetime
    summary: str
    published: datetime | None = None


def _iso(d: datetime) -> str:
    return (d if d.tzinfo else d.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _clean(s: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters from untrusted text)."""
    return "".join(ch for ch in s if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))


def atom(title: str, self_url: str, home_url: str, entries: Sequence[Entry], updated: datetime) -> Response:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = _clean(text)
        return el

    sub(feed, "title", title)
    sub(feed, "id", self_url)
    sub(feed, "updated", _iso(updated))
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=home_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "newsprism")
    sub(feed, "generator", "newsprism")
    for e in entries:
        item = sub(feed, "entry")
        sub(item, "id", e.id)
        sub(item, "title", e.title, type="text")
        sub(item, "link", rel="alternate", href=e.url, type="text/html")
        sub(item, "updated", _iso(e.updated))
        if e.published:
            sub(item, "published", _iso(e.published))
        sub(item, "summary", e.summary, type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def json_feed(title: str, self_url: str, home_url: str, entries: Sequence[Entry]) -> Response:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_url,
        "feed_url": self_url,
        "authors": [{"name": "newsprism"}],
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "content_text": e.summary,
                "date_modified": _iso(e.updated),
                **({"date_published": _iso(e.published)} if e.published else {}),
            }
            for e in entries
        ],
    }
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return Response(body, media_type="application/feed+json; charset=utf-8")
