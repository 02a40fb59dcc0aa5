"""View models: what each page shows, built from the facade and cached per data version.

The web layer is a thin client of :class:`newsprism.Newsprism`. Everything that is costly to
compute (the ranked story list, a story page's analysis) is cached in this object, keyed by the
store's data fingerprint, which is itself re-read at most once per ``fingerprint_ttl`` seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import NewsprismError, NotFoundError
from ..models import Article
from ._cards import STANDING, StoryCard, StoryQuery, matches, topics, words
from ._coverage import Coverage, rank_score, side_of
from ._story_view import ArticleRow, StoryView

if TYPE_CHECKING:
    from ..app import Newsprism
    from ..outlets import OutletProfile

log = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_SIZE = 1024
"""Entries of the data cache (story views are the big ones: a few hundred kB at most each)."""
PAGE_CACHE_SIZE = 512
BRIEFING_STORIES = 6
RELATED_DAYS = 3


class Views:
    """Builds and caches what the pages and the API show."""

    def __init__(self, np: Newsprism, *, fingerprint_ttl: float = 1.0) -> None:
        self.np = np
        self.fingerprint_ttl = fingerprint_ttl
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()
        self._analysing = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._fp: tuple[object, ...] | None = None
        self._fp_at = 0.0
        self._cache: OrderedDict[str, tuple[object, Any]] = OrderedDict()
        self._pages: OrderedDict[str, tuple[object, str]] = OrderedDict()
        self._profiles: dict[str, OutletProfile] = {}

    # -- caching ---------------------------------------------------------------------------
    def fingerprint(self) -> tuple[object, ...]:
        """The data version; re-read at most once per ``fingerprint_ttl`` by one thread at a time."""
        now = time.monotonic()
        if self._fp is None or now - self._fp_at > self.fingerprint_ttl:
            # single flight: while one thread re-reads it, the others keep the previous value
            if not self._refreshing.acquire(blocking=self._fp is None):
                return self._fp  # type: ignore[return-value]
            try:
                if self._fp is None or time.monotonic() - self._fp_at > self.fingerprint_ttl:
                    fp = self.np.store.data_fingerprint()
                    with self._lock:
                        if fp != self._fp:
                            self._cache.clear()
                            self._pages.clear()
                            self._profiles.clear()
                        self._fp, self._fp_at = fp, time.monotonic()
            finally:
                self._refreshing.release()
        assert self._fp is not None
        return self._fp

    def invalidate(self) -> None:
        """Forget everything (after a write made through the web)."""
        with self._lock:
            self._fp = None
            self._cache.clear()
            self._pages.clear()
            self._profiles.clear()

    def cached(self, key: str, build: Callable[[], T]) -> T:
        fp = self.fingerprint()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == fp:
                self._cache.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one thread builds a value; the others wait for it instead of repeating it
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None and hit[0] == fp:
                    return hit[1]  # type: ignore[no-any-return]
            value = build()
            with self._lock:
                self._cache[key] = (fp, value)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
                self._building.pop(key, None)
        return value

    def peek_page(self, key: str) -> str | None:
        """The cached page if it is known to be fresh without asking the database, else None."""
        if self._fp is None or time.monotonic() - self._fp_at > self.fingerprint_ttl:
            return None
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None and hit[0] == self._fp:
                self._pages.move_to_end(key)
                return hit[1]
        return None

    def cached_page(self, key: str, build: Callable[[], str]) -> str:
        """A rendered page, kept until the data changes (a smaller LRU than the data cache)."""
        fp = self.fingerprint()
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None and hit[0] == fp:
                self._pages.move_to_end(key)
                return hit[1]
        html = build()
        with self._lock:
            self._pages[key] = (fp, html)
            while len(self._pages) > PAGE_CACHE_SIZE:
                self._pages.popitem(last=False)
        return html

    # -- outlets ---------------------------------------------------------------------------
    def registry(self) -> Any:
        from ..outlets import OutletRegistry

        return self.np.service(
            "outlet_registry", lambda: OutletRegistry(self.np.store, self.np.settings.outlets)
        )

    def profile(self, domain: str, name: str | None = None) -> OutletProfile:
        hit = self._profiles.get(domain)
        if hit is None:
            fn = getattr(self.np, "outlet_profile", None)
            hit = fn(domain) if callable(fn) else self.registry().profile(domain, name)
            self._profiles[domain] = hit
        return hit

    def labels(self, cards: list[StoryCard]) -> dict[int, list[tuple[str, str]]]:
        """Per story: (outlet name, side) of its outlets, left to right, for the cards shown."""
        order = {"left": 0, "center": 1, "right": 2, "unrated": 3}
        out = {}
        for c in cards:
            named = [(self.profile(o).name, self.side(o)) for o in c.outlets]
            out[c.id] = sorted(named, key=lambda t: (order[t[1]], t[0].lower()))
        return out

    def side(self, domain: str | None) -> str:
        return side_of(self.profile(domain).lean) if domain else "unrated"

    # -- story lists -----------------------------------------------------------------------
    def cards(self) -> list[StoryCard]:
        """Every story, best first (breadth of coverage damped by age)."""
        return self.cached("cards", self._build_cards)

    def _build_cards(self) -> list[StoryCard]:
        digests = self.np.store.story_digests()
        if not digests:
            return []
        ref = max(d.last_updated for d in digests)
        cards = [
            StoryCard.of(
                d,
                Coverage.of([*(self.side(o) for o in d.outlets), *["unrated"] * d.unknown]),
                rank_score(len(d.outlets) + d.unknown, d.n_articles, d.last_updated, ref),
            )
            for d in digests
        ]
        cards.sort(key=lambda c: (-c.score, -c.last_updated.timestamp(), -c.id))
        return cards

    def stories(self, q: StoryQuery, limit: int = 30, offset: int = 0) -> tuple[list[StoryCard], int]:
        """Filtered front page and the number of matching stories.

        Only the two standing lists (everything, blindspots) are kept; other filters are cheap to
        redo (a pass over the ranked cards) and keeping each would let odd queries fill memory.
        """

        def build() -> list[StoryCard]:
            return [c for c in self.cards() if matches(c, q)]

        matched = self.cached(f"stories:{q!r}", build) if q in STANDING else build()
        return matched[offset : offset + limit], len(matched)

    def topics(self, limit: int = 8) -> list[str]:
        """Frequent words of the top stories' titles: quick topic filters."""
        return self.cached(f"topics:{limit}", lambda: topics(self.cards()[:200], limit))

    def briefing(self, day: date | None) -> tuple[date | None, list[StoryCard]]:
        """The top stories of ``day`` and the day before, as a morning briefing would have them.

        ``day`` None means the newest day with stories. Stories are in front-page order.
        """
        cards = self.cards()
        if not cards:
            return day, []
        if day is None:
            day = max(c.last_updated for c in cards).date()
        since = day - timedelta(days=1)
        picked = [c for c in cards if c.first_seen.date() <= day and c.last_updated.date() >= since]
        return day, picked[:BRIEFING_STORIES]

    def warm(self, top: int, stop: threading.Event | None = None) -> int:
        """Build the pages of the ``top`` front-page stories (analyses included); how many."""
        done = 0
        for c in self.cards()[:top]:
            if stop is not None and stop.is_set():
                break
            try:
                self.story(c.id)
                done += 1
            except NewsprismError as e:  # a story removed meanwhile, a locked database...
                log.info("warm-up skipped story %s: %s", c.id, e)
        return done

    def warm_in_background(self, top: int) -> threading.Thread:
        """Warm the top stories in a daemon thread (the server answers meanwhile)."""
        t = threading.Thread(target=self.warm, args=(top,), name="newsprism-warm", daemon=True)
        t.start()
        return t

    # -- one story -------------------------------------------------------------------------
    def related(self, story_id: int, limit: int = 5) -> list[StoryCard]:
        """Stories that may be the same event: headline words in common, within three days."""

        def build() -> list[StoryCard]:
            me = self.card(story_id)
            mine = set(words(me.title))
            scored = []
            for c in self.cards():
                if c.id == story_id or abs((c.last_updated - me.last_updated).days) > RELATED_DAYS:
                    continue
                shared = len(mine & set(words(c.title)))
                if shared >= 2:
                    scored.append((-shared, -c.score, c))
            scored.sort(key=lambda t: (t[0], t[1]))
            return [c for _, _, c in scored[:limit]]

        return self.cached(f"related:{story_id}:{limit}", build)

    def card(self, story_id: int) -> StoryCard:
        for c in self.cards():
            if c.id == story_id:
                return c
        self.np.story(story_id)  # raises NotFoundError when it does not exist
        raise NotFoundError(f"story {story_id} has no articles")

    def story(self, story_id: int) -> StoryView:
        return self.cached(f"story:{story_id}", lambda: self._build_story(story_id))

    def story_now(self, story_id: int) -> StoryView:
        """The story view at once: complete when its analysis is cached (here or in the
        database), else without the analysis (``pending``) for the page to fetch it after."""
        fp = self.fingerprint()
        with self._lock:
            hit = self._cache.get(f"story:{story_id}")
        if hit is not None and hit[0] == fp:
            return hit[1]  # type: ignore[no-any-return]
        if not self._analysis_missing(story_id):
            return self.story(story_id)
        return self._build_story(story_id, analyse=False)

    def summary_lead(self, story_id: int, sentences: int = 2) -> str:
        """The first sentences of a story's cited summary when its analysis is already computed
        (never computed here: the feeds must answer at once), else ""."""

        def build() -> str:
            if self._analysis_missing(story_id):
                return ""
            try:
                a = self.np.analysis(story_id)
            except (NewsprismError, ValueError):
                return ""
            return " ".join(s.text + " " + "".join(f"[{n}]" for n in s.cites) for s in a.summary[:sentences])

        return self.cached(f"lead:{story_id}:{sentences}", build)

    def _analysis_missing(self, story_id: int) -> bool:
        """Whether the story's analysis still has to be computed (a cheap check, no models)."""
        analyzer = getattr(self.np, "analyzer", None)
        if not callable(analyzer):
            return False
        try:
            return bool(analyzer().stale(self.np.store, [story_id]))
        except NotFoundError:
            raise
        except (NewsprismError, ValueError) as e:
            log.info("could not tell whether story %s is analysed: %s", story_id, e)
            return False

    def _build_story(self, story_id: int, *, analyse: bool = True) -> StoryView:
        story = self.np.story(story_id)
        card = self.card(story_id)
        articles = self.np.store.get_articles(story.article_ids)
        analysis, error = self._analysis(story_id) if analyse else (None, None)
        sources = {s["article_id"]: s for s in (analysis or {}).get("sources", [])}
        copies = self._copies(story_id)
        articles.sort(key=lambda a: (a.date, a.id))
        rows = []
        for i, a in enumerate(articles, 1):
            dom = a.outlet.domain if a.outlet else None
            src = sources.get(a.id, {})
            rows.append(
                ArticleRow(
                    a,
                    self.profile(dom, a.outlet.name if a.outlet else None) if dom else None,
                    self.side(dom),
                    int(src.get("n", i)),
                    src.get("copy_of") or copies.get(a.id),
                )
            )
        rows.sort(key=lambda r: r.n)
        # the grouping explanation loads the grouper's model too: it comes with the analysis
        explain = self._explain(story_id) if analyse else None
        return StoryView(card, rows, analysis, error, explain, pending=not analyse)

    def _copies(self, story_id: int) -> dict[int, int]:
        """Copy marks from the grouping stage (article id -> the article it copies)."""
        fn = getattr(self.np, "story_members", None)
        if not callable(fn):
            return {}
        try:
            return {m.article_id: m.copy_of for m in fn(story_id) if getattr(m, "copy_of", None)}
        except (NewsprismError, ValueError):
            return {}

    def _analysis(self, story_id: int) -> tuple[dict[str, Any] | None, str | None]:
        fn = getattr(self.np, "analysis", None)
        if not callable(fn):
            return None, "analysis is not available in this version"
        try:
            with self._analysing:  # one analysis at a time: CPU-bound, and the models are shared
                result = fn(story_id)
        except NotFoundError:
            raise
        except (NewsprismError, ValueError) as e:
            log.warning("analysis of story %s failed: %s", story_id, e)
            return None, str(e)
        if result is None:
            return None, "no analysis yet"
        return (result.to_dict() if hasattr(result, "to_dict") else dict(result)), None

    def _explain(self, story_id: int) -> Any:
        fn = getattr(self.np, "explain_story", None) or getattr(self.np, "explain", None)
        if not callable(fn):
            return None
        try:
            got = fn(story_id)
        except (NewsprismError, ValueError) as e:
            return str(e)
        return got.to_dict() if hasattr(got, "to_dict") else got

    # -- outlets ---------------------------------------------------------------------------
    def outlet(self, domain: str) -> tuple[OutletProfile, int, list[Article]]:
        found = self.np.store.outlet_by_domain(domain)
        if found is None:
            raise NotFoundError(f"no outlet {domain!r}")
        from ..storage import ArticleFilter

        recent = self.np.articles(ArticleFilter(outlet=found[1], limit=20))
        return self.profile(found[1], found[2]), found[3], recent

    def outlets(self) -> list[tuple[OutletProfile, int]]:
        def build() -> list[tuple[OutletProfile, int]]:
            counts = self.np.store.outlet_article_counts()
            outs = self.np.store.list_outlets()
            rows = [(self.profile(o.domain, o.name), counts.get(o.domain, 0)) for o in outs]
            rows.sort(key=lambda r: (-r[1], r[0].domain))
            return rows

        return self.cached("outlets", build)
