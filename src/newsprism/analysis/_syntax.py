"""Small dependency-parse helpers for sentence extraction (spaCy tokens in, plain values out)."""

from __future__ import annotations

from typing import Any


def in_pobj(tok: Any) -> bool:
    """Whether ``tok`` sits in a prepositional object (before its clause's verb)."""
    t = tok
    while t.pos_ not in ("VERB", "AUX"):
        if t.dep_ == "pobj":
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def clause_verb(tok: Any) -> str:
    """Lemma of the verb whose clause holds ``tok`` (the nearest verb among its heads)."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return str(t.lemma_.lower())
    return str(t.lemma_.lower())


def places(tok: Any) -> list[str]:
    """The GPE / NORP entities (text) inside a phrase."""
    return [
        str(e.text)
        for e in tok.doc.ents
        if e.label_ in ("GPE", "NORP") and e.start >= tok.left_edge.i and e.end <= tok.right_edge.i + 1
    ]
