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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..models import Article
from ._sentences import MODEL, Nlp, Sent

PREPARE_VERSION = f"11:{MODEL}:minilm-l6-int8"
"""Bumped when sentence extraction changes: cached per-article rows of other versions are ignored.
8: sentences carry their voice (neutral / evaluative / attributed); subheadings and things that
"suggest" are no claims by a speaker. 9: evaluative from voice score 0.5.
10: a percentage's number context names what it measures (_measure).
11: a multi-word name the NER misses, and the owner of a report ("a report by X said"), speak."""

_FIELDS = tuple(f.name for f in dataclasses.fields(Sent) if f.name != "source")
_TUPLE_LISTS = ("entities", "numbers", "number_context", "date_context", "object_places")


@dataclass(frozen=True)
class Prepared:
    """One article's candidate sentences (``source`` = 0) and their unit embeddings (n, dim)."""

    sents: tuple[Sent, ...]
    vectors: npt.NDArray[np.float32]


def sents_to_json(sents: Sequence[Sent]) -> str:
    rows = []
    for s in sents:  # a shallow dict (dataclasses.asdict deep-copies every list: 4x slower)
        d = {f: getattr(s, f) for f in _FIELDS}
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


READS = frozenset({"en"})
"""Languages the claim analysis reads (the spaCy model and the sentence encoder are English)."""


def reads(article: Article) -> bool:
    """Whether the analysis reads ``article``: English, or of unknown language."""
    return not article.language or article.language.lower().split("-")[0] in READS


def prepare(articles: Sequence[Article], nlp: Nlp, embedder: Any, chunk: int = 8) -> list[Prepared]:
    """Prepare many articles at once (:func:`_prepare_read`); an article in a language the
    analysis does not read gets no sentences (it still counts in the story's coverage)."""
    dim = int(getattr(embedder, "dim", 384))
    readable = [a for a in articles if reads(a)]
    done = iter(_prepare_read(readable, nlp, embedder, chunk))
    empty = Prepared((), np.zeros((0, dim), np.float32))
    return [next(done) if reads(a) else empty for a in articles]


def _prepare_read(articles: Sequence[Article], nlp: Nlp, embedder: Any, chunk: int = 8) -> list[Prepared]:
    """Prepare many articles at once, spaCy and the embedder working side by side.

    The articles are parsed ``chunk`` at a time; each chunk's distinct new sentences are embedded
    in a worker thread while the next chunk is parsed (onnxruntime releases the GIL, so on two
    cores the parse and the embedding overlap). A sentence repeated anywhere in the batch (wire
    copies) is embedded once. The result does not depend on ``chunk``.
    """
    dim = int(getattr(embedder, "dim", 384))
    items = [(0, a.title, a.text, a.dek) for a in articles]
    if len(articles) <= chunk:
        groups = nlp.sentences_many(items)
        vecs = embed_unique(embedder, [s.text for g in groups for s in g], dim)
        return _split(groups, vecs)
    groups = []
    where: dict[str, tuple[int, int]] = {}  # sentence text -> (job, row in that job's result)
    jobs: list[Future[npt.NDArray[np.float32]]] = []
    with ThreadPoolExecutor(1, thread_name_prefix="newsprism-embed") as pool:
        for start in range(0, len(items), chunk):
            part = nlp.sentences_many(items[start : start + chunk])
            groups.extend(part)
            new = [t for t in dict.fromkeys(s.text for g in part for s in g) if t not in where]
            where.update((t, (len(jobs), i)) for i, t in enumerate(new))
            jobs.append(pool.submit(embed_unique, embedder, new, dim))
        done = [j.result() for j in jobs]
    rows = [where[s.text] for g in groups for s in g]
    vecs = np.stack([done[j][i] for j, i in rows]) if rows else np.zeros((0, dim), np.float32)
    return _split(groups, vecs.astype(np.float32, copy=False))


def _split(groups: Sequence[Sequence[Sent]], vecs: npt.NDArray[np.float32]) -> list[Prepared]:
    out: list[Prepared] = []
    start = 0
    for group in groups:
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
