"""The cited summary and its check: every name and number must occur in the cited articles.

Sentences are taken from the strongest claim groups, each citing every article of its group. A
claim answered by another party's denial is written as the pair ("<claim>; <denial>") citing both
groups; a single-source statement with no speaker is prefixed with its outlet ("BBC News reports:
..."), so a one-sided assertion is never shown as fact (an article with no known outlet has only
its citation ``[n]`` as attribution).

The summary speaks neutrally and says each thing once (issue 12):

* a group with no neutral report (an outlet's evaluation, another aggregator's commentary;
  :func:`._voice.settle`) is left out;
* a sentence that states the same claim as one already chosen is skipped: the same predicate
  with the same subject, the same figure about the same names, or mostly the same names
  (:func:`same_claim`, on the parse), a paraphrase naming someone in common or giving the same
  figure (:func:`_paraphrase`, on the parse and the embeddings), or near-identical embeddings;
* a sentence that leans on one not shown is made to stand alone or skipped
  (:func:`standalone`): a leading discourse connective that only links ("Meanwhile", "However,",
  "Additionally,") is dropped, "He"/"She" is replaced by the speaker the parse resolved from the
  article's previous sentences, and a sentence opening on "It"/"This"/"They", "It comes a day
  after ...", "Instead, ..." is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ._model import ClaimGroup, Source, SummarySentence
from ._sentences import NAME_LABELS, NUMBER_LABELS, PRONOUNS

REDUNDANCY = 0.85
PARAPHRASE = 0.6
"""Cosine from which two claim groups that name someone in common say the same thing."""
SAME_NAMES = 0.45
"""Cosine from which two claim groups that share three name words ("Dunmere", "Kessel Point")
say the same thing (NeuS train: repeated summaries 2.0 % -> 1.5 %, ROUGE unchanged)."""
SAME_FIGURE = 0.5
"""Cosine from which two claim groups that give the same figure say the same thing."""
COLOURED = 0.5
"""Voice score (:mod:`._voice`) from which a sentence in the writer's own voice is left out of the
summary even below the evaluative threshold (a loaded word, a manner adverb, speculation)."""
SENTENCE_END = (".", "!", '"', "”", "’", "'")
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")
_LINKING = re.compile(
    r"^(meanwhile|however|additionally|in addition|also|moreover|furthermore|but|and|separately|"
    r"elsewhere|indeed|nonetheless|nevertheless|notably|at the same time|in the meantime)\b,?\s+",
    re.I,
)
"""Leading connectives that only link to the previous sentence: the sentence stands without them."""
_LEANING = re.compile(
    r"^(instead|still|yet|so|thus|therefore|hence|as a result|in turn|by contrast|in contrast|"
    r"on the other hand|otherwise|similarly|likewise|even so|then|later|earlier|afterwards)\b",
    re.I,
)
"""Leading connectives whose meaning is the previous sentence ("Instead, ..."): skip the sentence."""
_ANAPHORIC = re.compile(
    r"^(it|this|that|these|those|they|such|the move|the decision|the announcement|the comments|"
    r"the remarks|the statement|the news|the development|the incident|the latter|the former|"
    r"both|the two)\b",
    re.I,
)
_COMES_AFTER = re.compile(
    r"^(\w+\s+){0,3}(comes?|came|follows?|followed)\s+(a day |days |hours |weeks |shortly |just )?"
    r"(after|as|amid|days|weeks|hours)\b",
    re.I,
)
""""It comes a day after ...", "The denial comes after ...": leans on the event before it."""
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,40}(,\s*[A-Z][\w .'’-]{1,40})?\s*(\([^()]{1,40}\))?\s*[—–-]{1,2}\s+"
)
"""A wire dateline ("DUNMERE, Veloria (Velorian Wire) — ", "WASHINGTON (AP) - "): not part of the claim."""
_INNER_HOWEVER = re.compile(r",\s*(however|meanwhile|though|in turn|too),\s*", re.I)
_LIGHT_VERBS = frozenset({"be", "have", "say", "do", "make", "get", "go", "take"})


@dataclass(frozen=True)
class SummaryOptions:
    """Summary length. The default is the compact 3-sentence summary the benchmark scores
    (the NeuS baselines are 3 sentences); the story page uses :data:`STORY_VIEW`."""

    max_sentences: int = 3
    max_words: int = 85


STORY_VIEW = SummaryOptions(max_sentences=5, max_words=140)


def source_label(src: Source) -> str:
    return src.outlet_name


def standalone(text: str, sent: Any = None) -> str | None:
    """``text`` made to stand without the sentence before it, or None when it cannot (see the
    module docstring). ``sent``: the parsed sentence (its resolved speaker), when known."""
    text = _DATELINE.sub("", text.strip(), count=1)
    if _LEANING.match(text) or _COMES_AFTER.match(text) or not _whole_quote(text, sent):
        return None
    m = _LINKING.match(text)
    if m:
        rest = text[m.end() :].lstrip(" ,")
        if not rest:
            return None
        text = rest[0].upper() + rest[1:]
    text = _INNER_HOWEVER.sub(" ", text)
    first = text.split(" ", 1)[0]
    if first in ("He", "She"):
        speaker = getattr(sent, "speaker", None)
        if not speaker or speaker.lower() in PRONOUNS:
            return None
        return str(speaker) + text[len(first) :]
    if _ANAPHORIC.match(text) or text.split(" ", 1)[0].lower() in ("he", "she", "his", "her", "their", "its"):
        return None
    return text


_DENIED_UNNAMED = re.compile(
    r"\b(denied|denies|deny|rejected|rejects|dismissed|dismisses|disputed|disputes|refuted)\s+"
    r"(it|this|that|these|those|both|them|the (figures?|numbers?|claims?|reports?|account|allegations?))"
    r"(?=\s*[,.;—–]|\s+(figures?|numbers?|claims?|reports?|accounts?|on|in|at|as|and|but)\b)",
    re.I,
)
"""A denial of what another sentence said ("denied both figures", "rejected that"), not named."""
_TOLD_DENIAL = re.compile(r"\b(denied|denies|disputed|disputes|rejected|rejects|dismissed|refuted)\b", re.I)


def _tells_denial(text: str, sent: Any) -> bool:
    """Whether a claim's sentence already tells that it is denied ("a claim disputed by Kyiv")."""
    return bool(getattr(sent, "denial", False)) or bool(_TOLD_DENIAL.search(text))


def _whole_quote(text: str, sent: Any) -> bool:
    """Whether the sentence's quotation marks are whole and its quote has a speaker: a piece of a
    quote that runs over several sentences, or a bare quote ("“Now children can stand ...”")
    whose speaker is in the sentence before, leans on what is not shown."""
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False
    bare = text[:1] in ("“", '"') and text.rstrip()[-1:] in ("”", '"')
    return not bare or bool(getattr(sent, "speaker", None))


def same_claim(a: Any, b: Any) -> bool:
    """Whether two parsed sentences state the same claim: the same content predicate with the same
    subject and a participant in common; or the same figures (two, or one about a common name or
    with the same predicate); or mostly the same names (at least two)."""
    if a is None or b is None:
        return False
    names_a, names_b = _name_words(a), _name_words(b)
    common = names_a & names_b
    if (
        a.predicate
        and a.predicate == b.predicate
        and a.predicate not in _LIGHT_VERBS
        and a.subject_key
        and a.subject_key == b.subject_key
        and (common or not (names_a or names_b))
    ):
        return True
    figures_a = {(round(v, 3), u) for v, _t, u in a.numbers}
    figures_b = {(round(v, 3), u) for v, _t, u in b.numbers}
    shared = figures_a & figures_b
    if len(shared) >= 2 or (shared and (common or a.predicate == b.predicate)):
        return True  # the same figures: the same result told twice
    if any(x in _figure_verbs(b) for x in _figure_verbs(a)):
        return True  # the same figure in a clause of the same verb ("41 percent ... cast a ballot")
    union = names_a | names_b
    return len(common) >= 2 and len(common) >= 0.6 * len(union)


def _paraphrase(cosine: float, a: Any, b: Any) -> bool:
    """Two sentences about the same thing that say it again: close in meaning and naming someone in
    common, less close but sharing three name words, or fairly close and giving the same figure
    (not a year; a count written as a word counts: "three people died" / "killing three")."""
    if a is None or b is None:
        return False
    common = _name_words(a) & _name_words(b)
    if (cosine > PARAPHRASE and common) or (cosine > SAME_NAMES and len(common) >= 3):
        return True
    figures_a = {round(v, 3) for v, _t, _u in a.numbers if not 1900 <= v <= 2100} | _counted(a.text)
    figures_b = {round(v, 3) for v, _t, _u in b.numbers if not 1900 <= v <= 2100} | _counted(b.text)
    return cosine > SAME_FIGURE and bool(figures_a & figures_b)


_COUNTS = "- - two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
_NUMBER_WORDS = {
    w: float(i) for i, w in enumerate(f"{_COUNTS} sixteen seventeen eighteen nineteen twenty".split())
}
"""Counts written as words ("three people died" / "killing three people"): the parse keeps only
figures with digits. "one" is left out (a pronoun as often as a count)."""


def _counted(text: str) -> set[float]:
    """The counts a sentence writes as words (two to twenty)."""
    return {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}


def _figure_verbs(s: Any) -> set[tuple[float, str, str]]:
    """(value, unit, verb of its clause) of each figure of a sentence."""
    return {
        (round(v, 3), u, ctx[0])
        for (v, _t, u), ctx in zip(s.numbers, s.number_context, strict=False)
        if ctx[0] not in _LIGHT_VERBS
    }


def _name_words(s: Any) -> set[str]:
    """The words of a sentence's names ("Mayor Ines Marbury’s" -> mayor, ines, marbury)."""
    return {w for n in s.names for w in re.findall(r"[a-z][a-z-]{2,}", n)}


def compose(
    claims: Sequence[ClaimGroup],
    vectors: dict[int, npt.NDArray[np.float32]],
    sources: dict[int, Source],
    opts: SummaryOptions,
    shown: Mapping[int, Any] | None = None,
    opinions: frozenset[int] = frozenset(),
) -> list[tuple[str, tuple[int, ...], int]]:
    """(text, cites, claim id) for the summary, before the check. ``shown``: claim id -> the parsed
    sentence the group shows; ``opinions``: groups with no neutral report (left out)."""
    shown = shown or {}
    by_id = {c.id: c for c in claims}
    chosen: list[int] = []
    used: set[int] = set()
    out: list[tuple[str, tuple[int, ...], int]] = []
    words = 0
    for c in claims:
        if len(out) >= opts.max_sentences or words >= opts.max_words:
            break
        if c.id in used or c.id in opinions or c.headline_only or not c.text.rstrip().endswith(SENTENCE_END):
            continue  # already said, an outlet's evaluation, or a headline
        v = vectors.get(c.id)
        if v is not None and any(float(v @ vectors[k]) > REDUNDANCY for k in chosen if k in vectors):
            continue
        if any(same_claim(shown.get(c.id), shown.get(k)) for k in chosen):
            continue
        if v is not None and any(
            _paraphrase(float(v @ vectors[k]), shown.get(c.id), shown.get(k)) for k in chosen if k in vectors
        ):
            continue  # "Moore announced he will run" / "Moore has decided to run"
        sent = shown.get(c.id)
        if sent is not None and not sent.speaker and sent.voice_score >= COLOURED:
            continue  # coloured wording in the writer's own voice: a plainer sentence is better
        alone = standalone(c.text, sent)
        if alone is None:
            continue
        text, cites = alone, set(c.cites)
        denial = next((x for x in c.conflicts if x.kind == "denial" and x.other not in used), None)
        if denial is not None and denial.other in by_id:
            other = by_id[denial.other]
            other_text = None if other.id in opinions else standalone(other.text, shown.get(other.id))
            first, second = (other_text, alone) if c.kind == "denial" else (alone, other_text)
            claim_sent = shown.get(other.id) if c.kind == "denial" else sent
            if first is not None and _tells_denial(first, claim_sent):
                # "..., a claim strongly disputed by Kyiv": the claim's sentence tells both sides;
                # it is shown alone, or the denial ("Ukraine rejected Russian assertions that ...")
                # when more outlets state that
                claim_group, denial_group = (other, c) if c.kind == "denial" else (c, other)
                if claim_group.independent >= denial_group.independent or second is None:
                    text, cites = first, set(claim_group.cites)
                else:
                    text, cites = second, set(denial_group.cites)
                used.add(other.id)
                chosen.append(other.id)
            elif first is not None and second is not None:
                text = first.rstrip(".") + "; " + _lower_first(second)
                cites |= set(other.cites)
                used.add(other.id)
                chosen.append(other.id)
        elif (
            c.status == "single_source"
            and not c.speaker
            and not sources[c.cites[0]].outlet.startswith("source ")
        ):
            text = f"{source_label(sources[c.cites[0]])} reports: {text}"
        if "; " not in text and _DENIED_UNNAMED.search(text) and len(text.split()) < 10:
            continue  # "The union denied both figures": which figures is told in a sentence not shown
        used.add(c.id)
        chosen.append(c.id)
        out.append((text, tuple(sorted(cites)), c.id))
        words += len(text.split())
    return out


def attribute(
    sentences: Sequence[SummarySentence], claims: Sequence[ClaimGroup], sources: Mapping[int, Source]
) -> list[SummarySentence]:
    """Each sentence's attribution made to agree with its final citations: a plain statement
    (no speaker, not a claim-and-denial pair) cited to one known outlet reads "<Outlet> reports:
    ...", and one cited to several outlets carries no outlet's prefix (the citations show who
    states it; :func:`compose` prefixed by the claim group, before the per-citation support)."""
    by_id = {c.id: c for c in claims}
    prefixes = tuple(f"{src.outlet_name} reports: " for src in sources.values())
    out: list[SummarySentence] = []
    for s in sentences:
        text = next((s.text[len(p) :] for p in prefixes if s.text.startswith(p)), s.text)
        claim = by_id.get(s.claim)
        src = sources.get(s.cites[0]) if len(s.cites) == 1 else None
        if (
            src is not None
            and claim is not None
            and not claim.speaker
            and "; " not in text
            and not src.outlet.startswith("source ")
        ):
            text = f"{source_label(src)} reports: {text}"
        out.append(s if text == s.text else replace(s, text=text))
    return out


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in ("The", "A", "An", "In", "On", "But", "However,", "While", "During", "It", "This"):
        return text[0].lower() + text[1:]
    return text


def check_sentence(
    text: str, cited_texts: Sequence[str], ner: Callable[[str], list[tuple[str, str]]]
) -> tuple[str, ...]:
    """Names and numbers in ``text`` that none of ``cited_texts`` contains (empty = checked)."""
    hay = " ".join(cited_texts).lower()
    hay_digits = hay.replace(",", "")
    missing: list[str] = []
    ents = ner(text)
    for ent, label in ents:
        if label in NAME_LABELS and ent.lower().removesuffix("'s").removesuffix("’s") not in hay:
            missing.append(ent)
    for ent, label in ents:
        if label in NUMBER_LABELS:
            for d in _DIGITS.findall(ent):
                if d.replace(",", "") not in hay_digits:
                    missing.append(ent)
    for d in _DIGITS.findall(text):
        if d.replace(",", "") not in hay_digits and d not in missing:
            missing.append(d)
    return tuple(dict.fromkeys(missing))


def summarize(
    claims: Sequence[ClaimGroup],
    vectors: dict[int, npt.NDArray[np.float32]],
    sources: dict[int, Source],
    article_texts: dict[int, str],
    ner: Callable[[str], list[tuple[str, str]]],
    opts: SummaryOptions | None = None,
    shown: Mapping[int, Any] | None = None,
    opinions: frozenset[int] = frozenset(),
) -> list[SummarySentence]:
    """Compose the summary, check each sentence, keep only the checked ones."""
    opts = opts or SummaryOptions()
    result: list[SummarySentence] = []
    for text, cites, claim in compose(claims, vectors, sources, opts, shown, opinions):
        label_free = re.sub(r"^.*? reports: ", "", text) if " reports: " in text else text
        missing = check_sentence(label_free, [article_texts[n] for n in cites], ner)
        result.append(SummarySentence(text, cites, claim, not missing, missing))
    return result
