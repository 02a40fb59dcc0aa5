"""The facade: open a newsprism database and run the pipeline.

``Newsprism`` is what the CLI and the web app use; neither touches SQL. Each pipeline stage
(import, grouping, analysis, feeds) lives in its own package; the facade wires them together
and injects the clock, the embedder and the HTTP client so tests can hand in their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings, load_settings
from .models import Article, IngestReport, ItemResult, Story, StoryMember
from .storage import ArticleFilter, Store

if TYPE_CHECKING:
    from .embed import Embedder

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Newsprism:
    """One newsprism installation: its settings, its database and its pipeline."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.settings = settings or load_settings()
        self.clock = clock
        self.store = Store(self.settings.db_url, clock=clock)
        self._embedder = embedder
        self._services: dict[str, Any] = {}

    @classmethod
    def open(cls, db: str | Path | None = None, config: str | Path | None = None, **kw: Any) -> Newsprism:
        """Open the database ``db`` (a path or SQLAlchemy URL; default: the user data dir)."""
        return cls(load_settings(config, db=str(db) if db else None), **kw)

    # -- shared services -------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """The grouping embedder (``[group] model``), unless one was handed in."""
        if self._embedder is None:
            from .embed import embedder_for

            self._embedder = embedder_for(self.settings.group.model)
        return self._embedder

    @property
    def sentence_embedder(self) -> Embedder:
        """The analysis' sentence encoder: MiniLM (its alignment thresholds were chosen on it, and
        the analysis reads English), so the grouping embedder unless ``[group] model`` names
        another model."""
        if self.settings.group.model == "minilm":
            return self.embedder
        from .embed import MiniLMEmbedder

        return self.service("sentence_embedder", MiniLMEmbedder)  # type: ignore[no-any-return]

    def service(self, name: str, factory: Callable[[], Any]) -> Any:
        """A lazily built, per-instance service (grouper, analyzer, registry...)."""
        if name not in self._services:
            self._services[name] = factory()
        return self._services[name]

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsprism:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- import ----------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        outlet: str | None = None,
        group: bool = True,
        on_file: Callable[[Path], None] | None = None,
        on_item: Callable[[ItemResult], None] | None = None,
    ) -> IngestReport:
        """Import files and directories; group the new articles into stories (unless group=False)."""
        from .ingest import Importer, ImportOptions

        self.recover()
        importer = Importer(self.store, ImportOptions(outlet=outlet, settings=self.settings.import_))
        report = importer.run(paths, on_file=on_file, on_item=on_item)
        if group and report.imported_ids:
            self.group(report.imported_ids)
        self.store.release_runs()  # grouped (or not to be): nothing left for a recovery
        return report

    def recover(self) -> Any:
        """Finish what a killed process left: close its ingest runs still "running" as
        "interrupted" and group the articles they stored into stories. Every start that imports,
        updates, runs or serves calls it; cheap when there is nothing to do. A ``GroupReport``, or
        None when nothing was left."""
        runs = self.store.claim_orphaned_runs()
        if not runs:
            return None
        ids = self.store.ungrouped_articles_of_runs(runs)
        log.warning(
            "recovering %d ingest runs of a stopped process: grouping %d articles", len(runs), len(ids)
        )
        report = self.group(ids) if ids else None
        self.store.release_runs()
        return report

    # -- articles --------------------------------------------------------------------------
    def articles(self, flt: ArticleFilter | None = None) -> list[Article]:
        return self.store.list_articles(flt)

    def article(self, article_id: int) -> Article:
        return self.store.get_article(article_id)

    def search(self, query: str, limit: int = 20) -> list[tuple[Article, str]]:
        return self.store.search_articles(query, limit)

    # -- stories ---------------------------------------------------------------------------
    @property
    def grouper(self) -> Any:
        """The grouping stage (:class:`newsprism.grouping.Grouper`), built on first use."""
        from .grouping import Grouper

        return self.service("grouper", lambda: Grouper(self.store, self.embedder, self.settings.group))

    def group(self, article_ids: Sequence[int]) -> Any:
        """Add articles to stories incrementally (the grouping stage); a ``GroupReport``."""
        return self.grouper.add(article_ids)

    def regroup(self) -> Any:
        """Rebuild every story from scratch, keeping user corrections; a ``GroupReport``."""
        return self.grouper.regroup()

    def stories(self, limit: int = 50, offset: int = 0) -> list[Story]:
        return self.store.list_stories(limit, offset)

    def story(self, story_id: int) -> Story:
        return self.store.get_story(story_id)

    def story_members(self, story_id: int) -> list[StoryMember]:
        """A story's members with join score and copy mark (copy_of, copy_overlap)."""
        return self.store.story_members(story_id)

    def explain_story(self, story_id: int) -> Any:
        """Why each article is in the story (``newsprism.grouping.StoryWhy``)."""
        return self.grouper.explain(story_id)

    def split_story(self, story_id: int, article_ids: Sequence[int]) -> int:
        """Split articles off into a new story (kept across regroups); the new story's id."""
        return int(self.grouper.split(story_id, article_ids))

    def merge_stories(self, story_ids: Sequence[int]) -> int:
        """Merge stories into the first one (kept across regroups); its id."""
        return int(self.grouper.merge(story_ids))

    def move_article(self, article_id: int, story_id: int) -> int:
        """Move an article into a story (kept across regroups); the story it left."""
        return int(self.grouper.move(article_id, story_id))

    # -- feeds (live news) -----------------------------------------------------------------
    def update(
        self,
        *,
        everything: bool = False,
        group: bool = True,
        on_feed: Callable[[Any], None] | None = None,
        stop: Any = None,
        client: Any = None,
        analyse: bool | None = None,
    ) -> Any:
        """Poll the due feeds (all with ``everything``), store new articles, group them, and (with
        ``analyse``, default ``update.analyse``) analyse the touched stories for at most
        ``update.analysis_budget_s`` seconds, most covered and most recent first; the rest stay
        in :attr:`analysis_queue` (see :meth:`analyse_pending`).

        Returns a :class:`newsprism.feeds.UpdateReport`; ``stop`` (a threading.Event) ends it early,
        keeping everything committed; ``client`` is an optional ``httpx.AsyncClient``.
        """
        import time
        from dataclasses import replace

        from .feeds import Updater

        self.recover()
        report = Updater(self.store, self.settings, client=client, clock=self.clock).update(
            everything=everything, on_feed=on_feed, stop=stop
        )
        if group:
            # also what an interrupted earlier update stored but never grouped
            ids = sorted(set(report.imported_ids) | set(self.store.ungrouped_feed_articles()))
            if ids:
                t0 = time.perf_counter()
                self.group(ids)
                stories = {self.store.story_of_article(i) for i in ids} - {None}
                extra = {**report.extra, "seconds_group": round(time.perf_counter() - t0, 3)}
                report = replace(report, stories_touched=len(stories), extra=extra)
                self.store.release_runs()  # grouped: nothing left for a recovery
                if self.settings.update.analyse if analyse is None else analyse:
                    run = self._warm_analysis(sorted(s for s in stories if s is not None), stop)
                    extra = {**report.extra, "seconds_analysis": run.seconds}
                    report = replace(
                        report, stories_analysed=run.analysed, analysis_pending=run.pending, extra=extra
                    )
        return report

    @property
    def analysis_queue(self) -> Any:
        """Stories waiting for their analysis (:class:`newsprism.analysis.AnalysisQueue`)."""
        from .analysis import AnalysisQueue

        return self.service("analysis_queue", lambda: AnalysisQueue(self.store, self.analyzer))

    def _warm_analysis(self, story_ids: Sequence[int], stop: Any = None) -> Any:
        """Queue the touched stories (those with two or more articles) and analyse them within
        ``update.analysis_budget_s``, most covered and most recent first; a ``QueueRun``."""
        self.analysis_queue.add(story_ids)
        return self.analysis_queue.run(self.settings.update.analysis_budget_s, stop)

    def analyse_pending(self, budget_s: float | None = None, stop: Any = None) -> Any:
        """Analyse stories left pending by updates (all of them, or for about ``budget_s``
        seconds), most covered and most recent first; a ``QueueRun``. ``newsprism run`` calls
        it between polls."""
        return self.analysis_queue.run(budget_s, stop)

    def queue_unanalysed(self, recent: int = 1000) -> int:
        """Queue the ``recent`` most recently updated stories with two or more articles whose
        analysis is missing or out of date (what an earlier process left); how many."""
        multi = [s.id for s in self.store.list_stories(recent) if len(s.article_ids) >= 2]
        stale = self.analyzer().stale(self.store, multi)
        self.analysis_queue.add(stale)
        return len(stale)

    def add_url(self, url: str, *, client: Any = None) -> Any:
        """Fetch the article at ``url``, store and group it; return a :class:`newsprism.feeds.AddResult`
        with the story that holds it (the other coverage of the same event)."""
        from .feeds import AddResult
        from .feeds._add import add_url

        item = add_url(self.store, self.settings, url, client)
        story_id = None
        if item.article_id is not None:
            if item.outcome.value == "imported":
                self.group([item.article_id])
            story_id = self.store.story_of_article(item.article_id)
        self.store.release_runs()
        return AddResult(url, item.outcome.value, item.reason, item.article_id, story_id)

    # -- analysis --------------------------------------------------------------------------
    def analyzer(self) -> Any:
        """The story analyser (one per facade; spaCy and the embedder load on first use)."""
        from .analysis import STORY_VIEW, Analyzer

        return self.service(
            "analyzer", lambda: Analyzer(self.sentence_embedder, self.outlets, summary=STORY_VIEW)
        )

    def analysis(self, story_id: int, *, refresh: bool = False) -> Any:
        """The StoryAnalysis of a story (cached in the database until its articles change)."""
        return self.analyzer().analyze_story(self.store, story_id, refresh=refresh)

    def analysis_markdown(self, story_id: int) -> str:
        """The analysis of a story as a Markdown export."""
        from .analysis import to_markdown

        return to_markdown(self.analysis(story_id))

    # -- outlets ---------------------------------------------------------------------------
    @property
    def outlets(self) -> Any:
        """The OutletRegistry: bundled ratings + overrides from the config file and the database."""
        from .outlets import OutletRegistry

        return self.service("outlets", lambda: OutletRegistry(self.store, self.settings.outlets))

    def outlet_profile(self, domain: str) -> Any:
        """The OutletProfile of a domain or URL (unknown outlets are "unrated", never an error)."""
        return self.outlets.profile(domain)

    def assign_outlet(self, article_id: int, outlet: str, name: str | None = None) -> Article:
        """Set the outlet of an article (a domain such as ``example.com`` or any address on it),
        the reader's own correction, e.g. of a pasted article whose source was unknown."""
        from .outlets import normalise_domain

        domain = normalise_domain(outlet)
        self.store.set_article_outlet(article_id, domain, (name or "").strip() or None)
        return self.store.get_article(article_id)

    def set_outlet_override(self, domain: str, **values: str | None) -> Any:
        """Store the user's own lean / factual / name / owner / note for an outlet."""
        return self.outlets.set_override(domain, **values)

    def unset_outlet_override(self, domain: str) -> bool:
        """Remove the stored override of an outlet; True when there was one."""
        return bool(self.outlets.unset_override(domain))
