"""Prometheus metrics: queue depths, job durations and failures, feed health, articles and
stories per hour.

:class:`JobMetrics` accumulates what jobs run *in this process* take (the in-process scheduler of
``newsprism run``). :func:`metrics_text` renders a scrape: those figures plus, read from the
database at scrape time, the queue (on PostgreSQL the job engine's tables, where every worker's
jobs are recorded, so any web process reports all workers) and the library's health. A registry
per call, never a process-wide one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import Newsprism

BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, float("inf"))


class _Hist:
    """Cumulative bucket counts and sum of one task's durations."""

    def __init__(self) -> None:
        self.counts = [0] * len(BUCKETS)
        self.total = 0.0
        self.n = 0

    def add(self, seconds: float) -> None:
        self.n += 1
        self.total += seconds
        for i, b in enumerate(BUCKETS):
            if seconds <= b:
                self.counts[i] += 1

    def buckets(self) -> list[tuple[str, float]]:
        pairs = zip(BUCKETS, self.counts, strict=True)
        return [("+Inf" if b == float("inf") else repr(b), float(c)) for b, c in pairs]


class JobMetrics:
    """Durations and failures of the jobs run in this process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hist: dict[str, _Hist] = {}
        self._failures: dict[str, int] = {}

    def observe(self, task: str, seconds: float, ok: bool) -> None:
        with self._lock:
            self._hist.setdefault(task, _Hist()).add(seconds)
            if not ok:
                self._failures[task] = self._failures.get(task, 0) + 1

    def snapshot(self) -> tuple[dict[str, _Hist], dict[str, int]]:
        with self._lock:
            hist = {}
            for k, h in self._hist.items():
                c = _Hist()
                c.counts, c.total, c.n = list(h.counts), h.total, h.n
                hist[k] = c
            return hist, dict(self._failures)


class _Collector:
    """Builds every metric family at scrape time."""

    def __init__(self, np: Newsprism) -> None:
        self.np = np

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

        from ._status import job_status
        from ._tasks import metrics_of

        np = self.np
        hist, failures = metrics_of(np).snapshot()
        status = job_status(np)
        if status.backend == "postgresql" and status.engine_ready:
            from ..storage._jobs import JobRows

            for task, outcome, secs in JobRows(np.store.db).job_durations(None):
                if outcome == "succeeded" or outcome == "failed" or outcome == "deferred_for_retry":
                    hist.setdefault(task, _Hist()).add(secs)
                if outcome != "succeeded":
                    failures[task] = failures.get(task, 0) + 1

        depth = GaugeMetricFamily(
            "newsprism_jobs",
            "Jobs in the queue by queue, task and status.",
            labels=["queue", "task", "status"],
        )
        for c in status.counts:
            depth.add_metric([c.queue, c.task, c.status], c.jobs)
        yield depth
        yield GaugeMetricFamily(
            "newsprism_jobs_running", "Jobs being worked on now.", value=len(status.running)
        )

        dur = HistogramMetricFamily(
            "newsprism_job_duration_seconds", "Seconds each job attempt took, by task.", labels=["task"]
        )
        for task, h in sorted(hist.items()):
            dur.add_metric([task], h.buckets(), sum_value=h.total)
        yield dur
        fail = CounterMetricFamily(
            "newsprism_job_failures",
            "Job attempts that failed (retried or given up), by task.",
            labels=["task"],
        )
        for task, n in sorted(failures.items()):
            fail.add_metric([task], float(n))
        yield fail

        from ..storage._jobs import JobRows

        rows = JobRows(np.store.db)
        feeds = GaugeMetricFamily("newsprism_feeds", "Followed feeds by status.", labels=["status"])
        health = rows.feed_health()
        failing = health.pop("failing", 0)
        for st, n in sorted(health.items()):
            feeds.add_metric([st], n)
        yield feeds
        yield GaugeMetricFamily(
            "newsprism_feeds_failing", "Active feeds whose last poll failed.", value=failing
        )
        arts, stories = rows.recent_counts(np.clock() - timedelta(hours=1))
        yield GaugeMetricFamily(
            "newsprism_articles_last_hour", "Articles fetched in the last hour.", value=arts
        )
        yield GaugeMetricFamily(
            "newsprism_stories_updated_last_hour",
            "Stories created or updated in the last hour.",
            value=stories,
        )


def metrics_text(np: Newsprism) -> tuple[bytes, str]:
    """One scrape in the Prometheus text format: (body, content type)."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Collector(np))
    return generate_latest(registry), CONTENT_TYPE_LATEST
