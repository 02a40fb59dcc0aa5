"""The single-pass clusterer: each article joins the best open story above a threshold or
starts a new one, and a story that turns out to hold two events is cut in two (:mod:`._split`).
Pure and in memory; :mod:`._grouper` feeds it from and back to the store.

Score of an article against a story (all terms in [0, 1] but the time penalty)::

    score = w * mean cos(article vector, member vectors)
          + (1 - w) * mean cos(article TF-IDF, member TF-IDF vectors)
          - Options.penalty(days between the article and the story's nearest article)

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

COVERAGE_NATS_PER_DAY = 1.00
"""How fast an event's coverage fades: each day after its first report an article about it is
e (1/0.367) times less likely (BASIL 2010-14, geometric fit; see :class:`Options`)."""
SCORE_NATS = 19.5
"""Log-odds that a candidate story is an article's event, per point of score (AllSides)."""


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
    * The time model, ``decay_per_day`` 0.0514: an article's score against a story loses
      0.0514 per day between the article's publication and the story's first report
      (:func:`gap_days`). It is measured, not tuned: the log-odds that an event's coverage
      is still coming a day later (how coverage spreads), converted into score by the
      log-odds one point of score is worth::

          decay_per_day = COVERAGE_NATS_PER_DAY / SCORE_NATS = 1.00 / 19.5 = 0.0514

      ``COVERAGE_NATS_PER_DAY`` 1.00: in BASIL 2010-14 (50 events, each reported by Fox News,
      the New York Times and HuffPost, real publication days) the articles after an event's
      first report came 0 days after it (60), 1 (25), 2 (13), 3 (1) and 4 days (1): a
      geometric spread of ratio 0.367 a day (maximum likelihood), each day ln(1/0.367) = 1.00
      nats less likely. ``SCORE_NATS`` 19.5: on AllSides, among the candidate stories an
      article meets on its own day, the log-odds that a candidate is its event rise 19.5 per
      point of score (logistic fit; even odds at 0.315, where ``threshold`` is). So an
      article two days after a story's first report needs 0.10 more score than one on the
      day. ``benchmarks/grouping.py --fit-time`` prints both measurements. The gap is counted
      from the first report, not the latest article, because that is how coverage spreads
      (it fades from the event) and so a running storyline cannot creep from day to day
      into one story. The old rule, 0.5 a day after a half-day grace from the nearest
      article, was ten times steeper than coverage spreads: an event's articles a day or two
      late started stories of their own (BASIL recall 0.82).
    * ``window_days`` 4: stories that last moved more than 4 days before an article are not
      candidates for it (``[group] window_days`` in the config).
    * ``time_split_ratio`` 1.1 and ``time_split_min_side`` 2: a gentle time model also lets a
      running storyline's next development (announced Monday, done Wednesday) join the
      story before it. After each batch a story whose members are all dated is cut between
      two days of coverage when each side has at least two articles and the mean embedding
      cosine across the cut is under 1.1 times the mean within the looser side
      (:func:`._split.split_in_time`). This one is tuned (AllSides and the demo): on
      AllSides (B-cubed F1, the benchmark's batches of 100) ratio 1.0 gives 0.934, 1.1 0.944,
      1.15 0.946, but 1.15 cuts the demo's two-day dockworkers' strike (its seam is 1.14),
      and the seeds' would be 1.15 were their undated pages given days. A big story covered
      over several days can show such a seam too: watch for multi-day stories cut at a day
      boundary. The split checks run after each publication day of a batch (``SPLIT_EVERY``
      in ``_grouper``): run after each 100 articles instead, AllSides scores 0.951, but a
      rebuild then differs from small daily imports.
    * Merges (below) measured with the time model and the cut, checks after every 100
      articles: BASIL 0.986 with, 0.977 without; AllSides 0.951 / 0.949; ECB+ 0.921 / 0.919.
    * Stories merge (:meth:`Clusterer.merge_into`) when an article placed in one also scores
      above ``threshold`` against another open story and the two stories' own average-link
      score, time penalty included, clears ``threshold`` too: coverage that began as two
      stories (the first reports of two outlets that did not look alike) becomes one when a
      later article shows they are one event. Stories carrying different user corrections
      never merge.
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
    decay_per_day: float = COVERAGE_NATS_PER_DAY / SCORE_NATS
    window_days: float = 4.0
    top_k: int = 12
    split_ratio: float = 0.70
    split_min_side: int = 3
    split_max: int = 400
    time_split_ratio: float = 1.1
    time_split_min_side: int = 2
    merge: bool = True

    def penalty(self, gap_days: float) -> float:
        """Score an article loses against a story ``gap_days`` from it (the time model)."""
        return self.decay_per_day * gap_days

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
    also: tuple[int, ...] = ()
    """Other open stories the item also scored above the threshold against (merge candidates)."""


def gap_days(item: Item, st: StoryState) -> float:
    """Days between ``item``'s publication and ``st``'s first report (0 when either is undated)."""
    if not (item.dated and st.dated):
        return 0.0
    return abs(item.day - st.first_day)


def span_gap(a: StoryState, b: StoryState) -> float:
    """Days between the first reports of two stories (0 when either is undated)."""
    if not (a.dated and b.dated):
        return 0.0
    return abs(a.first_day - b.first_day)


def pins_agree(a: StoryState, b: StoryState) -> bool:
    """Whether two stories may become one: not both pinned by different user corrections."""
    return not (a.pins and b.pins and not a.pins & b.pins)


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
