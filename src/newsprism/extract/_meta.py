"""Page metadata: title, authors, publication date, site name, canonical URL, description, language.

Sources in order of trust: schema.org JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting``...),
then ``<meta>`` tags (Open Graph, ``article:*``, Dublin Core, Parse.ly), then trafilatura's
metadata heuristics, then htmldate for the date (it reads URLs, meta tags and visible dates).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from ._dates import PageDates, page_dates
from ._people import _unique as unique_names
from ._people import (
    headline_byline,
    json_ld_people,
    labelled_people,
    people_and_orgs,
    split_byline,
    visible_people,
)
from ._titles import choose_title, strip_site_suffix

__all__ = ["PageMeta", "page_meta", "split_byline", "strip_site_suffix"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

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
_SPACES = re.compile(r"\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


@dataclass(frozen=True)
class PageMeta:
    title: str = ""
    authors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()  # newsrooms, teams, the outlet: named as authors, not people
    published_at: datetime | None = None
    updated_at: datetime | None = None
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


def _first(*values: str | None) -> str | None:
    for v in values:
        if v and v.strip():
            return v.strip()
    return None


def _absolute(value: Any) -> str | None:
    v = _text(value)
    return v if v.startswith(("http://", "https://")) and " " not in v else None


def saved_page_url(tree: Any, ld: dict[str, Any], meta: dict[str, str], url: str | None = None) -> str | None:
    """The page's own address: canonical link, og:url, the given URL, then JSON-LD url / @id.

    A relative canonical link is resolved against whichever absolute address the page gives.
    """
    from urllib.parse import urljoin

    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    main = ld.get("mainEntityOfPage")
    ordered = [
        _absolute(canonical[0] if canonical else None),
        _absolute(meta.get("og:url")),
        url if url and url.startswith(("http://", "https://")) else None,
        _absolute(ld.get("url")),
        _absolute(main.get("@id") if isinstance(main, dict) else main),
        _absolute(meta.get("twitter:url")),
    ]
    found = next((u for u in ordered if u), None)
    rel = _text(canonical[0]) if canonical else ""
    if found and ordered[0] is None and rel.startswith("/") and not rel.startswith("//"):
        return urljoin(found, rel)
    return found or url


def _guarded(fn: Callable[..., T], default: T, *args: Any) -> T:
    """A markup heuristic's answer, or ``default`` when arbitrary markup trips it up."""
    try:
        return fn(*args)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as e:
        logger.debug("%s failed: %s", getattr(fn, "__name__", fn), e)
        return default


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
    title = choose_title(
        tree,
        [
            _text(ld.get("headline")),
            meta.get("og:title"),
            meta.get("twitter:title"),
            meta.get("dc.title"),
            _text(tree.findtext(".//title")),
            t_title,
        ],
        site,
    )
    authors, orgs = json_ld_people(ld.get("author") or ld.get("creator"), site)
    if not authors:
        bylines = [
            meta.get("author"),
            meta.get("article:author"),
            meta.get("parsely-author"),
            meta.get("dc.creator"),
            meta.get("sailthru.author"),
            t_author,
        ]
        for byline in bylines:
            if byline and not byline.startswith(("http://", "https://")):
                authors, more = people_and_orgs([byline.replace(";", ",")], site)
                orgs += more
                if authors:
                    break
    for find in (visible_people, labelled_people, headline_byline):  # the byline the reader sees
        if not authors and (find is not headline_byline or not orgs):  # inline 'By X': last resort
            nobody: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
            authors, more = _guarded(find, nobody, tree, site)
            orgs += more
    page_url = saved_page_url(tree, ld, meta, url)
    dates = _guarded(page_dates, PageDates(), tree, ld, meta, page_url)
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
        organisations=unique_names(o for o in orgs if o not in authors),
        published_at=dates.published,
        updated_at=dates.updated,
        site_name=site,
        url=page_url,
        description=description,
        language=lang.replace("_", "-").split("-")[0].lower() if lang else None,
    )
