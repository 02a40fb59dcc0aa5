"""Coverage by lean (with the blindspot rule), framing by side, and the timeline."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from ._model import Cited, ClaimGroup, Coverage, SideFraming, Source, TimelineEvent
from ._sentences import Sent, has_date_words

LEAN_ORDER = ("left", "lean left", "center", "lean right", "right", "unrated")
SIDE_OF = {
    "left": "left",
    "lean left": "left",
    "center": "center",
    "lean right": "right",
    "right": "right",
}
SIDES = ("left", "center", "right", "unrated")

BLINDSPOT_MIN_RATED = 3
BLINDSPOT_SHARE = 0.8
BLINDSPOT_RULE = (
    "A story is a blindspot for the left (right) when at least 3 of its independent outlets are "
    "rated and at least 80% of the rated outlets that lean to a side lean right (left), with at "
    "most one outlet from the other side. Center and unrated outlets are not counted as a side."
)
MOSTLY = 2 / 3

# Words that carry a judgement rather than a fact; a small documented lexicon (not tuned).
LOADED = frozenset(
    [
        "slam",
        "slams",
        "slammed",
        "blast",
        "blasts",
        "blasted",
        "radical",
        "radicals",
        "extremist",
        "extremists",
        "regime",
        "propaganda",
        "chaos",
        "chaotic",
        "disaster",
        "disastrous",
        "catastrophic",
        "catastrophe",
        "horror",
        "horrific",
        "panic",
        "outrage",
        "outraged",
        "outrageous",
        "shocking",
        "brutal",
        "brutally",
        "thug",
        "thugs",
        "scheme",
        "schemes",
        "sham",
        "hoax",
        "lie",
        "lies",
        "lied",
        "liar",
        "lying",
        "corrupt",
        "corruption",
        "crackdown",
        "rampage",
        "massacre",
        "onslaught",
        "devastating",
        "embattled",
        "controversial",
        "disgraced",
        "so-called",
        "illegal",
        "illegally",
        "invasion",
        "invaded",
        "terror",
        "terrorist",
        "terrorists",
        "heroism",
        "hero",
        "heroic",
        "failure",
        "failed",
        "fiasco",
        "humiliating",
        "humiliation",
        "adventure",
        "regime's",
        "woke",
        "far-right",
        "far-left",
        "socialist",
        "fascist",
        "authoritarian",
        "draconian",
        "reckless",
        "dangerous",
        "slur",
        "smear",
        "attack",
        "attacks",
        "attacked",
        "assault",
        "aggression",
        "victory",
        "triumph",
        "mob",
        "tirade",
        "meltdown",
        "bombshell",
        "explosive",
        "crisis",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def side_of(lean: str) -> str:
    return SIDE_OF.get(lean, "unrated")


def coverage(sources: Sequence[Source], independent_of: dict[int, str]) -> Coverage:
    by_lean: dict[str, list[int]] = {lean: [] for lean in LEAN_ORDER}
    outlets: dict[str, dict[str, None]] = {lean: {} for lean in LEAN_ORDER}
    for s in sources:
        lean = s.lean if s.lean in by_lean else "unrated"
        by_lean[lean].append(s.n)
        outlets[lean].setdefault(s.outlet)
    side_outlets: dict[str, set[str]] = defaultdict(set)
    for s in sources:
        side_outlets[side_of(s.lean)].add(independent_of[s.n])
    left, center, right = (len(side_outlets[x]) for x in ("left", "center", "right"))
    rated = left + center + right
    blindspot = None
    if rated >= BLINDSPOT_MIN_RATED and left + right > 0:
        if right / (left + right) >= BLINDSPOT_SHARE and left <= 1 and right >= 2:
            blindspot = "left"
        elif left / (left + right) >= BLINDSPOT_SHARE and right <= 1 and left >= 2:
            blindspot = "right"
    by_n = {s.article_id: s.n for s in sources}
    copies = tuple((s.n, by_n[s.copy_of]) for s in sources if s.copy_of in by_n)
    return Coverage(
        by_lean={k: tuple(v) for k, v in by_lean.items()},
        outlets_by_lean={k: tuple(v) for k, v in outlets.items()},
        left=left,
        center=center,
        right=right,
        unrated=len(side_outlets["unrated"]),
        blindspot=blindspot,
        blindspot_rule=BLINDSPOT_RULE,
        copies=copies,
    )


def framing(
    sources: Sequence[Source], claims: Sequence[ClaimGroup], sents: Sequence[Sent]
) -> list[SideFraming]:
    side_n: dict[str, list[int]] = defaultdict(list)
    for s in sources:
        side_n[side_of(s.lean)].append(s.n)
    present = [x for x in SIDES if side_n.get(x)]
    side_by_n = {s.n: side_of(s.lean) for s in sources}
    out: list[SideFraming] = []
    for side in present:
        members = set(side_n[side])
        headlines = tuple(Cited(s.title, (s.n,)) for s in sources if s.n in members)
        mostly: list[int] = []
        lead: list[int] = []
        for c in claims:
            on_side = [n for n in c.cites if n in members]
            if len(present) > 1 and on_side and len(on_side) / len(c.cites) >= MOSTLY:
                mostly.append(c.id)
            if any(m.source in members and m.position <= 1 for m in c.mentions):
                lead.append(c.id)
        quotes: dict[str, set[int]] = defaultdict(set)
        for st in sents:
            for q in st.quotes:
                quotes[q].add(st.source)
        side_quotes = tuple(
            Cited(q, tuple(sorted(ns & members)))
            for q, ns in quotes.items()
            if ns & members and (len(present) == 1 or len(ns & members) / len(ns) >= MOSTLY)
        )
        words: dict[str, set[int]] = defaultdict(set)
        for st in sents:
            for w in _WORD.findall(st.text):
                if w.lower() in LOADED:
                    words[w.lower()].add(st.source)
        loaded = tuple(
            Cited(w, tuple(sorted(ns & members)))
            for w, ns in sorted(words.items())
            if ns & members
            and (len(present) == 1 or sum(side_by_n[n] == side for n in ns) / len(ns) >= MOSTLY)
        )
        out.append(
            SideFraming(
                side,
                tuple(sorted(members)),
                headlines,
                tuple(mostly[:8]),
                side_quotes[:8],
                loaded[:15],
                tuple(lead[:5]),
            )
        )
    return out


def _instant(iso: str | None) -> float:
    try:
        when = datetime.fromisoformat(iso or "")
    except ValueError:
        return float("inf")
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def timeline(sources: Sequence[Source], sents: Sequence[Sent]) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    # by instant: times keep their outlet's UTC offset, so their text does not sort
    dated = sorted((s for s in sources if s.published_at), key=lambda s: (_instant(s.published_at), s.n))
    for s in dated:
        events.append(
            TimelineEvent(
                s.published_at or "", "published", f"{s.outlet_name}: {s.title}", (s.n,), side_of(s.lean)
            )
        )
    seen_side: set[str] = set()
    for s in dated:
        side = side_of(s.lean)
        if side not in seen_side:
            seen_side.add(side)
            events.append(
                TimelineEvent(
                    s.published_at or "",
                    "side_first",
                    f"first {side} coverage: {s.outlet_name}",
                    (s.n,),
                    side,
                )
            )
    mentioned: dict[str, tuple[str, set[int]]] = {}
    for st in sents:
        for d in st.dates:
            if not has_date_words(d):
                continue
            key = d.lower()
            if key not in mentioned:
                mentioned[key] = (f"{d}: {st.text}", set())
            mentioned[key][1].add(st.source)
    for key, (text, ns) in mentioned.items():
        events.append(TimelineEvent(_date_key(key), "mentioned", text, tuple(sorted(ns))))
    return sorted(
        events,
        key=lambda e: (e.kind == "mentioned", 0.0 if e.kind == "mentioned" else _instant(e.at), e.at),
    )


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def _date_key(text: str) -> str:
    """A sortable form of a mentioned date: YYYY-MM when a year or month is named, else the text."""
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    month = next((i + 1 for i, m in enumerate(_MONTHS) if m in text), None)
    if year:
        return f"{year.group(1)}-{month:02d}" if month else year.group(1)
    if month:
        return f"????-{month:02d} {text}"
    return f"~ {text}"
