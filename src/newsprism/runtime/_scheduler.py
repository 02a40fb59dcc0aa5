"""``newsprism run``: update on a schedule (and serve the web UI) until told to stop.

This is the in-process path (SQLite's, and PostgreSQL's for a single machine): the scheduler
calls the same task functions (:class:`newsprism.jobs.Tasks`) that ``newsprism worker`` runs as
jobs, so both paths do the same work and report the same metrics.

The schedule is the feeds' own: each feed has a next poll time (its interval after a success,
a growing backoff after errors); the scheduler sleeps until the earliest one, at most
``check_every_s``. With ``update.analyse``, the time until the next poll analyses the stories
updates left pending (most covered and most recent first, a slice at a time, so a due poll
waits at most one small batch), and once the stories of the last ``recent`` whose analysis an
earlier process did not finish. A stop request (SIGINT/SIGTERM) ends the current update early: feeds already
fetched are committed, the rest stay due, and the next start resumes from there.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..jobs import Tasks

if TYPE_CHECKING:
    from ..app import Newsprism
    from ..feeds import UpdateReport

log = logging.getLogger(__name__)


class Scheduler:
    """Runs an update (:meth:`Tasks.update`) whenever a feed is due, until ``stop`` is set."""

    def __init__(
        self,
        np: Newsprism,
        *,
        check_every_s: float = 60.0,
        client: Any = None,
        on_report: Callable[[UpdateReport], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        analysis_slice_s: float = 30.0,
    ) -> None:
        self.np = np
        self.tasks = Tasks(np, client=client)
        self.check_every_s = check_every_s
        self.client = client
        self.on_report = on_report
        self.on_error = on_error
        self.updates = 0
        self.analysis_slice_s = analysis_slice_s
        self.analysed = 0
        self._discovered = False

    def seconds_until_due(self, now: datetime) -> float:
        nxt = self.np.store.next_poll_time()
        if nxt is None:
            return self.check_every_s
        return max(0.0, min(self.check_every_s, (nxt - now).total_seconds()))

    def run(self, stop: threading.Event) -> None:
        from ..errors import NewsprismError

        try:  # what a killed process stored and left ungrouped, whether or not a feed is due
            self.np.recover()
        except NewsprismError as e:
            log.error("recovery failed: %s", e)
        while not stop.is_set():
            if self.seconds_until_due(self.np.clock()) <= 0:
                try:
                    report = self.tasks.update(stop=stop)
                except NewsprismError as e:  # a failed update is logged; the next one may succeed
                    log.error("update failed: %s", e)
                    if self.on_error:
                        self.on_error(e)
                    stop.wait(self.check_every_s)
                    continue
                self.updates += 1
                log.info("%s", report.summary())
                if self.on_report:
                    self.on_report(report)
                continue
            wait = self.seconds_until_due(self.np.clock())
            if self.np.settings.update.analyse and self.analyse_pending(
                min(wait, self.analysis_slice_s), stop
            ):
                continue
            stop.wait(max(0.5, wait))

    def analyse_pending(self, budget_s: float, stop: threading.Event) -> bool:
        """Analyse pending stories for about ``budget_s`` seconds; whether there were any."""
        from ..errors import NewsprismError

        try:
            if not self._discovered:  # once: what an earlier process left unanalysed
                self._discovered = True
                self.np.queue_unanalysed()
            if not len(self.np.analysis_queue):
                return False
            run = self.tasks.analyse_pending(budget_s, stop)
        except NewsprismError as e:  # background work: log, and wait for the next poll
            log.error("background analysis failed: %s", e)
            return False
        self.analysed += run.analysed
        log.info("analysed %d stories in %.1fs, %d pending", run.analysed, run.seconds, run.pending)
        return True

    def start(self, stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(stop,), name="newsprism-scheduler", daemon=True)
        thread.start()
        return thread


def _web_app(np: Newsprism, host: str) -> Any:
    """The web UI's ASGI app, or None when the web package is not available."""
    try:
        from ..web import create_app, guard_hosts, write_token
    except ImportError:
        return None
    return guard_hosts(create_app(np, token=write_token(np, host)), np, host)


def run_forever(
    np: Newsprism,
    *,
    host: str | None = None,
    port: int | None = None,
    web: bool = True,
    check_every_s: float = 60.0,
    client: Any = None,
    on_report: Callable[[UpdateReport], None] | None = None,
) -> int:
    """Update on schedule (and serve the web UI) until SIGINT/SIGTERM; return the updates run.

    The first update starts at once for every due feed. On a signal the web server stops taking
    requests, the update in progress commits what it has fetched, and the function returns.
    """
    import signal

    stop = threading.Event()
    sched = Scheduler(np, check_every_s=check_every_s, client=client, on_report=on_report)

    def on_signal(signum: int, _frame: object) -> None:
        log.warning("signal %s: stopping after committing what is fetched", signum)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    thread = sched.start(stop)
    try:
        host = host or np.settings.serve.host
        app = _web_app(np, host) if web else None
        if web and app is None:
            log.warning("the web UI is not available (newsprism.web.create_app missing); updating only")
        if app is not None:
            import uvicorn

            cfg = uvicorn.Config(
                app,
                host=host,
                port=port or np.settings.serve.port,
                log_level="warning",
                lifespan="auto",
            )
            server = uvicorn.Server(cfg)
            log.warning("serving on http://%s:%s", cfg.host, cfg.port)
            with contextlib.suppress(KeyboardInterrupt):
                server.run()  # returns on SIGINT/SIGTERM (uvicorn hands the signal on to on_signal)
            stop.set()
        while not stop.wait(0.5):
            pass
    finally:
        stop.set()
        thread.join()
        for s, h in previous.items():
            signal.signal(s, h)
    return sched.updates
