"""Per-article analysis inputs: the candidate sentences of one article and their embeddings.

They depend only on the article's title, dek and text (and the models), so they are computed
once per article (spaCy and the embedder batched over many articles) and cached in the database
keyed by article id + content hash + :data:`PREPARE_VERSION`; a story's analysis assembles its
members' prepared sentences.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..models import Article
from ._sentences import MODEL, Nlp, Sent

PREPARE_VERSION = f"5:{MODEL}:minilm-l6-int8"
"""Bumped when sentence extraction changes: cached per-article rows of other versions are ignored."""

_TUPLE_LISTS = ("entities", "numbers", "number_context", "date_context", "object_places")


@dataclass(frozen=True)
class Prepared:
    """One article's candidate sentences (``source`` = 0) and their unit embeddings (n, dim)."""

    sents: tuple[Sent, ...]
    vectors: npt.NDArray[np.float32]


def sents_to_json(sents: Sequence[Sent]) -> str:
    rows = []
    for s in sents:
        d = dataclasses.asdict(s)
        d.pop("source", None)
        d["denied_keys"] = sorted(s.denied_keys)
        rows.append(d)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def sents_from_json(data: str) -> list[Sent]:
    out: list[Sent] = []
    for d in json.loads(data):
        d["denied_keys"] = set(d.get("denied_keys") or ())
        for key in _TUPLE_LISTS:
            if key in d:
                d[key] = [tuple(x) for x in d[key]]
        out.append(Sent(source=0, **d))
    return out


def to_row(article: Article, p: Prepared) -> tuple[int, str, str, str, bytes]:
    return (
        article.id,
        article.content_hash,
        PREPARE_VERSION,
        sents_to_json(p.sents),
        np.ascontiguousarray(p.vectors, dtype=np.float32).tobytes(),
    )


def from_row(sents_json: str, blob: bytes, dim: int) -> Prepared:
    sents = sents_from_json(sents_json)
    vecs = np.frombuffer(blob, dtype=np.float32).reshape(len(sents), dim).copy()
    return Prepared(tuple(sents), vecs)


def prepare(articles: Sequence[Article], nlp: Nlp, embedder: Any) -> list[Prepared]:
    """Prepare many articles at once: one spaCy pass and one embedding pass over all of them."""
    dim = int(getattr(embedder, "dim", 384))
    per_article = nlp.sentences_many([(0, a.title, a.text, a.dek) for a in articles])
    texts = [s.text for group in per_article for s in group]
    vecs = embed_unique(embedder, texts, dim)
    out: list[Prepared] = []
    start = 0
    for group in per_article:
        out.append(Prepared(tuple(group), vecs[start : start + len(group)]))
        start += len(group)
    return out


def embed_unique(embedder: Any, texts: list[str], dim: int = 384) -> npt.NDArray[np.float32]:
    """Embed each distinct text once (wire copies repeat many sentences)."""
    if not texts:
        return np.zeros((0, dim), np.float32)
    unique = list(dict.fromkeys(texts))
    vecs = embedder.embed(unique)
    row = {t: i for i, t in enumerate(unique)}
    out: npt.NDArray[np.float32] = np.asarray(vecs, dtype=np.float32)[[row[t] for t in texts]]
    return out
