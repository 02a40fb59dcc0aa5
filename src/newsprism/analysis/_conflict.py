"""Conflict detection without an NLI model: numbers, dates, negation, claim vs denial.

Two sentences conflict when they talk about the same thing (similarity above a threshold) and

- **number**: they give different values for the same quantity (same counted noun, values more
  than 10% apart, and no value in common);
- **date**: they give different absolute dates (weekday, month or year) and none in common;
- **negation**: one is negated and the other is not, and they are very similar otherwise;
- **denial**: one denies / rejects / dismisses, said by a different speaker than the other's.

Precision is measured on a hand-labelled set of pairs (tests/test_analysis_conflicts.py).
"""

from __future__ import annotations

from ._sentences import Sent, date_words, name_key

NUMBER_SIM = 0.60
DATE_SIM = 0.85
NEGATION_SIM = 0.78
DENIAL_SIM = 0.40
REL_DIFF = 0.10


def conflict(a: Sent, b: Sent, sim: float) -> tuple[str, str] | None:
    """The kind and a short explanation when ``a`` and ``b`` conflict, else None."""
    found = _denial(a, b, sim) or _denial(b, a, sim)
    if found:
        return found
    if sim >= NUMBER_SIM:
        found = _numbers(a, b)
        if found:
            return found
    if sim >= DATE_SIM:
        da = {w for d in a.dates for w in date_words(d)}
        db = {w for d in b.dates for w in date_words(d)}
        if da and db and not (da & db):
            return "date", f"{', '.join(sorted(da))} vs {', '.join(sorted(db))}"
    if sim >= NEGATION_SIM and a.negated != b.negated and not (a.denial or b.denial):
        neg = a if a.negated else b
        return "negation", f"negated in: {neg.text[:120]}"
    return None


def _numbers(a: Sent, b: Sent) -> tuple[str, str] | None:
    for va, ta, ua in a.numbers:
        for vb, tb, ub in b.numbers:
            if not ua or ua != ub:
                continue
            values_b = {v for v, _t, u in b.numbers if u == ua}
            values_a = {v for v, _t, u in a.numbers if u == ua}
            if values_a & values_b:
                return None
            if abs(va - vb) > REL_DIFF * max(abs(va), abs(vb)):
                return "number", f"{ta} vs {tb} {ua}"
    return None


def _denial(d: Sent, c: Sent, sim: float) -> tuple[str, str] | None:
    """``d`` denies what ``c`` states (different speakers)."""
    if not d.denial or c.denial or sim < DENIAL_SIM:
        return None
    if not d.denier_key or not c.speaker_key or d.denier_key == c.speaker_key:
        return None
    if d.denier_key in {name_key(t) for t, _ in c.entities[:1]}:
        return None
    if d.denied_keys and not d.denied_keys & ({c.speaker_key} | {name_key(t) for t, _ in c.entities}):
        return None
    who = d.denier or d.speaker or "another party"
    said = c.speaker or "the claim"
    return "denial", f"{who} denies what {said} states"
