"""FAQ built from the analysis; every answer is a claim group's sentence with its citations."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ._model import Cited, ClaimGroup, FaqItem, SideFraming, SummarySentence

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_BACKGROUND = re.compile(
    r"\b(had|was launched|since|last (year|month|august|september|october|"
    r"november|december|january|february|march|april|may|june|july)|in (19|20)\d\d)\b",
    re.I,
)


def faq(
    claims: Sequence[ClaimGroup],
    summary: Sequence[SummarySentence],
    framing: Sequence[SideFraming] = (),
) -> list[FaqItem]:
    items: list[FaqItem] = []
    by_id = {c.id: c for c in claims}
    if summary:
        items.append(FaqItem("What happened?", tuple(Cited(s.text, s.cites) for s in summary[:2])))
    speakers = Counter(c.speaker for c in claims if c.speaker and c.kind not in ("statement", "opinion"))
    for who, _count in speakers.most_common(3):
        said = [c for c in claims if c.speaker == who][:2]
        items.append(FaqItem(f"What does {who} say?", tuple(Cited(c.text, c.cites) for c in said)))
    for side in framing:
        own = [by_id[i] for i in side.claims if i in by_id][:2]
        if own and side.side != "unrated":
            items.append(
                FaqItem(
                    f"What do {side.side}-leaning outlets report that others do not stress?",
                    tuple(Cited(c.text, c.cites) for c in own),
                )
            )
    disputed = [c for c in claims if c.conflicts]
    if disputed:
        ans = []
        for c in disputed[:3]:
            why = "; ".join(f"{x.kind}: {x.detail}" for x in c.conflicts[:2])
            ans.append(Cited(f"{c.text} ({why})", c.cites))
        items.append(FaqItem("What is disputed?", tuple(ans)))
    single = [c for c in claims if c.status == "single_source" and c.kind != "opinion"]
    if single:
        items.append(
            FaqItem(
                "What does only one outlet report?",
                tuple(Cited(f"{c.outlets[0]}: {c.text}", c.cites) for c in single[:3]),
            )
        )
    used = {s.claim for s in summary}
    background = [
        c
        for c in claims
        if c.id not in used and c.kind != "opinion" and (_YEAR.search(c.text) or _BACKGROUND.search(c.text))
    ]
    if background:
        items.append(
            FaqItem(
                "What background do the articles give?",
                tuple(Cited(c.text, c.cites) for c in background[:3]),
            )
        )
    return items
