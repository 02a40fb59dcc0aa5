"""Who a sentence is attributed to (its speaker) and whether it is a denial, from the parse.

A speaker is a person or an organisation the sentence says spoke: the subject of a verb of saying,
the agent of a passive one ("was reported by local media"), the object of "according to", or the
owner of a statement or report ("the ministry's statement said", "a report by the union said").
A thing is no speaker ("the data show", "Moscow's latest claims suggest ..." is the writer's
inference), nor is a headline or subheading (those are never parsed as claims).
"""

from __future__ import annotations

import re
from typing import Any

from ._syntax import NAME_LABELS, is_someone, person, phrase, places
from ._voice import INFERENCE_VERBS

SPEECH_VERBS = frozenset(
    """
    say tell announce declare claim deny insist report state confirm add warn accuse
    acknowledge describe reject dismiss praise hail note stress affirm counter assert argue
    allege admit write suggest explain emphasize emphasise maintain contend reiterate signal
    urge predict vow promise estimate credit call label brand refute dispute question
    """.split()  # noqa: SIM905
)
DENIAL_VERBS = frozenset(["deny", "reject", "dismiss", "refute", "dispute", "counter", "rebut"])
DENIAL_WORDS = frozenset(
    ["denied", "denies", "deny", "denial", "rejected", "rejects", "dismissed", "dismisses", "refuted"]
)
NOT_SPEAKERS = frozenset(
    """
    claim report data figure statistic image footage document record study analysis survey
    evidence result number estimate poll photo video picture map chart
    """.split()  # noqa: SIM905
)
"""Head nouns of subjects that "suggest" or "show" without being anyone ("the data show ..."): the
sentence is the writer's, not a source's."""
STATEMENT_NOUNS = frozenset(["statement", "announcement", "report", "communique", "spokesman", "spokeswoman"])
"""Heads whose named owner speaks through them ("the ministry's statement said ..." -> the
ministry); never with a verb of inference ("Moscow's latest claims suggest ..." is the writer's
inference, not Moscow's statement)."""
PRONOUNS = frozenset(["it", "they", "this", "that", "which", "who", "he", "she", "we", "i", "you", "there"])


def norm_name(name: str) -> str:
    """Comparable form of a name: lower case, no possessive, demonyms folded ("Russian" -> "russia")."""
    n = re.sub(r"['’]s$", "", name.strip()).lower()
    n = re.sub(r"^the ", "", n)
    for suffix, repl in (("ian", "ia"), ("ean", "ea"), ("ese", ""), ("ish", "")):
        if n.endswith(suffix) and len(n) > len(suffix) + 3:
            return n[: -len(suffix)] + repl
    return n


def name_key(name: str) -> str:
    """Loose key so "Ukrainian" and "Ukraine" or "Russia's" and "Russian" compare equal."""
    return " ".join(w[:5] for w in norm_name(name).split())


def attribute(s: Any, span: Any) -> None:
    """Fill in who the sentence ``s`` (a :class:`._sentences.Sent`) is attributed to and whether it
    is a denial, from the parse of its ``span``."""
    verbs = [t for t in span if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS]
    if not verbs:
        verbs = [t for t in span if t.pos_ == "VERB" and t.lower_ in DENIAL_WORDS]
    for tok in span:
        if tok.lower_ == "according" and tok.nbor(1).lower_ == "to" if tok.i + 1 < len(tok.doc) else False:
            obj = [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
            if obj:
                s.speaker = phrase(obj[0])
                s.speaker_key = speaker_key(obj[0])
                s.speaker_places = [name_key(t) for t in places(obj[0])]
                s.speech_verb = "according to"
                return
    # Prefer the main verb; then any speech verb with a nominal subject.
    verbs.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in verbs:
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subj:  # "the attack was reported by local media": the agent speaks
            agents = [c for c in verb.children if c.dep_ == "agent"]
            subj = [g for a in agents for g in a.children if g.dep_ == "pobj"]
        inference = verb.lemma_.lower() in INFERENCE_VERBS
        if subj and subj[0].lemma_.lower() in STATEMENT_NOUNS | NOT_SPEAKERS and not inference:
            # "the ministry's statement said", "a report by the tenants' union said": its owner
            owner = [c for c in subj[0].children if c.dep_ == "poss" and is_someone(c)] + [
                g
                for c in subj[0].children
                if c.dep_ == "prep" and c.lower_ == "by"
                for g in c.children
                if g.dep_ == "pobj" and is_someone(g)
            ]
            subj = owner or ([] if subj[0].lemma_.lower() in STATEMENT_NOUNS else subj)
        if not subj or subj[0].lemma_.lower() in NOT_SPEAKERS or not is_someone(subj[0]):
            continue  # a thing ("the data show", "Moscow's claims suggest", "the war ... claimed")
        s.speaker = person(subj[0]) or phrase(subj[0])
        s.speaker_key = speaker_key(subj[0])
        s.speaker_places = [name_key(t) for t in places(subj[0])]
        s.speech_verb = verb.lemma_.lower() or verb.lower_
        if s.speaker.lower() in PRONOUNS - {"he", "she"}:
            s.speaker = s.speaker_key = None
            continue
        break
    for tok in span:
        if tok.pos_ == "VERB" and (tok.lemma_.lower() in DENIAL_VERBS or tok.lower_ in DENIAL_WORDS):
            s.denial = True
            for child in tok.children:
                if child.dep_ in ("dobj", "attr", "nsubjpass"):
                    s.denied_keys |= _object_names(child)
            denier = _denier(tok)
            if denier is not None and _names_in(denier):
                s.denier, s.denier_key = person(denier) or phrase(denier), speaker_key(denier)
            break


def _denier(verb: Any) -> Any:
    """Who denies: the active subject, the passive agent ("disputed by Kyiv"), or the subject
    of the verb governing an xcomp ("Zelensky continues to reject")."""
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS:
            return c
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    if verb.dep_ == "xcomp":
        for c in verb.head.children:
            if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS:
                return c
    return None


def _object_names(obj: Any) -> set[str]:
    """Name keys in a denied object's noun phrase, leaving out its clauses ("claims [that ...]")."""
    skip: set[int] = set()
    for t in obj.subtree:
        if t.dep_ in ("acl", "relcl", "ccomp", "appos") and t.i != obj.i:
            skip.update(x.i for x in t.subtree)
    keys: set[str] = set()
    for e in obj.doc.ents:
        inside = obj.left_edge.i <= e.start and e.end <= obj.right_edge.i + 1
        if e.label_ in NAME_LABELS and inside and not any(i in skip for i in range(e.start, e.end)):
            keys.add(name_key(e.text))
    return keys


def speaker_key(tok: Any) -> str:
    """A comparable key for a speaker: its main named entity (folded), else its head noun."""
    ents = [e for e in tok.doc.ents if e.start >= tok.left_edge.i and e.end <= tok.right_edge.i + 1]
    for label in ("PERSON", "ORG", "GPE", "NORP"):
        for e in ents:
            if e.label_ == label:
                name = norm_name(e.text)
                return name.split()[-1] if label == "PERSON" else name_key(name)
    return str(tok.lower_)


def _names_in(tok: Any) -> bool:
    """Whether a phrase names someone ("Ukrainian officials", "Kyiv"; not "the comments")."""
    return any(
        e.label_ in NAME_LABELS and e.start >= tok.left_edge.i and e.end <= tok.right_edge.i + 1
        for e in tok.doc.ents
    )
