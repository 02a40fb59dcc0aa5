"""URL -> outlet resolution: registrable domains, aliases, subdomains, feed proxies, AMP caches."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsprism.outlets import bundled_table, domain_of, unwrap_url
from newsprism.outlets._curated import PLATFORMS

CASES = [
    ("https://edition.cnn.com/2024/01/01/world/story/index.html", "cnn.com"),
    ("https://www.cnn.com/2024/01/01/world/story", "cnn.com"),
    ("http://www.bbc.co.uk/news/world-europe-123", "bbc.com"),
    ("https://www.bbc.com/news/articles/abc", "bbc.com"),
    ("https://abcnews.go.com/US/story?id=1", "abcnews.go.com"),  # ABC News is not all of go.com
    ("https://www.espn.go.com/nba/story", "go.com"),
    ("https://m.huffingtonpost.com/entry/x", "huffpost.com"),  # old domain of the same outlet
    ("https://amp.theguardian.com/world/2020/jan/01/x", "theguardian.com"),
    ("https://www.jacobinmag.com/2019/01/x", "jacobin.com"),
    ("https://news.sky.com/story/x", "news.sky.com"),  # rated on its own host
    ("https://www.abc.net.au/news/2024-01-01/x/123", "abc.net.au"),
    ("https://www.theage.com.au/national/x.html", "theage.com.au"),  # multi-label public suffix
    ("https://someone.wordpress.com/2020/01/01/post/", "someone.wordpress.com"),  # a platform
    ("https://someone.blogspot.com/2020/01/post.html", "someone.blogspot.com"),
    ("https://www.daily-bugle.example/2024/story", "daily-bugle.example"),  # reserved TLD (fiction)
    ("reuters.com", "reuters.com"),
    ("HTTPS://WWW.REUTERS.COM/World/X", "reuters.com"),
]

PROXIED = [
    (
        "https://www-cnn-com.cdn.ampproject.org/c/s/www.cnn.com/2020/x.amp.html",
        "https://www.cnn.com/2020/x.amp.html",
    ),
    ("https://www.google.com/amp/s/www.bbc.co.uk/news/amp/123", "https://www.bbc.co.uk/news/amp/123"),
    (
        "https://news.google.com/news/url?url=https://www.reuters.com/world/x&ct=ga",
        "https://www.reuters.com/world/x",
    ),
    (
        "http://feedproxy.google.com/~r/x/~3/y/?url=https%3A%2F%2Fwww.npr.org%2F2020%2Fa",
        "https://www.npr.org/2020/a",
    ),
    (
        "https://www.google.com/url?q=https://www.foxnews.com/politics/x&sa=D",
        "https://www.foxnews.com/politics/x",
    ),
    (
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.breitbart.com%2Fpolitics%2Fx",
        "https://www.breitbart.com/politics/x",
    ),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_domain_of(url: str, expected: str) -> None:
    assert domain_of(url) == expected


@pytest.mark.parametrize(("url", "inner"), PROXIED)
def test_proxies_and_amp_caches_are_unwrapped(url: str, inner: str) -> None:
    assert unwrap_url(url) == inner
    assert domain_of(url) == domain_of(inner)
    assert domain_of(url) not in (None, "google.com", "ampproject.org", "facebook.com")


@pytest.mark.parametrize(
    "url",
    [
        "http://feedproxy.google.com/~r/ReutersTopNews/~3/abc/story01.htm",  # target hidden
        "https://feeds.feedburner.com/~r/foo/~3/bar",
        "https://t.co/abc123",
        "https://bit.ly/xyz",
        "",
        "not a url",
        "http://192.168.0.1/page",
        "http://localhost:8000/x",
    ],
)
def test_no_outlet_when_the_host_hides_it(url: str) -> None:
    assert domain_of(url) is None


def test_unwrap_leaves_ordinary_urls_alone() -> None:
    url = "https://www.nytimes.com/2024/01/01/us/story.html?smid=url-share"
    assert unwrap_url(url) == url


@given(st.text(max_size=80))
def test_domain_of_never_raises(text: str) -> None:
    out = domain_of(text)
    assert out is None or (out == out.lower() and "." in out)


@given(
    st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True), min_size=0, max_size=3),
    st.from_regex(r"[a-z][a-z0-9]{2,12}", fullmatch=True),
    st.sampled_from(["com", "org", "co.uk", "com.au", "de"]),
)
def test_subdomains_fold_onto_the_registrable_domain(subs: list[str], name: str, suffix: str) -> None:
    base = f"{name}.{suffix}"
    assume(base not in bundled_table().index and base not in PLATFORMS)  # aliases fold elsewhere
    host = ".".join([*subs, base])
    out = domain_of(f"https://{host}/a/b?c=d")
    assert out is not None and host.endswith(out) and out.endswith(base)
