"""Readers: turn one input file into article candidates, one per page or record.

Supported kinds (by extension): ``.txt`` pasted page text, ``.md``/``.markdown`` with YAML front
matter, ``.html``/``.htm`` saved pages, ``.json`` (one object or an array of objects) and
``.jsonl`` (one object per line), ``.warc`` (every HTML response record); the stream kinds also
gzipped (``.jsonl.gz``, ``.json.gz``, ``.warc.gz``). Every reader is bounded by
:class:`~._limits.ReadLimits`: a record past a limit fails alone with its reason.

JSON record schema (all keys but ``title`` and ``text`` optional; aliases in brackets):
``title``, ``text`` [``body``, ``content``], ``url`` [``link``], ``date`` [``published``,
``published_at``], ``source`` [``outlet``, ``site``] (a domain or a name), ``authors``
[``author``] (list or string), ``dek`` [``description``, ``summary``, ``excerpt``], ``language``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..models import ArticleDraft
from ._clean import clean_body, clean_title
from ._detect import bom_encoding, decode_text, looks_binary
from ._limits import GZIP_ERRORS, LimitExceeded, ReadLimits, open_maybe_gzip
from ._pasted import parse_pasted
from ._structured import iter_json_records, load_front_matter, load_json_line, split_front_matter
from ._warc import iter_warc_responses

DEFAULT_LIMITS = ReadLimits()

TEXT_KINDS = {".txt": "txt", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
STREAM_KINDS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc"}


@dataclass(frozen=True)
class Candidate:
    """One article candidate, or the reason there is none."""

    ref: str
    draft: ArticleDraft | None = None
    skip: str | None = None
    fail: str | None = None


def kind_of(path: Path) -> str | None:
    """The reader for a file name: text kinds, or a stream kind (also gzipped: ``.jsonl.gz``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return STREAM_KINDS.get(Path(name[:-3]).suffix)
    return TEXT_KINDS.get(path.suffix.lower()) or STREAM_KINDS.get(path.suffix.lower())


def parse_date(value: Any) -> datetime | None:
    """Parse a date from front matter or JSON (ISO string, date, datetime, epoch)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), tz=UTC)
    s = str(value).strip()
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError):
        pass
    from dateutil import parser as dparser  # installed with htmldate

    try:
        parsed: datetime = dparser.parse(s, fuzzy=False)
    except (ValueError, OverflowError) as e:
        raise InputError(f"unreadable date {s!r}") from e
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _authors(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        parts = re.split(r"\s*(?:;|,| and )\s*", value)
        return tuple(p.strip() for p in parts if p.strip())
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, Mapping):
                v = v.get("name", "")
            if str(v).strip():
                out.append(str(v).strip())
        return tuple(out)
    return (str(value),)


_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n.*?\r?\n---[ \t]*\r?\n", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def markdown_to_text(md: str) -> str:
    out = []
    for line in md.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
        line = re.sub(r"^\s*[-*+]\s+", "- ", line)
        line = _MD_LINK.sub(r"\1", line)
        line = re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", line)
        out.append(line)
    return "\n".join(out)


def read_txt(ref: str, text: str) -> Candidate:
    page = parse_pasted(text)
    return Candidate(
        ref,
        ArticleDraft(
            title=page.title,
            text=page.text,
            dek=page.dek,
            published_at=page.published_at,
            source_kind="txt",
            source_ref=ref,
        ),
    )


def read_markdown(ref: str, text: str, limits: ReadLimits = DEFAULT_LIMITS) -> Candidate:
    import yaml

    parts = split_front_matter(text)
    meta: dict[str, Any] = {}
    content = text
    if parts is not None:
        try:
            meta = load_front_matter(parts[0], limits)
        except LimitExceeded as e:
            return Candidate(ref, fail=str(e))
        except yaml.YAMLError as e:
            return Candidate(ref, fail=f"invalid YAML front matter: {str(e).splitlines()[0]}")
        content = parts[1]
    body = clean_body(markdown_to_text(content))
    title = str(meta.get("title") or "").strip()
    if not title:
        page = parse_pasted(body)
        title, body = page.title, page.text
    cats = meta.get("categories") or meta.get("tags") or []
    if isinstance(cats, str):
        cats = [cats]
    source = meta.get("source") or meta.get("outlet") or meta.get("site")
    url = meta.get("url") or meta.get("canonical_url") or meta.get("link")
    try:
        published = parse_date(meta.get("date") or meta.get("published"))
    except InputError:
        published = None
    return Candidate(
        ref,
        ArticleDraft(
            title=clean_title(title),
            text=body,
            url=str(url) if url else None,
            dek=str(meta.get("excerpt") or meta.get("description") or meta.get("subtitle") or "") or None,
            authors=_authors(meta.get("author") or meta.get("authors")),
            published_at=published,
            outlet_name=str(source) if source else None,
            categories=tuple(str(c) for c in cats) if isinstance(cats, list) else (),
            source_kind="markdown",
            source_ref=ref,
        ),
    )


def read_html(ref: str, html: str | bytes, url: str | None = None, kind: str = "html") -> Candidate:
    from ..errors import ExtractionError
    from ..extract import extract_html

    try:
        page = extract_html(html, url=url)
    except ExtractionError as e:
        return Candidate(ref, skip=str(e))
    return Candidate(
        ref,
        ArticleDraft(
            title=clean_title(page.title),
            text=page.text,  # extract_html already removed site chrome (clean_body)
            url=page.url or url,
            dek=page.dek,
            authors=page.authors,
            published_at=page.published_at,
            updated_at=page.updated_at,
            language=page.language,
            outlet_name=page.site_name,
            source_kind=kind,
            source_ref=ref,
        ),
    )


def record_to_candidate(ref: str, rec: Any) -> Candidate:
    """One JSON record -> candidate (schema in the module docstring)."""
    if not isinstance(rec, Mapping):
        return Candidate(ref, fail="record is not a JSON object")
    title = rec.get("title") or rec.get("headline")
    body = rec.get("text") or rec.get("body") or rec.get("content")
    if isinstance(body, list):
        body = "\n\n".join(str(p) for p in body)
    if not title or not body:
        missing = "title" if not title else "text"
        return Candidate(ref, skip=f"record has no {missing}")
    try:
        published = parse_date(rec.get("date") or rec.get("published") or rec.get("published_at"))
    except InputError as e:
        return Candidate(ref, fail=str(e))
    source = rec.get("source") or rec.get("outlet") or rec.get("site")
    if isinstance(source, Mapping):
        source = source.get("domain") or source.get("name")
    url = rec.get("url") or rec.get("link")
    return Candidate(
        ref,
        ArticleDraft(
            title=clean_title(str(title)),
            text=clean_body(str(body)),
            url=str(url) if url else None,
            dek=(
                str(
                    rec.get("dek") or rec.get("description") or rec.get("summary") or rec.get("excerpt") or ""
                )
                or None
            ),
            authors=_authors(rec.get("authors") or rec.get("author")),
            published_at=published,
            language=rec.get("language"),
            outlet_name=str(source) if source else None,
            source_kind="json",
            source_ref=ref,
        ),
    )


def iter_jsonl(path: Path, fh: BinaryIO, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Candidate]:
    """One candidate per line; a line over the record limit or nested too deep fails alone."""
    lineno = 0
    while True:
        raw = fh.readline(limits.max_record_bytes + 1)
        if not raw:
            return
        lineno += 1
        ref = f"{path}:{lineno}"
        if len(raw) > limits.max_record_bytes and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # drop the rest of the line, a chunk at a time
                raw = fh.readline(1024 * 1024)
                size += len(raw)
            yield Candidate(ref, fail=f"line {lineno} is {limits.record_too_large(size)}")
            continue
        if not raw.strip():
            continue
        try:
            rec = load_json_line(raw, limits)
        except LimitExceeded as e:
            yield Candidate(ref, fail=f"line {lineno} {e}")
            continue
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield Candidate(ref, fail=f"malformed JSON on line {lineno}: {e}")
            continue
        yield record_to_candidate(ref, rec)


def iter_json(path: Path, fh: BinaryIO, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Candidate]:
    """One candidate per element of a top-level array (or for the one top-level object)."""
    import ijson

    n = 0
    try:
        for n, rec, problem in iter_json_records(fh, limits):
            ref = f"{path}#{n}"
            yield Candidate(ref, fail=f"record {n} {problem}") if problem else record_to_candidate(ref, rec)
    except (ijson.JSONError, ValueError) as e:
        if isinstance(e, LimitExceeded):
            raise
        yield Candidate(f"{path}#{n + 1}", fail=f"malformed JSON after record {n}: {e}")


def iter_warc(path: Path, fh: BinaryIO, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Candidate]:
    """One candidate per HTML response record (bodies streamed; see :mod:`._warc`)."""
    n = 0
    try:
        for rec in iter_warc_responses(fh, limits):
            n = rec.number
            ref = f"{path}#{rec.number} {rec.url}"
            if rec.problem:
                yield Candidate(ref, fail=rec.problem)
                continue
            if rec.status and not rec.status.startswith("2"):
                yield Candidate(ref, skip=f"HTTP status {rec.status}")
                continue
            yield read_html(ref, rec.body, url=rec.url, kind="warc")
    except LimitExceeded:
        raise
    except InputError as e:
        yield Candidate(f"{path}#{n + 1}" if n else str(path), fail=str(e))


def read_stream_file(path: Path, kind: str, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Candidate]:
    """Candidates of a JSON, JSONL or WARC file, gzipped or not, streamed in bounded memory.

    A limit reached in the middle (decompressed bytes, a header) ends the file with one failed
    item; what came before it is kept."""
    reader = {"json": iter_json, "jsonl": iter_jsonl, "warc": iter_warc}[kind]
    done = 0
    try:
        with path.open("rb") as raw:
            fh = open_maybe_gzip(raw, limits)
            for c in reader(path, fh, limits):
                done += 1
                yield c
    except LimitExceeded as e:
        yield Candidate(str(path), fail=f"stopped after {done} items: {e}")
    except GZIP_ERRORS as e:
        yield Candidate(str(path), fail=f"stopped after {done} items: corrupt gzip data ({e})")
    except OSError as e:
        yield Candidate(str(path), fail=f"cannot read file: {e.strerror or e}")


def read_text_file(path: Path, data: bytes, kind: str, limits: ReadLimits = DEFAULT_LIMITS) -> Candidate:
    ref = str(path)
    if not data.strip():
        return Candidate(ref, skip="empty file")
    if len(data) > limits.max_record_bytes:
        return Candidate(ref, skip=f"file is {limits.record_too_large(len(data))}")
    if kind == "html":
        if bom_encoding(data):  # UTF-16/32 pages: decode here, the extractor reads text
            try:
                return read_html(ref, decode_text(data)[0])
            except InputError as e:
                return Candidate(ref, skip=str(e))
        if looks_binary(data):
            return Candidate(ref, skip="binary file, not text")
        return read_html(ref, data)
    try:
        text, _enc = decode_text(data)
    except InputError as e:
        return Candidate(ref, skip=str(e))
    if kind == "markdown" or _FRONT_MATTER.match(text):
        return read_markdown(ref, text, limits)
    return read_txt(ref, text)


def with_outlet(c: Candidate, domain: str | None, name: str | None) -> Candidate:
    if c.draft is None:
        return c
    return replace(c, draft=replace(c.draft, outlet_domain=domain, outlet_name=name))
