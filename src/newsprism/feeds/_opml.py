"""OPML: the feed-list format every feed reader imports and exports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import InputError
from ._types import Feed


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str | None = None


def read_opml(data: bytes | str) -> list[OpmlFeed]:
    """Every ``<outline xmlUrl=...>`` in an OPML document, in order, without repeats."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise InputError(f"not a valid OPML file: {e}") from e
    if root.tag.lower() != "opml":
        raise InputError(f"not an OPML file (root element is <{root.tag}>)")
    out: dict[str, OpmlFeed] = {}
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url:
            title = node.get("title") or node.get("text") or None
            out.setdefault(url, OpmlFeed(url, title.strip() if title else None))
    return list(out.values())


def write_opml(feeds: Iterable[Feed], title: str = "newsprism feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = ET.SubElement(root, "body")
    for f in feeds:
        attrs = {"type": "rss", "text": f.title or f.url, "xmlUrl": f.url}
        if f.title:
            attrs["title"] = f.title
        if f.site_url:
            attrs["htmlUrl"] = f.site_url
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
