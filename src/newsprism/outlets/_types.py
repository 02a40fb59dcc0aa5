"""Outlet data types and the documented scales every rater's labels are normalised onto."""

from __future__ import annotations

from dataclasses import dataclass

LEANS = ("left", "lean left", "center", "lean right", "right")
"""The five-point lean scale; an outlet with no rating has lean ``"unrated"``."""

CATEGORIES = ("mixed", "pro-science", "conspiracy/pseudoscience", "satire")
"""Verdicts a rater may give instead of a point on the five-point scale.

``mixed``: the rater says the outlet mixes several leans (AllSides "Mixed");
``pro-science``, ``conspiracy/pseudoscience``, ``satire``: MBFC's categories of those names.
"""

BIASES = LEANS + CATEGORIES
"""Every normalised bias verdict a :class:`Rating` may carry."""

FACTUAL = ("very high", "high", "mostly factual", "mixed", "low", "very low")
"""The factual-reporting scale, best first (MBFC's six levels; other raters mapped onto it)."""

OWNER_TYPES = ("public broadcaster", "state-affiliated", "corporate", "independent", "non-profit", "unknown")
"""``independent``: privately held and not part of a larger media group or conglomerate."""

UNRATED = "unrated"


@dataclass(frozen=True)
class Rating:
    """One rating organisation's verdict on an outlet, as published in one dated data set.

    ``bias``/``factual`` are normalised (:data:`BIASES`, :data:`FACTUAL`); ``bias_label`` and
    ``factual_label`` are the rater's own words. ``lean`` is the point on the five-point scale the
    verdict implies (MBFC's "right conspiracy-pseudoscience" has bias ``conspiracy/pseudoscience``
    and lean ``right``), None when it implies none. ``source`` names the data set we read it from.
    """

    rater: str
    bias: str | None = None
    bias_label: str | None = None
    factual: str | None = None
    factual_label: str | None = None
    date: str | None = None
    lean: str | None = None
    source: str = ""
    url: str | None = None


@dataclass(frozen=True)
class OutletProfile:
    """Everything newsprism knows about one outlet, with the displayed lean.

    ``lean`` is the displayed lean (see :func:`newsprism.outlets.displayed_lean`): a value of
    :data:`LEANS`, a value of :data:`CATEGORIES`, or ``"unrated"``. ``lean_source`` is ``"user"``
    (an override), ``"raters"`` or ``"none"``; ``agreement`` is ``"user"``, ``"single rater"``,
    ``"agree"``, ``"close"`` (one step apart), ``"disagree"`` or ``"unrated"``. ``ratings`` holds
    every dated rating, newest first per rater; ``lean_raters`` the raters whose verdict counted.
    """

    domain: str
    name: str
    lean: str = UNRATED
    lean_source: str = "none"
    agreement: str = UNRATED
    ratings: tuple[Rating, ...] = ()
    country: str | None = None
    media_type: str | None = None
    owner: str | None = None
    owner_type: str = "unknown"
    factual: str | None = None
    factual_source: str = "none"
    domains: tuple[str, ...] = ()
    owner_source: str | None = None
    lean_raters: tuple[str, ...] = ()
    user_override: bool = False
    known: bool = False
    """True when the bundled table lists this outlet."""

    @property
    def rated(self) -> bool:
        return self.lean != UNRATED

    def rating(self, rater: str) -> Rating | None:
        """The newest rating by ``rater`` (case-insensitive), or None."""
        for r in self.ratings:
            if r.rater.lower() == rater.lower():
                return r
        return None
