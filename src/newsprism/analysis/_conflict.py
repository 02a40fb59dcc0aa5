"""Conflict detection without an NLI model: numbers, dates, negation, claim vs denial.

Two sentences conflict when they talk about the same thing (similarity above a threshold) and

- **number**: they give different values for the same quantity: the same counted noun (or, for
  sums and rates, the same noun the figure is attached to), in a clause of the same verb, at a
  compatible time (no disjoint dates in the two sentences); values more than 10% apart, no value
  in common; "at least X" / "nearly X" are bounds and "around X" allows 15%, so the figures
  conflict only when no value satisfies both;
- **date**: they give different absolute dates of the same kind (weekday vs weekday, month vs
  month, year vs year) for the same verb ("announced Thursday" vs "announced Friday"; not
  "announced Thursday" vs "took effect Friday");
- **negation**: one is negated and the other is not, they share subject and main verb, and they
  are very similar otherwise (one quoting the other is not a conflict);
- **denial**: one's main statement denies / rejects / dismisses a claim it attributes to a named
  party ("denied Russian claims"), and the other names that party and is not said by someone the
  sentence places in another country ("the US-based institute reported"); the speakers differ.

Precision is measured on hand-written pairs (tests/test_analysis_conflicts.py) and on every pair
the detector fires on in the AllSides stories and the seeds, labelled by hand
(tests/fixtures/analysis_conflicts_real.json, tests/test_analysis_conflicts_real.py).
"""

from __future__ import annotations

import re

from ._quantity import compatible, quantities
from ._sentences import PRONOUNS, Sent, date_words, name_key

NUMBER_SIM = 0.70
DATE_SIM = 0.85
NEGATION_SIM = 0.78
NEGATION_OVERLAP = 0.6
RATE_SIM = 0.85
DENIAL_SIM = 0.40
REL_DIFF = 0.10


def conflict(a: Sent, b: Sent, sim: float) -> tuple[str, str] | None:
    """The kind and a short explanation when ``a`` and ``b`` conflict, else None."""
    found = _denial(a, b, sim) or _denial(b, a, sim)
    if found:
        return found
    if sim >= NUMBER_SIM:
        found = _numbers(a, b, sim)
        if found:
            return found
    if sim >= DATE_SIM:
        found = _dates(a, b)
        if found:
            return found
    if (
        sim >= NEGATION_SIM
        and a.negated != b.negated
        and not (a.denial or b.denial)
        and a.predicate is not None
        and a.predicate == b.predicate
        and a.subject_key == b.subject_key
        and not _quotes_other(a.text, b.text)
        and _overlap(a.text, b.text) >= NEGATION_OVERLAP
        and not _NEGATIVE.search((b if a.negated else a).text)
    ):
        neg = a if a.negated else b
        return "negation", f"negated in: {neg.text[:120]}"
    return None


_NEGATIVE = re.compile(r"\b(?:no|none|nothing|never|neither|nor|nobody|without|no one)\b", re.I)
"""A negative word the parse's negation misses: "found no evidence" says what "did not find
evidence" says (the same polarity), so it negates nothing the other sentence states."""

_LOWER = re.compile(r"\b(at least|more than|over|upwards of)\b", re.I)
_UPPER = re.compile(r"\b(nearly|almost|up to|fewer than|less than|under)\b", re.I)
_APPROX = re.compile(r"\b(about|around|roughly|some|estimated|approximately|an estimated)\b", re.I)
APPROX_TOLERANCE = 0.15


def _interval(value: float, text: str) -> tuple[float, float]:
    """The values a figure allows: "at least 150" -> [150, inf), "around 70,000" -> +-15%."""
    if _LOWER.search(text):
        return value, float("inf")
    if _UPPER.search(text):
        return 0.0, value
    tol = APPROX_TOLERANCE if _APPROX.search(text) else REL_DIFF / 2
    return value * (1 - tol), value * (1 + tol)


_DIGITS = re.compile(r"\d[\d,.]*")


def _base(text: str) -> str:
    m = _DIGITS.search(text)
    return m.group(0).replace(",", "").rstrip(".") if m else ""


def _same_figure(ta: str, tb: str) -> bool:
    """ "943,000" and "943K", "$3.5 trillion" and "$3.5T": the same digits, maybe scaled."""
    a, b = _base(ta), _base(tb)
    if a == b:
        return True
    try:
        fa, fb = float(a), float(b)
    except ValueError:
        return False
    return any(
        abs(fa * k - fb) < 1e-6 * max(fa, fb, 1) or abs(fb * k - fa) < 1e-6 * max(fa, fb, 1)
        for k in (1e3, 1e6, 1e9, 1e12)
    )


_CONTENT = re.compile(r"[a-z]{3,}")
STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "that",
        "said",
        "says",
        "was",
        "were",
        "has",
        "have",
        "had",
        "for",
        "with",
        "from",
        "this",
        "not",
        "does",
        "did",
    ]
)


def _overlap(a: str, b: str) -> float:
    wa = {w for w in _CONTENT.findall(a.lower()) if w not in STOP_WORDS}
    wb = {w for w in _CONTENT.findall(b.lower()) if w not in STOP_WORDS}
    return len(wa & wb) / max(len(wa | wb), 1)


_LATE = ["september", "october", "november", "december"]
_KINDS = (
    ("weekday", frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])),
    ("month", frozenset(["january", "february", "march", "april", "may", "june", "july", "august", *_LATE])),
)


def _kind(word: str) -> str:
    return next((k for k, words in _KINDS if word in words), "year")


def _dates(a: Sent, b: Sent) -> tuple[str, str] | None:
    """Different dates of the same kind for the same verb, and no date of that verb in common."""
    for verb in {v for _t, v in a.date_context} & {v for _t, v in b.date_context}:
        da = {w for t, v in a.date_context if v == verb for w in date_words(t)}
        db = {w for t, v in b.date_context if v == verb for w in date_words(t)}
        if not da or not db or da & db:
            continue
        kinds = {_kind(w) for w in da} & {_kind(w) for w in db}
        all_a = {w for t, _v in a.date_context for w in date_words(t)}
        all_b = {w for t, _v in b.date_context for w in date_words(t)}
        for kind in sorted(kinds):
            xa = {w for w in da if _kind(w) == kind}
            xb = {w for w in db if _kind(w) == kind}
            if xa & all_b or xb & all_a:
                continue  # the other sentence has this date too (attached elsewhere by the parse)
            return "date", f"{', '.join(sorted(xa))} vs {', '.join(sorted(xb))} ({verb})"
    return None


def _times_compatible(a: Sent, b: Sent) -> bool:
    """No disjoint dates: figures of different days or years are different quantities."""
    da = {w for d in a.dates for w in date_words(d)}
    db = {w for d in b.dates for w in date_words(d)}
    return not (da and db) or bool(da & db)


def _quotes_other(a: str, b: str) -> bool:
    """One sentence contains the other's words in order (a quote repeated in a longer sentence)."""
    wa, wb = " ".join(_CONTENT.findall(a.lower())), " ".join(_CONTENT.findall(b.lower()))
    return bool(wa and wb) and (wa in wb or wb in wa)


def _context(s: Sent, k: int) -> tuple[str, str]:
    return s.number_context[k] if k < len(s.number_context) else ("", "")


def _numbers(a: Sent, b: Sent, sim: float) -> tuple[str, str] | None:
    if not _times_compatible(a, b):
        return None
    for ka, (va, ta, ua) in enumerate(a.numbers):
        for kb, (vb, tb, ub) in enumerate(b.numbers):
            if not ua or ua != ub:
                continue
            (verb_a, noun_a), (verb_b, noun_b) = _context(a, ka), _context(b, kb)
            if verb_a != verb_b:
                continue  # numbers in clauses of different verbs count different things
            if ua in ("percent", "money") and noun_a != noun_b:
                continue  # "$6 trillion budget" vs "$5 trillion in new spending"
            if _same_figure(ta, tb):
                continue  # the same figure written differently
            if ua in ("percent", "money") and sim < RATE_SIM:
                continue  # rates and sums need near-identical sentences to be the same quantity
            values_b = {v for v, _t, u in b.numbers if u == ua}
            values_a = {v for v, _t, u in a.numbers if u == ua}
            if values_a & values_b:
                return None
            (lo_a, hi_a), (lo_b, hi_b) = _interval(va, ta), _interval(vb, tb)
            if _rounded_alike(ta, tb):
                continue  # "$1 trillion" may be "$1.2 trillion" rounded
            if hi_a < lo_b or hi_b < lo_a:  # no value satisfies both (bounds and estimates allowed)
                return "number", f"{ta} vs {tb} {ua}"
    return None


def _rounded_alike(ta: str, tb: str) -> bool:
    """Some value satisfies both figures as :mod:`._quantity` reads them (their rounding and
    qualifiers): "$1 trillion" and "$1.2 trillion"."""
    qa, qb = quantities(ta), quantities(tb)
    return bool(qa and qb) and qa[0].kind == qb[0].kind and compatible(qa[0], qb[0])


def _other_place(d: Sent, c: Sent) -> bool:
    """When the denial names where (a proper noun in a prepositional object), a claim naming
    another one there, in a clause that does not also name the denial's place, is about
    something else ("settlements in Sumy" vs "forced out of Kursk"; not "Gornal in the Kursk
    region")."""
    if d.headline or c.headline:
        return False  # a title's capitals hide which words are names
    keys = [k for k in (d.denier_key, c.speaker_key, *d.denied_keys) if k]

    def party(word: str) -> bool:
        return any(_same_party(name_key(word), k) for k in keys)

    where = {w for w, _v in d.object_places if not party(w)}
    if not where:
        return False
    low = d.text.lower()
    for word, verb in c.object_places:
        if party(word) or word in low:
            continue
        if not any(w in where for w, v in c.object_places if v == verb):
            return True
    return False


_SEATS = {
    "kyiv": "ukrai",
    "kiev": "ukrai",
    "mosco": "russi",
    "kreml": "russi",
    "beiji": "china",
    "washi": "unite state",
    "white house": "unite state",
    "us": "unite state",
    "u.s.": "unite state",
    "tehra": "iran",
    "pyong": "north korea",
}
"""Name keys of capitals and seats of government that speak for their country ("Kyiv denied
Moscow's claim"): a party's key is its country's."""


def _party(key: str) -> str:
    return _SEATS.get(key, key)


def _same_party(a: str, b: str) -> bool:
    """Speaker keys of the same party ("pelosi" / "pelos", "russi" / "russia", "kyiv" / "ukraine")."""
    ka, kb = _party(name_key(a)), _party(name_key(b))
    return ka == kb or ka.split()[-1:] == kb.split()[-1:]


_PLURALS = frozenset({"police", "people", "forces", "authorities", "officials", "troops"})


def plural(subject: str) -> bool:
    """Whether ``subject`` takes a plural verb: "Ukrainian officials deny", "Reuters denies"."""
    words = subject.split()
    if not words:
        return False
    last = words[-1]
    low = last.lower()
    if low in _PLURALS:
        return True
    if last[:1].isupper():  # a name: "Reuters", "Paris", "the United States"
        return False
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def _denial(d: Sent, c: Sent, sim: float) -> tuple[str, str] | None:
    """``d`` denies what ``c`` states (different speakers)."""
    if not d.denial or c.denial or sim < DENIAL_SIM:
        return None
    if not d.denier_key or not c.speaker_key or _same_party(d.denier_key, c.speaker_key):
        return None
    if c.speaker_key in PRONOUNS:
        return None  # an unresolved "she said": we cannot tell whose claim it is
    if d.denier_key in {name_key(t) for t, _ in c.entities[:1]}:
        return None
    if c.speaker_places and not any(_same_party(k, p) for k in d.denied_keys for p in c.speaker_places):
        return None  # the speaker is of another country ("the US-based institute reported ...")
    parties = {c.speaker_key} | {name_key(t) for t, _ in c.entities}
    if not any(_same_party(k, p) for k in d.denied_keys for p in parties):
        return None  # the denial must name whose claim it denies, and the claim must be that party's
    if _other_place(d, c):
        return None  # the denial is about one place ("Kursk"), the claim about another ("Sumy")
    who = d.denier or d.speaker or "another party"
    said = c.speaker or "the claim"
    deny = "deny" if plural(who) else "denies"
    state = "state" if plural(said) else "states"
    return "denial", f"{who} {deny} what {said} {state}"
