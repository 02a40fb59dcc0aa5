"""The single-pass clusterer: each article joins the best open story above a threshold or
starts a new one, and a story that turns out to hold two events is cut in two (:mod:`._split`).
Pure and in memory; :mod:`._grouper` feeds it from and back to the store.

Score of an article against a story (all terms in [0, 1] but the time penalty)::

    score = w * mean cos(article vector, member vectors)
          + (1 - w) * mean cos(article TF-IDF, member TF-IDF vectors)
          - DECAY_PER_DAY * max(0, days between the article and the story's nearest day - GRACE)

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

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ._index import StoryIndex

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Options:
    """Grouping thresholds, chosen once on AllSides and ECB+ together (``benchmarks/grouping.py``)
    and the same for every data set
    (figures in the module docstring of ``benchmarks/grouping.py``).

    * ``threshold`` 0.30 on the mean (average-link) similarity: lower merges more. On AllSides
      (short feed items, day-level dates) recall wants it low; on ECB+ (full articles,
      look-alike events) precision wants it higher, which the length-aware weight below and
      the split check give. Measured (B-cubed F1, mean of 4 orders, with the split check):
      centroid cosine at 0.40 gives AllSides 0.932 / ECB+ 0.919, at 0.34 0.941 / 0.923;
      average link at 0.30 0.954 / 0.921, at 0.28 0.955 / 0.921.
    * ``w_embed`` 0.55 for an article of up to ``short_terms`` 80 content words, falling
      linearly to ``w_embed_long`` 0.35 at ``long_terms`` 250 content words and beyond (title
      counted twice; a feed item has ~70, a full article 150-600). The vector embeds only the
      first ``EMBED_CHARS`` of the text, the TF-IDF half reads ``TERM_CHARS``: the longer the
      article, the smaller the share the vector saw and the more the words, names and numbers
      say. Embeddings alone merge ECB+'s twin events (same kind of news), TF-IDF alone misses
      AllSides' differently framed headlines. Measured (B-cubed F1, mean of 6 shuffled import
      orders, one pass over each whole set): a fixed 0.55 at threshold 0.43 gives AllSides
      0.917 / ECB+ 0.884, at 0.40 0.928 / 0.878; this ramp at 0.40 0.928 / 0.885. Ramp ends
      0.2-0.4 all score within a point on both sets; 0.35 rather than lower keeps the five seed
      pages (full articles, two of them dated 21 hours apart) in one story.
    * ``name_boost`` 3: names and numbers (capitalised words, phrases, years, tallies) weigh
      three times a common word in the TF-IDF vector: they tell twin events apart (5 and 8
      measured no better; with the split check 2 and 4 score within 0.3 points on both sets).
    * ``decay_per_day`` 0.5 after ``grace_days`` 0.5: the time between an article and the
      nearest end of a story's span costs 0.5 of score per day beyond the first half day, so
      an article dated the next day needs a close match (AllSides: stories a day apart are
      different events) while articles hours apart are barely held back (the seeds).
    * ``window_days`` 4: stories that last moved more than 4 days before an article are not
      candidates for it (``[group] window_days`` in the config).
    * ``top_k`` 12: of the candidates, only the 12 nearest by embedding are scored in full
      (24 and 8 score the same on both sets; the full score costs a TF-IDF dot product).
    * ``split_ratio`` 0.70 and ``split_min_side`` 3: after each batch, a touched story of up to
      ``split_max`` 400 members is cut in two when its best two-way cut leaves at least 3
      members on each side and the mean TF-IDF similarity across the cut is under 0.70 of the
      mean within the looser side (:mod:`._split`). Measured (mean of 4 orders): ECB+
      0.889 -> 0.918, AllSides 0.932 -> 0.932; ratio 0.65 and 0.75 lose 0.5-0.7 points on ECB+,
      0.6 and 0.8 lose 1-2 (AllSides unchanged).
    """

    threshold: float = 0.30
    w_embed: float = 0.55
    w_embed_long: float = 0.35
    short_terms: int = 80
    long_terms: int = 250
    name_boost: float = 3.0
    decay_per_day: float = 0.5
    grace_days: float = 0.5
    window_days: float = 4.0
    top_k: int = 12
    split_ratio: float = 0.70
    split_min_side: int = 3
    split_max: int = 400

    def embed_weight(self, content_words: int) -> float:
        """Weight of the embedding for an article of ``content_words`` words (see above)."""
        span = max(1, self.long_terms - self.short_terms)
        f = min(1.0, max(0.0, (content_words - self.short_terms) / span))
        return self.w_embed + (self.w_embed_long - self.w_embed) * f


@dataclass
class Item:
    """One article as the clusterer sees it."""

    id: int
    day: float
    vec: Vector
    terms: dict[str, int]
    names: frozenset[str]
    pin: str | None = None
    dated: bool = True
    """False when the article has no publication date (``day`` is then when it was fetched)."""
    fetched: float | None = None


@dataclass
class StoryState:
    key: int
    members: list[int] = field(default_factory=list)
    vec_sum: Vector | None = None
    lex: Counter[str] = field(default_factory=Counter)
    first_day: float = math.inf
    last_day: float = -math.inf
    first_fetched: float = math.inf
    last_fetched: float = -math.inf
    dated: int = 0
    """Members with a publication date; while there are none the span is their fetch days."""
    pins: set[str] = field(default_factory=set)

    def add_time(self, item: Item) -> None:
        fetched = item.day if item.fetched is None else item.fetched
        self.first_fetched = min(self.first_fetched, fetched)
        self.last_fetched = max(self.last_fetched, fetched)
        if item.dated and not self.dated:
            self.first_day, self.last_day = item.day, item.day
        if item.dated or not self.dated:
            self.first_day = min(self.first_day, item.day)
            self.last_day = max(self.last_day, item.day)
        self.dated += int(item.dated)

    def centroid(self) -> Vector:
        assert self.vec_sum is not None
        n = float(np.linalg.norm(self.vec_sum))
        return self.vec_sum / (n or 1.0)


@dataclass(frozen=True)
class Decision:
    story: int
    score: float | None
    """Score against the story it joined (None when it started it)."""
    nearest: int | None = None


def lex_vector(item: Item, idf: Callable[[str], float], name_boost: float) -> dict[str, float]:
    """Unit-length TF-IDF vector (sub-linear tf; names boosted)."""
    vec = {
        t: (1.0 + math.log(c)) * idf(t) * (name_boost if t in item.names else 1.0)
        for t, c in item.terms.items()
    }
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def lex_cos(vec: dict[str, float], centroid: Mapping[str, float], centroid_norm: float) -> float:
    if not centroid_norm:
        return 0.0
    small, big = (vec, centroid) if len(vec) < len(centroid) else (centroid, vec)
    dot = sum(v * big.get(t, 0.0) for t, v in small.items())
    return dot / centroid_norm


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
            gap = max(0.0, s.first_day - item.day, item.day - s.last_day) if item.dated and s.dated else 0.0
            penalty = o.decay_per_day * max(0.0, gap - o.grace_days)
            out.append((score - penalty, s))
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
        if ranked and ranked[0][0] >= self.options.threshold:
            score, st = ranked[0]
            near = self.nearest(item, st)
            self.attach(st.key, item)
            return Decision(st.key, score, near)
        key = self.new_key()
        self.attach(key, item)
        return Decision(key, None)

    def nearest(self, item: Item, st: StoryState) -> int | None:
        """The member of ``st`` most like ``item`` by embedding (the latest 64 members)."""
        ms = [m for m in st.members[-64:] if m in self.items and m != item.id]
        if not ms:
            return None
        sims = np.stack([self.items[m].vec for m in ms]) @ item.vec
        return ms[int(np.argmax(sims))]

    def maybe_split(self, key: int) -> int | None:
        """Cut story ``key`` in two when it holds two events (:mod:`._split`); the part without
        its first member becomes a new story, whose key is returned. Pinned stories are left."""
        from ._split import split_in_two

        st = self.stories.get(key)
        o = self.options
        if st is None or st.pins or not 2 * o.split_min_side <= len(st.members) <= o.split_max:
            return None
        if any(m not in self.items for m in st.members):
            return None
        cut = split_in_two(
            st.members, [self.lex_of(self.items[m]) for m in st.members], o.split_min_side, o.split_ratio
        )
        if cut is None:
            return None
        keep, rest = cut
        self.drop(key)
        new = self.new_key()
        for k, part in ((key, keep), (new, rest)):
            for m in part:
                self.attach(k, self.items[m])
        return new

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
