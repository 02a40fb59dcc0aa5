"""Small dependency-parse helpers for sentence extraction (spaCy tokens in, plain values out)."""

from __future__ import annotations

from typing import Any

NAME_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT"})
"""Entity labels of names (people, places, organisations, groups, events)."""


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


def phrase(tok: Any) -> str:
    """The subject phrase, without relative clauses and appositions, at most 8 words; a name it
    touches is kept whole ("a spokesperson for the European Commission", not "... for
    Commission"), a leading article lower-cased, and hyphenated words stay joined ("US-based")."""
    doc = tok.doc
    keep = {
        t.i
        for t in tok.subtree
        if t.i == tok.i
        or not any(
            a.dep_ in ("relcl", "acl", "appos", "punct") and a.i != tok.i
            for a in [t, *t.ancestors]
            if a.i >= tok.left_edge.i and a.i <= tok.right_edge.i  # within the phrase
        )
    }
    # spaCy makes a new Token object on each access: compare positions, never identity
    keep = {i for i in keep if i <= tok.i or doc[i].head.i == tok.i or doc[i].head.head.i == tok.i}
    for i in [i for i in keep if i > tok.i]:  # "in the northern city", not "in city"
        for left in doc[i].lefts:
            if left.dep_ in ("det", "amod", "compound", "poss", "nummod", "case"):
                keep.update(t.i for t in left.subtree if t.dep_ != "punct")
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    for e in doc.ents:
        if lo <= e.start and e.end <= hi and keep & set(range(e.start, e.end)):
            keep.update(range(e.start, e.end))
    for i in list(keep):  # "US - based": the hyphen between two kept pieces of one word
        for j in (i - 1, i + 1):
            if (
                lo < j < hi - 1
                and doc[j].text in ("-", "–")
                and not doc[j - 1].whitespace_
                and not doc[j].whitespace_
            ):
                keep.add(j)
    out = ""
    order = sorted(keep)
    for k, i in enumerate(order):
        out += doc[i].text
        if k + 1 < len(order):
            out += doc[i].whitespace_ if order[k + 1] == i + 1 else " "
    out = out.replace(" 's", "'s").replace(" ’s", "’s").strip(" ,")
    if out.endswith(("'s", "’s")):  # an owner ("Moscow's [claims]") speaks as "Moscow"
        out = out[:-2]
    words = out.split()[-8:]
    if words and words[0] in ("The", "A", "An") and len(words) > 1:
        words[0] = words[0].lower()
    return " ".join(words)


def person(tok: Any) -> str | None:
    """The person named in a subject phrase ("Russia's Chief of Staff Valery Gerasimov" -> the name)."""
    for e in tok.doc.ents:
        if e.label_ == "PERSON" and e.start >= tok.left_edge.i and e.end <= tok.right_edge.i + 1:
            return str(e.text)
    return None


SOMEONE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
AGENT_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson minister ministry government police authority
    military army navy union campaign campaigner party group committee board council court judge
    prosecutor lawyer attorney president leader leadership commander chief general analyst expert
    observer critic opponent supporter resident witness voter source agency media outlet newspaper
    network company firm organisation organization institute mayor governor senator lawmaker
    representative secretary diplomat envoy negotiator activist researcher scientist economist
    doctor department office administration staff team spokespeople officer administrator
    association federation coalition alliance side camp regulator watchdog operator owner
    manager director executive chairman chairwoman chair founder member members people person
    driver worker farmer family families relative parent student teacher commentator journalist
    reporter correspondent editor broadcaster pundit historian professor monitor monitors
    """.split()  # noqa: SIM905
)
"""Head nouns of subject phrases that name someone who can speak (a person or an organisation)."""


def is_someone(tok: Any) -> bool:
    """Whether a subject phrase names a person or an organisation ("Gregor Hallam", "the
    ministry", "Ukrainian officials"), not a thing ("the data", "Moscow's latest claims", "the war
    on motorists"). Pronouns are someone ("he said"); the caller resolves or drops them."""
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "we", "i")
    if tok.ent_type_ in SOMEONE_LABELS:
        return True
    lemma = tok.lemma_.lower()
    if lemma in AGENT_NOUNS or tok.lower_ in AGENT_NOUNS:
        return True
    if tok.tag_ == "NNS" and lemma.endswith(("er", "or", "ist", "ian")) and len(lemma) > 5:
        return True  # forecasters, investigators, economists, historians
    if tok.pos_ == "PROPN" and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children):
        return True  # a multi-word name the recogniser missed ("Mayor Ines Marbury")
    return any(c.dep_ in ("appos", "compound") and c.ent_type_ in ("PERSON", "ORG") for c in tok.children)
