"""Quality gate: extraction F1 on the ScrapingHub benchmark pages and metadata on Mozilla's pages.

Floors are pinned 0.005 below what the cascade reached when they were set (see
benchmarks/extraction.py for the full report). Lowering a floor is a deliberate, visible change.
The full 181 pages take about 10-25 s on two cores, so the gate runs all of them.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from newsprism.errors import ExtractionError
from newsprism.extract._decode import decode_html
from newsprism.extract._html import extract_page
from newsprism.extract._meta import page_meta, strip_site_suffix
from newsprism.extract._people import people_and_orgs
from newsprism.extract._score import score_bodies
from newsprism.ingest._clean import is_chrome_line

pytestmark = pytest.mark.gate

# Reached 2026-11-21: body F1 0.9736 (P 0.9661, R 0.9811);
# titles 0.913, bylines 0.750, dates 1.000 (33 pages).
# 2026-12-01 (issue 14): titles 0.835 and bylines 0.697 on Mozilla's pages. Lowered deliberately:
# Mozilla's expected titles are readability's (meta title first, several synthetic pages test
# exactly that), while WCXB's human-annotated real pages name the visible <h1>, which newsprism
# now prefers when it shares words with the meta title (WCXB dev title 0.784 -> 0.87). Bylines
# are scored as the byline's people, else the organisation it credits (newsprism keeps
# organisations apart from people); expected bylines such as "BBC News" or "by Lucas Nolan22 Dec
# 2016651" no longer count as people.
BODY_F1_FLOOR = 0.968
BODY_PRECISION_FLOOR = 0.961
BODY_RECALL_FLOOR = 0.976
TITLE_FLOOR = 0.83  # exact match after removing a trailing site name, as in the benchmark
DATE_FLOOR = 0.96  # same calendar day
BYLINE_FLOOR = 0.69  # token-F1 >= 0.8 against the expected byline (people, else organisation)

EXTRACTION = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction"


@pytest.fixture(scope="module")
def scrapinghub() -> Path:
    folder = EXTRACTION / "scrapinghub"
    if not (folder / "ground-truth.json").exists():
        pytest.skip("../shared/data/extraction/scrapinghub is not present")
    return folder


def test_body_f1_floor(scrapinghub: Path) -> None:
    truth = json.loads((scrapinghub / "ground-truth.json").read_text(encoding="utf-8"))
    pairs = []
    for key in sorted(truth):
        raw = gzip.decompress((scrapinghub / "html" / f"{key}.html.gz").read_bytes())
        try:
            body = extract_page(raw, url=truth[key].get("url")).text
        except ExtractionError:
            body = ""
        pairs.append((truth[key].get("articleBody", ""), body))
    score = score_bodies(pairs)
    assert score.pages == 181
    assert score.f1 >= BODY_F1_FLOOR, score
    assert score.precision >= BODY_PRECISION_FLOOR, score
    assert score.recall >= BODY_RECALL_FLOOR, score


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.casefold()).strip()


def _token_f1(a: str, b: str) -> float:
    ta, tb = Counter(_norm(a).split()), Counter(_norm(b).split())
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def test_title_byline_and_date_floors() -> None:
    folder = EXTRACTION / "mozilla_readability" / "test" / "test-pages"
    if not folder.is_dir():
        pytest.skip("../shared/data/extraction/mozilla_readability is not present")
    titles = dates = bylines = n_titles = n_dates = n_bylines = 0
    for page in sorted(p for p in folder.iterdir() if (p / "expected-metadata.json").exists()):
        exp = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        meta = page_meta(decode_html((page / "source.html").read_bytes()), None)
        if exp.get("title"):
            n_titles += 1
            titles += _norm(strip_site_suffix(meta.title)) == _norm(strip_site_suffix(exp["title"]))
        if exp.get("byline"):
            n_bylines += 1
            people, orgs = people_and_orgs([exp["byline"]])
            ours = ", ".join(meta.authors or meta.organisations)
            bylines += _token_f1(ours, ", ".join(people or orgs)) >= 0.8
        if exp.get("publishedTime"):
            n_dates += 1
            dates += (
                bool(meta.published_at) and meta.published_at.isoformat()[:10] == exp["publishedTime"][:10]
            )
    assert titles / n_titles >= TITLE_FLOOR, (titles, n_titles)
    assert dates / n_dates >= DATE_FLOOR, (dates, n_dates)
    assert bylines / n_bylines >= BYLINE_FLOOR, (bylines, n_bylines)


def test_chrome_rules_spare_human_annotated_article_lines(scrapinghub: Path) -> None:
    """The cleaning rules must not eat real article text: check them on 4,000+ gold body lines."""
    truth = json.loads((scrapinghub / "ground-truth.json").read_text(encoding="utf-8"))
    lines = [ln.strip() for v in truth.values() for ln in v.get("articleBody", "").splitlines() if ln.strip()]
    flagged = [ln for ln in lines if is_chrome_line(ln)]
    # Flagged gold lines are buy buttons, "Summary" labels, copyright notices: at most 1% of lines.
    assert len(flagged) <= 0.01 * len(lines), flagged
    sentences = [ln for ln in flagged if len(ln.split()) >= 12 and "©" not in ln]
    assert not sentences


WCXB = Path(__file__).resolve().parents[2] / "shared" / "data" / "wcxb" / "dev"
# Reached 2026-12-01 on every 4th WCXB dev article (199 pages; the full dev figures are printed by
# benchmarks/extraction.py): title 0.854, author 0.796, date 0.869. 2026-12-02 (issue 14: bylines
# read with spaces between blocks, organisations named once, the site's long name cut from titles,
# the dateline under the headline, no padded copyright years): title 0.869, author 0.809, date
# 0.887. Floors ~0.01 below.
WCXB_TITLE_FLOOR = 0.86
WCXB_AUTHOR_FLOOR = 0.80  # our people, else the organisations credited, token-F1 >= 0.8
WCXB_DATE_FLOOR = 0.875  # same day as the gold, in the outlet's offset


def wcxb_metadata_scores(step: int = 4) -> tuple[float, float, float, int]:
    """(title exact, author-or-organisation token-F1 >= 0.8, date same day, pages) on every
    ``step``-th WCXB dev article, extracted without its URL as a saved page would be."""
    titles: list[bool] = []
    authors: list[bool] = []
    dates: list[bool] = []
    files = sorted((WCXB / "ground-truth").glob("*.json"))
    gold = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    articles = [g for g in gold if g.get("_internal", {}).get("page_type", {}).get("primary") == "article"]
    for g in articles[::step]:
        truth = g["ground_truth"]
        raw = gzip.decompress((WCXB / "html" / f"{g['file_id']}.html.gz").read_bytes())
        meta = page_meta(decode_html(raw), None)
        titles.append(_norm(meta.title) == _norm(truth.get("title") or ""))
        if truth.get("author"):
            authors.append(_token_f1(", ".join(meta.authors or meta.organisations), truth["author"]) >= 0.8)
        if truth.get("publish_date"):
            ours = meta.published_at.isoformat()[:10] if meta.published_at else ""
            dates.append(ours == truth["publish_date"][:10])
    n = len(titles)
    return sum(titles) / n, sum(authors) / len(authors), sum(dates) / len(dates), n


def test_wcxb_article_metadata_floors() -> None:
    if not (WCXB / "ground-truth").is_dir():
        pytest.skip("../shared/data/wcxb is not present")
    title, author, date, n = wcxb_metadata_scores()
    assert n >= 190
    assert title >= WCXB_TITLE_FLOOR, title
    assert author >= WCXB_AUTHOR_FLOOR, author
    assert date >= WCXB_DATE_FLOOR, date
