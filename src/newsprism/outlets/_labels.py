"""The normaliser: every rater label we have ever seen, mapped onto the documented scales.

Each table maps a rater's own label (lower-cased, whitespace collapsed; nothing else is
forgiven) to ``(bias, lean)`` or to a factual verdict. A label missing from its table raises
:class:`UnknownLabelError`: the build script fails loudly instead of mapping it to a default,
so a new label gets a deliberate decision here.

Scales (see ``_types``): bias in LEANS + CATEGORIES; lean in LEANS; factual in FACTUAL.
MBFC's seven points map as: extreme/far left and left -> left, left-center -> lean left,
least biased -> center, right-center -> lean right, right and extreme/far right -> right.
"""

from __future__ import annotations

from ..errors import InputError
from ._types import BIASES, FACTUAL, LEANS

CP = "conspiracy/pseudoscience"
PS = "pro-science"

BiasVerdict = tuple[str | None, str | None]
"""(normalised bias, implied five-point lean); (None, None) means "no bias verdict"."""


class UnknownLabelError(InputError):
    """A rater's label that the normaliser has never seen."""


def _plain(lean: str) -> BiasVerdict:
    return (lean, lean)


_NONE: BiasVerdict = (None, None)

MBFC_BIAS: dict[str, BiasVerdict] = {
    "": _NONE,
    "not rated": _NONE,
    "unrated": _NONE,
    "junk news": _NONE,  # not a bias verdict (a quality verdict); kept as the original label only
    # five-point scale
    "extreme left": _plain("left"),
    "extreme-left": _plain("left"),
    "far left": _plain("left"),
    "far-left": _plain("left"),
    "far left bias": _plain("left"),
    "left": _plain("left"),
    "left biased": _plain("left"),
    "left-center": _plain("lean left"),
    "left center": _plain("lean left"),
    "center-left": _plain("lean left"),
    "left-center (by saudi standards)": _plain("lean left"),
    "least biased": _plain("center"),
    "center": _plain("center"),
    "right-center": _plain("lean right"),
    "center-right": _plain("lean right"),
    "right": _plain("right"),
    "far right": _plain("right"),
    "far-right": _plain("right"),
    "far right-bias": _plain("right"),
    "extreme right": _plain("right"),
    "extreme-right": _plain("right"),
    # categories
    "satire": ("satire", None),
    "pro-science": (PS, None),
    "pro- science": (PS, None),
    "pro-science (left-leaning)": (PS, "lean left"),
    "left leaning pro-science": (PS, "lean left"),
    "pro-science/left-center": (PS, "lean left"),
    "left-center – pro-science": (PS, "lean left"),
    "left-center pro-science": (PS, "lean left"),
    "least pro-science": (PS, "center"),
    "least – pro science": (PS, "center"),
    "pro-science / least biased": (PS, "center"),
    "conspiracy-pseudoscience": (CP, None),
    "conspiracy- pseudoscience": (CP, None),
    "conspiracy/pseudoscience": (CP, None),
    "conspiracy and pseudoscience": (CP, None),
    "conspiracy": (CP, None),
    "pseudoscience": (CP, None),
    "quackery pseudoscience": (CP, None),
    "left conspiracy-pseudoscience": (CP, "left"),
    "left-conspiracy/pseudoscience": (CP, "left"),
    "left-pseudoscience": (CP, "left"),
    "left pseudoscience": (CP, "left"),
    "left – pseudoscience": (CP, "left"),
    "right conspiracy-pseudoscience": (CP, "right"),
    "right-conspiracy-pseudoscience": (CP, "right"),
    "right conspiracy- pseudoscience": (CP, "right"),
    "right conspiracy – pseudoscience": (CP, "right"),
    "right conspiracy pseudoscience": (CP, "right"),
    "right conspiracy=pseudoscience": (CP, "right"),
    "right conspiracy/pseudoscience": (CP, "right"),
    "right-conspiracy/pseudoscience": (CP, "right"),
    "right – conspiracy and pseudoscience": (CP, "right"),
    "right – conspiracy": (CP, "right"),
    "right-conspiracy": (CP, "right"),
    "right conspiracy": (CP, "right"),
    "right pseudoscience": (CP, "right"),
    "right-pseudoscience": (CP, "right"),
    "right-psuedoscience": (CP, "right"),
    "pseudoscience right biased": (CP, "right"),
    "alt-right conspiracy": (CP, "right"),
    "far right conspiracy-pseusdoscience": (CP, "right"),
    "far-right conspiracy-pseudoscience": (CP, "right"),
    "extreme right conspiracy": (CP, "right"),
    "extreme right conspiracy-pseudoscience": (CP, "right"),
}

MBFC_FACTUAL: dict[str, str | None] = {
    "": None,
    "very high": "very high",
    "high": "high",
    "mostly factual": "mostly factual",
    "mixed": "mixed",
    "low": "low",
    "very low": "very low",
}

BALY_BIAS: dict[str, BiasVerdict] = {
    "extreme-left": _plain("left"),
    "left": _plain("left"),
    "left-center": _plain("lean left"),
    "center": _plain("center"),
    "right-center": _plain("lean right"),
    "right": _plain("right"),
    "extreme-right": _plain("right"),
}
"""Baly et al. 2018 (EMNLP): MBFC's seven points as of 2018."""

BALY3_BIAS: dict[str, BiasVerdict] = {
    "left": _plain("left"),
    "center": _plain("center"),
    "right": _plain("right"),
}
"""Baly et al. 2020 (ACL): MBFC collapsed to three points (left-center and right-center fall in
"center"), so this data set can only say left, center or right."""

BALY_FACTUAL: dict[str, str | None] = {"high": "high", "mixed": "mixed", "low": "low"}

ALLSIDES_BIAS: dict[str, BiasVerdict] = {
    "left": _plain("left"),
    "left-center": _plain("lean left"),
    "lean left": _plain("lean left"),
    "center": _plain("center"),
    "right-center": _plain("lean right"),
    "lean right": _plain("lean right"),
    "right": _plain("right"),
    "allsides": ("mixed", None),
    "mixed": ("mixed", None),
    "": _NONE,
}

BUZZFEED_BIAS: dict[str, BiasVerdict] = {"left": _plain("left"), "right": _plain("right"), "": _NONE}
"""BuzzFeed News' hyperpartisan-site analysis (2016-17) as carried by NELA-GT-2018."""

NEWSGUARD_FACTUAL: dict[str, str | None] = {"1": "high", "0": "low", "": None}
"""NewsGuard's pass/fail (score >= 60 of 100 passes) mapped to high / low."""

WIKIPEDIA_FACTUAL: dict[str, str | None] = {
    "1": "high",  # generally reliable
    "0": "mixed",  # no consensus, unclear or additional considerations apply
    "-1": "low",  # generally unreliable
    "-2": "very low",  # deprecated
}
WIKIPEDIA_WORDS = {
    "1": "generally reliable",
    "0": "no consensus",
    "-1": "generally unreliable",
    "-2": "deprecated",
}

IDIAP_FACTUAL: dict[str, str | None] = {"1": "high", "0": "mixed", "-1": "low", "-2": "very low"}
IDIAP_WORDS = {"1": "reliable", "0": "mixed", "-1": "unreliable", "-2": "deprecated"}


def key(label: str | None) -> str:
    """The lookup form of a label: lower case, whitespace collapsed, a trailing '.0' dropped."""
    text = " ".join((label or "").lower().split())
    return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text


def bias(table: dict[str, BiasVerdict], label: str | None, where: str) -> BiasVerdict:
    """Normalise a bias label, or raise :class:`UnknownLabelError` naming it and where it was."""
    k = key(label)
    if k not in table:
        raise UnknownLabelError(f"unknown bias label {label!r} in {where}; add it to outlets/_labels.py")
    out = table[k]
    assert out[0] is None or out[0] in BIASES, out
    assert out[1] is None or out[1] in LEANS, out
    return out


def factual(table: dict[str, str | None], label: str | None, where: str) -> str | None:
    """Normalise a factual label, or raise :class:`UnknownLabelError`."""
    k = key(label)
    if k not in table:
        raise UnknownLabelError(f"unknown factual label {label!r} in {where}; add it to outlets/_labels.py")
    out = table[k]
    assert out is None or out in FACTUAL, out
    return out
