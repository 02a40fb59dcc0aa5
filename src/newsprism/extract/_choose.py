"""The cascade: choose one article body among the extractors' candidates.

trafilatura in precision mode is the most precise extractor on news pages, so its text is the
default. Two failure modes are common and detectable without any gold data, by comparing
extractors with each other:

* **stub**: the precise text is tiny (a licence notice, a teaser, a login prompt) while another
  extractor found an article many times longer -> take trafilatura's balanced text, or
  readability's when that is a stub too;
* **truncated**: another extractor's text is much longer *and contains* nearly all of the chosen
  text (shingle coverage), so the chosen one stopped early (a layout split the article body across
  containers) -> take the longer, agreeing text.

Thresholds were fixed once, on general grounds (a "much longer" text is 1.5x, "nearly all" is
80% of the 4-word shingles, a stub is under 50 words and a quarter of the alternative).
"""

from __future__ import annotations

from dataclasses import dataclass

from ._score import coverage, word_count

STUB_WORDS = 50
STUB_RATIO = 4.0
LONGER_RATIO = 1.5
CONTAINS = 0.8


@dataclass(frozen=True)
class Candidates:
    precise: str  # trafilatura, favor_precision
    balanced: str  # trafilatura, default settings
    readability: str  # readability-lxml


def choose_body(c: Candidates) -> tuple[str, str]:
    """(body, name of the extractor whose text was chosen); body is "" when all are empty."""
    options = [
        ("trafilatura-precision", c.precise),
        ("trafilatura", c.balanced),
        ("readability", c.readability),
    ]
    options = [(name, text) for name, text in options if text.strip()]
    if not options:
        return "", "none"
    name, text = options[0]
    words = word_count(text)
    longest = max(word_count(t) for _n, t in options)
    if words < STUB_WORDS and longest >= STUB_RATIO * max(words, 1):
        for alt_name, alt in options[1:]:
            if word_count(alt) >= STUB_RATIO * max(words, 1) and word_count(alt) >= STUB_WORDS:
                name, text, words = alt_name, alt, word_count(alt)
                break
    # Only an independent algorithm can vouch that a longer text is the same article: trafilatura's
    # balanced mode is longer than its precision mode by design (it keeps more boilerplate).
    alt = c.readability
    if name != "readability" and word_count(alt) >= LONGER_RATIO * words and coverage(text, alt) >= CONTAINS:
        name, text = "readability", alt
    return text, name
