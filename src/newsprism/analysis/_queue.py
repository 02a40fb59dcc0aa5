"""Stories waiting for their analysis, worked off within a time budget, most important first.

``newsprism update`` adds the stories it touched and analyses as many as its budget allows
(``update.analysis_budget_s``); the rest stay pending and ``newsprism run`` analyses them between
polls (the web UI also analyses a story on first view). Only stories with two or more articles
are queued: a single article has nothing to compare. Priority: the most covered stories first
(most articles), then the most recently updated.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import NewsprismError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueRun:
    """What one pass over the queue did."""

    analysed: int
    """Stories whose analysis is now cached (computed in this pass, or found up to date)."""
    pending: int
    """Stories still waiting after the pass."""
    failed: int = 0
    seconds: float = 0.0


class AnalysisQueue:
    """A priority queue of story ids to analyse (thread-safe; one worker at a time)."""

    def __init__(
        self,
        store: Any,
        analyzer: Callable[[], Any],
        *,
        chunk: int = 8,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._analyzer = analyzer
        self.chunk = max(1, chunk)
        self.clock = clock
        self._ids: set[int] = set()
        self._lock = threading.Lock()
        self._work = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)

    def add(self, story_ids: Iterable[int]) -> None:
        with self._lock:
            self._ids.update(int(i) for i in story_ids)

    def discard(self, story_ids: Iterable[int]) -> None:
        with self._lock:
            self._ids.difference_update(story_ids)

    def ordered(self) -> list[int]:
        """The pending stories with two or more articles, most articles first, then the most
        recently updated; stories gone (merged away) or with one article leave the queue."""
        with self._lock:
            ids = sorted(self._ids)
        sizes = self.store.story_sizes(ids)
        keyed = [(-n, -last.timestamp(), -sid) for sid, (n, last) in sizes.items() if n >= 2]
        drop = [sid for sid in ids if sizes.get(sid, (0, None))[0] < 2]
        self.discard(drop)
        return [-k[2] for k in sorted(keyed)]

    def run(self, budget_s: float | None = None, stop: Any = None) -> QueueRun:
        """Analyse pending stories, most important first, ``chunk`` stories per batch, until the
        queue is empty, ``stop`` (a threading.Event) is set, or the next batch would end after
        ``budget_s`` seconds (estimated from the batches so far; None: no limit). A budget of 0
        analyses nothing. A story that fails is logged and leaves the queue (its page will
        retry on view)."""
        t0 = self.clock()
        analysed = failed = 0
        with self._work:
            order = self.ordered()
            if budget_s is not None and budget_s <= 0:
                return QueueRun(0, len(order), 0, round(self.clock() - t0, 3))
            done = 0
            for start in range(0, len(order), self.chunk):
                if stop is not None and stop.is_set():
                    break
                part = order[start : start + self.chunk]
                elapsed = self.clock() - t0
                if budget_s is not None and done and elapsed + elapsed / done * len(part) > budget_s:
                    break  # the next batch would overrun the budget (at the mean pace so far)
                ok, bad = self._analyse(part)
                analysed += ok
                failed += bad
                done += len(part)
                self.discard(part)
        return QueueRun(analysed, len(self), failed, round(self.clock() - t0, 3))

    def _analyse(self, story_ids: list[int]) -> tuple[int, int]:
        analyzer = self._analyzer()
        try:
            return len(analyzer.analyze_stories(self.store, story_ids)), 0
        except NewsprismError as e:  # one story's failure must not stop the others
            log.warning("analysis of stories %s..%s failed (%s); one by one", story_ids[0], story_ids[-1], e)
        ok = bad = 0
        for sid in story_ids:
            try:
                analyzer.analyze_stories(self.store, [sid])
                ok += 1
            except NewsprismError as e2:
                log.warning("analysis of story %s failed: %s", sid, e2)
                bad += 1
        return ok, bad
