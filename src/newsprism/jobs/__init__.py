"""Background work: one set of task functions, run in-process on SQLite or as jobs on PostgreSQL.

:class:`Tasks` is the work itself (poll a feed, fetch a page, embed a batch, group, analyse a
story). ``newsprism run`` calls it from its in-process scheduler; on PostgreSQL,
:class:`JobEngine` registers the same calls as procrastinate tasks that ``newsprism worker``
processes run, on any number of machines. :func:`job_status` is what ``newsprism jobs`` and the
Sources page show, :func:`metrics_text` what ``/metrics`` serves.
"""

from __future__ import annotations

from ._engine import JobEngine, JobOptions, libpq_url
from ._metrics import JobMetrics, metrics_text
from ._status import JobStatus, QueueCount, job_status
from ._tasks import Grouped, Tasks, metrics_of

__all__ = [
    "Grouped",
    "JobEngine",
    "JobMetrics",
    "JobOptions",
    "JobStatus",
    "QueueCount",
    "Tasks",
    "job_status",
    "libpq_url",
    "metrics_of",
    "metrics_text",
]
