"""Saved HTML pages: read on every core, with the page's address when the page itself has none.

Extraction is the slow part of an import (a few tens of milliseconds of CPU per page), so HTML
files are read by a pool of worker processes while the importer stores what came before; the
results come back in discovery order, so the ingest log and what an interrupted import committed
stay the same as a serial run.

A saved page usually names its address (canonical link, og:url, JSON-LD: the extractor reads
those). When it does not, the address comes from, in order:

* a sidecar file beside it: ``page.html.url`` or ``page.url`` holding the URL (a bare line, or a
  Windows ``[InternetShortcut]`` file with ``URL=...``);
* the browser's "saved from url=(0071)https://..." mark or SingleFile's ``url:`` header comment;
* a mirrored path such as ``www.example.com/2020/04/02/story.html`` (``wget --mirror``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from ._limits import ReadLimits
from ._readers import Candidate, read_text_file

_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_SINGLEFILE = re.compile(rb"<!--\s*Page saved with SingleFile\s+url:\s*(https?://\S+)", re.IGNORECASE)
_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s\"'<>]+")
LOOKAHEAD = 4  # pages in flight per worker
log = logging.getLogger(__name__)


def sidecar_url(path: Path) -> str | None:
    """The URL in ``page.html.url`` or ``page.url`` beside ``path``, if either exists."""
    for side in (path.with_name(path.name + ".url"), path.with_suffix(".url")):
        try:
            if side.is_file() and side.stat().st_size < 65536:
                text = side.read_text(encoding="utf-8", errors="replace")
            else:
                continue
        except OSError:
            continue
        m = _URL.search(text)
        if m:
            return m.group(0)
    return None


def is_sidecar(path: Path) -> bool:
    """A ``.url`` file that names the address of a saved page beside it (read, not imported)."""
    if path.suffix.lower() != ".url":
        return False
    page = path.with_suffix("")
    if page.suffix.lower() in (".html", ".htm"):
        return page.is_file()
    return any(path.with_suffix(ext).is_file() for ext in (".html", ".htm"))


def mirrored_url(path: Path) -> str | None:
    """'.../www.example.com/2020/04/02/story.html' -> 'https://www.example.com/2020/04/02/story.html'."""
    parts = path.parts
    for i in range(len(parts) - 2, -1, -1):
        if _HOST.match(parts[i]) and not parts[i].lower().endswith((".html", ".htm")):
            rest = "/".join(parts[i + 1 :])
            if rest.lower().endswith(("/index.html", "/index.htm")) or rest.lower() in (
                "index.html",
                "index.htm",
            ):
                rest = rest.rsplit("index.", 1)[0]
            return f"https://{parts[i].lower()}/{rest}"
    return None


def marked_url(data: bytes) -> str | None:
    """The address a browser or SingleFile wrote into the saved page's opening comment."""
    head = data[:4096]
    m = _SAVED_FROM.search(head) or _SINGLEFILE.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def read_html_file(path: Path, max_file_mb: float, limits: ReadLimits) -> list[Candidate]:
    """One saved page as a candidate (a skip or failure saying why when it cannot be read)."""
    try:
        size = path.stat().st_size
        if size > max_file_mb * 1024 * 1024:
            reason = (
                f"file is {size / 1048576:.1f} MB, over the {max_file_mb:g} MB limit"
                " (setting import.max_file_mb)"
            )
            return [Candidate(str(path), skip=reason)]
        data = path.read_bytes()
    except OSError as e:
        return [Candidate(str(path), fail=f"cannot read file: {e.strerror or e}")]
    try:
        c = read_text_file(path, data, "html", limits)
    except Exception as e:  # third-party parsers on arbitrary markup: this page fails, not the import
        log.warning("extracting %s failed: %r", path, e)
        return [Candidate(str(path), fail=f"extraction failed: {type(e).__name__}: {e}")]
    if c.draft is not None and not c.draft.url:
        url = sidecar_url(path) or marked_url(data) or mirrored_url(path)
        if url:
            c = replace(c, draft=replace(c.draft, url=url))
    return [c]


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds with the parent's imports; elsewhere the default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


Entry = Path | tuple[Path, str]


def read_ahead(
    entries: Iterator[Entry],
    is_parallel: Callable[[Path], bool],
    read: Callable[[Path], list[Candidate]],
    workers: int,
) -> Iterator[tuple[Entry, list[Candidate] | None]]:
    """``(entry, candidates)`` in ``entries``' order; parallel entries are read by ``workers``
    processes, a few pages ahead, the others come back with ``None`` for the caller to read."""
    if workers <= 1:
        for e in entries:
            yield e, (read(e) if not isinstance(e, tuple) and is_parallel(e) else None)
        return
    pool: ProcessPoolExecutor | None = None
    window: deque[tuple[Entry, Future[list[Candidate]] | None]] = deque()
    try:
        for e in entries:
            fut: Future[list[Candidate]] | None = None
            if not isinstance(e, tuple) and is_parallel(e):
                pool = pool or ProcessPoolExecutor(workers, mp_context=_context())
                fut = pool.submit(read, e)
            window.append((e, fut))
            while len(window) > LOOKAHEAD * workers:
                head, f = window.popleft()
                yield head, (f.result() if f is not None else None)
        while window:
            head, f = window.popleft()
            yield head, (f.result() if f is not None else None)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """Worker processes for HTML import: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
