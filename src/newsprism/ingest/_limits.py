"""Resource limits for reading hostile or broken files: nesting depth, record size, decompressed
bytes, YAML alias expansion.

Every reader takes a :class:`ReadLimits`; a limit that is reached becomes one clear reason for
the record or file (:class:`LimitExceeded`), and the import goes on with the next one. The limits
exist so that a small file cannot take gigabytes of memory (a gzip bomb, a YAML alias bomb,
JSON nested 200,000 deep), not to police ordinary articles: the defaults are far above any real
news article.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from ..errors import InputError

if TYPE_CHECKING:
    from ..config import ImportSettings

MB = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class LimitExceeded(InputError):
    """A resource limit was reached while reading a file or record."""


@dataclass(frozen=True)
class ReadLimits:
    """How much one file or record may take (see ``[import]`` in the config)."""

    max_depth: int = 64
    """Deepest nesting of JSON arrays/objects or YAML collections in one record."""
    max_record_bytes: int = 10 * MB
    """Largest single record: a JSONL line, a JSON record, a WARC record body, a text file."""
    max_decompressed_bytes: int = 2048 * MB
    """Most bytes a compressed file may decompress to."""
    max_yaml_nodes: int = 10_000
    """Most YAML nodes in front matter, counting every alias as a copy of what it names."""
    max_header_bytes: int = 64 * 1024
    """Largest WARC or HTTP header block."""

    @classmethod
    def from_settings(cls, s: ImportSettings) -> ReadLimits:
        return cls(
            max_depth=s.max_depth,
            max_record_bytes=int(s.max_record_mb * MB),
            max_decompressed_bytes=int(s.max_decompressed_mb * MB),
        )

    def record_too_large(self, size: int) -> str:
        return (
            f"{megabytes(size)}, over the {megabytes(self.max_record_bytes)} limit of one record"
            " (setting import.max_record_mb)"
        )


def megabytes(n: int) -> str:
    """A byte count for a message: '3.0 MB', '0.01 MB'."""
    mb = n / MB
    return f"{mb:.1f} MB" if mb >= 0.95 else f"{mb:.2g} MB"


class CappedReader(io.RawIOBase):
    """A raw stream that raises :class:`LimitExceeded` once more than ``cap`` bytes were read
    from ``inner`` (used on the decompressed side of a gzip file)."""

    def __init__(self, inner: BinaryIO, cap: int, what: str = "decompressed data") -> None:
        self.inner = inner
        self.cap = cap
        self.what = what
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: memoryview) -> int:  # type: ignore[override]
        want = min(len(b), self.cap - self.count)
        if want <= 0:  # at the cap: fine if the data ends here, else too much
            if self.inner.read(1):
                raise LimitExceeded(self._message())
            return 0
        data = self.inner.read(want)
        n = len(data)
        b[:n] = data
        self.count += n
        return n

    def _message(self) -> str:
        size = megabytes(self.cap)
        return f"{self.what} over {size} (a compression bomb?); setting import.max_decompressed_mb"


def open_maybe_gzip(raw: BinaryIO, limits: ReadLimits) -> BinaryIO:
    """A buffered stream of ``raw``'s content: decompressed (with the cap) when it is gzip."""
    head = raw.read(2)
    raw.seek(0)
    if head != GZIP_MAGIC:
        return raw
    gz = gzip.GzipFile(fileobj=raw, mode="rb")
    capped = CappedReader(gz, limits.max_decompressed_bytes)  # type: ignore[arg-type]
    return io.BufferedReader(capped, buffer_size=256 * 1024)


# gzip raises these for truncated or corrupt data
GZIP_ERRORS: tuple[type[BaseException], ...] = (gzip.BadGzipFile, EOFError, zlib.error)


def inflate(data: bytes, encoding: str, limits: ReadLimits) -> bytes:
    """Undo an HTTP Content-Encoding (gzip, deflate), at most ``max_record_bytes`` out."""
    enc = encoding.strip().lower()
    if enc in ("", "identity"):
        return data
    if enc in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif enc == "deflate":
        wbits = zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS
    else:
        raise InputError(f"unsupported Content-Encoding {encoding!r}")
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(data, limits.max_record_bytes + 1)
    except zlib.error as e:
        raise InputError(f"corrupt {enc} body: {e}") from e
    if len(out) > limits.max_record_bytes:
        raise LimitExceeded(f"{enc} body decompresses to {limits.record_too_large(len(out))}")
    return out


def skip_bytes(stream: BinaryIO, n: int, chunk: int = 256 * 1024) -> int:
    """Read and drop ``n`` bytes in chunks (bounded memory); how many were there."""
    left = n
    while left > 0:
        got = stream.read(min(chunk, left))
        if not got:
            break
        left -= len(got)
    return n - left
