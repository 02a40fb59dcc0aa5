"""The single-pass clusterer: each article joins the best open story above a threshold or
starts a new one, and a story that turns out to hold two events is cut in two (:mod:`._split`).
Pure and in memory; :mod:`._grouper` feeds it from and back to the store.

Score of an article against a story (all terms in [0, 1] but the time penalty)::

    score = w * mean cos(article vector, member vectors)
          + (1 - w) * mean cos(article TF-IDF, member TF-IDF vectors)
          - Options.penalty(days between the article and the story's first report)

The means are average-link similarities, computed from running sums (the same cost as a
centroid): unlike the cosine to a normalised centroid, they do not flatter a loose story.
``w`` is ``Options.w_embed`` for a short article (a feed item) and falls to
``Options.w_embed_long`` for a long one (:meth:`Options.embed_weight`): the vector sees only the
opening of an article (``EMBED_CHARS``), the TF-IDF half reads the first few thousand characters.
The embedding says "same kind of news"; the TF-IDF half, where names and numbers weigh most
(they are rare), says "same people, place and day". Only stories whose time span comes within
``window_days`` of the article are candidates, and of those only the ``top_k`` nearest by
embedding are scored in full, so an article costs the same in a database of any size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ._index import StoryIndex
from ._options import Options
from ._state import Decision, Item, StoryState, gap_days, lex_cos, lex_vector, pins_agree, span_gap

__all__ = ["Clusterer", "Decision", "Item", "Options", "StoryState", "assign_all"]


class Clusterer:
    """Open stories plus the assignment rule. Feed items in time order with :meth:`add`."""

    def __init__(self, options: Options, idf: Callable[[str], float]) -> None:
        self.options = options
        self.idf = idf
        self.stories: dict[int, StoryState] = {}
        self._lex_cache: dict[int, dict[str, float]] = {}
        self.items: dict[int, Item] = {}
        self._next_key = -1
        self._index = StoryIndex()

    def new_key(self) -> int:
        key = self._next_key
        self._next_key -= 1
        return key

    # -- state -----------------------------------------------------------------------------
    def lex_of(self, item: Item) -> dict[str, float]:
        vec = self._lex_cache.get(item.id)
        if vec is None:
            vec = lex_vector(item, self.idf, self.options.name_boost)
            self._lex_cache[item.id] = vec
        return vec

    def attach(self, key: int, item: Item) -> None:
        st = self.stories.get(key)
        if st is None:
            st = self.stories[key] = StoryState(key)
        st.members.append(item.id)
        self.items[item.id] = item
        st.vec_sum = item.vec.copy() if st.vec_sum is None else st.vec_sum + item.vec
        st.lex.update(self.lex_of(item))
        st.add_time(item)
        if item.pin:
            st.pins.add(item.pin)
        self._reindex(st)

    def _reindex(self, st: StoryState) -> None:
        self._index.put(st.key, st.centroid(), (st.first_day, st.last_day, st.first_fetched, st.last_fetched))

    def drop(self, key: int) -> StoryState:
        """Remove story ``key`` from the open stories (its items stay known)."""
        self._index.drop(key)
        return self.stories.pop(key)

    def forget(self, key: int) -> StoryState:
        """Remove story ``key`` and its items (they will not be needed again)."""
        st = self.drop(key)
        for aid in st.members:
            self._lex_cache.pop(aid, None)
            self.items.pop(aid, None)
        return st

    def rekey(self, old: int, new: int) -> None:
        """Give story ``old`` the key ``new`` (its id once stored)."""
        if old == new:
            return
        st = self.drop(old)
        st.key = new
        self.stories[new] = st
        self._reindex(st)

    def candidates(self, item: Item, top_k: int | None = None) -> list[tuple[float, StoryState]]:
        """Open stories near the item's date (an undated item: also those fetched near it), as
        (centroid cosine, story), the ``top_k`` most similar first (all when None). Stories that
        carry another correction's pin are left out for a pinned item."""
        w = self.options.window_days
        fetched = None if item.dated else (item.day if item.fetched is None else item.fetched)
        k = len(self.stories) if top_k is None or item.pin else top_k
        near = self._index.search(item.vec, item.day, fetched, w, k)
        found = [(cos, self.stories[key]) for key, cos in near]
        if item.pin:
            found = [(c, s) for c, s in found if not (s.pins and item.pin not in s.pins)]
        return found if top_k is None else found[:top_k]

    # -- scoring ---------------------------------------------------------------------------
    def scores(self, item: Item) -> list[tuple[float, StoryState]]:
        """The ``top_k`` candidates nearest by embedding, scored in full, best first."""
        o = self.options
        lex = self.lex_of(item)
        we = o.embed_weight(sum(item.terms.values()))
        out = []
        for _, s in self.candidates(item, o.top_k):
            score = self.mean_score(item, lex, s, we)
            out.append((score - o.penalty(gap_days(item, s)), s))
        out.sort(key=lambda p: -p[0])
        return out

    @staticmethod
    def mean_score(item: Item, lex: dict[str, float], st: StoryState, we: float) -> float:
        """Average-link similarity of ``item`` to the members of ``st`` (before time)."""
        assert st.vec_sum is not None
        n = max(1, len(st.members))
        return (we * float(st.vec_sum @ item.vec) + (1 - we) * lex_cos(lex, st.lex, 1.0)) / n

    def member_score(self, item: Item, st: StoryState) -> float:
        """Average-link similarity of member ``item`` to the other members of ``st``."""
        assert st.vec_sum is not None
        n = len(st.members)
        if n < 2:
            return 1.0
        we = self.options.embed_weight(sum(item.terms.values()))
        lex = self.lex_of(item)
        emb = float(st.vec_sum @ item.vec) - float(item.vec @ item.vec)
        lx = lex_cos(lex, st.lex, 1.0) - lex_cos(lex, lex, 1.0)
        return (we * emb + (1 - we) * lx) / (n - 1)

    def add(self, item: Item) -> Decision:
        """Put ``item`` in the best story above the threshold, or in a new one."""
        if item.pin:
            pinned = [s for s in self.stories.values() if item.pin in s.pins]
            if pinned:
                best = max(pinned, key=lambda s: len(s.members))
                self.attach(best.key, item)
                return Decision(best.key, None)
        ranked = self.scores(item)
        t = self.options.threshold
        if ranked and ranked[0][0] >= t:
            score, st = ranked[0]
            near = self.nearest(item, st)
            self.attach(st.key, item)
            also = tuple(s.key for sc, s in ranked[1:] if sc >= t) if self.options.merge else ()
            return Decision(st.key, score, near, also)
        key = self.new_key()
        self.attach(key, item)
        return Decision(key, None)

    def rehome(self, item: Item, key: int) -> Decision | None:
        """Move ``item``, placed in story ``key`` across days, to a story of its own day that it
        now scores higher against (see ``Options.rehome``); None when it stays."""
        o = self.options
        st = self.stories.get(key)
        if not o.rehome or st is None or item.pin or st.pins or not item.dated:
            return None
        rest = [m for m in st.members if m != item.id]
        if not rest or any(m not in self.items for m in st.members) or st.dated < len(st.members):
            return None
        first = min(self.items[m].day for m in rest)
        if item.day - first < 0.5:
            return None  # it joined the coverage of its own day
        here = self.member_score(item, st) - o.penalty(item.day - first)
        for score, other in self.scores(item):
            if other.key == key or other.pins or not other.dated or abs(other.first_day - item.day) >= 0.5:
                continue
            if score < o.threshold or score <= here:
                return None  # best first: no story of its day beats where it is
            self.drop(key)
            for m in rest:
                self.attach(key, self.items[m])
            near = self.nearest(item, other)
            self.attach(other.key, item)
            return Decision(other.key, score, near)
        return None

    def nearest(self, item: Item, st: StoryState) -> int | None:
        """The member of ``st`` most like ``item`` by embedding (the latest 64 members)."""
        ms = [m for m in st.members[-64:] if m in self.items and m != item.id]
        if not ms:
            return None
        sims = np.stack([self.items[m].vec for m in ms]) @ item.vec
        return ms[int(np.argmax(sims))]

    def story_score(self, a: StoryState, b: StoryState) -> float:
        """Average-link similarity between the members of two stories (before time)."""
        assert a.vec_sum is not None and b.vec_sum is not None
        ms = [m for m in (*a.members, *b.members) if m in self.items]
        we = sum(self.options.embed_weight(sum(self.items[m].terms.values())) for m in ms) / max(1, len(ms))
        pairs = max(1, len(a.members) * len(b.members))
        return (we * float(a.vec_sum @ b.vec_sum) + (1 - we) * lex_cos(dict(a.lex), b.lex, 1.0)) / pairs

    def merge_score(self, a: StoryState, b: StoryState) -> float:
        """:meth:`story_score` less the time penalty for the days between the two spans."""
        return self.story_score(a, b) - self.options.penalty(span_gap(a, b))

    def merge_into(self, keep: int, gone: int) -> list[int]:
        """Move every member of story ``gone`` into ``keep``; return the members moved."""
        st = self.drop(gone)
        for a in sorted(st.members, key=lambda a: (self.items[a].day, a)):
            self.attach(keep, self.items[a])
        return st.members

    def maybe_merge(self, key: int, others: Iterable[int]) -> list[tuple[int, int]]:
        """Merge into one the stories among ``key`` and ``others`` that are one event (see
        :class:`Options`); the survivor is the oldest stored story (lowest positive key), else
        ``key``. Returns (survivor, merged key) pairs in the order done."""
        done: list[tuple[int, int]] = []
        cur = key
        for other in others:
            a, b = self.stories.get(cur), self.stories.get(other)
            if a is None or b is None or other == cur or not pins_agree(a, b):
                continue
            if self.merge_score(a, b) < self.options.threshold:
                continue
            keep, gone = (other, cur) if other > 0 and (cur < 0 or other < cur) else (cur, other)
            self.merge_into(keep, gone)
            done.append((keep, gone))
            cur = keep
        return done

    def maybe_split(self, key: int) -> int | None:
        """Cut story ``key`` in two when it holds two events (:mod:`._split`); the part without
        its first member becomes a new story, whose key is returned. Pinned stories are left."""
        from ._split import split_in_two

        st = self.stories.get(key)
        o = self.options
        smallest = 2 * min(o.split_min_side, o.time_split_min_side)
        if st is None or st.pins or not smallest <= len(st.members) <= o.split_max:
            return None
        if any(m not in self.items for m in st.members):
            return None
        cut = None
        if len(st.members) >= 2 * o.split_min_side:
            lex = [self.lex_of(self.items[m]) for m in st.members]
            cut = split_in_two(st.members, lex, o.split_min_side, o.split_ratio)
        if cut is None:
            cut = self._time_cut(st)
        if cut is None:
            return None
        keep, rest = cut
        if st.members[0] not in keep:
            keep, rest = rest, keep
        self.drop(key)
        new = self.new_key()
        for k, part in ((key, keep), (new, rest)):
            for m in part:
                self.attach(k, self.items[m])
        return new

    def _time_cut(self, st: StoryState) -> tuple[list[int], list[int]] | None:
        """:func:`._split.split_in_time` on ``st`` (similarity: embedding cosine)."""
        from ._split import split_in_time

        o = self.options
        if len(st.members) < 2 * o.time_split_min_side or st.dated < len(st.members):
            return None  # an undated member has no publication day to cut at
        ms = sorted(st.members, key=lambda m: (self.items[m].day, m))
        days = [self.items[m].day for m in ms]
        if days[-1] - days[0] < 0.5:
            return None
        v = np.stack([self.items[m].vec for m in ms]).astype(np.float64)
        w = np.clip(v @ v.T, 1e-3, None)
        return split_in_time(ms, days, w, o.time_split_min_side, o.time_split_ratio)

    def split_all(self, keys: Iterable[int]) -> dict[int, tuple[int, float, int | None]]:
        """:meth:`maybe_split` each story of ``keys``, and each part again; for every member of
        a part split off: (its new story, its score against it, its nearest member there)."""
        moved: dict[int, tuple[int, float, int | None]] = {}
        todo = list(keys)
        while todo:
            key = todo.pop()
            new = self.maybe_split(key)
            if new is None:
                continue
            st = self.stories[new]
            for a in st.members:
                it = self.items[a]
                moved[a] = (new, round(self.member_score(it, st), 4), self.nearest(it, st))
            todo.extend((key, new))  # either part may hold two events again
        return moved

    def forget_before(self, day: float, keep: Callable[[StoryState], bool] | None = None) -> list[StoryState]:
        """Drop (and return) stories that can no longer take new articles (bounded memory);
        ``keep`` may hold back stories that an undated article could still join."""
        w = self.options.window_days
        gone = []
        for key in [k for k, s in self.stories.items() if s.last_day < day - w and not (keep and keep(s))]:
            gone.append(self.forget(key))
        return gone


def assign_all(items: Iterable[Item], options: Options, idf: Callable[[str], float]) -> dict[int, int]:
    """Cluster ``items`` (in the order given) from scratch; article id -> story key."""
    cl = Clusterer(options, idf)
    return {it.id: cl.add(it).story for it in items}
