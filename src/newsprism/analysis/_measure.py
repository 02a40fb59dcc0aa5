"""What a percentage measures, read from the dependency parse (spaCy tokens in, words out).

A share is only comparable with a share of the same thing: "52.4 percent of the vote" (the Yes
side's share of the votes cast) is not "turnout was 43.7 percent" nor "41 percent of voters cast a
ballot" (turnout), and "one voter in five said yes" is neither. The words around two figures
("voters", "vote", "turnout") cannot tell these apart; the word the figure attaches to can:

- the verb it is the subject of, with its particle and object: "46 percent turned out" ->
  "turnout", "41 percent of voters cast a ballot" -> "cast ballot", "took part" -> "participate";
- the noun measured at or to a figure: "put turnout at 43.7 percent", "turnout rose to 46
  percent" -> "turnout";
- the noun it is a share of: "52.4 percent of the vote" -> "vote";
- the subject of the verb it is the object or complement of: "turnout reached almost 46
  percent", "turnout is expected to be around 46 percent" -> "turnout";
- the noun it modifies ("a 60 percent ballot threshold" -> "threshold");
- the noun it is a prepositional object of ("a margin of 52.4 percent" -> "margin"), else the verb
  ("backed the charge by 52.4 percent" -> "back").
"""

from __future__ import annotations

from typing import Any

_SUBJECTS = ("nsubj", "nsubjpass")
_OBJECTS = ("dobj", "attr", "npadvmod", "acomp", "oprd")
_GENERIC = frozenset(["it", "this", "that", "which", "figure", "number", "rate", "share", "percentage"])


def _lemma(tok: Any) -> str:
    return str(tok.lemma_.lower())


def _noun(tok: Any) -> bool:
    return bool(tok.pos_ in ("NOUN", "PROPN"))  # a name too: "Labour won 40 percent" is Labour's share


def _verb_phrase(verb: Any) -> list[str]:
    """The verb with its particle ("turn out" -> "turnout"), its direct object ("cast ballot") and
    the verb it opens ("bothered to take part" -> "bother take part")."""
    out: list[str] = []
    for v in [verb, *(c for c in verb.children if c.dep_ == "xcomp")][:2]:
        obj = [_lemma(c) for c in v.children if c.dep_ == "dobj" and _noun(c)][:1]
        if _lemma(v) == "take" and obj == ["part"]:
            out.append("participate")
            continue
        out.append(_lemma(v) + "".join(_lemma(c) for c in v.children if _particle(c)))
        out += obj
    return out


def _particle(tok: Any) -> bool:
    return bool(tok.dep_ == "prt" or (tok.dep_ == "advmod" and tok.lower_ in ("out", "off")))


def _of_object(root: Any) -> list[str]:
    """What a share is of, with its compounds ("of scheduled container moves" -> container move)."""
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                owner = p.i + 1 < len(p.doc) and p.doc[p.i + 1].lower_ in ("'s", "’s")
                if p.dep_ == "pobj" and _noun(p) and not owner:  # "of the port's": the parse lost it
                    return [*(_lemma(k) for k in p.children if k.dep_ == "compound" and _noun(k)), _lemma(p)]
    return []


def _subject_of(verb: Any) -> Any | None:
    """The nominal subject of ``verb``, climbing open complements ("turnout is expected to be")."""
    t = verb
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in _SUBJECTS]
        if subj:
            return subj[0] if _noun(subj[0]) and _lemma(subj[0]) not in _GENERIC else None
        if t.dep_ in ("xcomp", "ccomp", "conj") and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


def measure(root: Any) -> str:
    """What the percentage whose head token is ``root`` ("percent", or the number) measures:
    lemmas joined by spaces, "" when the parse does not say."""
    head = root.head
    words: list[str] = []
    if root.dep_ in _SUBJECTS and head.pos_ in ("VERB", "AUX") and _lemma(head) != "be":
        words = _verb_phrase(head)
    elif root.dep_ == "pobj" and head.lower_ in ("at", "to", "from") and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
        measured = [c for c in verb.children if c.dep_ == "dobj" and _noun(c)] or [_subject_of(verb)]
        words = [_lemma(measured[0])] if measured[0] is not None else []
    of = _of_object(root)
    if words or of:
        return " ".join(words or of)  # the population ("of voters") when nothing says what of it
    if root.dep_ in _OBJECTS and head.pos_ in ("VERB", "AUX"):
        subj = _subject_of(head)
        if subj is not None:
            return _lemma(subj)
    if root.dep_ in ("compound", "amod", "nmod", "nummod") and head.pos_ == "NOUN":
        return _lemma(head)  # "a 60 percent ballot threshold", "a 9 percent pay rise"
    if root.dep_ == "pobj" and head.dep_ == "prep":
        owner = head.head
        if _noun(owner) or (owner.pos_ in ("VERB", "AUX") and _lemma(owner) != "be"):
            return _lemma(owner)
    return ""
