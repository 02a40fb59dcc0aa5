"""extract_html on hand-made pages: broken markup, no article, legacy charsets, JSON-LD."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsprism.errors import ExtractionError
from newsprism.extract import ExtractedPage, extract_html
from newsprism.extract._score import match, score_bodies

PARAGRAPHS = [
    "The river council voted on Tuesday to rebuild the old stone bridge that links the two halves "
    "of the town, ending a dispute that had lasted for more than a decade.",
    "Engineers told the council that the bridge, built in 1892, could no longer carry delivery "
    "trucks safely, and that repairs would cost less than a new crossing further upstream.",
    "Residents on the eastern bank, many of whom cross the bridge every morning to reach the market, "
    "welcomed the decision but asked for a footpath to stay open during the works.",
    "Work is expected to begin in the spring and to last about eighteen months, the mayor said.",
]
NAV = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(30))


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>Bridge vote | Town News'
        f"</title>{head}</head><body><header><ul>{NAV}</ul></header>{body}"
        "<footer><p>Contact us</p><p>Privacy policy</p></footer></body></html>"
    )


def article(paragraphs: list[str]) -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<main><article><h1>Council votes to rebuild the old bridge</h1>{ps}</article></main>"


def test_clean_page_gives_body_without_navigation() -> None:
    got = extract_html(page(article(PARAGRAPHS)), url="https://news.example/bridge")
    assert isinstance(got, ExtractedPage)
    for p in PARAGRAPHS:
        assert p in got.text
    assert "Section 7" not in got.text and "Privacy policy" not in got.text
    assert got.language == "en"


def test_broken_html_still_extracts() -> None:
    broken = (
        "<html><head><title>Bridge vote</title></head><body><div><ul>"
        + NAV
        + "<article><h1>Council votes<p>"
        + "<p>".join(PARAGRAPHS[:2])  # unclosed <p> and <h1>
        + "</span></b></em><p>"
        + PARAGRAPHS[2]
        + "<div><p>"
        + PARAGRAPHS[3]
        + "</table>"
    )  # no closing tags at all for article, body, html
    got = extract_html(broken)
    for p in PARAGRAPHS:
        assert p in got.text


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty page"),
        ("   \n  ", "empty page"),
        ("just some words with no markup at all", "not HTML"),
        (page(f"<nav><ul>{NAV}</ul></nav>"), "not an article"),
        ("<html><body><div></div></body></html>", "no article text found"),
        (page("<p>Photo: the bridge at dusk.</p>"), "not an article"),
    ],
)
def test_pages_without_article_raise_with_reason(html: str, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_html(html)


def test_binary_bytes_raise_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="not readable text"):
        extract_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


@pytest.mark.parametrize(
    ("charset", "sentence"),
    [
        ("windows-1251", "Городской совет проголосовал за восстановление старого каменного моста."),
        ("iso-8859-1", "Le conseil municipal a voté la reconstruction du vieux pont de pierre à Noël."),
        ("shift_jis", "市議会は火曜日、古い石橋の再建を決定した。"),
    ],
)
def test_non_utf8_page_decoded_by_meta_charset(charset: str, sentence: str) -> None:
    html = page(article([*PARAGRAPHS[:3], sentence]), charset=charset)
    got = extract_html(html.encode("cp1252" if charset == "iso-8859-1" else charset))
    assert sentence in got.text
    assert PARAGRAPHS[0] in got.text


def test_json_ld_metadata() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Ignored Site Object"},
            {
                "@type": "NewsArticle",
                "headline": "Council votes to rebuild the old bridge",
                "datePublished": "2024-03-05T09:30:00+01:00",
                "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Tom Berg"}],
                "publisher": {"@type": "Organization", "name": "Town News"},
                "description": "A decade-long dispute ends with a unanimous vote.",
                "inLanguage": "en-GB",
            },
        ],
    }
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<link rel="canonical" href="https://news.example/2024/bridge">'
    )
    got = extract_html(page(article(PARAGRAPHS), head=head), url="https://news.example/bridge?utm=x")
    assert got.title == "Council votes to rebuild the old bridge"
    assert got.authors == ("Ana Ruiz", "Tom Berg")
    assert got.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert got.published_at.astimezone(UTC).hour == 8
    assert got.site_name == "Town News"
    assert got.url == "https://news.example/2024/bridge"
    assert got.dek == "A decade-long dispute ends with a unanimous vote."
    assert not got.text.startswith("Council votes")  # the headline is the title, not body


def test_json_ld_wrapped_in_cdata() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Bridge to be rebuilt",
        "datePublished": "2024-03-05",
        "author": {"@type": "Person", "name": "Ana Ruiz"},
    }
    head = f'<script type="application/ld+json">//<![CDATA[\n{json.dumps(ld)}\n//]]></script>'
    got = extract_html(page(article(PARAGRAPHS), head=head))
    # An <h1> that shares few words with the JSON-LD headline is not taken for it.
    assert got.title == "Bridge to be rebuilt"
    assert got.published_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert got.authors == ("Ana Ruiz",)


def test_meta_tag_metadata_without_json_ld() -> None:
    head = (
        '<meta property="og:title" content="Council votes to rebuild the old bridge">'
        '<meta name="author" content="By Ana Ruiz and Tom Berg">'
        '<meta property="article:published_time" content="2024-03-05T09:30:00Z">'
        '<meta property="og:site_name" content="Town News">'
    )
    got = extract_html(page(article(PARAGRAPHS), head=head))
    assert got.authors == ("Ana Ruiz", "Tom Berg")
    assert got.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert got.site_name == "Town News"


def test_shingle_score_follows_the_benchmark_definition() -> None:
    text = "one two three four five six"
    assert match(text, text) == (1.0, 0.0, 0.0)
    assert match(text, "") == (0.0, 0.0, 1.0)
    assert match("", "") == (0.0, 0.0, 0.0)
    s = score_bodies([(text, text), (text, "")])  # the empty prediction counts for recall only
    assert s.precision == 1.0 and s.recall == 0.5
    assert abs(s.f1 - 2 / 3) < 1e-9
    assert match("a b c", "a b c") == (1.0, 0.0, 0.0)  # shorter than 4 words: one shingle
    assert match("Word here now again", "word here now again")[0] == 0.0  # case-sensitive tokens


def test_written_by_label_before_a_comment_and_the_name() -> None:
    """A 'Written by' label whose next sibling is an HTML comment (a real page crashed here)."""
    byline = '<div><p>Written by</p><!-- author card --><p class="name">Edzel Tabing</p></div>'
    got = extract_html(page(byline + article(PARAGRAPHS)))
    assert got.authors == ("Edzel Tabing",)


def test_bylines_split_into_people_and_organisations() -> None:
    from newsprism.extract._people import people_and_orgs

    assert people_and_orgs(["By Ann Lee and Bo Chan, Staff Reporters"]) == (("Ann Lee", "Bo Chan"), ())
    assert people_and_orgs(["Keith Barry Senior Autos Reporter"]) == (("Keith Barry",), ())
    assert people_and_orgs(["Dylan Bailey, MS, RD"]) == (("Dylan Bailey",), ())
    assert people_and_orgs(["Staff"]) == ((), ())
    assert people_and_orgs(["Jane Doe Updated March 3, 2024"]) == (("Jane Doe",), ())
    assert people_and_orgs(["Rui Ma and Theresa May"]) == (("Rui Ma", "Theresa May"), ())
    assert people_and_orgs(["Reuters"]) == ((), ("Reuters",))
    assert people_and_orgs(["Halden Herald"], site="Halden Herald") == ((), ("Halden Herald",))
    assert people_and_orgs(["Center for Drug Evaluation and Research"]) == (
        (),
        ("Center for Drug Evaluation and Research",),
    )


def test_byline_junk_is_not_a_person() -> None:
    """Dates, labels, placeholders and stray quotes around names seen on real pages."""
    from newsprism.extract._people import people_and_orgs

    assert people_and_orgs(["ServiceTitan November 3"]) == (("ServiceTitan",), ())
    assert people_and_orgs(["October"]) == ((), ())
    assert people_and_orgs(["April Fulton"]) == (("April Fulton",), ())
    assert people_and_orgs(["Categories: Uncategorized"]) == ((), ())
    assert people_and_orgs(["page.head.extra.author"]) == ((), ())
    assert people_and_orgs(["The Texas Newsroom']"]) == ((), ("The Texas Newsroom",))


def test_visible_byline_blocks_are_not_glued_and_orgs_are_named_once() -> None:
    """'<span>Name</span><div>Published ...</div>' is not 'NamePublished'; 'whova' / 'Whova' is one."""
    glued = '<div class="byline"><span>Daryl Austin</span><div>Published Jan 3, 2025</div></div>'
    assert extract_html(page(glued + article(PARAGRAPHS))).authors == ("Daryl Austin",)
    react = "<p>by: <!-- -->Ziyi Xu<!-- -->,<!-- --> <!-- -->Dec 17, 2025</p>"
    assert extract_html(page(react + article(PARAGRAPHS))).authors == ("Ziyi Xu",)
    heading = "<h3>Written by Cassidy Horton</h3>"
    assert extract_html(page(article(PARAGRAPHS) + heading)).authors == ("Cassidy Horton",)
    orgs = '<meta name="author" content="whova"><script type="application/ld+json">' + (
        '{"@type": "Article", "author": [{"@type": "Organization", "name": "Whova"}, "whova"]}</script>'
    )
    got = extract_html(page(article(PARAGRAPHS), head=orgs))
    assert [o.casefold() for o in got.organisations] == ["whova"]


def test_titles_without_the_sites_long_name_mojibake_or_glued_lines() -> None:
    from newsprism.extract._titles import repair_mojibake, strip_site_suffix

    site = "Urge Fitness | Affordable 24/7 Gyms Near Me"
    assert strip_site_suffix("A Guide to Gym Equipment: What to Know - " + site, site) == (
        "A Guide to Gym Equipment: What to Know"
    )
    assert repair_mojibake("A DIY Investor\u00e2\u0080\u0099s Guide") == "A DIY Investor\u2019s Guide"
    assert repair_mojibake("Investor\u00e2\u20ac\u2122s") == "Investor\u2019s"
    assert repair_mojibake("Déjà vu à Paris") == "Déjà vu à Paris"  # real Latin-1 text stays
    h1 = "<h1>WEEKEND<br>CODING<br> <span>AGENT</span></h1>"
    got = extract_html(
        page(h1 + article(PARAGRAPHS), head='<meta property="og:title" content="Weekend Coding Agent">')
    )
    assert got.title == "WEEKEND CODING AGENT"
    # The <h1> is the first part of '<title>Headline | Tagline</title>': the headline, not a blog name.
    head = (
        '<meta property="og:title" content="How Much is Pet Insurance | 2025 Cost Guide for Dogs and Cats">'
    )
    got = extract_html(page("<h1>How Much is Pet Insurance?</h1>" + article(PARAGRAPHS), head=head))
    assert got.title == "How Much is Pet Insurance?"


def test_inline_by_under_the_headline_when_no_byline_markup() -> None:
    """'Mar 15, 2022 · 3 min read · By Ann Lee' under the <h1>, in markup that names no byline."""
    body = (
        "<main><article><h1>Council votes to rebuild the old bridge</h1>"
        "<div>March 15, 2022 · 3 min read · By Ann Lee</div>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></main>"
    )
    assert extract_html(page(body)).authors == ("Ann Lee",)
    written = body.replace(
        "March 15, 2022 · 3 min read · By Ann Lee", "This post was written by Vanessa Mendez, MD"
    )
    assert extract_html(page(written)).authors == ("Vanessa Mendez",)
    nobody = body.replace(" · By Ann Lee", "")
    assert extract_html(page(nobody)).authors == ()
