"""Conflict detection without an NLI model: numbers, dates, negation, claim vs denial.

Two sentences conflict when they talk about the same thing (similarity above a threshold) and

- **number**: they give different values for the same quantity (same counted noun, values more
  than 10% apart, no value in common; "at least X" / "nearly X" are bounds and "around X" allows
  15%, so the figures conflict only when no value satisfies both);
- **date**: they give different absolute dates (weekday, month or year) and none in common;
- **negation**: one is negated and the other is not, and they are very similar otherwise;
- **denial**: one denies / rejects / dismisses a claim it attributes to a named party ("denied
  Russian claims"), that party appears in the other sentence, and the speakers differ.

Precision is measured on a hand-labelled set of pairs (tests/test_analysis_conflicts.py).
"""

from __future__ import annotations

import re

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
        da = {w for d in a.dates for w in date_words(d)}
        db = {w for d in b.dates for w in date_words(d)}
        if da and db and not (da & db):
            return "date", f"{', '.join(sorted(da))} vs {', '.join(sorted(db))}"
    if (
        sim >= NEGATION_SIM
        and a.negated != b.negated
        and not (a.denial or b.denial)
        and _overlap(a.text, b.text) >= NEGATION_OVERLAP
    ):
        neg = a if a.negated else b
        return "negation", f"negated in: {neg.text[:120]}"
    return None


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
_STOP = frozenset(
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
    wa = {w for w in _CONTENT.findall(a.lower()) if w not in _STOP}
    wb = {w for w in _CONTENT.findall(b.lower()) if w not in _STOP}
    return len(wa & wb) / max(len(wa | wb), 1)


def _numbers(a: Sent, b: Sent, sim: float) -> tuple[str, str] | None:
    for va, ta, ua in a.numbers:
        for vb, tb, ub in b.numbers:
            if not ua or ua != ub:
                continue
            if _same_figure(ta, tb):
                continue  # the same figure written differently
            if ua in ("percent", "money") and sim < RATE_SIM:
                continue  # rates and sums need near-identical sentences to be the same quantity
            values_b = {v for v, _t, u in b.numbers if u == ua}
            values_a = {v for v, _t, u in a.numbers if u == ua}
            if values_a & values_b:
                return None
            (lo_a, hi_a), (lo_b, hi_b) = _interval(va, ta), _interval(vb, tb)
            if hi_a < lo_b or hi_b < lo_a:  # no value satisfies both (bounds and estimates allowed)
                return "number", f"{ta} vs {tb} {ua}"
    return None


def _denial(d: Sent, c: Sent, sim: float) -> tuple[str, str] | None:
    """``d`` denies what ``c`` states (different speakers)."""
    if not d.denial or c.denial or sim < DENIAL_SIM:
        return None
    if not d.denier_key or not c.speaker_key or d.denier_key == c.speaker_key:
        return None
    if c.speaker_key in PRONOUNS:
        return None  # an unresolved "she said": we cannot tell whose claim it is
    if d.denier_key in {name_key(t) for t, _ in c.entities[:1]}:
        return None
    if not d.denied_keys & ({c.speaker_key} | {name_key(t) for t, _ in c.entities}):
        return None  # the denial must name whose claim it denies, and that party must be in the claim
    who = d.denier or d.speaker or "another party"
    said = c.speaker or "the claim"
    return "denial", f"{who} denies what {said} states"
