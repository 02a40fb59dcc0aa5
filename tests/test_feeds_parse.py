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


def _rss_dated(pub_date: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://n.example/</link>'
        f"<item><title>A</title><link>https://n.example/a</link><pubDate>{pub_date}</pubDate></item>"
        "</channel></rss>"
    ).encode()


def test_feed_entry_keeps_the_outlets_utc_offset() -> None:
    """An entry written at 04:11 +05:30 on 2 April is 1 April in UTC: the outlet's day is kept."""
    from datetime import timedelta, timezone

    ist = timezone(timedelta(hours=5, minutes=30))
    rss = parse_feed(_rss_dated("Thu, 02 Apr 2020 04:11:00 +0530"), "https://n.example/rss")
    when = rss.entries[0].published_at
    assert when == datetime(2020, 4, 1, 22, 41, tzinfo=UTC)  # the same instant
    assert when is not None and when.utcoffset() == ist.utcoffset(None)
    assert when.date().isoformat() == "2020-04-02"
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id>'
        b"<entry><title>A</title><id>urn:a</id><published>2020-04-02T04:11:00-04:00</published>"
        b"<updated>2020-04-03T01:00:00Z</updated></entry></feed>"
    )
    entry = parse_feed(atom, "https://n.example/atom").entries[0]
    assert entry.published_at is not None and entry.published_at.utcoffset() == timedelta(hours=-4)
    assert entry.published_at.isoformat() == "2020-04-02T04:11:00-04:00"
    # A zone name feedparser knows and Python's RFC 822 reader too; "-0000" means no known offset.
    est = parse_feed(_rss_dated("Thu, 02 Apr 2020 23:30:00 EST"), "https://n.example/rss").entries[0]
    assert est.published_at is not None and est.published_at.isoformat() == "2020-04-02T23:30:00-05:00"
    unknown = parse_feed(_rss_dated("Thu, 02 Apr 2020 23:30:00 -0000"), "https://n.example/rss").entries[0]
    assert unknown.published_at == datetime(2020, 4, 2, 23, 30, tzinfo=UTC)
