"""The Analyzer: one story's articles in, a :class:`StoryAnalysis` out."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ..models import Article
from ._aggregator import detect as detect_aggregator
from ._align import cluster, refine, similarity
from ._claims import build_claims, independent_key
from ._faq import faq
from ._model import SCHEMA_VERSION, Source, StoryAnalysis
from ._prepare import PREPARE_VERSION, Prepared, from_row, prepare, reads, to_row
from ._sentences import NAME_LABELS, NUMBER_LABELS, Nlp, Sent, clean_text
from ._sides import coverage, framing, timeline
from ._summary import SummaryOptions, attribute, summarize
from ._support import FactCache, Pool, cite_summary, states_within
from ._voice import settle

log = logging.getLogger(__name__)

ANALYZER_VERSION = "3"
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
        prepared = dict(
            zip([a.id for a in articles], prepare(articles, self.nlp, self.embedder), strict=True)
        )
        return self.assemble(articles, prepared, story_id=story_id, title=title, copies=copies, started=t0)

    def prepare(self, articles: Sequence[Article]) -> dict[int, Prepared]:
        """Per-article analysis inputs (sentences + embeddings), one batch: article id -> Prepared."""
        return dict(zip([a.id for a in articles], prepare(articles, self.nlp, self.embedder), strict=True))

    def analyze_batch(self, stories: Sequence[Sequence[Article]]) -> list[StoryAnalysis]:
        """Analyse many stories (lists of articles) with one spaCy and one embedding pass over all
        their distinct articles (an article in several stories is prepared once)."""
        distinct = {a.id: a for arts in stories for a in arts}
        ready = dict(zip(distinct, prepare(list(distinct.values()), self.nlp, self.embedder), strict=True))
        return [self.assemble(arts, ready) for arts in stories]

    def analyze_story(self, store: Any, story_id: int, *, refresh: bool = False) -> StoryAnalysis:
        """Analysis of a stored story, from the cache when its articles have not changed."""
        return self.analyze_stories(store, [story_id], refresh=refresh)[story_id]

    def analyze_stories(
        self, store: Any, story_ids: Sequence[int], *, refresh: bool = False, chunk: int = 64
    ) -> dict[int, StoryAnalysis]:
        """Analyses of stored stories (story id -> analysis), each from the story cache when its
        articles have not changed. Stale stories are recomputed ``chunk`` at a time: their member
        articles not yet prepared (per-article cache: id + content hash + version) are prepared in
        one batch, then each story is assembled from its members' cached sentences and saved."""
        out, todo = self._plan(store, story_ids, refresh)
        for start in range(0, len(todo), max(chunk, 1)):
            part = todo[start : start + max(chunk, 1)]
            ready = self._prepared_for(store, [a for _i, _s, arts, _c, _g in part for a in arts], refresh)
            for story_id, story, articles, copies, sig in part:
                t0 = time.perf_counter()
                result = self.assemble(
                    articles, ready, story_id=story_id, title=story.title, copies=copies, started=t0
                )
                store.save_analysis(story_id, sig, SCHEMA_VERSION, result.to_dict())
                out[story_id] = result
        return out

    def stale(self, store: Any, story_ids: Sequence[int]) -> list[int]:
        """The stories among ``story_ids`` whose cached analysis is missing or out of date."""
        return [t[0] for t in self._plan(store, story_ids, False, parse=False)[1]]

    def _plan(
        self, store: Any, story_ids: Sequence[int], refresh: bool, *, parse: bool = True
    ) -> tuple[dict[int, StoryAnalysis], list[tuple[int, Any, list[Article], dict[int, int], str]]]:
        """The cached analyses of ``story_ids`` (story id -> analysis; only with ``parse``) and the
        stories to compute: (id, story, articles, copy marks, signature)."""
        out: dict[int, StoryAnalysis] = {}
        todo: list[tuple[int, Any, list[Article], dict[int, int], str]] = []
        for story_id in story_ids:
            story = store.get_story(story_id)
            articles = store.get_articles(list(story.article_ids))
            copies: dict[int, int] = {}
            members = getattr(store, "story_members", None)
            if members is not None:
                copies = {m.article_id: m.copy_of for m in members(story_id) if m.copy_of is not None}
            sig = signature(articles, copies, self._leans(articles))
            if not refresh:
                cached = store.cached_analysis(story_id, sig, SCHEMA_VERSION)
                if cached is not None and not parse:
                    continue
                if cached is not None:
                    try:
                        out[story_id] = StoryAnalysis.from_dict(cached)
                        continue
                    except (KeyError, TypeError, ValueError) as e:  # an older layout: recompute
                        log.info("cached analysis of story %s unreadable (%s); recomputing", story_id, e)
            todo.append((story_id, story, articles, copies, sig))
        return out, todo

    def assemble(
        self,
        articles: Sequence[Article],
        prepared: Mapping[int, Prepared],
        *,
        story_id: int | None = None,
        title: str | None = None,
        copies: Mapping[int, int] | None = None,
        started: float | None = None,
    ) -> StoryAnalysis:
        """The analysis of one story from its articles' prepared sentences (article id -> Prepared)."""
        t0 = time.perf_counter() if started is None else started
        arts = sorted(articles, key=lambda a: (a.date, a.id))
        sources = [self._source(i + 1, a, (copies or {}).get(a.id)) for i, a in enumerate(arts)]
        sents: list[Sent] = []
        blocks: list[npt.NDArray[np.float32]] = []
        for src, a in zip(sources, arts, strict=True):
            p = prepared[a.id]
            sents.extend(replace(x, source=src.n) for x in p.sents)
            blocks.append(p.vectors)
        dim = int(getattr(self.embedder, "dim", 384))
        vecs = np.concatenate(blocks, axis=0) if blocks else np.zeros((0, dim), np.float32)
        t1 = time.perf_counter()
        sim = similarity(sents, vecs)
        centroid = vecs.mean(axis=0) if len(sents) else np.zeros(dim, np.float32)
        centrality = vecs @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
        facts = FactCache()  # support: a group's members state what its representative says
        groups = refine(cluster(sents, sim), sents, sim, states_within(sents, sim, facts), centrality)
        claims = build_claims(
            sents, sim, groups, sources, centrality, self.centrality_weight, self.lead_weight, facts
        )
        # only neutral reports by outlets are facts; aggregator pages count as no outlet (issue 12)
        settled = settle(claims, sents, sources, vecs)
        claims = settled.claims
        by_n = {s.n: s for s in sources}
        vectors = {}
        for g_idx, g in enumerate(groups):
            v = vecs[g.members].mean(axis=0)
            vectors[g_idx + 1] = v / max(float(np.linalg.norm(v)), 1e-9)
        texts = {
            s.n: f"{a.title}\n{a.dek or ''}\n{clean_text(a.text)}" for s, a in zip(sources, arts, strict=True)
        }
        known = _known_entities(sents)
        checked = summarize(
            claims,
            vectors,
            by_n,
            texts,
            lambda t: self._ner_known(t, known),
            self.summary_options,
            settled.shown,
            settled.opinions,
        )
        # a summary sentence cites the sources that state it, each with its supporting sentence
        checked = cite_summary(checked, claims, Pool(sents, vecs, facts), by_n)
        checked = attribute(checked, claims, by_n)  # the outlet prefix agrees with the citations
        summary = [s for s in checked if s.checked]
        by_article = {s.article_id: s for s in sources}
        independent_of = {s.n: independent_key(s, by_article) for s in sources}
        sides = framing(sources, claims, sents)
        t2 = time.perf_counter()
        stats = {
            "articles": float(len(arts)),
            "sentences": float(len(sents)),
            "claim_groups": float(len(claims)),
            "summary_checked_share": (len(summary) / len(checked)) if checked else 1.0,
            "seconds_prepare": round(t1 - t0, 3),
            "seconds_total": round(t2 - t0, 3),
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

    def _prepared_for(self, store: Any, articles: Sequence[Article], refresh: bool) -> dict[int, Prepared]:
        """Prepared sentences of ``articles``: from the per-article cache, the rest computed in one
        batch and saved."""
        distinct = {a.id: a for a in articles}
        dim = int(getattr(self.embedder, "dim", 384))
        ready: dict[int, Prepared] = {}
        if not refresh:
            rows = store.cached_article_analyses(
                [(a.id, a.content_hash) for a in distinct.values()], PREPARE_VERSION
            )
            for aid, (sents_json, blob) in rows.items():
                try:
                    ready[aid] = from_row(sents_json, blob, dim)
                except (KeyError, TypeError, ValueError) as e:
                    log.info("cached sentences of article %s unreadable (%s); recomputing", aid, e)
        missing = [a for aid, a in distinct.items() if aid not in ready]
        if missing:
            fresh = prepare(missing, self.nlp, self.embedder)
            store.save_article_analyses([to_row(a, p) for a, p in zip(missing, fresh, strict=True)])
            ready.update(zip([a.id for a in missing], fresh, strict=True))
        return ready

    # -- helpers ---------------------------------------------------------------------------
    def _source(self, n: int, a: Article, copy_of: int | None) -> Source:
        when, lang, read = _iso(a.published_at), a.language, reads(a)
        kind = "aggregator" if detect_aggregator(a.title, a.dek, a.text).aggregator else "article"
        if a.outlet is None:
            label = f"source {n}"
            return Source(
                n, a.id, a.title, label, f"Source {n}", "unrated", a.url, when, copy_of, lang, read, kind
            )
        lean = "unrated"
        name = a.outlet.name
        if self.registry is not None:
            profile = self.registry.profile(a.outlet.domain, a.outlet.name)
            lean, name = profile.lean, profile.name or name
        return Source(n, a.id, a.title, a.outlet.domain, name, lean, a.url, when, copy_of, lang, read, kind)

    def _leans(self, articles: Sequence[Article]) -> dict[str, str]:
        out: dict[str, str] = {}
        for a in articles:
            if a.outlet is not None and a.outlet.domain not in out:
                out[a.outlet.domain] = self._source(0, a, None).lean
        return out

    def _ner_known(self, text: str, known: Mapping[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
        """Names and numbers of a summary sentence: the cached ones of the sentences it is made of
        (a claim, or "claim; denial"), else a fresh parse."""
        if text in known:
            return list(known[text])
        parts = text.split("; ")
        if len(parts) > 1 and all(p in known for p in parts):
            return [e for p in parts for e in known[p]]
        return self._ner(text)

    def _ner(self, text: str) -> list[tuple[str, str]]:
        doc = self.nlp.pipeline()(text)
        return [(e.text, e.label_) for e in doc.ents if e.label_ in NAME_LABELS | NUMBER_LABELS]


def _known_entities(sents: Sequence[Sent]) -> dict[str, list[tuple[str, str]]]:
    """Names and numbers of each sentence text, from its in-context parse (no second parse)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for s in sents:
        ents = [(t, lab) for t, lab in s.entities] + [(t, "CARDINAL") for _v, t, _u in s.numbers]
        out.setdefault(s.text, ents)
        out.setdefault(s.text.rstrip("."), ents)
        out.setdefault(s.text[:1].lower() + s.text[1:], ents)
    return out


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
