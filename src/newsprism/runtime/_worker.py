"""``newsprism worker``: run jobs from the PostgreSQL queue until SIGINT/SIGTERM.

Any number of workers, on any machine that reaches the database. A worker applies the job
engine's schema on first start (under the migration lock), puts back the jobs of workers that
died (stalled: no heartbeat), schedules what is due, and then runs jobs. When the database goes
away it waits, reconnects and goes on.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import Newsprism
    from ..jobs import JobOptions

log = logging.getLogger(__name__)


def run_worker(
    np: Newsprism,
    *,
    concurrency: int = 1,
    options: JobOptions | None = None,
    name: str | None = None,
    burst: bool = False,
    client: Any = None,
    queues: list[str] | None = None,
    threads: int | None = 1,
) -> None:
    """Work jobs (of ``queues``, default all) until a signal (or, with ``burst``, until the
    queues are empty). ``threads``: the sentence models' threads in this process (None: their
    default, up to four)."""
    from ..jobs import JobEngine

    model_threads(np, threads)
    engine = JobEngine(np, options, client=client)
    if engine.setup():
        log.warning("set up the job queue in %s", np.store.db.dialect.name)
    np.recover()
    engine.schedule_due()
    queued = engine.queue_unanalysed()
    if queued:
        log.warning("queued the analysis of %d stories an earlier run left", queued)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for s in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(s, stop.set)
        try:
            await engine.work(concurrency=concurrency, name=name, stop=stop, wait=not burst, queues=queues)
        finally:
            for s in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(s)

    asyncio.run(main())


def model_threads(np: Newsprism, threads: int | None) -> None:
    """Run the MiniLM models of ``np`` (grouping and sentence embedder) on ``threads`` threads,
    set before they load. One by default: a worker is one process on one core, and more workers
    scale (two workers with two model threads each on two cores ask for four)."""
    if not threads:
        return
    from ..embed import MiniLMEmbedder

    if isinstance(np.embedder, MiniLMEmbedder):  # not loaded yet: the embedder loads on first use
        np.embedder.threads = threads
    np.service("sentence_embedder", lambda: MiniLMEmbedder(threads=threads))  # when grouping uses e5
