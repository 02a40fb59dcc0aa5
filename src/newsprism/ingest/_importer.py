"""The import run: walk paths, read candidates, store them with an outcome each.

Every candidate ends as imported, duplicate, skipped (reason) or failed (reason), recorded in
the ingest log. Items are committed in small batches, so an interrupted import keeps everything
committed before the interruption and leaves the database consistent.
"""

from __future__ import annotations

import logging
import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ..config import ImportSettings
from ..errors import InputError
from ..models import ArticleDraft, IngestReport, ItemResult, Outcome
from ..outlets import domain_of
from ..storage import Store
from ._detect import detect_language
from ._hash import content_hash
from ._limits import ReadLimits
from ._pages import default_workers, is_sidecar, read_ahead, read_html_file
from ._readers import Candidate, kind_of, read_stream_file, read_text_file

log = logging.getLogger(__name__)

BATCH = 200
ITEM_DETAIL_LIMIT = 10_000


@dataclass(frozen=True)
class ImportOptions:
    outlet: str | None = None
    """Force this outlet (domain or name) on every imported article."""
    settings: ImportSettings = field(default_factory=ImportSettings)
    workers: int | None = None
    """Processes reading HTML pages (None: every core this process may use; 1: no pool)."""


def discover(paths: Iterable[str | Path]) -> Iterator[Path | tuple[Path, str]]:
    """Files under ``paths`` in a stable order; (path, reason) for what cannot be read."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield (path, "no such file or directory")


def outlet_for(draft: ArticleDraft, forced: str | None) -> tuple[str | None, str | None]:
    """(domain, name) of the outlet: --outlet, then the URL, then the source/site name."""
    for value in (forced, draft.url, draft.outlet_domain, draft.outlet_name):
        if not value:
            continue
        value = str(value).strip()
        if value.startswith(("http://", "https://")) or ("." in value and " " not in value):
            dom = domain_of(value)
            if dom:
                name = draft.outlet_name if draft.outlet_name and "." not in draft.outlet_name else None
                return dom, (forced if forced and "." not in forced else name) or dom
        elif value == forced or value == draft.outlet_name:
            slug = "-".join(value.lower().split())
            return slug, value
    return None, None


class Importer:
    """Imports files into a :class:`Store`."""

    def __init__(self, store: Store, options: ImportOptions | None = None) -> None:
        self.store = store
        self.options = options or ImportOptions()
        self.limits = ReadLimits.from_settings(self.options.settings)

    def candidates(self, path: Path) -> Iterator[Candidate]:
        kind = kind_of(path)
        if kind is None and is_sidecar(path):
            return  # page.html.url: read with page.html, not an input of its own
        if kind is None:
            yield Candidate(str(path), skip=f"unsupported file type {path.suffix or '(none)'!r}")
            return
        if kind == "html":
            yield from self._html_reader()(path)
            return
        try:
            size = path.stat().st_size
            if kind in ("json", "jsonl", "warc"):
                if size == 0:
                    yield Candidate(str(path), skip="empty file")
                    return
                yield from read_stream_file(path, kind, self.limits)  # gzipped or not, bounded
                return
            limit = self.options.settings.max_file_mb * 1024 * 1024
            if size > limit:
                yield Candidate(
                    str(path),
                    skip=f"file is {size / 1048576:.1f} MB, over the {self.options.settings.max_file_mb:g} MB"
                    " limit (setting import.max_file_mb)",
                )
                return
            data = path.read_bytes()
        except OSError as e:
            yield Candidate(str(path), fail=f"cannot read file: {e.strerror or e}")
            return
        yield read_text_file(path, data, kind, self.limits)

    def _html_reader(self) -> Callable[[Path], list[Candidate]]:
        return partial(read_html_file, max_file_mb=self.options.settings.max_file_mb, limits=self.limits)

    def prepare(self, c: Candidate) -> tuple[ArticleDraft | None, str | None]:
        """Validate and complete a draft; return (draft, skip reason)."""
        d = c.draft
        assert d is not None
        if not d.title.strip():
            return None, "no title found"
        words = len(d.text.split())
        minimum = self.options.settings.min_words
        if words < minimum:
            return None, f"too short ({words} words, minimum {minimum})"
        domain, name = outlet_for(d, self.options.outlet)
        lang = d.language or detect_language(d.title + "\n" + d.text)
        return replace(d, outlet_domain=domain, outlet_name=name, language=lang), None

    def _store_one(self, conn: object, run_id: int, c: Candidate) -> ItemResult:
        if c.fail:
            return ItemResult(c.ref, Outcome.FAILED, c.fail)
        if c.skip:
            return ItemResult(c.ref, Outcome.SKIPPED, c.skip)
        draft, skip = self.prepare(c)
        if draft is None:
            return ItemResult(c.ref, Outcome.SKIPPED, skip, title=c.draft.title if c.draft else None)
        try:
            ins = self.store.insert_article(conn, draft, content_hash(draft.text))  # type: ignore[arg-type]
        except InputError as e:
            return ItemResult(c.ref, Outcome.FAILED, str(e))
        if ins.is_new:
            return ItemResult(c.ref, Outcome.IMPORTED, None, ins.article_id, draft.title)
        return ItemResult(c.ref, Outcome.DUPLICATE, ins.duplicate_reason, ins.article_id, draft.title)

    def run(
        self,
        paths: Iterable[str | Path],
        on_file: Callable[[Path], None] | None = None,
        on_item: Callable[[ItemResult], None] | None = None,
    ) -> IngestReport:
        """Import every file under ``paths``."""

        workers = self.options.workers or default_workers()

        def candidates() -> Iterator[Candidate | None]:
            # Saved HTML pages are extracted by a process pool, a few pages ahead, in order.
            read = self._html_reader()
            for entry, done in read_ahead(discover(paths), lambda p: kind_of(p) == "html", read, workers):
                if isinstance(entry, tuple):
                    yield Candidate(str(entry[0]), fail=entry[1])
                    continue
                yield from done if done is not None else self.candidates(entry)
                yield None  # file boundary: commit what this file gave
                if on_file:
                    on_file(entry)

        return self.ingest(candidates(), kind="import", on_item=on_item)

    def ingest(
        self,
        candidates: Iterable[Candidate | None],
        *,
        kind: str = "import",
        on_item: Callable[[ItemResult], None] | None = None,
    ) -> IngestReport:
        """Store candidates from any source (files, feeds, URLs) with an outcome each.

        A ``None`` in ``candidates`` marks a boundary: what came before it is committed.
        """
        run_id = self.store.start_run(kind)
        results: list[ItemResult] = []
        counts = {o.value: 0 for o in Outcome}
        imported: array[int] = array("q")
        truncated = False
        pending: list[Candidate] = []
        status = "interrupted"

        def flush() -> None:
            if not pending:
                return
            with self.store.db.write(kind) as conn:
                batch = []
                for c in pending:
                    item = self._store_one(conn, run_id, c)
                    self.store.record_item(conn, run_id, item)
                    batch.append(item)
            pending.clear()
            nonlocal truncated
            for item in batch:
                counts[item.outcome.value] += 1
                if item.outcome is Outcome.IMPORTED and item.article_id:
                    imported.append(item.article_id)
                if len(results) < ITEM_DETAIL_LIMIT or item.outcome in (Outcome.SKIPPED, Outcome.FAILED):
                    results.append(item)
                else:
                    truncated = True
            if on_item:
                for item in batch:
                    on_item(item)

        try:
            for c in candidates:
                if c is None:
                    flush()
                    continue
                pending.append(c)
                if len(pending) >= BATCH:
                    flush()
            flush()
            status = "done"
        finally:
            pending.clear()
            self.store.finish_run(run_id, status)
        return IngestReport(run_id, tuple(results), counts, tuple(imported), truncated)
