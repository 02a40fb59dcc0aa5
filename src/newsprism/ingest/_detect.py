"""Byte-level checks: binary data, text encoding, language."""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# a well-formed UTF-8 sequence of two to four bytes
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``data`` starts with a UTF-8/16/32 byte-order mark."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding (NULs or many control bytes)."""
    if bom_encoding(data):
        return False
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


def _undecodable(data: bytes, enc: str, start: int) -> str:
    bad = data.decode(enc, errors="replace").count("\ufffd")
    return f"{bad} undecodable byte{'s' if bad != 1 else ''}, the first at byte {start}"


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes, rather than another encoding: it has well-formed multi-byte
    UTF-8 sequences and at most as many undecodable bytes as those (or a handful). A legacy
    double-byte text (GBK, Shift-JIS...) has a few accidental look-alikes among many invalid
    bytes; a single-byte one (cp1252...) usually none."""
    valid = len(_UTF8_MULTI.findall(data))
    if not valid:
        return False
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    return bad <= max(valid, 8)


def _other_script_share(text: str) -> float:
    """Share of the letters that are non-ASCII letters of a non-Latin script (what a wrong
    single-byte codepage makes of stray bytes in English or French text)."""
    letters = foreign = 0
    for ch in text[:200_000]:
        if not ch.isalpha():
            continue
        letters += 1
        if ord(ch) > 0x24F and not unicodedata.name(ch, "").startswith("LATIN"):
            foreign += 1
    return foreign / letters if letters else 0.0


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding). Raises InputError for undecodable data.

    A byte-order mark decides (UTF-8/16/32); then the declared encoding, then UTF-8. Data with
    well-formed UTF-8 sequences and broken ones is damaged UTF-8: refused with where the bad bytes
    are, never decoded as another encoding. Other data goes to charset detection, whose guess is
    refused when it would make a few stray bytes in Latin text into letters of another script.
    """
    bom = bom_encoding(data)
    if bom:
        enc, skip = bom
        try:
            return data[skip:].decode(enc), enc
        except UnicodeDecodeError as e:
            where = _undecodable(data[skip:], enc, e.start + skip)
            raise InputError(f"invalid {enc} text after its byte-order mark: {where}") from e
    if looks_binary(data):
        raise InputError("binary file, not text")
    for enc in [declared] if declared else []:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    if _damaged_utf8(data):
        raise InputError(
            f"invalid UTF-8: {_undecodable(data, 'utf-8', first_bad)} (re-save the file as UTF-8)"
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("invalid or unknown text encoding (not UTF-8 and no other encoding fits)")
    text = str(best)
    if 0 < _other_script_share(text) < 0.3:
        raise InputError(
            f"not UTF-8 ({_undecodable(data, 'utf-8', first_bad)}) and no encoding fits:"
            f" {best.encoding} would turn them into another script"
        )
    return text, best.encoding


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:600]
    if len(sample.split()) < 5:
        return None
    import py3langid as langid

    lang, _score = langid.classify(sample)
    return str(lang)
