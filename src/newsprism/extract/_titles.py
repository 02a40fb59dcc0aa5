"""The article's headline: the one the reader sees, without the site's name or a section label.

A page names its article several times: the ``<h1>`` the reader sees, JSON-LD ``headline``,
``og:title`` and ``<title>``. The meta titles are often written for search engines
("Best X 2025 | Site", "Section | Headline"), the ``<h1>`` is what the outlet prints above the
article, so it is preferred when the page has one clear ``<h1>`` that is not the site's logo or
a section label. Otherwise the first meta title is used, with the site's name and section labels
cut off. Entities left escaped by a CMS (``&#8217;``, ``&amp;#8230;``) are decoded.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|_|·|•|«|»|/)\s+|\s*_\s*(?=\S+$)")
_LEADING = re.compile(r"\s*(?:\||-|–|—|::|:|·|•|«|»|/)\s+")
_STRIP_CHARS = " |-–—:_·•«»/"
MIN_OVERLAP = 0.3  # share of the <h1>'s words that the meta title must contain
_NON_HEADLINE_CLASS = re.compile(r"logo|site-?title|site-?name|brand|masthead|navbar", re.IGNORECASE)
# Section labels that sit in front of or behind a headline ("News | ...", "... - Opinion").
SECTION_LABELS = frozenset(
    [
        "news",
        "opinion",
        "analysis",
        "blog",
        "article",
        "articles",
        "politics",
        "world",
        "business",
        "sport",
        "sports",
        "tech",
        "technology",
        "health",
        "science",
        "culture",
        "lifestyle",
        "entertainment",
        "travel",
        "food",
        "local",
        "national",
        "home",
        "latest",
        "breaking news",
        "live",
        "video",
        "features",
        "feature",
        "editorial",
        "commentary",
        "review",
        "reviews",
        "guide",
        "guides",
        "resources",
        "insights",
        "learn",
        "stories",
        "press release",
        "press releases",
        "updates",
    ]
)


_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u02c6\u02dc]"
)


def repair_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 or Windows-1252 by the page's own CMS ('Investorâ\x80\x99s', 'â€™') repaired.

    Only a string that decodes cleanly as UTF-8 after re-encoding is changed.
    """
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def unescape(text: str) -> str:
    """Decode HTML entities, also doubly escaped ones ('&amp;#8230;'), repair mojibake, collapse spaces."""
    s = text or ""
    for _ in range(2):
        if "&" not in s:
            break
        s = html_lib.unescape(s)
    return _SPACES.sub(" ", repair_mojibake(s)).strip()


def norm_key(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


def _site_keys(site: str) -> set[str]:
    """The site's name, its domain's first label, and each part of a name such as
    'Urge Fitness | Affordable 24/7 Gyms' or 'Eat Your Greens - From nutrition to habits'."""
    parts = [site, site.split(".")[0], *_SEPARATORS.split(site)]
    return {k for k in (norm_key(p) for p in parts) if k}


def _is_label(part: str, site: str | None) -> bool:
    key = norm_key(part)
    if not key:
        return True
    if site and key in _site_keys(site):
        return True
    return part.strip(_STRIP_CHARS).casefold() in SECTION_LABELS


def strip_site_suffix(title: str, site: str | None = None) -> str:
    """'Headline | Site Name' -> 'Headline'; also 'Site | Headline' and 'News - Headline'.

    A trailing segment is dropped when it names the site or a section, or is short (<= 4 words)
    while the rest is a real headline (>= 3 words); a leading one only when it names the site or
    a section. A title without separators is returned unchanged.
    """
    s = _SPACES.sub(" ", title).strip()
    parts = _SEPARATORS.split(s)
    while len(parts) > 1:
        last, rest = parts[-1], s[: s.rfind(parts[-1])].rstrip(_STRIP_CHARS)
        piped = s[len(rest) :].lstrip().startswith("|")  # "|" nearly always starts a site name
        short = len(last.split()) <= (6 if piped else 4) and len(rest.split()) >= (2 if piped else 3)
        if _is_label(last, site) or short:
            s, parts = rest, _SEPARATORS.split(rest)
        else:
            break
    parts = _LEADING.split(s, maxsplit=1)
    if len(parts) > 1 and _is_label(parts[0], site):
        rest = s[len(parts[0]) :].lstrip(_STRIP_CHARS)
        if len(rest.split()) >= 2:
            s = rest
    return s


_INLINE = frozenset(["a", "b", "i", "em", "strong", "span", "u", "small", "abbr", "font", "sup", "sub"])


def spaced_text(el: Any) -> str:
    """An element's visible text with a space where one block ends and the next begins.

    ``text_content`` glues '<span>Daryl Austin</span><div>Published ...</div>' into
    'Daryl AustinPublished'; inline tags (a, b, span...) are still joined as written.
    """
    parts: list[str] = []

    def walk(node: Any) -> None:
        block = node is not el and node.tag not in _INLINE
        if block:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")  # comments' tails too
        if block:
            parts.append(" ")

    walk(el)
    return _SPACES.sub(" ", "".join(parts)).strip()


def _visible_headlines(tree: Any, site: str | None) -> list[str]:
    out: list[str] = []
    for el in tree.xpath("//h1")[:6]:
        if any(
            a.tag in ("nav", "footer", "aside")
            or _NON_HEADLINE_CLASS.search(f"{a.get('class', '')} {a.get('id', '')}")
            for a in [el, *el.iterancestors()]
            if isinstance(a.tag, str)
        ):
            continue
        text = unescape(spaced_text(el))
        if not text or len(text.split()) > 40 or _is_label(text, site):
            continue
        if text not in out:
            out.append(text)
    return out


def _overlap(a: str, b: str) -> float:
    ta, tb = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return len(ta & tb) / len(ta) if ta else 0.0


_LEADING_DATE = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"|\d{4}-\d{2}-\d{2})\s+",
    re.IGNORECASE,
)
_TRAILING_BYLINE = re.compile(r"\s+(?:posted|published|updated|written)\s+(?:on|by)\s.*$", re.IGNORECASE)
_TRAILING_DOMAIN = re.compile(r"\s*\((?:[a-z0-9-]+\.)+[a-z]{2,12}\)\s*$", re.IGNORECASE)  # "(latimes.com)"


def _clean_headline(text: str, site: str | None) -> str:
    s = _TRAILING_DOMAIN.sub("", _TRAILING_BYLINE.sub("", _LEADING_DATE.sub("", text)))
    return strip_site_suffix(s, site)


def _segments(titles: list[str]) -> set[str]:
    """Every separator-delimited part of the raw meta titles (site names, blog names, sections)."""
    return {norm_key(part) for t in titles for part in _SEPARATORS.split(t) if part}


def choose_title(tree: Any, meta_titles: list[str | None], site: str | None) -> str:
    """The visible ``<h1>`` headline when clear, else the first meta title without its site suffix.

    An ``<h1>`` is not the headline when it is the site's or blog's name (a part of ``<title>``
    that the headline is not), a short label where the meta title is a longer headline, or one
    of several ``<h1>`` none of which shares most words with the meta title.
    """
    raw = [unescape(t) for t in meta_titles if t and unescape(t)]
    metas = [strip_site_suffix(t, site) for t in raw]
    meta_title = metas[0] if metas else ""
    for other in raw[1:]:  # another meta title that is this one without its tail: the tail is the site
        shorter = len(other) < len(meta_title) and len(other.split()) >= 2
        if shorter and meta_title.startswith(other) and _SEPARATORS.match(meta_title[len(other) :]):
            meta_title = other
    h1s = [h for h in (_clean_headline(h, site) for h in _visible_headlines(tree, site)) if h]
    if not h1s:
        return meta_title
    if not meta_title:
        return h1s[0]
    h1 = max(h1s, key=lambda h: _overlap(h, meta_title))
    overlap = _overlap(h1, meta_title)
    if overlap < MIN_OVERLAP:
        return meta_title  # an <h1> that is not this page's headline (a section, a teaser)
    key = norm_key(h1)
    lead = {norm_key(_SEPARATORS.split(t)[0]) for t in raw}  # 'Headline | Tagline' leads with it
    blog_name = key in _segments(raw) and (key not in lead or (site is not None and _is_label(h1, site)))
    if blog_name and key not in {norm_key(m) for m in metas}:
        return meta_title  # the blog's or site's name, printed as the page's <h1>
    words, meta_words = len(h1.split()), len(meta_title.split())
    if words <= 3 and meta_words >= words + 2:
        return meta_title  # a section label ("VPN Services") above a real headline
    if words < 2 and key not in norm_key(meta_title):
        return meta_title
    return h1
