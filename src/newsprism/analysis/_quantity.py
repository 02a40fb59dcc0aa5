"""Figures in a sentence, read from its text: value, what it bounds, its kind and its context.

spaCy's numbers (``Sent.numbers``) keep digits only and attach one noun; comparing figures across
outlets needs more: "six vessels" and "14 ships", "as many as 58,000 homes" and "about 40,000
households", "more than 90 percent" and "fewer than 40 percent". A :class:`Quantity` is one figure
with the interval of values it allows ("at least 40" -> [40, inf), "about 40,000" -> +-15 %, an
exact figure -> +-2 %, so "about 40,000" = "40,000" and "at least 40" != 37), its kind (percent,
money, count) and the stems of the words around it (what it counts: "lost electricity",
"registered voters"), which say whether two figures measure the same quantity. A share says it
better by what it attaches to in the parse (:mod:`._measure`: "52.4 percent of the vote" is no
turnout figure, though "turnout" is among its words), set on it by the caller as ``measure``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {
    w: float(i)
    for i, w in enumerate(
        """
        zero one two three four five six seven eight nine ten
        eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty
        """.split()  # noqa: SIM905
    )
}
_WORD_NUMBERS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "hundred": 100.0})
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
LOWER = ("at least", "more than", "over", "upwards of", "above", "exceeding", "in excess of")
UPPER = ("nearly", "almost", "up to", "fewer than", "less than", "under", "below", "as few as", "barely")
APPROX = ("about", "around", "roughly", "some", "approximately", "an estimated", "estimated")
_QUAL = "|".join(
    re.escape(q) for q in sorted(LOWER + UPPER + APPROX + ("as many as",), key=len, reverse=True)
)
_WORD_ALT = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_DIGITS = r"(?<![A-Za-z\d-])(?:\d{1,3}(?:, \d{3})+(?![\d,])|\d[\d,]*)(?:\.\d+)?(?![A-Za-z\d])"
"""Digits: "40,000", "43.7", and "120, 000" (a space after the comma, as some feeds write it)."""
_WORDS = rf"(?<!-)\b(?:{_WORD_ALT})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b"
"""A number in words: "six", "Sixty-seven"."""
_NUMBER = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?(?P<cur>[$€£])?(?P<num>{_DIGITS}|{_WORDS})"
    r"(?:[\s-]*(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b|percentage points?\b))?",
    re.I,
)
_PART = re.compile(r"\s+of\s+(?:the|those|them|these|its|their|his|her|our|all|\d)", re.I)
_NONE_BEFORE = re.compile(r"\b(?:no|without)\s+$", re.I)
_CLOCK = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d\d)", re.I)
_FRACTION_WORDS = {
    "half": 50.0,
    "a third": 100 / 3,
    "a quarter": 25.0,
    "two thirds": 200 / 3,
    "three quarters": 75.0,
}
_FRACTION = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?(?:\b(?P<n>{_WORD_ALT}|\d+)[\s-]+(?:[a-z]+\s+)?in[\s-]+(?P<d>{_WORD_ALT}|\d+)\b"
    r"|\b(?P<w>half|a third|a quarter|two thirds|three quarters)\s+of\b)",
    re.I,
)
"""Shares written as words: "nine in ten members", "one voter in five", "a third of the cranes"."""
_MONEY_WORDS = frozenset(
    "crown crowns dollar dollars euro euros pound pounds yuan rouble roubles ruble rubles".split()  # noqa: SIM905
)
FAMILIES = {
    stem: family
    for family, words in {
        "home": "homes house homeo flats dwell",
        "power": "power elect black outag",
        "ship": "ships vesse boats cargo",
        "turnout": "turno turne ballo parti",
        "strike": "strik walko walke stopp stop",
        "dead": "dead death died kille fatal toll",
        "injured": "injur wound hurt",
    }.items()
    for stem in words.split()
}
"""Stems that name the same counted thing in news figures ("homes" / "households", "ships" /
"vessels", "turnout" / "voters turned out"): folded before contexts are compared."""
_STOP = frozenset(
    """
    the and that this with from were was has have had for are its their his her our who which
    said says say than more fewer less about around nearly almost some only just mere over under
    into onto been being also while when after before since per cent percent of to in on at by as
    a an it they them there would will could may might not had
    """.split()  # noqa: SIM905
)
EXACT_TOLERANCE = 0.02
APPROX_TOLERANCE = 0.15
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    value: float
    text: str
    kind: str
    """percent | money | count | part (a count of a subset: "two of the dead")"""
    low: float
    high: float
    context: frozenset[str]
    """Stems (first five letters, lower case, :data:`FAMILIES` folded) of the content words
    around the figure."""
    start: int = 0
    noun: str = ""
    """The folded stem of the first content word after the figure (what a count counts)."""
    measure: frozenset[str] = frozenset()
    """For a share: folded stems of what it measures ("52.4 percent of the vote" -> vote; "turnout
    reached 46 percent" -> turnout), from the parse (:mod:`._measure`, set by the caller) or, for
    a share in words ("one voter in five said yes"), from the words after it."""


def stem(word: str) -> str:
    return re.sub(r"['’]s?$", "", word.lower())[:5]


def fold(word: str) -> str:
    """A context word's stem, with the :data:`FAMILIES` folded."""
    low = word.lower()
    if low.startswith(("elector", "election", "elected")):
        return low[:8]  # not "elect(ricity)": the power family
    st = stem(word)
    return FAMILIES.get(st, st)


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[A-Za-z][A-Za-z'’]*", text)]


def quantities(text: str) -> list[Quantity]:
    """The figures of ``text`` (years and list markers left out), in order."""
    out: list[Quantity] = []
    words = _words(text)
    for m in _NUMBER.finditer(text):
        raw = m.group("num")
        low_raw = raw.lower()
        tens, _dash, unit = low_raw.partition("-")
        if tens in _WORD_NUMBERS:
            value = _WORD_NUMBERS[tens] + _WORD_NUMBERS.get(unit, 0.0)  # "sixty-seven"
            if m.group("cur") or (not m.group("pct") and not m.group("qual") and value <= 1):
                continue  # "one of the ...": not a figure
        else:
            try:
                value = float(raw.replace(",", "").replace(" ", "").rstrip("."))
            except ValueError:
                continue
            if _YEAR.match(raw.rstrip(",.")) and not (m.group("pct") or m.group("cur") or m.group("scale")):
                continue
        scale = (m.group("scale") or "").lower()
        if scale:
            value *= _SCALES[scale]
        if _CLOCK.match(text, m.end()):
            continue  # "1 a.m.", "10:30": a time, not a figure
        if not m.group("qual") and _NONE_BEFORE.search(text, 0, m.start()):
            continue  # "have seen no 9 percent raises": no value is stated
        after = [w for s, _e, w in words if s >= m.end()][:12]
        before = [w if s > 0 else w.lower() for s, e, w in words if e <= m.start()][-2:]
        if m.group("pct"):
            kind = "percent"
        elif m.group("cur") or (after and after[0].lower() in _MONEY_WORDS):
            kind = "money"
        elif _PART.match(text, m.end()):
            kind = "part"  # "Two of the dead", "17 of 46 contracts": a subset, not the total
        else:
            kind = "count"
        near = [w for w in after if _content(w) and not w[:1].isupper()][:5]
        context = frozenset(fold(w) for w in before + near if _content(w) and not w[:1].isupper())
        qual = (m.group("qual") or "").lower()
        step = _unit(raw) * (_SCALES[scale] if scale else 1.0)
        lo, hi = _interval(value, qual, step)
        counted = [w for w in near if not re.search(r"['’]s$", w)]  # "17 of the project's 46 contracts"
        noun = fold(counted[0]) if counted else ""
        out.append(Quantity(value, m.group(0).strip(), kind, lo, hi, context, m.start(), noun))
    for m in _FRACTION.finditer(text):
        if m.group("w"):
            value = _FRACTION_WORDS[m.group("w").lower()]
        else:
            n, d = (_WORD_NUMBERS.get(x.lower()) or float(x) for x in (m.group("n"), m.group("d")))
            if not d or n >= d:
                continue
            value = 100 * n / d
        qual = (m.group("qual") or "").lower()
        lo, hi = _interval(value, qual or "about", 100 / 12)
        after = [w for s, _e, w in words if s >= m.end() and _content(w)][:5]
        inner = [w for s, e, w in words if s >= m.start() and e <= m.end()]
        context = frozenset(fold(w) for w in inner + after if _content(w))
        out = [q for q in out if not (m.start() <= q.start < m.end())]
        measure = frozenset(fold(w) for w in _share_words(text, m.end(), m.group("w") is not None))
        out.append(
            Quantity(round(value, 1), m.group(0).strip(), "percent", lo, hi, context, m.start(), "", measure)
        )
    return out


_CHUNK = re.compile(r"[A-Za-z][A-Za-z'’]*|[^\sA-Za-z]")
_CHUNK_SKIP = frozenset(
    "the a an its their his her this that of had has have was were is are will would did do does".split()  # noqa: SIM905
)


def _share_words(text: str, end: int, of: bool) -> list[str]:
    """What a share written in words measures: the words after it up to the next punctuation or
    preposition ("of the electorate voted", "actually said yes"), adverbs and auxiliaries left out;
    for "half of ..." (``of``) the words after "of"."""
    out: list[str] = []
    for tok in _CHUNK.findall(text[end : end + 120]):
        low = tok.lower()
        if not tok[:1].isalpha() or (low in _PREPOSITIONS and not (of and not out and low == "of")):
            break
        if low in _CHUNK_SKIP or low.endswith("ly") or tok[:1].isupper() or not _content(tok):
            continue
        out.append(tok)
        if len(out) >= 3:
            break
    return out


_PREPOSITIONS = frozenset(
    "to in on at by for with from into onto after before since than as but and or while".split()  # noqa: SIM905
)


def _content(word: str) -> bool:
    low = word.lower()
    return len(low) >= 3 and low not in _STOP and stem(low) not in _STOP and low not in _NOT_CONTEXT


_NOT_CONTEXT = (
    frozenset(_WORD_NUMBERS)
    | {w for q in LOWER + UPPER + APPROX for w in q.split()}
    | {"third", "thirds", "quarter", "quarters", "half", "mere", "only", "just"}
    | _MONEY_WORDS
)


def _unit(raw: str) -> float:
    """The rounding step a figure is written to: 40,000 -> 10,000; 41 -> 1; 43.7 -> 0.1."""
    digits = raw.replace(",", "").replace(" ", "").rstrip(".")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    if not digits.isdigit():
        return 1.0
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def _interval(value: float, qual: str, step: float = 1.0) -> tuple[float, float]:
    """The values a figure allows. Exact: within its rounding ("40,000" may be 39,990) plus 0.5 %;
    "about": a step either side (at most 10 %) plus 2 %; "nearly X": just under X; "fewer than":
    anything under; "at least" / "more than": anything over."""
    if qual in LOWER:
        return value, float("inf")
    if qual in ("nearly", "almost", "as many as"):
        return value - max(min(step, 0.1 * value), 0.03 * value), value
    if qual in UPPER:
        return 0.0, value
    if qual in APPROX:
        spread = min(step, 0.1 * value) + 0.02 * value
        return value - spread, value + spread
    spread = 0.49 * step  # "156" is not "157", "1.4 million" not "1.5 million"
    return value - spread, value + spread


def compatible(a: Quantity, b: Quantity) -> bool:
    """Some value satisfies both figures ("about 40,000" and "40,000"; not "at least 40" and 37)."""
    return a.kind == b.kind and a.low <= b.high and b.low <= a.high


MAX_RATIO = 4.0
"""Figures further apart than this factor count different things ("eight months" / "70,000 troops")."""


GENERIC = frozenset("peopl year years month day days time times total first last".split())  # noqa: SIM905
"""Context stems too common to say two figures count the same thing ("people", "years")."""


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two figures (of two sentences) plausibly measure the same thing: the same kind, a
    content word in common around them other than :data:`GENERIC` ("homes lost electricity" /
    "households lost power"; counts and sums: the same counted noun, or two such words when one
    has none), for shares what the parse says each measures (:attr:`Quantity.measure`), and
    values within :data:`MAX_RATIO` of each other."""
    if a.kind != b.kind:
        return False
    if a.kind == "percent" and (a.measure or b.measure):
        # what a share measures, not the words near it: against the other's words when its parse
        # does not say ("52.4 percent of the vote" is not "a mere 41 percent turnout")
        shared = ((a.measure or a.context) & (b.measure or b.context)) - GENERIC
    else:
        shared = (a.context & b.context) - GENERIC
    if not shared:
        return False
    if a.kind != "percent" and a.noun != b.noun and (len(shared) < 2 or (a.noun and b.noun)):
        return False  # "eight months" / "two storms": counts of different things
    lo, hi = sorted((abs(a.value), abs(b.value)))
    return lo > 0 and hi / lo <= MAX_RATIO
