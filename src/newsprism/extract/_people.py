"""Authors as people: bylines split into names, organisations kept apart.

A byline is free text: "By Ann Lee and Bo Chan", "Keith Barry Senior Autos Reporter",
"Posted by : Ryan Bald", "Dylan Bailey, MS, RD", "Staff", "Reuters", "Updated January 4".
``people_and_orgs`` turns one into person names (prefixes, roles, credentials and dates cut off)
and organisations (newsrooms, teams, companies, the outlet itself), which are not authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ._titles import spaced_text, unescape

_SPACES = re.compile(r"\s+")
_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|reviewed|edited|article|recipe|words|story|text|photos?|reporting)\s+)?"
    r"(?:by|par|von|por|di|door)\b\s*:?\s*|^\s*(?:authors?|writers?|byline)\s*:?\s+",
    re.IGNORECASE,
)
_STRONG_SPLIT = re.compile(r"\s*(?:;|,|\||\n)\s*")
_AND_SPLIT = re.compile(r"\s*(?:\band\b|\bund\b|\bet\b|\by\b|&|\bwith\b)\s*")
_DATE = re.compile(
    r"\b(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d|\d{1,4}[/.-]\d|"
    r"(?:last\s+)?updated\b|published\b|posted\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\b,)",
    re.IGNORECASE,
)
# Words that end a name: what follows is a role or a date. Credentials end it when written in
# capitals ("RN", "M.D."), so that "Rui Ma" keeps its surname.
ROLE_WORDS = frozenset(
    [
        "reporter",
        "writer",
        "editor",
        "correspondent",
        "contributor",
        "columnist",
        "author",
        "staff",
        "senior",
        "chief",
        "managing",
        "deputy",
        "associate",
        "executive",
        "contributing",
        "freelance",
        "founder",
        "co-founder",
        "cofounder",
        "ceo",
        "cto",
        "head",
        "director",
        "manager",
        "president",
        "expert",
        "specialist",
        "consultant",
        "producer",
        "journalist",
        "analyst",
        "photographer",
        "lead",
        "principal",
        "intern",
        "fellow",
        "professor",
        "view",
        "more",
        "posts",
        "licensed",
        "certified",
    ]
)
CREDENTIALS = frozenset(
    [
        "ma",
        "md",
        "phd",
        "rn",
        "bsn",
        "mph",
        "ms",
        "msc",
        "bsc",
        "mba",
        "jr",
        "sr",
        "dvm",
        "vmd",
        "rd",
        "rdn",
        "ldn",
        "cpa",
        "esq",
        "facp",
        "faan",
        "fand",
        "cscs",
        "dacvb",
        "foma",
        "dabom",
        "faclm",
    ]
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
MONTH_NAMES = frozenset(
    [
        *("january", "february", "march", "april", "june", "july", "august", "september"),
        *("october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul."),
        *("aug.", "sep.", "sept.", "oct.", "nov.", "dec."),
    ]
)
# Template placeholders left in a page: 'page.head.extra.author', '{{ author }}', '%author%'.
_PLACEHOLDER = re.compile(r"[a-z]{2,}\.[a-z]{2,}\.|\{\{|\$\{|%\w+%")
_EDGE_JUNK = " ,.:;-–—|'\"[](){}"
NOT_NAMES = frozenset(
    [
        "staff",
        "admin",
        "administrator",
        "editor",
        "editors",
        "editorial",
        "the author",
        "author",
        "guest",
        "anonymous",
        "unknown",
        "team",
        "written by",
        "view more posts",
        "contributor",
        "contributors",
        "newsroom",
        "sponsored",
        "articles",
        "member login",
        "read more",
        "the",
        "desk",
        "wire",
        "guest author",
        "staff writer",
        "staff reporter",
    ]
)
ORG_WORDS = re.compile(
    r"\b(?:team|staff|news|newsroom|desk|media|press|magazine|journal|times|post|daily|tribune|"
    r"herald|blog|inc|llc|ltd|gmbh|corp|corporation|company|co|group|agency|associated|reuters|afp|"
    r"bloomberg|clinic|hospital|university|college|institute|foundation|association|society|"
    r"services|solutions|studio|studios|labs?|network|online|official|editorial|editors|admin)\b",
    re.IGNORECASE,
)


def _key(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


def clean_name(raw: str) -> str:
    """A name without prefix, role, credentials or date ('Keith Barry Senior Reporter' -> 'Keith Barry')."""
    s = _PREFIX.sub("", _SPACES.sub(" ", raw).strip()).strip(" .:-–—|")
    m = _DATE.search(s)
    if m:
        s = s[: m.start()].strip(" ,.:-–—|")
    words = s.split()
    if words and words[0].strip(",.()").casefold() in ROLE_WORDS:
        return ""  # a role on its own ("Sr. Director of Operations", "Lead Reviewer")
    capitalised = bool(words) and words[0][:1].isupper()
    kept: list[str] = []
    for w in words:
        bare = w.strip(",.()").casefold()
        lower_word = capitalised and w[:1].islower() and bare not in _PARTICLES
        credential = bare.replace(".", "") in CREDENTIALS and w.replace(".", "").isupper()
        month = w.casefold() in MONTH_NAMES  # 'ServiceTitan November 3': a date follows the name
        if kept and (bare in ROLE_WORDS or credential or lower_word or month):
            break
        kept.append(w)
    return " ".join(kept).strip(_EDGE_JUNK)


_PARTICLES = frozenset(["de", "van", "von", "der", "da", "la", "le", "del", "bin", "al", "du", "dos", "ten"])
_ORG_SHAPE = re.compile(r"\b(?:of|for|the)\b", re.IGNORECASE)


def is_organisation(name: str, site: str | None = None) -> bool:
    """A newsroom, team, company or the outlet itself rather than a person."""
    if site and _key(name) and _key(name) == _key(site):
        return True
    return bool(ORG_WORDS.search(name)) or (name.isupper() and len(name.split()) == 1)


def _has_role(text: str) -> bool:
    return any(w.strip(",.()").casefold() in ROLE_WORDS for w in text.split())


def _plausible(name: str, max_words: int = 5) -> bool:
    if not name or "@" in name or "://" in name or "www." in name.casefold() or ":" in name:
        return False
    if _PLACEHOLDER.search(name):
        return False
    if any(ch.isdigit() for ch in name) or len(name) > 60:
        return False
    words = name.split()
    if not 1 <= len(words) <= max_words or name.casefold() in NOT_NAMES:
        return False
    first = words[0].casefold()
    if first.strip(".") in _MONTHS or (first in MONTH_NAMES and len(words) == 1):
        return False  # "October"; "April Fulton" is a name
    if {"www", "com"} & {w.casefold() for w in words}:
        return False
    return bool(re.match(r"[^\W\d_]", name))


def people_and_orgs(
    bylines: Iterable[str], site: str | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(person names, organisations) named by ``bylines``, each once, in order."""
    people: list[str] = []
    orgs: list[str] = []
    for byline in bylines:
        text = _PREFIX.sub("", _SPACES.sub(" ", unescape(byline or "")).strip())
        for chunk in _STRONG_SPLIT.split(text):
            chunk = re.sub(r"^(?:and|&)\s+", "", chunk.strip())
            whole = _PREFIX.sub("", chunk).strip(_EDGE_JUNK)
            if whole.casefold() in CREDENTIALS or (people and _has_role(chunk)):
                continue  # "MS", "Home and Digital Security Expert": what follows a name
            if _plausible(whole, max_words=8) and (is_organisation(whole, site) or _ORG_SHAPE.search(whole)):
                orgs.append(whole)  # "Center for Drug Evaluation and Research" is one name
                continue
            for part in _AND_SPLIT.split(chunk):
                if part.strip(" .").casefold() in CREDENTIALS:
                    continue
                name = clean_name(part)
                if people and name != part.strip(" .") and len(name.split()) > 1 and _has_role(part):
                    continue  # "Certified Pediatric Sleep Consultant": a title after the name
                if not _plausible(name):
                    continue
                (orgs if is_organisation(name, site) else people).append(name)
    return _unique(people), _unique(o for o in orgs if _key(o) not in {_key(p) for p in people})


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(_key(n), n)
    return tuple(seen.values())


def split_byline(byline: str) -> list[str]:
    """'By Ann Lee and Bo Chan' -> ['Ann Lee', 'Bo Chan'] (prefixes, roles, credentials, dates dropped).

    Organisations are dropped too; ``people_and_orgs`` returns them apart.
    """
    return list(people_and_orgs([byline])[0])


def json_ld_people(value: Any, site: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Persons and organisations of a JSON-LD ``author`` value (typed objects, strings or lists)."""
    values = value if isinstance(value, list) else [value]
    people: list[str] = []
    orgs: list[str] = []
    for v in values:
        if isinstance(v, dict):
            kind = str(v.get("@type") or "").casefold()
            name = _SPACES.sub(" ", str(v.get("name") or "")).strip()
            if not name:
                continue
            if "organization" in kind or "organisation" in kind:
                orgs.append(name)
                continue
            p, o = people_and_orgs([name], site)
        elif isinstance(v, str) and not v.startswith(("http://", "https://")):
            p, o = people_and_orgs([v], site)
        else:
            continue
        people.extend(p)
        orgs.extend(o)
    return _unique(people), _unique(orgs)


_BYLINE_CLASSES = (
    "author-name",
    "byline__name",
    "authorName",
    "author__name",
    "post-author",
    "entry-author",
    "article-author",
    "c-byline",
    "by-author",
)
_BYLINE_XPATH = (
    '//*[@rel="author"] | //*[@itemprop="author"] | '
    '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")] | '
    + "//*["
    + " or ".join(f'contains(@class, "{c}")' for c in _BYLINE_CLASSES)
    + "] | "
    '//a[contains(@href, "/author/") or contains(@href, "/authors/")]'
)


def visible_people(tree: Any, site: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names from the page's visible byline markup (rel/itemprop author, byline classes, author links)."""
    for el in tree.xpath(_BYLINE_XPATH)[:8]:
        if any(isinstance(a.tag, str) and a.tag in ("nav", "footer") for a in el.iterancestors()):
            continue
        names = el.xpath('.//*[@itemprop="name"]')
        text = spaced_text(names[0] if names else el)
        if text and len(text.split()) <= 14:
            people, orgs = people_and_orgs([text], site)
            if people or orgs:
                return people, orgs
    return (), ()


_BY_LABEL = re.compile(
    r"^(?:(?:written|posted|article|story|words)\s+)?by\s*:?\s*(?P<name>\S.*)?$|^authors?\s*:?$", re.I
)


def labelled_people(tree: Any, site: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A short visible 'Written by Ann Lee' / 'By Ann Lee' line, or a 'Written by' label before a name."""
    for el in tree.xpath(
        "//body//*[self::p or self::span or self::div or self::li or self::a or self::small"
        " or self::h3 or self::h4 or self::h5 or self::h6]"
    ):
        if sum(isinstance(c.tag, str) for c in el) > 3:  # comments (React's <!-- -->) do not count
            continue
        text = spaced_text(el)
        if not text or len(text) > 80:
            continue
        m = _BY_LABEL.match(text)
        if not m:
            continue
        if any(isinstance(a.tag, str) and a.tag in ("nav", "footer") for a in el.iterancestors()):
            continue
        name = m.groupdict().get("name")
        if not name:
            nxt = el.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):  # comments, processing instructions
                nxt = nxt.getnext()
            name = spaced_text(nxt) if nxt is not None else ""
        if name and len(name.split()) <= 8:
            people, orgs = people_and_orgs([name], site)
            if people:
                return people, orgs
    return (), ()


_INLINE_BY = re.compile(
    r"(?:^|[\s·•|,(])(?:[Ww]ritten [Bb]y|[Pp]osted [Bb]y|[Bb]y|[Cc]ontributors?:|[Aa]uthors?:)\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|der|da|la|le|del|bin|al)){0,4})"
)
HEADLINE_BYLINE_REACH = 200  # characters after the <h1> searched for an inline "By Ann Lee"


def headline_byline(tree: Any, site: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An inline 'By Ann Lee' in the line under the headline ('Mar 15, 2022 · 3 min read · By X')."""
    from ._dates import text_after

    h1 = next(iter(tree.xpath("//body//h1[not(ancestor::nav) and not(ancestor::footer)]")), None)
    if h1 is None:
        return (), ()
    m = _INLINE_BY.search(text_after(h1, HEADLINE_BYLINE_REACH, sep="\n"))  # a name ends with its node
    return people_and_orgs([m.group("name")], site) if m else ((), ())
