"""The Analyzer: one story's articles in, a :class:`StoryAnalysis` out."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..models import Article
from ._align import cluster, similarity
from ._claims import build_claims, independent_key
from ._faq import faq
from ._model import SCHEMA_VERSION, Source, StoryAnalysis
from ._sentences import NAME_LABELS, NUMBER_LABELS, Nlp, Sent, clean_text
from ._sides import coverage, framing, timeline
from ._summary import SummaryOptions, summarize

log = logging.getLogger(__name__)

ANALYZER_VERSION = "1"
"""Bumped when the analysis changes so cached analyses are recomputed."""


def signature(
    articles: Sequence[Article],
    copies: Mapping[int, int] | None = None,
    leans: Mapping[str, str] | None = None,
) -> str:
    """Cache key of a story's analysis: its member articles, their content, the copy marks and
    the lean of each outlet (a changed rating or override means a new analysis)."""
    h = hashlib.sha256(f"v{ANALYZER_VERSION}".encode())
    for a in sorted(articles, key=lambda a: a.id):
        outlet = a.outlet.domain if a.outlet else ""
        lean = (leans or {}).get(outlet, "")
        h.update(f"|{a.id}:{a.content_hash}:{outlet}:{lean}:{(copies or {}).get(a.id, '')}".encode())
    return h.hexdigest()[:32]


class Analyzer:
    """Analyses stories. The embedder and the outlet registry are injected; spaCy loads lazily."""

    def __init__(
        self,
        embedder: Any,
        registry: Any = None,
        *,
        nlp: Nlp | None = None,
        summary: SummaryOptions | None = None,
        centrality_weight: float = 3.0,
        lead_weight: float = 0.15,
    ) -> None:
        self.lead_weight = lead_weight
        self.centrality_weight = centrality_weight
        self.embedder = embedder
        self.registry = registry
        self.nlp = nlp or Nlp()
        self.summary_options = summary or SummaryOptions()

    # -- entry points ----------------------------------------------------------------------
    def analyze_articles(
        self,
        articles: Sequence[Article],
        *,
        story_id: int | None = None,
        title: str | None = None,
        copies: Mapping[int, int] | None = None,
    ) -> StoryAnalysis:
        """Analyse ``articles`` as one story. ``copies`` maps article id -> id of the article it copies."""
        t0 = time.perf_counter()
        arts = sorted(articles, key=lambda a: (a.date, a.id))
        sources = [self._source(i + 1, a, (copies or {}).get(a.id)) for i, a in enumerate(arts)]
        per_article = self.nlp.sentences_many(
            [(s.n, a.title, a.text, a.dek) for s, a in zip(sources, arts, strict=True)]
        )
        t1 = time.perf_counter()
        sents: list[Sent] = [s for group in per_article for s in group]
        vecs = self._embed([s.text for s in sents])
        t2 = time.perf_counter()
        sim = similarity(sents, vecs)
        groups = cluster(sents, sim)
        centroid = vecs.mean(axis=0) if len(sents) else np.zeros(384, np.float32)
        centrality = vecs @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
        claims = build_claims(
            sents, sim, groups, sources, centrality, self.centrality_weight, self.lead_weight
        )
        by_n = {s.n: s for s in sources}
        vectors = {}
        for g_idx, g in enumerate(groups):
            v = vecs[g.members].mean(axis=0)
            vectors[g_idx + 1] = v / max(float(np.linalg.norm(v)), 1e-9)
        texts = {
            s.n: f"{a.title}\n{a.dek or ''}\n{clean_text(a.text)}" for s, a in zip(sources, arts, strict=True)
        }
        checked = summarize(claims, vectors, by_n, texts, self._ner, self.summary_options)
        summary = [s for s in checked if s.checked]
        by_article = {s.article_id: s for s in sources}
        independent_of = {s.n: independent_key(s, by_article) for s in sources}
        sides = framing(sources, claims, sents)
        t3 = time.perf_counter()
        stats = {
            "articles": float(len(arts)),
            "sentences": float(len(sents)),
            "claim_groups": float(len(claims)),
            "summary_checked_share": (len(summary) / len(checked)) if checked else 1.0,
            "seconds_nlp": round(t1 - t0, 3),
            "seconds_embed": round(t2 - t1, 3),
            "seconds_total": round(t3 - t0, 3),
        }
        return StoryAnalysis(
            story_id=story_id,
            title=title or (arts[0].title if arts else ""),
            signature=signature(arts, copies, {s.outlet: s.lean for s in sources}),
            sources=tuple(sources),
            claims=tuple(claims),
            framing=tuple(sides),
            summary=tuple(summary),
            coverage=coverage(sources, independent_of),
            timeline=tuple(timeline(sources, sents)),
            faq=tuple(faq(claims, summary, sides)),
            stats=stats,
        )

    def analyze_story(self, store: Any, story_id: int, *, refresh: bool = False) -> StoryAnalysis:
        """Analysis of a stored story, from the cache when its articles have not changed."""
        story = store.get_story(story_id)
        articles = store.get_articles(list(story.article_ids))
        copies: dict[int, int] = {}
        members = getattr(store, "story_members", None)
        if members is not None:
            copies = {m.article_id: m.copy_of for m in members(story_id) if m.copy_of is not None}
        sig = signature(articles, copies, self._leans(articles))
        if not refresh:
            cached = store.cached_analysis(story_id, sig, SCHEMA_VERSION)
            if cached is not None:
                try:
                    return StoryAnalysis.from_dict(cached)
                except (KeyError, TypeError, ValueError) as e:  # an older layout: recompute
                    log.info("cached analysis of story %s unreadable (%s); recomputing", story_id, e)
        result = self.analyze_articles(articles, story_id=story_id, title=story.title, copies=copies)
        store.save_analysis(story_id, sig, SCHEMA_VERSION, result.to_dict())
        return result

    # -- helpers ---------------------------------------------------------------------------
    def _source(self, n: int, a: Article, copy_of: int | None) -> Source:
        if a.outlet is None:
            label = f"source {n}"
            return Source(
                n, a.id, a.title, label, f"Source {n}", "unrated", a.url, _iso(a.published_at), copy_of
            )
        lean = "unrated"
        name = a.outlet.name
        if self.registry is not None:
            profile = self.registry.profile(a.outlet.domain, a.outlet.name)
            lean, name = profile.lean, profile.name or name
        return Source(n, a.id, a.title, a.outlet.domain, name, lean, a.url, _iso(a.published_at), copy_of)

    def _leans(self, articles: Sequence[Article]) -> dict[str, str]:
        out: dict[str, str] = {}
        for a in articles:
            if a.outlet is not None and a.outlet.domain not in out:
                out[a.outlet.domain] = self._source(0, a, None).lean
        return out

    def _embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """Embed each distinct text once (wire copies repeat many sentences)."""
        if not texts:
            return np.zeros((0, int(getattr(self.embedder, "dim", 384))), np.float32)
        unique = list(dict.fromkeys(texts))
        vecs = self.embedder.embed(unique)
        row = {t: i for i, t in enumerate(unique)}
        out: npt.NDArray[np.float32] = vecs[[row[t] for t in texts]]
        return out

    def _ner(self, text: str) -> list[tuple[str, str]]:
        doc = self.nlp.pipeline()(text)
        return [(e.text, e.label_) for e in doc.ents if e.label_ in NAME_LABELS | NUMBER_LABELS]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
