"""A page's publication date, judged from all its sources; its "updated" time kept apart.

Sources: schema.org JSON-LD (``datePublished``), ``<meta>`` tags (``article:published_time``,
Dublin Core, Parse.ly...), ``<time>`` elements and visible datelines ("Published March 3, 2020"),
htmldate in extensive mode, and the URL (``/2020/04/02/``). No source is taken blindly: each
votes for the day it says the article appeared (as the outlet wrote it, in its own UTC offset),
with a weight for how often that kind of source is right, and the day with the most weight wins.
Ties go to the earlier day (a "published" field that drifted is nearly always a later edit).

Two sources naming the same instant in different offsets (JSON-LD in UTC, the meta tag in the
outlet's ``+05:30``) agree: a UTC time is re-expressed in the offset the page's other times use,
so the article keeps the outlet's local day. ``updated`` (``dateModified``, "Updated ...") never
stands in for the publication date.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

logger = logging.getLogger(__name__)

WEIGHTS = {"json-ld": 2.0, "meta": 3.0, "url": 4.0, "time": 2.0, "dateline": 2.0, "htmldate": 1.0}
SECONDARY_META = 1.0
ECHO = 0.5  # a second meta tag mostly repeats the first; it only breaks ties

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "article.published",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "modified_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
_URL_DAY = re.compile(r"(?<![0-9])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?![0-9])")
_URL_DAY_SLASHED = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)")
_UPDATED_WORDS = re.compile(r"\b(?:updated?|modified|edited|revised|aktualisiert|mis à jour)\b", re.I)
_PUBLISHED_WORDS = re.compile(r"\b(?:published|posted|publié|veröffentlicht|first published)\b", re.I)


@dataclass(frozen=True)
class DateCandidate:
    """One source's opinion: a time (aware, or naive when the page gave no offset)."""

    source: str
    when: datetime
    has_time: bool = True
    weight: float = 0.0  # 0 -> WEIGHTS[source]


@dataclass(frozen=True)
class PageDates:
    published: datetime | None = None
    updated: datetime | None = None
    sources: tuple[str, ...] = ()  # the sources that agreed on the published day


def _valid(dt: datetime, now: datetime) -> bool:
    aware = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return datetime(1995, 1, 1, tzinfo=UTC) <= aware <= now + timedelta(days=2)


def parse_when(value: str) -> tuple[datetime, bool] | None:
    """(time, has a time of day) from an ISO-like or free-form string; the offset is kept as given."""
    s = (value or "").strip()
    if not s or len(s) > 80:
        return None
    if re.fullmatch(r"\d{10}(?:\d{3})?", s):  # epoch seconds or milliseconds
        secs = int(s[:10])
        return datetime.fromtimestamp(secs, tz=UTC), True
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00").replace(" UTC", "+00:00"))
        return dt, bool(re.search(r"\d[T ]\d{1,2}:\d{2}", s))
    except ValueError:
        pass
    if not re.search(r"\d", s):
        return None
    from ..ingest._clean import parse_date_text

    dt2 = parse_date_text(s)
    if dt2 is None:
        return None
    return dt2, bool(re.search(r"\d:\d{2}", s))


def url_day(url: str | None) -> date | None:
    """The day in a URL path ('/2020/04/02/', '/20200402/', '-2020-04-02-'), if any."""
    if not url:
        return None
    path = re.sub(r"^https?://[^/]+", "", url)
    for rx in (_URL_DAY_SLASHED, _URL_DAY):
        m = rx.search(path)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _outlet_offset(cands: list[DateCandidate]) -> timezone | None:
    """The non-UTC offset most of the page's timed values use (the outlet's), if any."""
    counts: dict[timedelta, int] = defaultdict(int)
    for c in cands:
        off = c.when.utcoffset()
        if c.has_time and off is not None and off != timedelta(0):
            counts[off] += 1
    if not counts:
        return None
    return timezone(max(counts, key=lambda k: counts[k]))


def _local(c: DateCandidate, outlet: timezone | None) -> datetime:
    off = c.when.utcoffset()
    if outlet is not None and c.has_time and off == timedelta(0):
        return c.when.astimezone(outlet)
    return c.when


def resolve_dates(
    published: list[DateCandidate], updated: list[DateCandidate], now: datetime | None = None
) -> PageDates:
    """The published day most sources support (ties: the earlier), and the latest ``updated``."""
    now = now or datetime.now(UTC)
    published = [c for c in published if _valid(c.when, now)]
    updated = [c for c in updated if _valid(c.when, now)]
    outlet = _outlet_offset(published + updated)
    votes: dict[date, float] = defaultdict(float)
    voters: dict[date, list[str]] = defaultdict(list)
    seen: set[tuple[str, date]] = set()
    updated_days = {_local(c, outlet).date() for c in updated}
    for c in published:
        day = _local(c, outlet).date()
        if (c.source, day) in seen:
            continue
        seen.add((c.source, day))
        weight = c.weight or WEIGHTS.get(c.source, 1.0)
        if day in updated_days:  # a "published" value that is the update time is worth less
            weight *= ECHO
        votes[day] += weight
        voters[day].append(c.source)
    if not votes:
        return PageDates(updated=_latest(updated, outlet))
    best = min(votes, key=lambda d: (-votes[d], d))
    # The most precise value for that day: a time of day with an offset beats a bare date.
    on_day = [c for c in published if _local(c, outlet).date() == best]
    pick = max(on_day, key=lambda c: (c.has_time, c.when.tzinfo is not None, -_rank(c.source)))
    when = _local(pick, outlet)
    if when.tzinfo is None:  # a naive value is taken as written, at UTC
        when = when.replace(tzinfo=UTC)
    upd = _latest(updated, outlet)
    if upd is not None and upd < when:
        upd = None
    return PageDates(published=when, updated=upd, sources=tuple(voters[best]))


def _rank(source: str) -> int:
    order = ("meta", "json-ld", "time", "dateline", "htmldate", "url")
    return order.index(source) if source in order else len(order)


def _latest(cands: list[DateCandidate], outlet: timezone | None) -> datetime | None:
    if not cands:
        return None
    best = _local(max(cands, key=lambda c: c.when if c.when.tzinfo else c.when.replace(tzinfo=UTC)), outlet)
    return best if best.tzinfo else best.replace(tzinfo=UTC)


def _add(out: list[DateCandidate], source: str, raw: str | None, weight: float = 0.0) -> None:
    parsed = parse_when(raw or "")
    if parsed:
        out.append(DateCandidate(source, parsed[0], parsed[1], weight))


def _time_elements(tree: Any, pub: list[DateCandidate], upd: list[DateCandidate]) -> None:
    """``<time datetime>`` and ``itemprop`` dates in the page, as the reader sees them."""
    for el in tree.xpath('//*[@itemprop="datePublished" or @itemprop="dateModified"]')[:4]:
        raw = el.get("datetime") or el.get("content") or el.text_content()
        target = upd if el.get("itemprop") == "dateModified" else pub
        _add(target, "time", raw)
    for el in tree.xpath("//time[@datetime]")[:3]:
        if el.get("itemprop"):
            continue
        context = " ".join(
            [el.text_content(), (el.getparent().text_content() if el.getparent() is not None else "")]
        )
        target = (
            upd if _UPDATED_WORDS.search(context[:80]) and not _PUBLISHED_WORDS.search(context[:80]) else pub
        )
        _add(target, "time", el.get("datetime"), weight=1.5)


_DATELINE_XPATH = (
    "//*[self::div or self::span or self::p or self::li]"
    '[contains(@class, "date") or contains(@class, "posted") or contains(@class, "published")'
    ' or contains(@class, "byline") or contains(@class, "meta")]'
)
_DATE_IN_TEXT = re.compile(
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2})",
    re.IGNORECASE,
)


def _datelines(tree: Any, pub: list[DateCandidate], upd: list[DateCandidate]) -> None:
    """A short visible line such as 'Published March 3, 2020' or 'Updated 4 May 2021'."""
    found_pub = found_upd = False
    for el in tree.xpath(_DATELINE_XPATH)[:30]:
        text = " ".join(el.text_content().split())
        if not text or len(text) > 120:
            continue
        for m in _DATE_IN_TEXT.finditer(text):
            before = text[max(0, m.start() - 25) : m.start()]
            parsed = parse_when(m.group(0))
            if parsed is None:
                continue
            if _UPDATED_WORDS.search(before):
                if not found_upd:
                    upd.append(DateCandidate("dateline", parsed[0], False))
                    found_upd = True
            elif not found_pub:
                pub.append(DateCandidate("dateline", parsed[0], False))
                found_pub = True
        if found_pub and found_upd:
            return


_SKIP_TEXT = frozenset(["script", "style", "noscript", "template", "svg", "button", "select"])
HEADLINE_REACH = 400  # characters of text after the <h1> read for its dateline


def text_after(el: Any, limit: int, sep: str = " ") -> str:
    """The first ``limit`` characters of visible text after ``el`` in document order, its text
    nodes joined by ``sep``."""
    parts: list[str] = []
    size = 0

    def add(text: str | None) -> bool:
        nonlocal size
        t = " ".join((text or "").split())
        if t:
            parts.append(t)
            size += len(t) + 1
        return size >= limit

    def walk(node: Any) -> bool:  # True once enough text is read
        if not isinstance(node.tag, str) or node.tag in _SKIP_TEXT:
            return False
        if add(node.text):
            return True
        return any(walk(child) or add(child.tail) for child in node)

    node = el
    while node is not None:
        if add(node.tail):
            break
        if any(walk(sib) or add(sib.tail) for sib in node.itersiblings()):
            break
        node = node.getparent()
    return sep.join(parts)[:limit]


def _headline_dateline(tree: Any, pub: list[DateCandidate], upd: list[DateCandidate]) -> None:
    """The date printed just under the headline, read as a reader does: 'Updated ...' is the update.

    Pages print their dateline between the ``<h1>`` and the text ("December 18, 2025 · 3 min read",
    "By Ann Lee 12 min read · Updated Dec 18, 2025") without any class that names it.
    """
    h1 = next(iter(tree.xpath("//body//h1[not(ancestor::nav) and not(ancestor::footer)]")), None)
    if h1 is None:
        return
    text = text_after(h1, HEADLINE_REACH)
    shown_pub: DateCandidate | None = None
    shown_upd: DateCandidate | None = None
    for m in _DATE_IN_TEXT.finditer(text):
        parsed = parse_when(m.group(0))
        if parsed is None:
            continue
        if _UPDATED_WORDS.search(text[max(0, m.start() - 30) : m.start()]):
            if shown_upd is None:
                shown_upd = DateCandidate("dateline", parsed[0], False)
                upd.append(shown_upd)
        elif shown_pub is None:
            shown_pub = DateCandidate("dateline", parsed[0], False)
            pub.append(shown_pub)


def _htmldate(tree: Any, url: str | None) -> datetime | None:
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=True)
    except Exception as e:  # heuristics on arbitrary markup
        logger.debug("htmldate failed: %s", e)
        return None
    parsed = parse_when(found) if found else None
    return parsed[0] if parsed else None


def _padded_year(found: datetime, others: list[DateCandidate]) -> bool:
    """htmldate's 1 January that no other source names: a bare year (a copyright line) padded to a day.

    On WCXB dev articles whose gold has no date, such lone 1 Januaries are most of the dates we
    gave; where the gold has a date, none was right.
    """
    if (found.month, found.day) != (1, 1):
        return False
    return all(c.when.date() != found.date() for c in others)


def page_dates(
    tree: Any,
    ld: dict[str, Any],
    meta: Mapping[str, str],
    url: str | None,
    now: datetime | None = None,
) -> PageDates:
    """Gather every source's published and updated times in ``tree`` and resolve them."""
    pub: list[DateCandidate] = []
    upd: list[DateCandidate] = []
    for key in ("datePublished", "dateCreated"):
        raw = ld.get(key)
        if isinstance(raw, list):
            raw = raw[0] if raw else None
        if raw:
            _add(pub, "json-ld", str(raw), weight=0.0 if key == "datePublished" else 1.0)
            break
    if ld.get("dateModified"):
        _add(upd, "json-ld", str(ld["dateModified"]))
    first = True
    for key in PUBLISHED_META:
        n = len(pub)
        _add(pub, "meta", meta.get(key), weight=0.0 if first else SECONDARY_META)
        first = first and len(pub) == n
    for key in UPDATED_META:
        _add(upd, "meta", meta.get(key))
    _time_elements(tree, pub, upd)
    _datelines(tree, pub, upd)
    _headline_dateline(tree, pub, upd)
    day = url_day(url)
    if day is not None:
        pub.append(DateCandidate("url", datetime(day.year, day.month, day.day), False))
    found = _htmldate(tree, url)
    if found is not None and not _padded_year(found, pub):
        pub.append(DateCandidate("htmldate", found, False))
    return resolve_dates(pub, upd, now)
