"""Why an article is in its story, said in words a reader understands: what it shares with the
member nearest to it (people, places, organisations: typed by spaCy's named-entity recogniser
when it is installed) and when it came, relative to the story's first report::

    same people and place as article 12 (michael steele, afghanistan), published two days
    after the first report

Only ``story --why`` and the web's story page ask for this; nothing here runs while grouping.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import Article

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

KINDS = {
    "PERSON": "people",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
    "NORP": "group",
    "EVENT": "event",
}
"""spaCy entity labels -> the word a reader is shown (labels not listed are plain names)."""

ORDER = ("people", "place", "organisation", "group", "event")
NER_CHARS = 1500
"""Characters of the text read for entities, after the title (the lead, where the event is named)."""


def days_words(after: float | None) -> str:
    """``after`` days since the first report, in words ("" when unknown)."""
    if after is None:
        return ""
    n = round(after)
    if n < 1:
        return "published the day of the first report"
    count = "a day" if n == 1 else f"{NUMBERS[n] if n < len(NUMBERS) else n} days"
    return f"published {count} after the first report"


def lead(article: Article) -> str:
    """What the entity recogniser reads of ``article``."""
    return f"{article.title}.\n{article.text[:NER_CHARS]}"


def entity_kinds(doc: Any) -> dict[str, str]:
    """Lower-cased entity texts and their words in a parsed lead -> kind ("people"...)."""
    out: dict[str, str] = {}
    for ent in doc.ents:
        kind = KINDS.get(ent.label_)
        if kind is None:
            continue
        low = ent.text.lower().removesuffix("'s").removesuffix("’s").removeprefix("the ").strip()
        out.setdefault(low, kind)
        for word in low.split():
            out.setdefault(word, kind)
    return out


def kinds_phrase(kinds: Sequence[str]) -> str:
    """("people", "place") -> "people and place"."""
    found = [k for k in ORDER if k in kinds]
    if not found:
        return "names"
    if len(found) == 1:
        return found[0]
    return ", ".join(found[:-1]) + " and " + found[-1]


def reason(
    kinds: dict[str, str],
    nearest: int,
    shared: Sequence[str],
    when: str,
    copy_of: int | None = None,
) -> str:
    """The sentence for one member: shared people/places with ``nearest`` (``kinds``: its
    entities by kind), then ``when``."""
    if copy_of:
        what = f"copies the text of article {copy_of}"
    elif shared:
        typed = [kinds[n] for n in shared if n in kinds]
        # people and places first: they are what makes it the same event
        ranked = sorted(shared, key=lambda n: ORDER.index(kinds[n]) if n in kinds else len(ORDER))
        shown = ", ".join(ranked[:4])
        what = f"same {kinds_phrase(typed)} as article {nearest} ({shown})"
    else:
        what = f"worded like article {nearest}"
    return f"{what}, {when}" if when else what
