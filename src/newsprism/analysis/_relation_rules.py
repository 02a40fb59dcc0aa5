"""The contradiction rules of the relation model (issue 12), beyond :mod:`._conflict`'s:

- **number**: the same kind of figure for the same quantity ("homes lost electricity"; a share of
  the same thing, :mod:`._measure`), no value satisfying both ("about 40,000" vs "as many as
  58,000"; "at least 40" vs 37), and no figure of one sentence equal to a figure of the other (a
  sentence quoting both sides is no dispute);
- **role**: one person named with a title and "former" in one sentence, the same title without it
  in the other ("Former U.S. President Donald Trump" vs "US President Donald Trump");
- **denial**: a party "has not confirmed" / "declined to confirm" what another sentence says it
  acknowledges or confirms ("Kyiv has not confirmed any North Korean involvement" vs "Russian and
  Ukrainian leadership acknowledge the presence of North Korean troops").
"""

from __future__ import annotations

from ._conflict import _same_party, conflict
from ._quantity import Quantity, compatible, same_quantity
from ._relation_facts import Facts
from ._sentences import Sent, name_key

KINDS = ("number", "date", "negation", "denial", "role")
RULE_MIN_SIM = 0.45
"""Below this cosine two sentences are about different things: no denial or role rule fires."""
NUMBER_MIN_SIM = 0.15
"""Figures around the same words may sit in sentences that say little else alike."""


def number_dispute(fa: Facts, fb: Facts) -> str | None:
    """A detail when the two sentences give incompatible figures for the same quantity (see
    :func:`_one_way`), looked at from both sides."""
    if fa.dates and fb.dates and not fa.dates & fb.dates:
        return None  # figures of different days are different measurements
    return _one_way(fa, fb) or _one_way(fb, fa)


def _one_way(fa: Facts, fb: Facts) -> str | None:
    """A figure ``x`` of ``a`` and a figure ``y`` of ``b`` around the same words (money: two
    words) that no value satisfies, where no figure of ``b`` about that quantity agrees with
    ``x`` and no figure of ``a`` at all has ``y``'s value (a sentence giving both sides' figures
    still disputes the one it does not share)."""
    for x in fa.figures:
        same_b = [y for y in fb.figures if same_quantity(x, y) and _enough(x, y)]
        if not same_b or any(compatible(x, y) for y in same_b):
            continue
        for y in same_b:
            if any(compatible(y, z) for z in fa.figures):
                continue
            unit = "" if x.kind in ("count", "part") else f" ({x.kind})"
            return f"{x.text} vs {y.text}{unit}"
    return None


def _enough(x: Quantity, y: Quantity) -> bool:
    return x.kind != "money" or len(x.context & y.context) >= 2


def role_conflict(fa: Facts, fb: Facts) -> str | None:
    """The same person with the same title, "former" in one sentence and not in the other
    ("then-President" sides with neither: it names the title at the time)."""
    for pa, ta, xa in fa.roles:
        for pb, tb, xb in fb.roles:
            if pa == pb and ta == tb and {xa, xb} == {"former", "current"}:
                first = "former " if xa == "former" else ""
                second = "former " if xb == "former" else ""
                return f"{first}{ta} vs {second}{tb} ({pa.title()})"
    return None


def confirm_denial(a: Sent, fa: Facts, b: Sent, fb: Facts) -> str | None:
    """``a``'s party has not confirmed what ``b`` says that party acknowledges or confirms."""
    if fa.not_confirm is None or not fb.affirm or fb.not_confirm is not None:
        return None
    party = name_key(fa.not_confirm) if fa.not_confirm else a.subject_key or a.speaker_key
    if not party:
        return None
    parties_b = {name_key(t) for t, _lab in b.entities} | {k for k in (b.subject_key, b.speaker_key) if k}
    if not any(_same_party(party, p) for p in parties_b):
        return None
    shared = {n for n in fa.names & fb.names if not _same_party(n, party)}
    if not shared:
        return None
    return f"{a.text[:80]} vs {b.text[:80]}"


def rule(a: Sent, fa: Facts, b: Sent, fb: Facts, sim: float) -> tuple[str, str] | None:
    """The first contradiction rule that fires (kind, detail), precise rules first."""
    return conflict(a, b, sim) or extra_rule(a, fa, b, fb, sim)


def extra_rule(a: Sent, fa: Facts, b: Sent, fb: Facts, sim: float) -> tuple[str, str] | None:
    """The rules of this module (not :func:`._conflict.conflict`'s): denial of a confirmation,
    role or title, figures of the same quantity."""
    if sim < NUMBER_MIN_SIM:
        return None
    if sim >= RULE_MIN_SIM:
        detail = confirm_denial(a, fa, b, fb) or confirm_denial(b, fb, a, fa)
        if detail:  # the guideline's "negation": one states what the other says is unconfirmed
            return "negation", detail
        detail = role_conflict(fa, fb)
        if detail:
            return "role", detail
    detail = number_dispute(fa, fb)
    if detail:
        return "number", detail
    return None
