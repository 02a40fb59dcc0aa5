"""Property tests for feed parsing: what a feed says comes back out, whatever the text."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.feeds import parse_feed
from newsprism.feeds._parse import html_to_text

_chars = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\ufffe\uffff")


def _looks_double_encoded(t: str) -> bool:
    """feedparser repairs text that reads as UTF-8 bytes taken for Latin-1 ("Ã©" -> "é") on purpose;
    such strings (the classic mojibake) are left out of the round trips."""
    try:
        return t.encode("latin-1").decode("utf-8") != t
    except UnicodeError:
        return False


_text = st.text(_chars, min_size=1, max_size=60).filter(lambda t: t.strip() and not _looks_double_encoded(t))


def _norm(t: str) -> str:
    return " ".join(t.split())


def _atom(titles: list[str], bodies: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title type="text">{html.escape(t)}</title><id>urn:x:{i}</id>'
        f'<link href="https://news.example/a/{i}"/><updated>2025-03-0{1 + i % 9}T10:00:00Z</updated>'
        f'<content type="html">{html.escape("<p>" + html.escape(b) + "</p>")}</content></entry>'
        for i, (t, b) in enumerate(zip(titles, bodies, strict=True))
    )
    doc = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>P</title><id>urn:x</id>{entries}</feed>"
    )
    return doc.encode("utf-8")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_text, _text), min_size=1, max_size=6))
def test_atom_titles_and_content_round_trip(pairs: list[tuple[str, str]]) -> None:
    titles, bodies = [p[0] for p in pairs], [p[1] for p in pairs]
    parsed = parse_feed(_atom(titles, bodies), "https://news.example/feed.atom")
    assert [e.title for e in parsed.entries] == [_norm(t) for t in titles]
    assert [_norm(e.content) for e in parsed.entries] == [_norm(b) for b in bodies]
    assert [e.key for e in parsed.entries] == [f"urn:x:{i}" for i in range(len(pairs))]
    assert parsed.entries[0].published_at == datetime(2025, 3, 1, 10, tzinfo=UTC)


@settings(max_examples=80, deadline=None)
@given(st.lists(_text.filter(lambda t: not set(t) & set("<&>")), min_size=1, max_size=6), st.booleans())
def test_rss_titles_round_trip_in_any_declared_encoding(titles: list[str], latin: bool) -> None:
    enc = "utf-8"
    if latin:
        titles = [t.encode("latin-1", "ignore").decode("latin-1") for t in titles]
        titles = [t for t in titles if t.strip() and not _looks_double_encoded(t)] or ["plain"]
        enc = "iso-8859-1"
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>https://news.example/r/{i}</link></item>"
        for i, t in enumerate(titles)
    )
    head = f'<?xml version="1.0" encoding="{enc}"?><rss version="2.0">'
    doc = f"{head}<channel><title>R</title>{items}</channel></rss>"
    parsed = parse_feed(doc.encode(enc), "https://news.example/rss")
    assert [e.title for e in parsed.entries] == [_norm(t) for t in titles]
    assert [e.key for e in parsed.entries] == [f"https://news.example/r/{i}" for i in range(len(titles))]


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    got = html_to_text(
        "<p>One &amp; two</p><script>alert(1)</script><p>Three<br>four</p><ul><li>five</li></ul>"
    )
    assert got == "One & two\n\nThree\n\nfour\n\nfive"


def test_double_encoded_utf8_is_repaired() -> None:
    doc = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>R</title>'
    doc += "<item><title>CafÃ© reopens</title><link>https://news.example/c</link></item></channel></rss>"
    assert parse_feed(doc.encode("utf-8"), "https://news.example/rss").entries[0].title == "Café reopens"
