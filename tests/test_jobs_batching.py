"""How the worker path batches its work: a burst of polls is grouped in one run (not one per
feed), stories are analysed several to a job, and a worker's models run on one thread."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism import Newsprism
from newsprism.config import settings_from_mapping
from test_jobs import FeedServer, Library, _feed_route, _items, _one, _sql, _wait


@pytest.fixture
def lib(pg_url: str, tmp_path: Path) -> Iterator[Library]:
    made = Library(pg_url, tmp_path)
    yield made
    made.stop_all()


def _np(db: str, tmp: Path, config: dict[str, object] | None = None) -> Newsprism:
    return Newsprism(settings_from_mapping(config or {}, {}, db=db, data_dir=str(tmp / "data")))


def test_worker_models_run_on_the_threads_asked(tmp_path: Path) -> None:
    from newsprism.embed import MiniLMEmbedder
    from newsprism.runtime._worker import model_threads

    np = _np(str(tmp_path / "a.db"), tmp_path)
    try:
        model_threads(np, 1)
        assert isinstance(np.embedder, MiniLMEmbedder) and np.embedder.threads == 1
        assert np.sentence_embedder is np.embedder
    finally:
        np.close()
    np = _np(str(tmp_path / "b.db"), tmp_path, {"group": {"model": "multilingual-e5"}})
    try:
        model_threads(np, 2)
        assert not isinstance(np.embedder, MiniLMEmbedder)  # e5 keeps its own setting
        s = np.sentence_embedder
        assert isinstance(s, MiniLMEmbedder) and s.threads == 2
    finally:
        np.close()
    np = _np(str(tmp_path / "c.db"), tmp_path)
    try:
        model_threads(np, None)  # the models' own default
        assert np.embedder.threads is None  # type: ignore[attr-defined]
    finally:
        np.close()


@pytest.mark.slow
def test_analysis_jobs_carry_batches_and_run_after_grouping(pg_url: str, tmp_path: Path) -> None:
    from newsprism.jobs import JobEngine, JobOptions

    np = _np(pg_url, tmp_path)
    try:
        engine = JobEngine(np, JobOptions(analyse_batch=3))
        jobs = engine.analyse_jobs([1, 2, 3, 4, 5, 3, 6, 7])
        assert [j.args for j in jobs] == [{"story_ids": [1, 2, 3]}, {"story_ids": [4, 5, 6]}, {"story_id": 7}]
        assert [j.queueing_lock for j in jobs] == [None, None, "analyse:7"]
        poll = engine.poll_job(1, "http://127.0.0.1/feed.xml")
        embed = engine.embed_jobs([1, 2])[0]
        # one priority for polls, embedding and grouping: the queue runs them in the order deferred
        assert engine.group_job().priority == poll.priority == embed.priority
        assert all(j.priority < poll.priority for j in jobs)
    finally:
        np.close()


@pytest.mark.slow
def test_a_burst_of_polls_is_grouped_once_and_analysed_in_batches(lib: Library) -> None:
    with FeedServer() as srv:
        urls = [
            _feed_route(srv, "/a.xml", _items(1, 4)),
            _feed_route(srv, "/b.xml", _items(2, 4, variant="Desk B", seed=1)),
            _feed_route(srv, "/c.xml", _items(3, 4)),
            _feed_route(srv, "/d.xml", _items(4, 4, variant="Desk D", seed=3)),
        ]
        lib.cli("feeds", "add", *urls)
        w = lib.worker()  # one worker: the order of the jobs is the queue's

        def settled() -> bool:  # grouped (so the queue's tables exist), and nothing left to do
            if _one(lib.url, "SELECT COUNT(*) FROM story_articles") != 16:
                return False
            return (
                _one(
                    lib.url,
                    "SELECT COUNT(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
                    " AND queue_name <> 'control'",
                )
                == 0
            )

        _wait(settled, 400, [w], "grouping and analysis")
    multi = {
        int(r[0])
        for r in _sql(lib.url, "SELECT story_id FROM story_articles GROUP BY story_id HAVING COUNT(*) >= 2")
    }
    assert multi
    analysed = {int(r[0]) for r in _sql(lib.url, "SELECT story_id FROM story_analysis")}
    assert multi <= analysed
    runs = dict(_sql(lib.url, "SELECT task_name, COUNT(*) FROM procrastinate_jobs GROUP BY task_name"))
    assert runs["poll_feed"] == 4 and runs["embed_batch"] == 4
    assert runs["group"] == 1, "every feed's articles were placed by one grouping run"
    assert runs["analyse_story"] == math.ceil(len(multi) / 8)


def _two_unanalysed_stories(np: Newsprism) -> list[int]:
    """Two stories of two articles each, stored with no analysis."""
    from datetime import UTC, datetime

    from newsprism.models import ArticleDraft
    from newsprism.storage._stories import StoryRow

    when = datetime(2026, 3, 1, tzinfo=UTC)
    with np.store.db.write("test") as conn:
        ids = [
            np.store.insert_article(
                conn,
                ArticleDraft(
                    title=f"Harbor City vote {k}",
                    text=f"The council voted on the harbor plan, desk {k}.",
                    url=f"https://desk{k}.example/vote",
                    published_at=when,
                    source_kind="json",
                ),
                f"hash{k}",
            ).article_id
            for k in range(4)
        ]
    return list(
        np.store.save_stories(
            [
                StoryRow(
                    None,
                    f"vote {k}",
                    when,
                    when,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    ((ids[k], None, None), (ids[k + 2], None, None)),
                )
                for k in range(2)
            ]
        )
    )


@pytest.mark.slow
def test_stories_waiting_for_their_analysis_job_are_not_queued_twice(pg_url: str, tmp_path: Path) -> None:
    from newsprism.jobs import JobEngine

    np = _np(pg_url, tmp_path)
    try:
        engine = JobEngine(np)
        engine.setup()
        stories = _two_unanalysed_stories(np)
        assert engine.queued_analyses() == set()
        assert engine.queue_unanalysed() == 2  # no analysis yet: queued, in one batch (no queueing lock)
        assert engine.queued_analyses() == set(stories)
        assert engine.queue_unanalysed() == 0  # their job still waits: not queued again
        assert len(engine.rows.waiting_job_args("analyse_story")) == 1
    finally:
        np.close()


@pytest.mark.slow
def test_the_periodic_schedule_sweeps_stories_left_unanalysed(pg_url: str, tmp_path: Path) -> None:
    """A story no group run queued (changed by a move or a merge) is not left for the next worker
    start: the periodic schedule queues it once nothing is left to group or analyse."""
    from newsprism.jobs import JobEngine

    np = _np(pg_url, tmp_path)
    try:
        engine = JobEngine(np)
        engine.setup()
        stories = _two_unanalysed_stories(np)
        engine.schedule_due()
        assert engine.queued_analyses() == set(stories)
        engine.schedule_due()  # their job waits: no second one
        assert len(engine.rows.waiting_job_args("analyse_story")) == 1
    finally:
        np.close()
