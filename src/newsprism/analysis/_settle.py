"""Claim groups after the neutral-voice check: only neutral reports are stated as fact.

A sentence's voice (neutral / evaluative / attributed) comes from :mod:`._voice`; :func:`settle`
decides, for every claim group, which member it shows and whether the group is a fact at all or
one outlet's evaluation, shown only attributed ("The Sentinel Standard argues ...").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Settled:
    """Claim groups after the voice check, and for each group the sentence it now shows."""

    claims: list[Any]
    """ClaimGroup list, same order (groups of titles and deks only left out)."""
    shown: dict[int, Any]
    """Claim id -> the Sent its text is (a neutral report when the group has one)."""
    opinions: frozenset[int]
    """Ids of groups with no neutral report by an outlet: evaluation or an aggregator's commentary,
    shown only attributed ("The Sentinel Standard argues ...", "An aggregator's page (source 4)")."""


def source_voice_label(src: Any) -> str:
    """How an evaluation is attributed to its source."""
    if getattr(src, "kind", "article") == "aggregator":
        return f"An aggregator's page (source {src.n})"
    if str(src.outlet).startswith("source "):
        return "One source"
    return str(src.outlet_name)


def settle(
    claims: Sequence[Any], sents: Sequence[Any], sources: Sequence[Any], vectors: Any = None
) -> Settled:
    """State as fact only what an outlet reports neutrally.

    For every claim group: its members that are facts are the neutral or attributed sentences of
    articles (not another aggregator's page, not a headline). The group shows such a member
    (its representative when it is one); support, independence and status count only those
    members (an aggregator's page counts as no independent outlet). When the representative is not
    a fact, or another fact says it in plainer words (a lower voice score), the plainest fact is
    shown instead: among equally plain ones the closest in meaning to the others (``vectors``: unit
    rows aligned with ``sents``), else the earliest in its article. A group with no such member
    is an opinion: it keeps its text, is attributed to its outlet (``speaker``; ``kind`` =
    ``"opinion"``), and is never consensus. A group of titles and deks only is no claim: dropped.
    A group's speaker is its shown sentence's speaker, or the members' common speaker only when
    that speaker is the shown sentence's subject (a name merely mentioned is not who spoke).
    """
    from dataclasses import replace

    from ._claims import independent_key, status_for

    by_n = {s.n: s for s in sources}
    by_article = {s.article_id: s for s in sources}
    aggregators = {s.n for s in sources if getattr(s, "kind", "article") == "aggregator"}
    total = len({independent_key(s, by_article) for s in sources if s.n not in aggregators}) or 1
    at = {(s.source, s.position): s for s in sents}
    row = {(s.source, s.position): i for i, s in enumerate(sents)}
    out: list[Any] = []
    shown: dict[int, Any] = {}
    opinions: set[int] = set()
    for c in claims:
        members = [at[(m.source, m.position)] for m in c.mentions if (m.source, m.position) in at]
        facts = [
            m for m in members if m.source not in aggregators and m.voice != "evaluative" and not m.headline
        ]
        rep = next((m for m in members if m.text == c.text), members[0] if members else None)
        if rep is None:
            out.append(c)
            continue
        if c.headline_only:
            continue  # a headline, dek or subheading claims nothing (framing shows the titles)
        if facts:
            plain = min(m.voice_score for m in facts)
            if rep not in facts or rep.voice_score > plain:
                # the plainest wording of the claim: "Cantor lost" rather than "Cantor was crushed"
                rep = _central([m for m in facts if m.voice_score == plain], row, vectors)
            keys = {independent_key(by_n[m.source], by_article) for m in facts}
            speaker = c.speaker if c.kind == "denial" else _group_speaker(c, rep, facts)
            status = c.status if c.status == "disputed" else status_for(len(keys), total, False)
            kind = c.kind
            if kind != "denial":
                kind = "quote" if rep.quotes else "reported" if speaker else "statement"
            c = replace(c, text=rep.text, speaker=speaker, independent=len(keys), status=status, kind=kind)
        else:
            opinions.add(c.id)
            who = source_voice_label(by_n[rep.source])
            # outlets that voice it (an aggregator's page counts as none)
            voiced = [m for m in members if m.source not in aggregators]
            keys = {independent_key(by_n[m.source], by_article) for m in voiced}
            status = "single_source" if len(keys) <= 1 else "corroborated"
            if c.status == "disputed":
                status = "disputed"
            c = replace(c, speaker=rep.speaker or who, kind="opinion", status=status, independent=len(keys))
        shown[c.id] = rep
        out.append(c)
    kept = {c.id for c in out}
    out = [
        c
        if all(x.other in kept for x in c.conflicts)
        else replace(c, conflicts=tuple(x for x in c.conflicts if x.other in kept))
        for c in out
    ]
    return Settled(out, shown, frozenset(opinions))


def _central(facts: Sequence[Any], row: dict[tuple[int, int], int], vectors: Any) -> Any:
    """The fact most similar to the others (the earliest in its article when no vectors)."""
    if vectors is None or len(facts) < 3:
        return min(facts, key=lambda m: (m.position - m.body_offset, m.source))
    idx = [row[(m.source, m.position)] for m in facts]
    block = vectors[idx]
    scores = (block @ block.T).sum(axis=1)
    return facts[int(scores.argmax())]


def _group_speaker(c: Any, rep: Any, facts: Sequence[Any]) -> str | None:
    if rep.speaker:
        return str(rep.speaker)
    keys = [m.speaker_key for m in facts if m.speaker_key]
    if not keys or not rep.subject_key:
        return None
    common = max(set(keys), key=keys.count)
    if common != rep.subject_key or 2 * keys.count(common) < len(facts):
        return None
    return next(str(m.speaker) for m in facts if m.speaker_key == common)
