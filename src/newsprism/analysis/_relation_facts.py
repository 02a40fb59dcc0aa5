"""What the relation rules and features read from one sentence: its names, content words,
figures (each percentage with what it measures), modality, titled people, "has not confirmed" and
dates (:class:`Facts`, computed once per sentence)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ._conflict import STOP_WORDS
from ._quantity import Quantity, fold, quantities, stem
from ._sentences import Sent, date_words, name_key

_MODAL = re.compile(
    r"\b(may|might|could|would|should|possibly|probably|likely|unlikely|reportedly|allegedly|"
    r"expected to|plans? to|seeks? to|aims? to|hopes? to|considering)\b",
    re.I,
)
_ROLE_WORDS = frozenset(
    """
    president prime minister secretary senator governor chancellor mayor leader ceo chief
    general ambassador speaker chairman chair director commander premier king queen pope
    """.split()  # noqa: SIM905
)
_FORMER = re.compile(r"\b(former|ex|erstwhile|outgoing|ousted|then)\b", re.I)
_NOT_CONFIRM = re.compile(
    r"\b(?:has|have|had|did|does|do|is|are|was|were)(?:\s+not|n['’]t)\s+(?:yet\s+|publicly\s+|officially\s+)?"
    r"(?:been\s+)?(?P<v1>confirm|acknowledg|verif|admit|recogni[sz])\w*"
    r"|\b(?:declin|refus)\w*\s+to\s+(?P<v2>confirm|acknowledg|verif|admit)\w*"
    r"|\bno\s+(?:official\s+)?(?P<v3>confirmation|acknowledg)\w*",
    re.I,
)
_AFFIRM = re.compile(r"\b(confirm|acknowledg|verif|admit|recogni[sz])\w*", re.I)
_CONTENT = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_STOP = STOP_WORDS | frozenset(
    "its their his her who which also been being will would could may might into than there".split()  # noqa: SIM905
)


def modal(text: str) -> bool:
    """Whether the sentence hedges or speaks of the future ("may", "is expected to", "reportedly")."""
    return bool(_MODAL.search(text))


def content(text: str) -> set[str]:
    return {stem(w) for w in _CONTENT.findall(text) if w.lower() not in _STOP}


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


@dataclass(frozen=True)
class Facts:
    """What the relation features read from one sentence (computed once per sentence)."""

    names: frozenset[str]
    words: frozenset[str]
    figures: tuple[Quantity, ...]
    modal: bool
    roles: tuple[tuple[str, str, str], ...]
    """(person key, title word, former | then | current) for each person named with a title."""
    not_confirm: str | None
    """Who "has not confirmed" / "declined to confirm" (the words before), when the sentence says so."""
    affirm: bool
    dates: frozenset[str]
    """Weekday, month and year words of the sentence's dates."""


def facts(s: Sent) -> Facts:
    text = s.text
    return Facts(
        names=frozenset(name_key(t) for t, _lab in s.entities),
        words=frozenset(content(text)),
        figures=tuple(_measured(s, quantities(text))),
        modal=modal(text),
        roles=tuple(_roles(s)),
        not_confirm=_not_confirmed_by(text),
        affirm=bool(_AFFIRM.search(text)) and not s.negated,
        dates=frozenset(w for d in s.dates for w in date_words(d)),
    )


def _measured(s: Sent, figures: list[Quantity]) -> list[Quantity]:
    """The figures, each percentage with what the parse says it measures (``Sent.number_context``
    of the spaCy percentage of the same value)."""
    measures = [
        (value, ctx[1])
        for (value, _t, unit), ctx in zip(s.numbers, s.number_context, strict=False)
        if unit == "percent" and ctx[1]
    ]
    out = []
    for q in figures:
        hit = next((m for v, m in measures if q.kind == "percent" and abs(v - q.value) < 1e-6), "")
        out.append(replace(q, measure=frozenset(fold(w) for w in hit.split())) if hit else q)
    return out


def _not_confirmed_by(text: str) -> str | None:
    m = _NOT_CONFIRM.search(text)
    if not m:
        return None
    before = re.findall(r"[A-Z][A-Za-z'’-]*", text[max(0, m.start() - 40) : m.start()])
    return before[-1] if before else ""


def _roles(s: Sent) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for name, label in s.entities:
        if label != "PERSON":
            continue
        at = s.text.find(name)
        if at <= 0:
            continue
        # the title phrase: the capitalised words (and "former") right before the name
        before: list[str] = []
        for w in reversed(re.findall(r"[A-Za-z][A-Za-z.]*", s.text[max(0, at - 80) : at])):
            title_word = w[:1].isupper() or w.lower() in ("former", "ex", "then", "of", "the")
            if not title_word or len(before) >= 6:
                break
            before.insert(0, w)
        titles = [w.lower() for w in before if w.lower() in _ROLE_WORDS and w[:1].isupper()]
        if not titles:
            continue
        marks = {w.lower() for w in before if _FORMER.fullmatch(w)}
        state = "then" if "then" in marks else "former" if marks else "current"
        out.append((name.split()[-1].lower(), titles[-1], state))
    return out
