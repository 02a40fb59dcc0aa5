"""What the grouper looks at in one article: the text it embeds, its terms and its names.

Everything here is cheap, pure Python on the article's title, dek and lead: no model, no
spaCy. *Terms* are lower-cased content words (stop words dropped, a crude plural strip) with
their counts; *names* are the capitalised words and numbers among them (people, places,
organisations, years, tallies), the things that tell two look-alike events apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Article

EMBED_CHARS = 320
"""Characters of title + dek + lead that are embedded (about 64 MiniLM tokens; speed matters)."""

TERM_CHARS = 4000
"""Characters of the article read for terms and names (the lead carries the event)."""

_TIME = re.compile(r"\b\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?(?:\s?[ap]\.?\s?m\b\.?)?", re.IGNORECASE)
"""A time of day ("13:59", "7: 35 am"): dateline noise, not a name or a tally."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*$")

STOP = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says say told
    tell according one two new news also would could may might must year years day days week weeks
    time times people report reports reported reporting told monday tuesday wednesday thursday
    friday saturday sunday mr mrs ms dr according since still like get got make made many much even
    back first last well way ago around per via including however whether though across among amid
    another every going went come came take took want wanted need needs know known see seen use used
    think thought show shows showed call called photo image video read more update updated copyright
    rights reserved subscribe newsletter advertisement
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True)
class Features:
    """The grouper's view of one article."""

    terms: dict[str, int]
    """Content-word counts (names included, lower-cased)."""
    names: frozenset[str]
    """Lower-cased capitalised words and numbers: the who / where / how-many of the event."""


def embed_text(a: Article) -> str:
    """Title, dek and lead, cut to :data:`EMBED_CHARS`."""
    parts = [a.title.strip()]
    if a.dek and a.dek.strip() and a.dek.strip() not in a.title:
        parts.append(a.dek.strip())
    parts.append(a.text[: EMBED_CHARS * 2].strip())
    joined = ". ".join(p.rstrip(".") for p in parts if p)
    return joined[:EMBED_CHARS]


def _stem(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
        return w[:-1]
    return w


def _starts_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


PHRASES = True
"""Also count runs of capitalised words as one name ("jim o'brien", "san diego")."""


def features(a: Article) -> Features:
    """Terms and names of ``a`` (title counted twice: it states the event)."""
    terms: Counter[str] = Counter()
    names: set[str] = set()
    for raw, weight in ((a.title, 2), (a.dek or "", 1), (a.text[:TERM_CHARS], 1)):
        part = _TIME.sub(" ", raw)
        run: list[str] = []
        run_end = -1
        for m in _WORD.finditer(part):
            tok = m.group(0).replace("’", "'")
            low = tok.lower()
            if low.endswith("'s"):
                low = low[:-2]
            capital = tok[0].isupper()
            if PHRASES and (not capital or part[run_end : m.start()].strip() or low in STOP):
                if len(run) >= 2:
                    phrase = " ".join(run)
                    terms[phrase] += weight
                    names.add(phrase)
                run = []
            if low in STOP or len(low) < 2:
                continue
            if tok[0].isdigit():
                num = low.replace(",", "")
                if len(num) >= 2:
                    terms[num] += weight
                    names.add(num)
                continue
            term = _stem(low)
            terms[term] += weight
            if capital:
                run.append(low)
                run_end = m.end()
            if capital and (tok.isupper() or not _starts_sentence(part, m.start())):
                names.add(term)
        if PHRASES and len(run) >= 2:
            phrase = " ".join(run)
            terms[phrase] += weight
            names.add(phrase)
    return Features(dict(terms), frozenset(names))


def surface_forms(a: Article) -> dict[str, str]:
    """Each term of ``a`` -> the word as the article writes it (lower-cased): terms are stemmed
    ("francis" counts as "franci"), which a reader should not be shown."""
    out: dict[str, str] = {}
    for raw in (a.title, a.dek or "", a.text[:TERM_CHARS]):
        for m in _WORD.finditer(_TIME.sub(" ", raw)):
            low = m.group(0).replace("’", "'").lower()
            if low.endswith("'s"):
                low = low[:-2]
            out.setdefault(_stem(low), low)
    return out
