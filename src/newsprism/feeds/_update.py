"""One update: poll the due feeds concurrently, fetch what they point to, store it.

Two threads share the work. The calling thread runs an asyncio loop that fetches feeds (and,
for entries that carry only a summary, their article pages); each finished feed is handed over
a queue to a writer thread that stores its articles through the importer (one transaction per
feed) and *then* records the feed's new state (ETag, entries seen). If the process dies between
the two, the next poll simply sees the same entries again and the importer recognises them as
duplicates, so every article is stored exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import FeedError, FetchError
from ..models import ArticleDraft, ItemResult, Outcome
from ._fetch import Fetcher, Response, _retry_after, run_blocking
from ._parse import FeedEntry, parse_feed
from ._robots import Robots
from ._types import Feed, FeedResult, PollState, PollStatus, SeenItem, UpdateReport

if TYPE_CHECKING:
    import httpx

    from ..config import Settings
    from ..ingest import Candidate
    from ..storage import Store

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_BACKOFF = timedelta(hours=24)


@dataclass
class _Job:
    """A polled feed on its way to the writer."""

    feed: Feed
    state: PollState
    candidates: list[Candidate] = field(default_factory=list)
    keys: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """ref -> (entry key, entry url)"""
    known: list[SeenItem] = field(default_factory=list)
    """Entries whose URL is already stored: duplicates found without fetching."""
    entries: int = 0
    message: str = ""


class Updater:
    """Polls feeds into a :class:`Store`. ``client`` and ``clock`` are injectable."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], datetime] | None = None,
        backoff_s: float = 1.0,
    ) -> None:
        self.store = store
        self.settings = settings
        self.client = client
        self.clock = clock or store.now
        self.backoff_s = backoff_s

    # -- the public entry point ---------------------------------------------------------------
    def update(
        self,
        feeds: Sequence[Feed] | None = None,
        *,
        everything: bool = False,
        on_feed: Callable[[FeedResult], None] | None = None,
        stop: threading.Event | None = None,
    ) -> UpdateReport:
        """Poll ``feeds`` (default: the due ones; all active ones with ``everything``)."""
        started = time.monotonic()
        if feeds is None:
            feeds = self.store.due_feeds(self.clock(), include_not_due=everything)
        if not feeds:
            return UpdateReport(seconds=time.monotonic() - started)
        stop = stop or threading.Event()
        jobs: queue.Queue[_Job | None] = queue.Queue()
        writer = _Writer(self, jobs, on_feed)
        thread = threading.Thread(target=writer.run, name="newsprism-update-writer", daemon=True)
        thread.start()
        interrupted = False
        try:
            run_blocking(lambda: self._poll_all(list(feeds), jobs, stop, writer))
        except (KeyboardInterrupt, asyncio.CancelledError):
            interrupted = True
            raise
        finally:
            jobs.put(None)
            thread.join()
            interrupted = interrupted or stop.is_set() or writer.error is not None
        if writer.error is not None:
            raise writer.error
        return UpdateReport(
            feeds=tuple(writer.results),
            imported_ids=tuple(writer.imported),
            run_id=writer.run_id,
            interrupted=interrupted,
            seconds=time.monotonic() - started,
        )

    # -- fetching -----------------------------------------------------------------------------
    async def _poll_all(
        self, feeds: list[Feed], jobs: queue.Queue[_Job | None], stop: threading.Event, writer: _Writer
    ) -> None:
        fs = self.settings.fetch
        async with Fetcher(fs, self.client, backoff_s=self.backoff_s) as fetcher:
            robots = Robots(fetcher)
            gate = asyncio.Semaphore(max(1, fs.concurrency))

            async def one(feed: Feed) -> None:
                async with gate:
                    if stop.is_set() or writer.error is not None:
                        return
                    try:
                        job = await self._poll(feed, fetcher, robots)
                    except Exception as e:  # never let one feed's surprise end the whole update
                        log.exception("unexpected error polling %s", feed.url)
                        job = self._failed(feed, f"unexpected error: {e}", None)
                    jobs.put(job)

            tasks = [asyncio.create_task(one(f)) for f in feeds]
            pending = set(tasks)
            while pending:
                _done, pending = await asyncio.wait(pending, timeout=0.2)
                if stop.is_set() or writer.error is not None:
                    for t in pending:
                        t.cancel()
                    await asyncio.gather(*pending, return_exceptions=True)
                    break

    def _interval(self, feed: Feed) -> timedelta:
        return timedelta(minutes=feed.interval_min or self.settings.update.default_interval_min)

    def _failed(
        self, feed: Feed, error: str, http: int | None, gone: bool = False, retry_after: float | None = None
    ) -> _Job:
        now = self.clock()
        delay = min(MAX_BACKOFF, self._interval(feed) * 2 ** min(feed.error_count, 6))
        if retry_after is not None:  # the server said when to come back (429/503 Retry-After)
            delay = max(delay, min(MAX_BACKOFF, timedelta(seconds=retry_after)))
        state = PollState(
            PollStatus.GONE if gone else PollStatus.ERROR, now, now + delay, http_status=http, error=error
        )
        return _Job(feed, state, message=error)

    async def _poll(self, feed: Feed, fetcher: Fetcher, robots: Robots) -> _Job:
        headers = {"Accept": FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            resp = await fetcher.get(feed.url, headers=headers)
        except FetchError as e:
            return self._failed(feed, str(e), None)
        now = self.clock()
        moved = resp.permanent_url
        if resp.status == 304:
            state = PollState(PollStatus.NOT_MODIFIED, now, now + self._interval(feed), 304, new_url=moved)
            return _Job(feed, state, message="not modified")
        if resp.status == 410:
            return self._failed(feed, "HTTP 410 Gone: the feed was removed; no longer polled", 410, gone=True)
        if resp.status != 200:
            wait = _retry_after(resp.headers.get("retry-after")) if resp.status in (429, 503) else None
            return self._failed(feed, f"HTTP {resp.status}", resp.status, retry_after=wait)
        try:
            parsed = parse_feed(resp.body, resp.url, resp.content_type)
        except FeedError as e:
            return self._failed(feed, str(e), resp.status)
        state = PollState(
            PollStatus.OK,
            now,
            now + self._interval(feed),
            resp.status,
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
            new_url=moved,
            title=parsed.title,
            site_url=parsed.site_url,
            warning=parsed.warning,
        )
        job = _Job(feed, state, entries=len(parsed.entries), message=parsed.warning or "")
        settled = self.store.settled_keys(feed.id, [e.key for e in parsed.entries])
        fresh = [e for e in parsed.entries if e.key not in settled]
        made = await asyncio.gather(*(self._candidate(feed, e, fetcher, robots) for e in fresh))
        for entry, got in zip(fresh, made, strict=True):
            if isinstance(got, SeenItem):
                job.known.append(got)
            else:
                job.candidates.append(got)
                job.keys[got.ref] = (entry.key, entry.url)
        return job

    async def _candidate(
        self, feed: Feed, entry: FeedEntry, fetcher: Fetcher, robots: Robots
    ) -> Candidate | SeenItem:
        from ..ingest import Candidate

        ref = f"{feed.url} #{entry.key}"
        draft = ArticleDraft(
            title=entry.title,
            text=entry.content or entry.summary,
            url=entry.url,
            dek=entry.summary or None,
            authors=entry.authors,
            published_at=entry.published_at,
            source_kind="feed",
            source_ref=feed.url,
            feed_id=feed.id,
        )
        full = len(entry.content.split()) >= self.settings.import_.min_words
        if full or not entry.url or not self.settings.update.fetch_full_articles:
            return Candidate(ref, draft)
        existing = self.store.article_id_by_url(entry.url)
        if existing is not None:
            return SeenItem(
                entry.key, entry.url, Outcome.DUPLICATE.value, f"same URL as article {existing}", existing
            )
        return await fetch_article(
            entry.url, fetcher, robots if self.settings.fetch.respect_robots else None, ref=ref, base=draft
        )


async def fetch_article(
    url: str,
    fetcher: Fetcher,
    robots: Robots | None,
    *,
    ref: str | None = None,
    base: ArticleDraft | None = None,
) -> Candidate:
    """Fetch an article page and extract it; ``base`` (from a feed entry) fills in what's missing."""
    from ..ingest import Candidate
    from ..ingest._readers import read_html

    ref = ref or url
    if robots is not None and not await robots.allowed(url):
        return Candidate(ref, skip=f"article page disallowed by robots.txt: {url}")
    try:
        resp: Response = await fetcher.get(url, headers={"Accept": PAGE_ACCEPT})
    except FetchError as e:
        return Candidate(ref, fail=f"article page: {e}")
    if resp.status in (404, 410):
        return Candidate(ref, skip=f"article page: HTTP {resp.status}")
    if resp.status != 200:
        return Candidate(ref, fail=f"article page: HTTP {resp.status}")
    ctype = resp.content_type.lower()
    if ctype and "html" not in ctype and "xml" not in ctype:
        return Candidate(ref, skip=f"article page is not HTML ({ctype.split(';')[0]})")
    c = read_html(ref, resp.body, url=resp.url, kind=base.source_kind if base else "url")
    if c.draft is None or base is None:
        return c
    d = c.draft
    return replace(
        c,
        draft=replace(
            d,
            title=base.title or d.title,
            published_at=d.published_at or base.published_at,
            dek=d.dek or base.dek,
            authors=d.authors or base.authors,
            source_ref=base.source_ref,
            feed_id=base.feed_id,
        ),
    )


class _Writer:
    """The writer thread: stores each polled feed's articles, then the feed's new state."""

    def __init__(
        self, up: Updater, jobs: queue.Queue[_Job | None], on_feed: Callable[[FeedResult], None] | None
    ) -> None:
        self.up = up
        self.jobs = jobs
        self.on_feed = on_feed
        self.results: list[FeedResult] = []
        self.imported: list[int] = []
        self.items: dict[str, ItemResult] = {}
        self.error: BaseException | None = None
        self.run_id: int | None = None

    def run(self) -> None:
        from ..ingest import Importer, ImportOptions

        importer = Importer(self.up.store, ImportOptions(settings=self.up.settings.import_))
        try:
            report = importer.ingest(self._candidates(), kind="update", on_item=self._on_item)
            self.run_id = report.run_id
        except BaseException as e:  # handed to the calling thread
            self.error = e
            while self.jobs.get() is not None:  # drain so the producer never blocks
                pass

    def _on_item(self, item: ItemResult) -> None:
        self.items[item.ref] = item
        if item.outcome is Outcome.IMPORTED and item.article_id:
            self.imported.append(item.article_id)

    def _candidates(self) -> Iterator[Candidate | None]:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            yield from job.candidates
            yield None  # the importer commits this feed's articles here
            self._finish(job)

    def _finish(self, job: _Job) -> None:
        seen = list(job.known)
        counts = {o: 0 for o in Outcome}
        counts[Outcome.DUPLICATE] = len(job.known)
        for c in job.candidates:
            item = self.items.pop(c.ref, None)
            key, url = job.keys[c.ref]
            if item is None:
                continue
            counts[item.outcome] += 1
            seen.append(SeenItem(key, url, item.outcome.value, item.reason, item.article_id))
        note = self.up.store.save_poll(job.feed.id, job.state, seen)
        st = job.state
        self.results_append(
            FeedResult(
                feed_id=job.feed.id,
                url=job.feed.url,
                status=st.status,
                message=note or job.message,
                entries=job.entries,
                new_entries=len(job.candidates) + len(job.known),
                imported=counts[Outcome.IMPORTED],
                duplicate=counts[Outcome.DUPLICATE],
                skipped=counts[Outcome.SKIPPED],
                failed=counts[Outcome.FAILED],
                moved_to=st.new_url,
            )
        )

    def results_append(self, result: FeedResult) -> None:
        self.results.append(result)
        if self.on_feed is not None:
            self.on_feed(result)
