"""In-update analysis within a time budget: priority, pending stories, the background drain.

Real SQLite files, real models, feeds from a real HTTP server on 127.0.0.1. The clock of the
queue is a fake one that advances a fixed step per analysed batch, so the budget is exercised
without timing anything.
"""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from localserver import FeedServer, rss

from newsprism.analysis import AnalysisQueue
from newsprism.runtime import Scheduler

TOPICS = [
    ("Northvale", "tram", ["council", "depot", "line", "fares", "tracks", "drivers"]),
    ("Easthaven", "hospital", ["nurses", "ward", "surgeons", "beds", "clinic", "patients"]),
    ("Westmoor", "harbour", ["ferry", "dock", "fishermen", "cargo", "pier", "tides"]),
    ("Southbay", "school", ["teachers", "pupils", "classrooms", "exams", "library", "canteen"]),
    ("Riverton", "stadium", ["club", "supporters", "pitch", "tickets", "match", "coach"]),
    ("Oakridge", "orchard", ["apples", "harvest", "growers", "cider", "frost", "pickers"]),
]
COVERAGE = [4, 3, 3, 2, 2, 1]
"""Articles per fictional event (one event per topic)."""


def _article(event: int, variant: int) -> tuple[str, str]:
    place, thing, words = TOPICS[event]
    rnd = random.Random(event * 100 + variant)
    title = f"{place} {thing}: {words[0]} and {words[1]} at the centre of a new dispute"
    sents = [f"In {place}, the {thing} {words[0]} met the {words[1]} on Monday to discuss the plan."]
    for k in range(5):
        a, b = rnd.sample(words, 2)
        sents.append(f"The {a} of the {place} {thing} said the {b} would change by {k + 3} percent soon.")
    return title, " ".join(sents)


@pytest.fixture
def newsfeed():  # type: ignore[no-untyped-def]
    with FeedServer() as srv:
        items = []
        for event, n in enumerate(COVERAGE):
            for v in range(n):
                title, body = _article(event, v)
                items.append(
                    {
                        "title": title,
                        "link": f"{srv.base}/e{event}/v{v}.html",
                        "guid": f"e{event}-v{v}",
                        "date": f"Mon, 03 Mar 2025 {9 + event:02d}:00:00 +0000",
                        "content": f"<p>{body}</p>",
                    }
                )
        yield srv.static("/news.xml", rss(items, title="Local news"))


def _config(**update: Any) -> dict[str, Any]:
    fetch = {"allowed_hosts": ["127.0.0.1"], "politeness_delay_s": 0, "retries": 0, "timeout_s": 5}
    return {"fetch": fetch, "update": {"analyse": True, **update}}


def _cached(np_: Any) -> set[int]:
    with np_.store.db.read() as conn:
        return {int(r[0]) for r in conn.execute(text("SELECT story_id FROM story_analysis"))}


def _multi(np_: Any) -> list[Any]:
    return [s for s in np_.stories(100) if len(s.article_ids) >= 2]


class StepClock:
    """A fake monotonic clock: each analysed batch takes ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def wrap(self, analyzer: Any) -> Any:
        clock = self

        class Timed:
            def analyze_stories(self, store: Any, ids: Any) -> Any:
                clock.now += clock.step
                return analyzer.analyze_stories(store, ids)

        return Timed()


def test_budget_zero_leaves_every_touched_story_pending(newsfeed: str, make_np: Any) -> None:
    np_ = make_np(config=_config(analysis_budget_s=0))
    np_.store.add_feed(newsfeed)
    report = np_.update()
    multi = _multi(np_)
    assert len(multi) >= 3 and report.stories_touched == len(np_.stories(100)) > len(multi)
    assert report.stories_analysed == 0 and report.analysis_pending == len(multi)  # singles not queued
    assert f"analysed 0 stories, {len(multi)} pending" in report.summary()
    assert report.to_dict()["analysis_pending"] == len(multi)
    assert not _cached(np_)
    # the scheduler of `newsprism run` analyses them between polls
    sched = Scheduler(np_)
    assert sched.analyse_pending(60.0, threading.Event())
    assert sched.analysed == len(multi) and not len(np_.analysis_queue)
    assert _cached(np_) == {s.id for s in multi}
    assert not sched.analyse_pending(60.0, threading.Event())  # nothing left


def test_unlimited_budget_analyses_every_touched_story(newsfeed: str, make_np: Any) -> None:
    np_ = make_np(config=_config(analysis_budget_s=3600))
    np_.store.add_feed(newsfeed)
    report = np_.update()
    multi = _multi(np_)
    assert report.stories_analysed == len(multi) and report.analysis_pending == 0
    assert "seconds_analysis" in report.extra and "seconds_group" in report.extra
    assert _cached(np_) == {s.id for s in multi}


def test_budget_analyses_the_most_covered_then_most_recent_first(newsfeed: str, make_np: Any) -> None:
    np_ = make_np(config=_config(analysis_budget_s=0))
    np_.store.add_feed(newsfeed)
    np_.update()
    multi = _multi(np_)
    expected = [
        s.id for s in sorted(multi, key=lambda s: (-len(s.article_ids), -s.last_updated.timestamp(), -s.id))
    ]
    clock = StepClock(10.0)
    queue = AnalysisQueue(np_.store, lambda: clock.wrap(np_.analyzer()), chunk=1, clock=clock)
    queue.add(s.id for s in np_.stories(100))  # single-article stories are dropped, not analysed
    queue.add([10**6])  # a story merged away meanwhile: dropped too
    assert queue.ordered() == expected and len(queue) == len(expected)
    # 10 s per story: after two (20 s) a third would end at 30 s > 25 s
    run = queue.run(budget_s=25.0)
    assert (run.analysed, run.pending, run.failed) == (2, len(expected) - 2, 0)
    assert _cached(np_) == set(expected[:2])
    assert queue.ordered() == expected[2:]
    # a stop request ends the drain before the next batch
    stop = threading.Event()
    stop.set()
    assert queue.run(None, stop).analysed == 0 and len(queue) == len(expected) - 2
    assert queue.run(None).pending == 0 and _cached(np_) == set(expected)


def test_a_later_process_finds_the_unanalysed_stories(newsfeed: str, make_np: Any) -> None:
    first = make_np(config=_config(analysis_budget_s=0))
    first.store.add_feed(newsfeed)
    first.update()
    multi = {s.id for s in _multi(first)}
    first.analysis(min(multi))  # viewed once: cached
    later = make_np(config=_config())  # same file, new process: an empty queue
    assert not len(later.analysis_queue)
    assert later.queue_unanalysed() == len(multi) - 1
    assert set(later.analysis_queue.ordered()) == multi - {min(multi)}
    run = later.analyse_pending()
    assert run.analysed == len(multi) - 1 and run.pending == 0
    assert _cached(later) == multi
    assert later.queue_unanalysed() == 0


def test_analysis_off_reports_nothing(newsfeed: str, make_np: Any) -> None:
    np_ = make_np(config=_config())
    np_.store.add_feed(newsfeed)
    report = np_.update(analyse=False)
    assert report.stories_analysed is None and "analysed" not in report.summary()
    assert not _cached(np_)


def test_run_analyses_pending_stories_between_polls(newsfeed: str, make_np: Any) -> None:
    np_ = make_np(config=_config(analysis_budget_s=0, default_interval_min=60))
    np_.store.add_feed(newsfeed)
    sched = Scheduler(np_, check_every_s=3600)
    stop = threading.Event()
    thread = sched.start(stop)
    try:
        for _ in range(1200):  # the first poll, then the drain before the next (an hour away)
            if sched.updates and sched.analysed and not len(np_.analysis_queue):
                break
            stop.wait(0.1)
    finally:
        stop.set()
        thread.join()
    multi = {s.id for s in _multi(np_)}
    assert sched.updates == 1 and sched.analysed == len(multi) and _cached(np_) == multi
