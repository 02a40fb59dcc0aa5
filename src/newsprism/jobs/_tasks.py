"""The work of every job: one set of functions for both paths.

``newsprism run`` on SQLite calls these in-process (its scheduler: :meth:`Tasks.update` when a
feed is due, :meth:`Tasks.analyse_pending` between polls); ``newsprism worker`` on PostgreSQL
runs the same methods as procrastinate jobs (see ``_engine.py``), one feed, one batch or one story
per job. Each call is timed into :class:`JobMetrics` (``/metrics``), success or failure.

Every task is idempotent, so a job that is retried after its worker died stores its result once:
a feed's articles are de-duplicated by the importer (URL and content hash, per-feed transaction),
embeddings are stored per article, grouping only takes articles in no story yet, and a story's
analysis is cached under its signature (members, content, leans), so a second run finds it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ._metrics import JobMetrics

if TYPE_CHECKING:
    from ..app import Newsprism
    from ..feeds import AddResult, FeedResult, UpdateReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Grouped:
    """What one grouping run did."""

    articles: tuple[int, ...]
    """The articles placed into stories."""
    stories: tuple[int, ...]
    """The stories they are in now."""
    multi: tuple[int, ...]
    """Of those, the stories with two or more articles (the ones worth analysing)."""


def metrics_of(np: Newsprism) -> JobMetrics:
    """The job metrics of this installation (one per facade, shared by its scheduler and web)."""
    return np.service("job_metrics", JobMetrics)  # type: ignore[no-any-return]


class Tasks:
    """The pipeline's units of background work over one :class:`Newsprism`."""

    def __init__(self, np: Newsprism, *, client: Any = None) -> None:
        self.np = np
        self.client = client
        self.metrics = metrics_of(np)

    @contextmanager
    def _timed(self, task: str) -> Iterator[None]:
        t0 = time.perf_counter()
        ok = False
        try:
            yield
            ok = True
        finally:
            self.metrics.observe(task, time.perf_counter() - t0, ok)

    # -- one unit each -------------------------------------------------------------------------
    def poll(
        self,
        feed_ids: Sequence[int] | None = None,
        *,
        everything: bool = False,
        stop: Any = None,
        on_feed: Callable[[FeedResult], None] | None = None,
    ) -> UpdateReport:
        """Poll feeds (``feed_ids``; default the due ones, all with ``everything``) and store
        their new articles; no grouping."""
        from ..feeds import Updater

        np = self.np
        with self._timed("poll_feed"):
            feeds = None
            if feed_ids is not None:
                feeds = [f for f in (np.store.get_feed(i) for i in feed_ids) if f.status.value == "active"]
            up = Updater(np.store, np.settings, client=self.client, clock=np.clock)
            if feeds is not None and not feeds:
                return up.update([])
            return up.update(feeds, everything=everything, on_feed=on_feed, stop=stop)

    def embed(self, article_ids: Sequence[int]) -> int:
        """Compute and store the embeddings and grouping features of ``article_ids`` (those
        missing); many workers can do this at once. How many articles are ready."""
        with self._timed("embed_batch"):
            return len(self.np.grouper.prepare(list(article_ids)))

    def group(self, article_ids: Sequence[int] = ()) -> Grouped:
        """Place ``article_ids`` and every feed article still in no story into stories. Serial
        by nature (one grouper at a time: the worker path holds a lock)."""
        np = self.np
        with self._timed("group"):
            ids = sorted(set(article_ids) | set(np.store.ungrouped_feed_articles()))
            if not ids:
                return Grouped((), (), ())
            np.group(ids)
            stories = sorted(set(np.store.story_of(ids).values()))  # one query per batch, not per article
            sizes = np.store.story_sizes(stories)
            multi = tuple(s for s in stories if sizes.get(s, (0, None))[0] >= 2)
            np.store.release_runs()  # grouped: nothing left for a recovery
            return Grouped(tuple(ids), tuple(stories), multi)

    def analyse(self, story_ids: Sequence[int]) -> int:
        """Analyse stories (cached under their signature: a second run is a cache hit), in one
        batch (their articles' sentences parsed and embedded together). How many analyses are
        now stored."""
        with self._timed("analyse_story"):
            sizes = self.np.store.story_sizes(list(dict.fromkeys(story_ids)))
            ids = [s for s in dict.fromkeys(story_ids) if sizes.get(s, (0, None))[0] >= 2]
            if not ids:
                return 0
            return len(self.np.analyzer().analyze_stories(self.np.store, ids))

    def fetch_page(self, url: str) -> AddResult:
        """Fetch one article page, store and group it (``newsprism add``)."""
        with self._timed("fetch_page"):
            return self.np.add_url(url, client=self.client)  # type: ignore[no-any-return]

    # -- the in-process scheduler's composition (SQLite: ``newsprism run``) -------------------------
    def update(
        self, *, stop: Any = None, on_feed: Callable[[FeedResult], None] | None = None
    ) -> UpdateReport:
        """One update of ``newsprism run``: poll the due feeds, group what they brought (and what
        an interrupted update left), then analyse the touched stories within
        ``update.analysis_budget_s`` (the rest stay in the analysis queue)."""
        np = self.np
        np.recover()
        report = self.poll(stop=stop, on_feed=on_feed)
        t0 = time.perf_counter()
        grouped = self.group(report.imported_ids)
        if not grouped.articles:
            return report
        extra = {**report.extra, "seconds_group": round(time.perf_counter() - t0, 3)}
        report = replace(report, stories_touched=len(grouped.stories), extra=extra)
        if np.settings.update.analyse:
            np.analysis_queue.add(grouped.multi)
            with self._timed("analyse_story"):
                run = np.analysis_queue.run(np.settings.update.analysis_budget_s, stop)
            extra = {**report.extra, "seconds_analysis": run.seconds}
            report = replace(report, stories_analysed=run.analysed, analysis_pending=run.pending, extra=extra)
        return report

    def analyse_pending(self, budget_s: float | None, stop: Any = None) -> Any:
        """Analyse stories left pending by updates for about ``budget_s`` seconds; a ``QueueRun``."""
        with self._timed("analyse_story"):
            return self.np.analyse_pending(budget_s, stop)
