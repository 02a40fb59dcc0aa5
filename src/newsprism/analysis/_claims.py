"""From aligned sentence groups to claim groups: support, status and conflicts."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import numpy.typing as npt

from ._align import Group, representative
from ._conflict import conflict
from ._model import ClaimGroup, Conflict, Mention, Source
from ._relation import extra_rule
from ._sentences import Sent
from ._support import FactCache


def independent_key(src: Source, by_article: dict[int, Source]) -> str:
    """Outlet key with copies folded into the article they copy."""
    if src.copy_of is not None and src.copy_of in by_article:
        return by_article[src.copy_of].outlet
    return src.outlet


def status_for(independent: int, total: int, disputed: bool) -> str:
    """consensus: most (> half) independent outlets, at least 2; single_source: one of several."""
    if disputed:
        return "disputed"
    if independent >= 2 and 2 * independent > total:
        return "consensus"
    if independent <= 1:
        return "single_source"
    return "corroborated"


def build_claims(
    sents: list[Sent],
    sim: npt.NDArray[np.float32],
    groups: list[Group],
    sources: list[Source],
    centrality: npt.NDArray[np.float32] | None = None,
    centrality_weight: float = 3.0,
    lead_weight: float = 0.15,
    facts: FactCache | None = None,
) -> list[ClaimGroup]:
    """Claim groups, strongest first. ``centrality``: each sentence's similarity to the story centroid.

    Figures of the same quantity that differ, a person's title that differs and a party's
    confirmation that another outlet says is missing (:mod:`._relation`) are disputes whoever is
    quoted: they make both claims disputed, never consensus."""
    facts = facts or FactCache()
    extra: dict[int, set[int]] = defaultdict(set)
    by_n = {s.n: s for s in sources}
    by_article = {s.article_id: s for s in sources}
    total = len({independent_key(s, by_article) for s in sources})
    gid_of = np.full(len(sents), -1)
    for k, g in enumerate(groups):
        for m in g.members:
            gid_of[m] = k

    # Conflicts: between members of a group (internal) and between groups (sentence pairs).
    internal: dict[int, list[Conflict]] = defaultdict(list)
    external: dict[int, dict[int, Conflict]] = defaultdict(dict)
    denials: dict[int, tuple[float, int, Conflict]] = {}
    speakers_of: dict[int, set[str]] = defaultdict(set)
    deniers_of: dict[int, set[str]] = defaultdict(set)
    for k, g in enumerate(groups):
        for m in g.members:
            if sents[m].speaker_key:
                speakers_of[k].add(sents[m].speaker_key or "")
            if sents[m].denier_key:
                deniers_of[k].add(sents[m].denier_key or "")
    pure_of = {k: [m for m in g.members if _pure_denial(sents[m])] for k, g in enumerate(groups)}
    is_denial = {k: 3 * len(pure_of[k]) >= len(g.members) for k, g in enumerate(groups)}
    n = len(sents)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = sents[i], sents[j]
            if a.source == b.source:
                continue
            found = conflict(a, b, float(sim[i, j]))
            gi, gj = int(gid_of[i]), int(gid_of[j])
            cites = tuple(sorted({a.source, b.source}))
            if not found:
                found = extra_rule(a, facts(a), b, facts(b), float(sim[i, j]))
                if found:  # outlets disagree whoever speaks: a dispute between the groups
                    c = Conflict(found[0], gj + 1, found[1], cites)
                    if gi == gj:
                        internal[gi].append(c)
                    else:
                        external[gi].setdefault(gj, c)
                        external[gj].setdefault(gi, Conflict(found[0], gi + 1, found[1], cites))
                        extra[gi].add(gj)
                        extra[gj].add(gi)
                continue
            kind, detail = found
            if gi == gj and kind != "denial":
                internal[gi].append(Conflict(kind, gi + 1, detail, cites))
            elif gi != gj and kind == "denial":
                d = gi if _pure_denial(a) else gj
                other = gj if d == gi else gi
                if not is_denial[d] or is_denial[other] or not _pure_denial(sents[i if d == gi else j]):
                    continue  # only a denial group answers, and it answers a claim group
                if deniers_of[d] & speakers_of[other]:
                    continue  # the same party on both sides: not a denial of the other's claim
                score = float(sim[i, j])
                if score > denials.get(d, (-1.0, 0, None))[0]:
                    denials[d] = (score, other, Conflict(kind, other + 1, detail, cites))
            elif gi != gj:
                external[gi].setdefault(gj, Conflict(kind, gj + 1, detail, cites))
                external[gj].setdefault(gi, Conflict(kind, gi + 1, detail, cites))
    # A denial answers the one claim group it is closest to.
    for d, (_score, other, c) in denials.items():
        if other not in external[d]:
            external[d][other] = c
            external[other][d] = Conflict(c.kind, d + 1, c.detail, c.cites)

    claims: list[ClaimGroup] = []
    for k, g in enumerate(groups):
        pure = pure_of[k]
        if is_denial[k]:  # a denial group is represented by an explicit denial, with its speaker
            rep = sents[representative(Group(pure, pure[0]), sents, sim, centrality)]
        else:
            rep = sents[representative(g, sents, sim, centrality)]
        members = sorted(g.members, key=lambda m: (sents[m].source, sents[m].position))
        cites = tuple(sorted({sents[m].source for m in members}))
        outlets = tuple(dict.fromkeys(by_n[c].outlet for c in cites))
        independent = len({independent_key(by_n[c], by_article) for c in cites})
        conflicts = internal.get(k, []) + list(external.get(k, {}).values())
        # Outlets conflicting among themselves (not a party's denial) make the claim disputed.
        disputed = (
            bool(internal.get(k))
            or bool(extra.get(k))
            or any(c.kind != "denial" and not rep.speaker for c in external.get(k, {}).values())
        )
        speakers = [sents[m].speaker for m in members if sents[m].speaker]
        common = max(set(speakers), key=speakers.count) if speakers else None
        if common and 2 * speakers.count(common) < len(members):
            common = None
        speaker = (rep.denier if is_denial[k] else None) or rep.speaker or common
        kind = "denial" if is_denial[k] else "quote" if rep.quotes else "reported" if speaker else "statement"
        ents: dict[str, None] = {}
        nums: dict[str, None] = {}
        dates: dict[str, None] = {}
        for m in members:
            for t, _lab in sents[m].entities:
                ents.setdefault(t)
            for _v, num, unit in sents[m].numbers:
                nums.setdefault(f"{num} {unit}".strip())
            for when in sents[m].dates:
                dates.setdefault(when)
        lead = min(_body_position(sents[m]) for m in members)
        central = float(max(centrality[m] for m in members)) if centrality is not None else 0.0
        score = (
            independent / max(total, 1)
            + centrality_weight * central
            + lead_weight / (1 + lead)
            + 0.02 * math.log1p(len(members))
        )
        claims.append(
            ClaimGroup(
                id=k + 1,
                text=rep.text,
                speaker=speaker,
                status=status_for(independent, total, disputed),
                kind=kind,
                entities=tuple(ents)[:12],
                numbers=tuple(nums)[:8],
                dates=tuple(dates)[:6],
                cites=cites,
                outlets=outlets,
                independent=independent,
                mentions=tuple(
                    Mention(
                        sents[m].source, sents[m].text, sents[m].speaker, sents[m].position, sents[m].headline
                    )
                    for m in members
                ),
                conflicts=tuple(sorted(conflicts, key=lambda c: (c.kind, c.other))),
                score=round(score, 4),
                headline_only=all(sents[m].headline for m in members),
            )
        )
    claims.sort(key=lambda c: (-c.score, c.id))
    return claims


def _body_position(s: Sent) -> int:
    """0 for a title/dek, else the sentence's place among the body sentences (1-based)."""
    return 0 if s.headline else s.position + 1 - s.body_offset


def _pure_denial(s: Sent) -> bool:
    """A sentence whose main statement is a denial (not "X claims ..., while Y denies")."""
    return s.denial and (s.speaker_key is None or s.speaker_key == s.denier_key)
