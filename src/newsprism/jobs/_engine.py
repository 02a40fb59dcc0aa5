"""The job engine on PostgreSQL: procrastinate over the library's own database.

Tasks (queue, lock):

==============  =========  ===============================================================
poll_feed       feeds      one feed; ``lock=host:<host>`` (one poll per host at a time, so
                           never two of one feed) and a slot ``fetch.politeness_delay_s``
                           after the host's last one in ``job_hosts``; queueing lock per feed
fetch_page      pages      one article page (``newsprism add``), then grouping
embed_batch     embed      embeddings and features of up to ``embed_batch`` new articles
group           group      every article in no story yet; ``lock=group``: one at a time
analyse_story   analysis   up to ``analyse_batch`` stories, idempotent by each one's analysis
                           signature (cache hit on a rerun)
schedule        control    periodic: claim the due feeds and enqueue their polls in one
                           transaction; a group job when articles wait for one
retry_stalled   control    periodic: jobs of workers whose heartbeat stopped go back to the queue
==============  =========  ===============================================================

Polls, embedding and grouping share one priority, so the queue runs them in the order they
were deferred: a burst of polls (a first start, many feeds due at once) is fetched and embedded
before the group job its first embedding deferred runs, and that one run places the whole burst.
(A group job first would run once per feed, each run reloading every open story: measured 14x
the CPU of one run over 1,000 articles, growing with the square of the burst.) Analysis comes
last (priority 0), in batches: a story's sentences are parsed and embedded together with the
rest of its batch (~12% less CPU per story at 8 per job than one per job).

Every task retries with exponential backoff (``backoff_s`` ** attempt seconds) up to
``max_attempts``, then stays failed; each failed attempt's reason goes to ``job_errors``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..storage._jobs import JobRows, JobToDefer
from ._tasks import Tasks

if TYPE_CHECKING:
    from ..app import Newsprism

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobOptions:
    """How the workers run jobs."""

    max_attempts: int = 5
    """Attempts of a failing job before it is marked failed."""
    backoff_s: int = 2
    """Exponential backoff base: a failed attempt n waits backoff_s ** n seconds."""
    stalled_after_s: float = 30.0
    """A worker silent (no heartbeat) this long is gone: its running jobs are retried."""
    schedule_every_s: int = 60
    """Seconds between the periodic schedule and stalled-job sweeps (a divisor of 60, or 60)."""
    embed_batch: int = 32
    """Articles per embedding job."""
    analyse_batch: int = 8
    """Stories per analysis job."""
    poll_lease_min: int = 30
    """A claimed feed is not claimed again for this long (its poll sets the real next time)."""

    @property
    def cron(self) -> str:
        s = int(self.schedule_every_s)
        return "* * * * *" if s >= 60 or 60 % max(s, 1) else f"* * * * * */{s}"


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq takes it (no ``+psycopg`` driver part)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class JobEngine:
    """procrastinate's App with newsprism's tasks bound to one :class:`Newsprism`."""

    def __init__(self, np: Newsprism, options: JobOptions | None = None, *, client: Any = None) -> None:
        if np.store.db.backend != "postgresql":
            raise InputError(
                "workers need PostgreSQL (the job queue lives in its database); on SQLite,"
                " `newsprism run` does all the work in one process"
            )
        import procrastinate

        self.np = np
        self.options = options or JobOptions()
        self.rows = JobRows(np.store.db)
        self.tasks = Tasks(np, client=client)
        connector = procrastinate.PsycopgConnector(
            conninfo=libpq_url(np.settings.db_url),
            kwargs={"application_name": "newsprism-worker"},
            min_size=1,
            max_size=8,  # procrastinate's pool checks each connection it hands out (restarts)
        )
        self.app = procrastinate.App(connector=connector)
        self._register()

    # -- setup ---------------------------------------------------------------------------------
    def setup(self) -> bool:
        """Apply the job engine's schema once (under the migration lock); whether it was new."""
        from procrastinate.schema import SchemaManager

        return self.rows.ensure_job_schema(SchemaManager.get_schema())

    # -- deferring -----------------------------------------------------------------------------
    def poll_job(self, feed_id: int, url: str) -> JobToDefer:
        return JobToDefer(
            "poll_feed",
            {"feed_id": feed_id},
            queue="feeds",
            priority=5,
            lock=f"host:{_host(url)}",
            queueing_lock=f"poll:{feed_id}",
        )

    def group_job(self) -> JobToDefer:
        # the polls' and embeddings' priority: after the ones deferred before it (see above)
        return JobToDefer("group", {}, queue="group", priority=5, lock="group", queueing_lock="group")

    def analyse_jobs(self, story_ids: Sequence[int]) -> list[JobToDefer]:
        """Analysis jobs of ``analyse_batch`` stories each. A job of one story carries the queueing
        lock ``analyse:<id>`` (no second job for it while one waits); a story in two batches is
        analysed by the first and a cache hit for the second."""
        n = max(1, self.options.analyse_batch)
        ids = list(dict.fromkeys(int(s) for s in story_ids))
        return [
            JobToDefer(
                "analyse_story", {"story_id": part[0]}, queue="analysis", queueing_lock=f"analyse:{part[0]}"
            )
            if len(part) == 1
            else JobToDefer("analyse_story", {"story_ids": part}, queue="analysis")
            for part in (ids[k : k + n] for k in range(0, len(ids), n))
        ]

    def embed_jobs(self, article_ids: Sequence[int]) -> list[JobToDefer]:
        n = max(1, self.options.embed_batch)
        ids = [int(i) for i in article_ids]
        return [
            JobToDefer("embed_batch", {"article_ids": ids[k : k + n]}, queue="embed", priority=5)
            for k in range(0, len(ids), n)
        ]

    def defer_polls(self, feed_ids: Sequence[int]) -> list[int]:
        """Enqueue polls of ``feed_ids`` now (``newsprism update`` on PostgreSQL, tests)."""
        feeds = [self.np.store.get_feed(i) for i in feed_ids]
        return self.rows.defer_jobs([self.poll_job(f.id, f.url) for f in feeds])

    def defer_page(self, url: str) -> list[int]:
        return self.rows.defer_jobs([JobToDefer("fetch_page", {"url": url}, queue="pages", priority=5)])

    def schedule_due(self) -> list[int]:
        """Claim the due feeds and enqueue their polls (one transaction), and a group job when
        articles wait for one. The feeds claimed."""
        np = self.np
        urls = {f.id: f.url for f in np.store.due_feeds(np.clock())}

        def jobs(ids: list[int]) -> list[JobToDefer]:
            return [self.poll_job(i, urls.get(i) or np.store.get_feed(i).url) for i in ids]

        lease = timedelta(minutes=self.options.poll_lease_min)
        claimed = self.rows.claim_due_feeds(np.clock(), lease, jobs) if urls else []
        if np.store.ungrouped_feed_articles(limit=1):
            self.rows.defer_jobs([self.group_job()])
        elif not self.queued_analyses(("todo", "doing")):
            # nothing to group and no analysis waits: sweep for stories whose analysis is missing or
            # stale (a group run queues the stories it grew; one changed otherwise - an article
            # moved out, a merge - waited for the next worker start: 253 of 1,575 stories in the
            # 500 x 20 update on PostgreSQL were never analysed)
            self.queue_unanalysed()
        return claimed

    def queue_unanalysed(self, recent: int = 1000) -> int:
        """Enqueue the analysis of recent stories whose analysis is missing or stale (what a
        stopped worker left) and that no analysis job waits for or runs; how many stories."""
        if not self.np.settings.update.analyse:
            return 0
        queued = self.queued_analyses(("todo", "doing"))
        multi = [
            s.id for s in self.np.store.list_stories(recent) if len(s.article_ids) >= 2 and s.id not in queued
        ]
        stale = self.np.analyzer().stale(self.np.store, multi) if multi else []
        if stale:
            self.rows.defer_jobs(self.analyse_jobs(stale))
        return len(stale)

    def queued_analyses(self, statuses: Sequence[str] = ("todo",)) -> set[int]:
        """The stories that analysis jobs in ``statuses`` are for."""
        out: set[int] = set()
        for args in self.rows.waiting_job_args("analyse_story", statuses):
            ids = args.get("story_ids") or [args.get("story_id")]
            out.update(int(s) for s in ids if isinstance(s, int))
        return out

    async def retry_stalled(self) -> int:
        """Put the running jobs of workers whose heartbeat stopped back in the queue."""
        jm = self.app.job_manager
        stalled = list(await jm.get_stalled_jobs(seconds_since_heartbeat=self.options.stalled_after_s))
        for job in stalled:
            log.warning("job %s (%s) stalled: its worker stopped; retrying", job.id, job.task_name)
            await jm.retry_job(job)
        return len(stalled)

    # -- the work of each job ------------------------------------------------------------------
    def run_poll(self, feed_id: int) -> dict[str, Any]:
        np = self.np
        feed = np.store.get_feed(feed_id)
        host = _host(feed.url)
        wait = self.rows.reserve_host(host, np.settings.fetch.politeness_delay_s) if host else 0.0
        if wait > 0:
            time.sleep(wait)  # another worker used this host a moment ago
        report = self.tasks.poll([feed_id])
        ids = list(report.imported_ids)
        if ids:
            self.rows.defer_jobs(self.embed_jobs(ids))
        return {"imported": len(ids), "feeds": len(report.feeds)}

    def run_page(self, url: str) -> dict[str, Any]:
        from ..feeds._add import add_url

        item = add_url(self.np.store, self.np.settings, url, self.tasks.client)
        self.np.store.release_runs()
        if item.article_id is not None and item.outcome.value == "imported":
            self.rows.defer_jobs(self.embed_jobs([item.article_id]))
        return {"outcome": item.outcome.value, "article_id": item.article_id, "reason": item.reason}

    def run_embed(self, article_ids: Sequence[int]) -> dict[str, Any]:
        n = self.tasks.embed(article_ids)
        self.rows.defer_jobs([self.group_job()])
        return {"embedded": n}

    def run_group(self) -> dict[str, Any]:
        g = self.tasks.group()
        todo: list[int] = []
        if g.multi and self.np.settings.update.analyse:
            # a story whose job has not started yet is analysed as it is now when it does
            waiting = self.queued_analyses(("todo",))
            todo = [s for s in g.multi if s not in waiting]
            if todo:
                self.rows.defer_jobs(self.analyse_jobs(todo))
        return {"articles": len(g.articles), "stories": len(g.stories), "to_analyse": len(todo)}

    def run_analyse(self, story_ids: Sequence[int]) -> dict[str, Any]:
        return {"analysed": self.tasks.analyse(story_ids)}

    # -- registration ----------------------------------------------------------------------------
    def _guard(self, context: Any, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run ``work``; a failure's reason is recorded before the engine retries or fails it."""
        job = context.job
        try:
            return work()
        except Exception as e:
            reason = f"{type(e).__name__}: {e}"
            log.warning("job %s (%s) attempt %d failed: %s", job.id, job.task_name, job.attempts + 1, reason)
            try:
                self.rows.record_job_error(int(job.id), str(job.task_name), int(job.attempts) + 1, reason)
            except Exception as e2:  # the database may be the reason; the retry still happens
                log.warning("could not record the failure of job %s: %s", job.id, e2)
            raise

    def _register(self) -> None:
        import procrastinate

        app, o = self.app, self.options
        # procrastinate's max_attempts counts retries (a job runs max_attempts + 1 times); ours counts runs
        retry: Any = (
            procrastinate.RetryStrategy(max_attempts=o.max_attempts - 1, exponential_wait=o.backoff_s)
            if o.max_attempts > 1
            else False
        )
        g = self._guard

        @app.task(name="poll_feed", queue="feeds", retry=retry, pass_context=True)
        def poll_feed(context: Any, feed_id: int) -> dict[str, Any]:
            return g(context, lambda: self.run_poll(int(feed_id)))

        @app.task(name="fetch_page", queue="pages", retry=retry, pass_context=True)
        def fetch_page(context: Any, url: str) -> dict[str, Any]:
            return g(context, lambda: self.run_page(str(url)))

        @app.task(name="embed_batch", queue="embed", retry=retry, pass_context=True)
        def embed_batch(context: Any, article_ids: list[int]) -> dict[str, Any]:
            return g(context, lambda: self.run_embed([int(i) for i in article_ids]))

        @app.task(name="group", queue="group", retry=retry, pass_context=True)
        def group(context: Any) -> dict[str, Any]:
            return g(context, self.run_group)

        @app.task(name="analyse_story", queue="analysis", retry=retry, pass_context=True)
        def analyse_story(
            context: Any, story_id: int | None = None, story_ids: list[int] | None = None
        ) -> dict[str, Any]:
            ids = [int(s) for s in story_ids or ()] + ([] if story_id is None else [int(story_id)])
            return g(context, lambda: self.run_analyse(ids))

        @app.periodic(cron=o.cron, periodic_id="schedule")
        @app.task(name="schedule", queue="control", queueing_lock="schedule", pass_context=True)
        def schedule(context: Any, timestamp: int) -> dict[str, Any]:
            return g(context, lambda: {"claimed": len(self.schedule_due())})

        @app.periodic(cron=o.cron, periodic_id="retry_stalled")
        @app.task(name="retry_stalled", queue="control", queueing_lock="retry_stalled")
        async def retry_stalled(timestamp: int) -> dict[str, Any]:
            return {"retried": await self.retry_stalled()}

        self.task_names = (
            "poll_feed",
            "fetch_page",
            "embed_batch",
            "group",
            "analyse_story",
            "schedule",
            "retry_stalled",
        )

    # -- running ---------------------------------------------------------------------------------
    async def work(
        self,
        *,
        concurrency: int = 1,
        name: str | None = None,
        stop: asyncio.Event | None = None,
        wait: bool = True,
        reconnect_max_s: float = 30.0,
        queues: Sequence[str] | None = None,
    ) -> None:
        """Run a worker until ``stop`` is set (or, with ``wait=False``, the queues are empty).
        When the database goes away (restart, dropped connections) the worker is rebuilt and
        goes on, after a growing pause."""
        import psycopg
        from procrastinate.exceptions import ConnectorException
        from procrastinate.worker import Worker

        from ..errors import StorageError

        lost = (ConnectorException, psycopg.OperationalError, OSError, StorageError)
        stop = stop or asyncio.Event()
        pause = 1.0
        o = self.options
        while not stop.is_set():
            try:
                async with self.app.open_async():
                    await self.retry_stalled()
                    worker = Worker(
                        self.app,
                        queues=list(queues) if queues else None,
                        name=name,
                        concurrency=max(1, concurrency),
                        wait=wait,
                        install_signal_handlers=False,
                        update_heartbeat_interval=max(0.5, o.stalled_after_s / 4),
                        stalled_worker_timeout=o.stalled_after_s,
                        fetch_job_polling_interval=min(5.0, max(0.5, o.stalled_after_s / 4)),
                    )
                    run = asyncio.create_task(worker.run())  # type: ignore[no-untyped-call]
                    stopper = asyncio.create_task(stop.wait())
                    await asyncio.wait({run, stopper}, return_when=asyncio.FIRST_COMPLETED)
                    if stop.is_set():
                        worker.stop()  # type: ignore[no-untyped-call]
                    stopper.cancel()
                    await run  # raises what ended it, if anything
                if stop.is_set() or not wait:
                    return
                log.warning("the worker stopped (lost its database connection?); starting again")
            except lost as e:  # the database went away: wait, reconnect, go on
                if stop.is_set():
                    return
                log.warning("worker: %s; starting again in %.0fs", e, pause)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=pause)
            pause = min(reconnect_max_s, pause * 2)
        return
