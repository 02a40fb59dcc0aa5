"""Feeds: follow outlets' feeds, fetch their articles politely and safely, keep stories current.

The path of an article: :class:`Fetcher` (safe HTTP) -> :func:`parse_feed` (feedparser) ->
the article page when the feed gives only a summary (robots.txt respected) -> the importer
(de-duplication, storage) -> grouping. :class:`Updater` runs one update; the scheduler
of ``newsprism run`` (``newsprism.runtime``) repeats it.
"""

from __future__ import annotations

from ._defaults import DefaultFeed, default_feeds
from ._fetch import Fetcher, Response
from ._opml import OpmlFeed, read_opml, write_opml
from ._parse import FeedEntry, ParsedFeed, parse_feed
from ._types import AddResult, Feed, FeedResult, FeedStatus, PollState, PollStatus, SeenItem, UpdateReport
from ._update import Updater, fetch_article

__all__ = [
    "AddResult",
    "DefaultFeed",
    "Feed",
    "FeedEntry",
    "FeedResult",
    "FeedStatus",
    "Fetcher",
    "OpmlFeed",
    "ParsedFeed",
    "PollState",
    "PollStatus",
    "Response",
    "SeenItem",
    "UpdateReport",
    "Updater",
    "default_feeds",
    "fetch_article",
    "parse_feed",
    "read_opml",
    "write_opml",
]
