"""Page metadata: title, authors, publication date, site name, canonical URL, description, language.

Sources in order of trust: schema.org JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting``...),
then ``<meta>`` tags (Open Graph, ``article:*``, Dublin Core, Parse.ly), then trafilatura's
metadata heuristics, then htmldate for the date (it reads URLs, meta tags and visible dates).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger(__name__)

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "webpage",
    "report",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
    "socialmediaposting",
    "posting",
}
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|par|von|por|di|door|written by)\s*[:\s]\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


@dataclass(frozen=True)
class PageMeta:
    title: str = ""
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    site_name: str | None = None
    url: str | None = None
    description: str | None = None
    language: str | None = None


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return _SPACES.sub(" ", str(value or "")).strip()


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = _CDATA.sub("", script.text or "").strip().rstrip(";")
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                yield obj
                if isinstance(obj.get("@graph"), list):
                    stack.extend(obj["@graph"])


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type") or []
    types = types if isinstance(types, list) else [types]
    return any(str(t).lower() in _ARTICLE_TYPES for t in types)


def _people(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        name = _text(v)
        if name and not name.startswith(("http://", "https://")):
            names.extend(split_byline(name))
    return tuple(dict.fromkeys(names))


_CREDENTIALS = {"ma", "md", "phd", "rn", "mph", "ms", "msc", "bsc", "jr", "sr", "staff", "editor", "reporter"}
_DATE_TAIL = re.compile(
    r"\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,4}[/.-]\d).*$",
    re.IGNORECASE,
)


def split_byline(byline: str) -> list[str]:
    """'By Ann Lee and Bo Chan' -> ['Ann Lee', 'Bo Chan'] (credentials and trailing dates dropped)."""
    s = _BYLINE_PREFIX.sub("", _SPACES.sub(" ", byline).strip())
    s = _DATE_TAIL.sub("", s)
    parts = re.split(r"\s*(?:;|,|\||\band\b|\bund\b|\bet\b|&)\s*", s)
    names = [p.strip(" .") for p in parts]
    return [n for n in names if n and len(n.split()) <= 5 and n.casefold().strip(".") not in _CREDENTIALS]


def parse_datetime(value: str) -> datetime | None:
    """An aware datetime from an ISO-like or free-form date string (naive values are taken as UTC)."""
    s = (value or "").strip()
    if not s:
        return None
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        from ..ingest._clean import parse_date_text

        parsed = parse_date_text(s)
        if parsed is None:
            return None
        dt = parsed
    if not 1990 <= dt.year <= datetime.now(UTC).year + 1:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _meta_tags(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = _SPACES.sub(" ", el.get("content") or "").strip()
        if key and value and key not in out:
            out[key] = value
    return out


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|_|·|«|»|/)\s+|\s*_\s*(?=\S+$)")


def strip_site_suffix(title: str, site: str | None = None) -> str:
    """'Headline | Site Name' -> 'Headline' (also ' - ', ' — ', ' :: ', ' _ ' separators).

    The last segment is dropped when it names the site or is short (<= 4 words) while the rest
    is a real headline (>= 3 words); a title without separators is returned unchanged.
    """
    s = _SPACES.sub(" ", title).strip()
    parts = _TITLE_SEPARATORS.split(s)
    while len(parts) > 1:
        last, rest = parts[-1], s[: s.rfind(parts[-1])].rstrip(" |-–—:_·«»/")
        names_site = bool(site) and _norm_key(last) == _norm_key(site or "")
        if names_site or (len(last.split()) <= 4 and len(rest.split()) >= 3):
            s, parts = rest, parts[:-1]
        else:
            break
    return s


def _norm_key(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


def _first(*values: str | None) -> str | None:
    for v in values:
        if v and v.strip():
            return v.strip()
    return None


def page_meta(html: str, url: str | None) -> PageMeta:
    """Metadata of the page ``html`` (decoded text); every field may be empty."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):  # empty or unparsable document
        return PageMeta(url=url)
    ld: dict[str, Any] = next((o for o in _json_ld_objects(tree) if _is_article(o)), {})
    meta = _meta_tags(tree)

    import trafilatura

    try:
        tm = trafilatura.extract_metadata(tree, default_url=url)
    except Exception as e:  # heuristics on arbitrary markup
        logger.debug("trafilatura metadata failed: %s", e)
        tm = None
    t_title = tm.title if tm else None
    t_author = tm.author if tm else None

    site = _first(
        meta.get("og:site_name"),
        _text(ld.get("publisher")) if ld.get("publisher") else None,
        tm.sitename if tm else None,
    )
    title = _first(
        _text(ld.get("headline")),
        meta.get("og:title"),
        meta.get("twitter:title"),
        meta.get("dc.title"),
        _text(tree.findtext(".//title")),
        t_title,
    )
    title = strip_site_suffix(title, site) if title else ""
    authors = _people(ld.get("author") or ld.get("creator"))
    if not authors:
        byline = _first(
            meta.get("author"),
            meta.get("article:author"),
            meta.get("parsely-author"),
            meta.get("dc.creator"),
            meta.get("sailthru.author"),
            t_author,
        )
        if byline and not byline.startswith(("http://", "https://")):
            authors = tuple(dict.fromkeys(split_byline(byline.replace(";", ","))))
    if not authors:
        authors = _visible_byline(tree)
    published = None
    for raw in (
        _text(ld.get("datePublished")),
        meta.get("article:published_time"),
        meta.get("parsely-pub-date"),
        meta.get("dc.date"),
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("og:published_time"),
        _text(ld.get("dateCreated")),
    ):
        published = parse_datetime(raw or "")
        if published:
            break
    if published is None:
        published = _htmldate(tree, url)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    page_url = _first(canonical[0] if canonical else None, meta.get("og:url"), url)
    description = _first(
        meta.get("og:description"),
        meta.get("description"),
        _text(ld.get("description")),
        meta.get("twitter:description"),
    )
    lang = _first(
        tree.get("lang"),
        meta.get("og:locale"),
        _text(ld.get("inLanguage")),
        meta.get("content-language"),
        meta.get("dc.language"),
    )
    return PageMeta(
        title=title or "",
        authors=authors,
        published_at=published,
        site_name=site,
        url=page_url if page_url and page_url.startswith(("http://", "https://")) else url,
        description=description,
        language=lang.replace("_", "-").split("-")[0].lower() if lang else None,
    )


_BYLINE_XPATH = (
    '//*[@rel="author"] | //*[@itemprop="author"] | '
    '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")] | '
    '//*[contains(@class, "author-name") or contains(@class, "byline__name")'
    ' or contains(@class, "authorName")]'
)


def _visible_byline(tree: Any) -> tuple[str, ...]:
    """Names from the page's visible byline markup (rel/itemprop author, class "byline")."""
    for el in tree.xpath(_BYLINE_XPATH)[:5]:
        text = _SPACES.sub(" ", el.text_content()).strip()
        if text and len(text.split()) <= 12:
            names = split_byline(text)
            if names:
                return tuple(dict.fromkeys(names))
    return ()


def _htmldate(tree: Any, url: str | None) -> datetime | None:
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=False)
    except Exception as e:  # heuristics on arbitrary markup
        logger.debug("htmldate failed: %s", e)
        return None
    return parse_datetime(found) if found else None
