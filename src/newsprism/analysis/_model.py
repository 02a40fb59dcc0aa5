"""The analysis result: frozen dataclasses with a JSON form (schema in docs/analysis-schema.md).

Every statement points at the articles that support it through *source numbers*: ``sources`` is
the story's article list numbered 1..n (the ``[n]`` of the summary), and each claim, quote,
headline, summary sentence and FAQ answer lists the numbers it rests on in ``cites``.
Times are ISO-8601 strings so the JSON form round-trips exactly.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

SCHEMA_VERSION = 2
"""2: summary sentences carry their evidence (the supporting sentence of every citation); sources
carry their kind (article | aggregator)."""

STATUSES = ("consensus", "single_source", "disputed")
"""Claim group status: carried by most independent outlets / by one alone / outlets conflict."""

CONFLICT_KINDS = ("number", "date", "negation", "denial", "role")
"""role: the same person named with a title and "former" by one outlet, without it by another."""


@dataclass(frozen=True)
class Source:
    """One article of the story, numbered ``n`` (1-based) for citations."""

    n: int
    article_id: int
    title: str
    outlet: str
    """Outlet domain, or ``"source n"`` label when the article has no outlet."""
    outlet_name: str
    lean: str
    """One of outlets.LEANS or ``"unrated"``."""
    url: str | None = None
    published_at: str | None = None
    copy_of: int | None = None
    """Article id this article copies (wire copy); copies count once for consensus."""
    language: str | None = None
    read: bool = True
    """False when the claim analysis could not read the article (its language is not English):
    it counts in the coverage, but states no claim and is cited by none."""
    kind: str = "article"
    """article | aggregator: another aggregator's story page (a roundup with bias counters, "read
    both sides", FAQ with [n] marks): shown, but it counts as no independent outlet and its own
    commentary is never a fact of the event."""


@dataclass(frozen=True)
class Mention:
    """One sentence of one article that states a claim."""

    source: int
    text: str
    speaker: str | None = None
    position: int = 0
    """Sentence index in its article (0 = headline or first sentence)."""
    headline: bool = False
    """True for the article's title or dek."""


@dataclass(frozen=True)
class Conflict:
    """Why two claim groups (or two mentions of one group) disagree."""

    kind: str
    """One of CONFLICT_KINDS."""
    other: int
    """Id of the other claim group (may equal the group's own id for internal conflicts)."""
    detail: str
    cites: tuple[int, ...] = ()


@dataclass(frozen=True)
class ClaimGroup:
    """Sentences of different articles that state the same thing."""

    id: int
    text: str
    """Representative sentence, verbatim from one article."""
    speaker: str | None
    """Who the claim is attributed to ("Valery Gerasimov", "Ukraine's general staff"), or None."""
    status: str
    """consensus | single_source | disputed (see docs/analysis-schema.md)."""
    kind: str
    """statement | quote | reported | denial | opinion (no outlet reports it neutrally: an outlet's
    evaluation or another aggregator's commentary, shown only attributed to it in ``speaker``)"""
    entities: tuple[str, ...]
    numbers: tuple[str, ...]
    dates: tuple[str, ...]
    cites: tuple[int, ...]
    outlets: tuple[str, ...]
    independent: int
    """Number of independent outlets carrying it (copies count once)."""
    mentions: tuple[Mention, ...]
    conflicts: tuple[Conflict, ...] = ()
    score: float = 0.0
    headline_only: bool = False
    """True when every mention is a title or dek (never used as a summary sentence)."""


@dataclass(frozen=True)
class Cited:
    """A piece of text with the sources it comes from."""

    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True)
class SideFraming:
    """What the outlets of one lean put first or alone."""

    side: str
    """left | center | right | unrated (lean left/right fold into left/right)."""
    sources: tuple[int, ...]
    headlines: tuple[Cited, ...]
    claims: tuple[int, ...]
    """Ids of claim groups carried mostly by this side."""
    quotes: tuple[Cited, ...]
    loaded_words: tuple[Cited, ...]
    """Each word with the sources on this side that use it."""
    lead: tuple[int, ...] = ()
    """Claim group ids this side's articles put first (headline or first sentences)."""


@dataclass(frozen=True)
class Evidence:
    """The sentence of one source that backs a statement, verbatim from that source."""

    source: int
    text: str
    relation: str = "states"
    """states: the source itself states it (what a citation means); related: about the same thing
    but weaker or partial evidence (shown apart, never as a citation)."""


@dataclass(frozen=True)
class SummarySentence:
    text: str
    cites: tuple[int, ...]
    claim: int
    """Claim group id the sentence comes from."""
    checked: bool
    """True when every name and number in ``text`` occurs in the cited articles."""
    missing: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    """One per citation, in the order of ``cites``: the cited source's supporting sentence."""
    related: tuple[Evidence, ...] = ()
    """Weaker evidence from sources that are not cited (never a citation)."""


@dataclass(frozen=True)
class Coverage:
    by_lean: dict[str, tuple[int, ...]]
    """Lean -> source numbers (keys: the five leans and "unrated", empty ones included)."""
    outlets_by_lean: dict[str, tuple[str, ...]]
    left: int
    center: int
    right: int
    unrated: int
    blindspot: str | None
    """"left" / "right" when the story is a blindspot for that side (rule in the schema doc)."""
    blindspot_rule: str
    copies: tuple[tuple[int, int], ...] = ()
    """(source n, source n it copies)."""


@dataclass(frozen=True)
class TimelineEvent:
    at: str
    """ISO date/time (publication events) or the date text as written (mentioned events)."""
    kind: str
    """published | side_first | mentioned"""
    text: str
    cites: tuple[int, ...]
    side: str | None = None


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: tuple[Cited, ...]


@dataclass(frozen=True)
class StoryAnalysis:
    """Everything the analysis says about one story."""

    story_id: int | None
    title: str
    signature: str
    sources: tuple[Source, ...]
    claims: tuple[ClaimGroup, ...]
    framing: tuple[SideFraming, ...]
    summary: tuple[SummarySentence, ...]
    coverage: Coverage
    timeline: tuple[TimelineEvent, ...]
    faq: tuple[FaqItem, ...]
    schema_version: int = SCHEMA_VERSION
    stats: dict[str, float] = field(default_factory=dict)

    def claim(self, claim_id: int) -> ClaimGroup:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def by_status(self, status: str) -> list[ClaimGroup]:
        return [c for c in self.claims if c.status == status]

    @property
    def summary_text(self) -> str:
        return " ".join(s.text + " " + "".join(f"[{n}]" for n in s.cites) for s in self.summary)

    def to_dict(self) -> dict[str, Any]:
        return _to_json(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryAnalysis:
        result: StoryAnalysis = _from_json(cls, data)
        return result


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    return value


T = TypeVar("T")


def _from_json(tp: Any, value: Any) -> Any:
    """Rebuild ``tp`` from its JSON form (dataclasses, tuples, dicts, optionals, primitives)."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        kwargs = {
            f.name: _from_json(hints[f.name], value[f.name])
            for f in dataclasses.fields(tp)
            if f.name in value
        }
        return tp(**kwargs)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_json(args[0], v) for v in value)
        return tuple(_from_json(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        _k, v_tp = typing.get_args(tp)
        return {k: _from_json(v_tp, v) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_json(options[0], value)
    return value
