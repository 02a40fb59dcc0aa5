"""The state of the job queue: depths, running jobs, failed jobs with their reasons.

On PostgreSQL it is read from the job engine's tables (every worker's jobs, wherever they run);
on SQLite the queue is the in-process scheduler's: feeds due, articles waiting to be grouped and
stories waiting for their analysis in this process.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import Newsprism


@dataclass(frozen=True)
class QueueCount:
    queue: str
    task: str
    status: str
    jobs: int


@dataclass(frozen=True)
class JobStatus:
    """What ``newsprism jobs`` and the Sources page show."""

    backend: str
    engine_ready: bool
    """PostgreSQL: whether a worker has set up the queue yet (SQLite: False, there is none)."""
    counts: tuple[QueueCount, ...] = ()
    running: tuple[dict[str, Any], ...] = ()
    failed: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def depth(self, status: str = "todo") -> int:
        return sum(c.jobs for c in self.counts if c.status == status)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["depth"] = {s: self.depth(s) for s in ("todo", "doing", "failed", "succeeded")}
        return d


def job_status(np: Newsprism, *, failed_limit: int = 20) -> JobStatus:
    """The queue's state for ``np``'s database."""
    store = np.store
    if store.db.backend == "postgresql":
        from ..storage._jobs import JobRows

        rows = JobRows(store.db)
        if not rows.has_job_schema():
            return JobStatus(
                "postgresql",
                False,
                notes=("no worker has started on this database yet: run `newsprism worker`",),
            )
        counts = tuple(QueueCount(*c) for c in rows.job_counts())
        return JobStatus(
            "postgresql",
            True,
            counts,
            tuple(rows.running_jobs()),
            tuple(rows.failed_jobs(failed_limit)),
        )
    due = len(store.due_feeds(np.clock()))
    ungrouped = len(store.ungrouped_feed_articles())
    pending = len(np.analysis_queue)  # this process's (the scheduler of `run`, when it is this one)
    counts = (
        QueueCount("feeds", "poll_feed", "todo", due),
        QueueCount("group", "group", "todo", ungrouped),
        QueueCount("analysis", "analyse_story", "todo", pending),
    )
    return JobStatus(
        "sqlite",
        False,
        counts,
        notes=("SQLite: `newsprism run` works through these in one process (workers need PostgreSQL)",),
    )
