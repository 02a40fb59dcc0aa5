"""Another aggregator's story page (a roundup of other outlets' coverage), not an outlet's report.

Pages like seed 001 summarise what other outlets wrote ("Overview", "Read both sides", bias
counters "Left 3 Center 2", an FAQ with [n] citation marks, a list of the sources). Such a page is
shown as a source of the story, but it counts as no independent outlet, and its own commentary
("... suggests potential concessions under negotiation") is never a fact of the event.

Two kinds of cue are scored (:func:`detect`):

* **page cues**, strong (2 each): bias counters, "read both sides", "subscribe to unlock this
  story", ``[n]`` citation marks, section headings of a roundup (Overview, Analysis, FAQ,
  Sources, "Articles (6)"). The importer's cleaning removes most of them from a stored article
  (chrome lines, citation marks), so they are found when the raw page text is given;
* **text cues**, weak (1 each), that survive the cleaning: a body that quotes no one, several
  key-point bullets written as full sentences, two-sided summary phrasing ("..., while Ukraine
  counters these claims", "Both Russian and Ukrainian leadership acknowledge"), and the
  commentary formulas of a roundup ("Observers note", "remains unconfirmed", "raising concerns").

A page is an aggregator from :data:`THRESHOLD` points. False positives on real outlets' articles
(NeuS, AllSides, BASIL) are measured by ``benchmarks/voice.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

THRESHOLD = 3.0

_BIAS_COUNTER = re.compile(r"\b(?:Left|Center|Centre|Right|Lean Left|Lean Right)\s*[(:]?\s*\d+\s*\)?", re.I)
_PAGE_PHRASES = re.compile(
    r"\b(read both sides|see (?:all|both|every) sides?|compare (?:the )?coverage|bias distribution|"
    r"subscribe to unlock this story|coverage details|blindspot)\b",
    re.I,
)
_CITE_MARKS = re.compile(r"(?:\[\d{1,2}\])+")
_HEADINGS = frozenset({"overview", "analysis", "faq", "sources", "history", "key points", "summary"})
_ARTICLES_COUNT = re.compile(r"^(?:articles|sources)\s*\(\d+\)$", re.I | re.M)
_QUOTE = re.compile(r"[“”\"]")
_BULLET = re.compile(r"^\s*[-•*]\s+[A-Z].{40,}[.!]\s*$", re.M)
_TWO_SIDED = re.compile(
    r"(?:,\s*(?:while|whereas|with)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[\w’'-]+){0,3}?\s+"
    r"(?:counter|counters|countering|deny|denies|denying|dispute|disputes|disputing|reject|rejects|"
    r"rejecting|insist|insists|insisting|maintain|maintains|maintaining)\b)"
    r"|(?:\bBoth\s+[A-Z][\w-]+\s+and\s+[A-Z][\w-]+\s+(?:\w+\s+){0,2}"
    r"(?:acknowledge|agree|claim|say|report|accuse|deny)\b)",
)
_COMMENTARY = re.compile(
    r"\b(observers (?:note|say|suggest)|remains? (?:unclear|unconfirmed|uncertain)|"
    r"raising (?:concerns|questions)|highlighting the|underscoring the|reportedly)\b",
    re.I,
)


@dataclass(frozen=True)
class Verdict:
    aggregator: bool
    score: float
    cues: tuple[str, ...]


def detect(title: str, dek: str | None, text: str) -> Verdict:
    """Whether a page (title, dek, text: raw page text or a stored article) is another
    aggregator's story page, with the score and the cues found."""
    cues: list[tuple[str, float]] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sides = {m.group(0).split()[0].lower() for m in _BIAS_COUNTER.finditer(text) if _counter_line(m.group(0))}
    if len(sides) >= 2:
        cues.append(("bias counters", 2.0))
    phrases = {m.group(1).lower() for m in _PAGE_PHRASES.finditer(text)}
    if phrases:
        cues.append(("page phrases: " + ", ".join(sorted(phrases)), 2.0))
    if len(_CITE_MARKS.findall(text)) >= 3:
        cues.append(("[n] citation marks", 2.0))
    headings = {line.lower() for line in lines if line.lower() in _HEADINGS}
    if len(headings) >= 2 or _ARTICLES_COUNT.search(text):
        cues.append(("roundup headings", 2.0))
    body = " ".join(lines)
    if len(body) >= 600 and not _QUOTE.search(body):
        cues.append(("quotes no one", 1.0))
    if len(_BULLET.findall(text)) >= 2:
        cues.append(("key-point bullets", 1.0))
    two_sided = len(_TWO_SIDED.findall(" ".join([title, dek or "", body])))
    if two_sided >= 2:
        cues.append((f"two-sided summary phrasing x{two_sided}", 1.0))
    commentary = len(_COMMENTARY.findall(body))
    if commentary >= 2:
        cues.append((f"roundup commentary x{commentary}", 1.0))
    score = sum(w for _c, w in cues)
    return Verdict(score >= THRESHOLD, score, tuple(c for c, _w in cues))


def _counter_line(match: str) -> bool:
    """A bias counter names a side and a count ("Left 3", "Center (4)"), not prose ("left 3 dead")."""
    return match.split()[0][:1].isupper()
