"""robots.txt: whether an article page may be fetched (RFC 9309 semantics).

A robots.txt answered with 4xx means no rules (everything allowed); a 5xx, a timeout or a refused
connection means the site cannot say, so nothing is fetched from it for this update. Rules are
cached per origin for the life of the :class:`Robots` object (one update).
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import FetchError
from ._fetch import Fetcher

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512_000
AGENT = "newsprism"


class Robots:
    def __init__(self, fetcher: Fetcher, agent: str = AGENT) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._rules: dict[str, RobotFileParser | bool] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin)
        rules = self._rules[origin]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.agent, url)

    async def _load(self, origin: str) -> RobotFileParser | bool:
        try:
            resp = await self.fetcher.get(origin + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as e:
            log.info("robots.txt of %s unreachable (%s): not fetching from it", origin, e)
            return False
        if 400 <= resp.status < 500:
            return True
        if resp.status >= 500 or resp.status != 200:
            return False
        parser = RobotFileParser()
        parser.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        return parser
