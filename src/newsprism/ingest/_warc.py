"""A streaming WARC reader with bounded memory.

WARC (ISO 28500) is a sequence of records: a ``WARC/1.x`` line, header lines, a blank line, then
``Content-Length`` bytes of block. Header blocks are read with a byte cap, and a record's block is
read only when it is a ``response`` under ``max_record_bytes``; anything else is skipped in
chunks. So a gzip bomb named ``.warc.gz`` (no ``WARC/`` line) stops at the first header read, and
a record with a 1 GiB body costs one chunk of memory. Compressed files (whole-file or per-record
gzip) are decompressed by :func:`open_maybe_gzip` with the decompressed-byte cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError
from ._limits import LimitExceeded, ReadLimits, inflate, skip_bytes


@dataclass(frozen=True)
class WarcResponse:
    """One HTML response record; or, with ``problem``, why its body was not read."""

    number: int
    url: str | None
    status: str | None = None
    content_type: str = ""
    body: bytes = b""
    problem: str | None = None


def _read_line(stream: BinaryIO, limits: ReadLimits) -> bytes:
    line = stream.readline(limits.max_header_bytes + 1)
    if len(line) > limits.max_header_bytes:
        raise LimitExceeded(f"a header line is over {limits.max_header_bytes // 1024} KB (not a WARC file?)")
    return line


def _headers(lines: list[bytes]) -> dict[str, str]:
    out: dict[str, str] = {}
    last = ""
    for raw in lines:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line[:1] in (" ", "\t") and last:  # continuation
            out[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if sep:
            last = name.strip().lower()
            out[last] = value.strip()
    return out


def _header_block(stream: BinaryIO, limits: ReadLimits, budget: int | None = None) -> list[bytes]:
    """Lines up to the blank line, at most max_header_bytes (and ``budget``) in all."""
    cap = limits.max_header_bytes if budget is None else min(budget, limits.max_header_bytes)
    lines: list[bytes] = []
    used = 0
    while True:
        line = _read_line(stream, limits)
        used += len(line)
        if used > cap:
            raise LimitExceeded(f"header block over {cap} bytes")
        if not line or not line.strip(b"\r\n"):
            return lines
        lines.append(line)


def _dechunk(data: bytes, limits: ReadLimits) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            break
        size_text = data[pos:end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as e:
            raise InputError("malformed chunked HTTP body") from e
        if size == 0:
            break
        out += data[end + 1 : end + 1 + size]
        if len(out) > limits.max_record_bytes:
            raise LimitExceeded(f"body is {limits.record_too_large(len(out))}")
        pos = end + 1 + size + 2
    return bytes(out)


def _http_response(
    n: int, url: str | None, stream: BinaryIO, length: int, limits: ReadLimits
) -> WarcResponse | None:
    """Read a response record's HTTP block (``length`` bytes): its headers, then its body when
    the response is HTML and under the record limit (else skip it). None for non-HTML."""
    status_line = _read_line(stream, limits)
    used = len(status_line)
    if not status_line.startswith(b"HTTP/"):
        skip_bytes(stream, length - used)
        return WarcResponse(n, url, problem="response record without an HTTP status line")
    parts = status_line.decode("latin-1").split(None, 2)
    status = parts[1] if len(parts) > 1 else None
    lines = _header_block(stream, limits, budget=length - used)
    used += sum(len(x) for x in lines) + 2
    headers = _headers(lines)
    ctype = headers.get("content-type", "")
    body_len = max(0, length - used)
    if "html" not in ctype.lower():
        skip_bytes(stream, body_len)
        return None
    if body_len > limits.max_record_bytes:
        skipped = skip_bytes(stream, body_len)
        return WarcResponse(n, url, status, ctype, problem=f"HTML body is {limits.record_too_large(skipped)}")
    body = stream.read(body_len)
    if len(body) < body_len:
        return WarcResponse(n, url, status, ctype, problem="truncated record (the file ends inside it)")
    try:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = _dechunk(body, limits)
        body = inflate(body, headers.get("content-encoding", ""), limits)
    except InputError as e:
        return WarcResponse(n, url, status, ctype, problem=str(e))
    return WarcResponse(n, url, status, ctype, body)


def iter_warc_responses(stream: BinaryIO, limits: ReadLimits) -> Iterator[WarcResponse]:
    """Every HTML ``response`` record of a WARC stream (other records are skipped unread).

    Raises InputError (LimitExceeded) when the stream is not WARC or a header is over its cap;
    the records before it have been yielded.
    """
    n = 0
    while True:
        line = _read_line(stream, limits)
        if not line:
            return
        if not line.strip():
            continue  # the blank lines between records
        if not line.startswith(b"WARC/"):
            what = "not a WARC record" if n else "not a WARC file"
            raise InputError(f"{what}: expected a 'WARC/' line after record {n}")
        n += 1
        headers = _headers(_header_block(stream, limits))
        try:
            length = int(headers.get("content-length", ""))
        except ValueError as e:
            raise InputError(f"WARC record {n} has no valid Content-Length") from e
        url = headers.get("warc-target-uri")
        is_response = headers.get("warc-type", "").lower() == "response" and headers.get(
            "content-type", ""
        ).lower().startswith("application/http")
        if not is_response:
            skip_bytes(stream, length)
            continue
        rec = _http_response(n, url, stream, length, limits)
        if rec is not None:
            yield rec
