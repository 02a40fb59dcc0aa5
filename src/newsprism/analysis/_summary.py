"""The cited summary and its check: every name and number must occur in the cited articles.

Sentences are taken verbatim from the strongest claim groups (redundant ones skipped), each
citing every article of its group. A claim answered by another party's denial is written as the
pair ("<claim>; <denial>") citing both groups; a single-source statement with no speaker is
prefixed with its outlet ("BBC News reports: ..."), so a one-sided assertion is never shown as fact
(an article with no known outlet has only its citation ``[n]`` as attribution).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._model import ClaimGroup, Source, SummarySentence
from ._sentences import NAME_LABELS, NUMBER_LABELS

REDUNDANCY = 0.85
SENTENCE_END = (".", "!", '"', "”", "’", "'")
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class SummaryOptions:
    """Summary length. The default is the compact 3-sentence summary the benchmark scores
    (the NeuS baselines are 3 sentences); the story page uses :data:`STORY_VIEW`."""

    max_sentences: int = 3
    max_words: int = 85


STORY_VIEW = SummaryOptions(max_sentences=5, max_words=140)


def source_label(src: Source) -> str:
    return src.outlet_name


def compose(
    claims: Sequence[ClaimGroup],
    vectors: dict[int, npt.NDArray[np.float32]],
    sources: dict[int, Source],
    opts: SummaryOptions,
) -> list[tuple[str, tuple[int, ...], int]]:
    """(text, cites, claim id) for the summary, before the check."""
    by_id = {c.id: c for c in claims}
    chosen: list[int] = []
    used: set[int] = set()
    out: list[tuple[str, tuple[int, ...], int]] = []
    words = 0
    for c in claims:
        if len(out) >= opts.max_sentences or words >= opts.max_words:
            break
        if c.id in used or c.headline_only or not c.text.rstrip().endswith(SENTENCE_END):
            continue  # already said, or a headline
        v = vectors.get(c.id)
        if v is not None and any(float(v @ vectors[k]) > REDUNDANCY for k in chosen if k in vectors):
            continue
        text, cites = c.text.strip(), set(c.cites)
        denial = next((x for x in c.conflicts if x.kind == "denial" and x.other not in used), None)
        if denial is not None and denial.other in by_id:
            other = by_id[denial.other]
            first, second = (other, c) if c.kind == "denial" else (c, other)
            text = first.text.strip().rstrip(".") + "; " + _lower_first(second.text.strip())
            cites |= set(other.cites)
            used.add(other.id)
            chosen.append(other.id)
        elif (
            c.status == "single_source"
            and not c.speaker
            and not sources[c.cites[0]].outlet.startswith("source ")
        ):
            text = f"{source_label(sources[c.cites[0]])} reports: {text}"
        used.add(c.id)
        chosen.append(c.id)
        out.append((text, tuple(sorted(cites)), c.id))
        words += len(text.split())
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
) -> list[SummarySentence]:
    """Compose the summary, check each sentence, keep only the checked ones."""
    opts = opts or SummaryOptions()
    result: list[SummarySentence] = []
    for text, cites, claim in compose(claims, vectors, sources, opts):
        label_free = re.sub(r"^.*? reports: ", "", text) if " reports: " in text else text
        missing = check_sentence(label_free, [article_texts[n] for n in cites], ner)
        result.append(SummarySentence(text, cites, claim, not missing, missing))
    return result
