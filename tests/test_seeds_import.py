"""The canonical seed pages: five clean articles, chrome removed, idempotent re-import."""

from __future__ import annotations

from pathlib import Path

from newsprism import Newsprism, Outcome

CHROME = [
    "Subscribe to unlock",
    "Get Started",
    "Have an account",
    "Sign in",
    "Post your comment",
    "Have something to say",
    "Latest News (46)",
    "Report issue",
    "monthly limit",
    "Articles (6)",
    "Center (4)",
    "Saturday, March 29, 2025",
    "Big News",
    "Let's dive into the details",
    "[1]",
]


def test_seeds_import_clean_and_idempotent(np: Newsprism, seeds_dir: Path) -> None:
    first = np.import_paths([seeds_dir])
    assert first.count(Outcome.IMPORTED) == 5, first.items
    arts = np.store.get_articles(list(first.imported_ids))
    for art in arts:
        for junk in CHROME:
            assert junk not in art.text, (art.source_ref, junk)
            assert junk not in art.title, (art.source_ref, junk)
        assert "Gerasimov" in art.text
    jekyll = next(a for a in arts if a.source_ref.endswith("002_b5480128db18c6a5.txt"))
    assert jekyll.title == "Russia claims it has regained full control of Kursk from Ukraine"
    assert jekyll.published_at is not None and jekyll.published_at.date().isoformat() == "2025-04-26"
    assert jekyll.authors == ("badely",)
    second = np.import_paths([seeds_dir])
    assert second.count(Outcome.DUPLICATE) == 5 and second.count(Outcome.IMPORTED) == 0
    assert np.store.count_articles() == 5
