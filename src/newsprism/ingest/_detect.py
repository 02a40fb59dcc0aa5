"""Byte-level checks: binary data, text encoding, language."""

from __future__ import annotations

from ..errors import InputError


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding (NULs or many control bytes)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding). Raises InputError for undecodable data."""
    if looks_binary(data):
        raise InputError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for enc in ([declared] if declared else []) + ["utf-8"]:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("invalid or unknown text encoding (not UTF-8 and no other encoding fits)")
    return str(best), best.encoding


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:600]
    if len(sample.split()) < 5:
        return None
    import py3langid as langid

    lang, _score = langid.classify(sample)
    return str(lang)
