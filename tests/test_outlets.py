"""Outlet registry against the real rating files: build, normaliser, displayed lean, well-known outlets."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest

from newsprism.outlets import LEANS, OutletRegistry, Rating, bundled_table, displayed_lean
from newsprism.outlets._build import build, encode
from newsprism.outlets._labels import UnknownLabelError

REPO = Path(__file__).resolve().parent.parent
OUTLETS = REPO.parent / "shared" / "data" / "outlets"
MBFC_CSV = OUTLETS / "idiap/data/golden_truth/mbfc/mbfc.csv"
ALLSIDES_CSV = OUTLETS / "allsider/data/allsides_data.csv"
TABLE = REPO / "src/newsprism/data/outlets.json.gz"

LEFTISH = ("left", "lean left")
RIGHTISH = ("lean right", "right")
MAINSTREAM = ("lean left", "center", "lean right")

# domain, AllSides 2019 name, expected side of the displayed lean
WELL_KNOWN = [
    ("apnews.com", "Associated Press", MAINSTREAM),
    ("reuters.com", "Reuters", MAINSTREAM),
    ("bbc.com", "BBC News", MAINSTREAM),
    ("npr.org", "NPR Online News", MAINSTREAM),
    ("pbs.org", "PBS NewsHour", MAINSTREAM),
    ("breitbart.com", "Breitbart News", RIGHTISH),
    ("foxnews.com", "Fox Online News", RIGHTISH),
    ("thefederalist.com", "The Federalist", RIGHTISH),
    ("dailykos.com", "Daily Kos", LEFTISH),
    ("msnbc.com", "MSNBC", LEFTISH),
    ("jacobin.com", "Jacobin", LEFTISH),
    ("jacobinmag.com", "Jacobin", LEFTISH),
    ("nytimes.com", "New York Times - News", MAINSTREAM),
]

MBFC_EXPECT = {  # MBFC's own label -> our normalised bias
    "least biased": "center",
    "left-center": "lean left",
    "right-center": "lean right",
    "left": "left",
    "right": "right",
    "extreme right": "right",
}


@pytest.fixture(scope="module")
def sources() -> Path:
    if not OUTLETS.is_dir():
        pytest.skip("../shared/data/outlets is not present")
    return OUTLETS


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_more_than_3000_domains_resolve_to_a_rated_outlet() -> None:
    table = bundled_table()
    rated = [
        dom
        for rec in table
        if displayed_lean(rec.ratings)[0] != "unrated"
        for dom in rec.domains
        if table.resolve("https://www." + dom + "/some/article") == rec.domain
    ]
    assert len(rated) > 3000


@pytest.mark.parametrize(("domain", "allsides_name", "side"), WELL_KNOWN)
def test_well_known_outlets_match_the_source_files(
    sources: Path, domain: str, allsides_name: str, side: tuple[str, ...]
) -> None:
    p = OutletRegistry().profile(domain)
    assert p.lean in side, (domain, p.lean, p.ratings)
    assert p.known and p.lean_source == "raters"
    mbfc_rows = [r for r in _csv(MBFC_CSV) if r["source"] in p.domains]
    assert mbfc_rows, f"{domain} is in the MBFC file"
    ours = {(r.bias_label, r.factual_label) for r in p.ratings if r.rater == "MBFC" and r.date == "2024"}
    assert {(r["bias"], r["factual_reporting"]) for r in mbfc_rows} <= ours
    for r in mbfc_rows:
        if r["bias"] in MBFC_EXPECT:
            assert MBFC_EXPECT[r["bias"]] in {x.bias for x in p.ratings if x.rater == "MBFC"}
    row = next(r for r in _csv(ALLSIDES_CSV) if r["news_source"] == allsides_name)
    allsides = [r for r in p.ratings if r.rater == "AllSides" and r.date == "2019"]
    assert [r.bias_label for r in allsides] == [row["rating"]]
    assert allsides[0].url == row["url"]


def test_outlet_details_and_ownership() -> None:
    reg = OutletRegistry()
    bbc = reg.profile("https://www.bbc.co.uk/news/world-123")
    assert bbc.domain == "bbc.com" and set(bbc.domains) == {"bbc.com", "bbc.co.uk"}
    assert bbc.owner_type == "public broadcaster" and bbc.owner_source and bbc.country == "United Kingdom"
    assert reg.profile("rt.com").owner_type == "state-affiliated"
    assert reg.profile("reuters.com").owner_type == "corporate"
    assert reg.profile("apnews.com").media_type == "news agency"
    unknown_owner = reg.profile("dailywire.com")
    assert unknown_owner.owner is None and unknown_owner.owner_type == "unknown"
    # every rating names its organisation, its date and the data set it comes from
    for rec in list(bundled_table())[:500]:
        for r in rec.ratings:
            assert r.rater and r.date and r.source


def test_unknown_domain_is_unrated_not_an_error() -> None:
    p = OutletRegistry().profile("never-heard-of-this-outlet.news", name="Nowhere News")
    assert (p.lean, p.agreement, p.lean_source, p.ratings) == ("unrated", "unrated", "none", ())
    assert p.name == "Nowhere News" and not p.known and p.owner_type == "unknown"


def test_displayed_lean_rule() -> None:
    def r(rater: str, lean: str | None, date: str = "2024", bias: str | None = None) -> Rating:
        return Rating(rater, bias or lean, lean, date=date, lean=lean)

    assert displayed_lean([r("A", "left")]) == ("left", "single rater", ("A",))
    assert displayed_lean([r("A", "left"), r("B", "left")])[:2] == ("left", "agree")
    assert displayed_lean([r("A", "lean left"), r("B", "center")])[:2] == ("center", "close")
    assert displayed_lean([r("A", "left"), r("B", "lean left")])[:2] == ("lean left", "close")
    assert displayed_lean([r("A", "lean left"), r("B", "lean right")])[:2] == ("center", "disagree")
    assert displayed_lean([r("A", "right"), r("B", "lean right"), r("C", "center")])[:2] == (
        "lean right",
        "disagree",
    )
    # an older data set of the same rater does not vote
    older_and_newer = [r("A", "left", "2018"), r("A", "center", "2024")]
    assert displayed_lean(older_and_newer)[:2] == ("center", "single rater")
    # categories only when no rater gives a point on the scale
    assert displayed_lean([r("A", None, bias="pro-science")])[0] == "pro-science"
    assert displayed_lean([r("A", None, bias="mixed"), r("B", "right")])[0] == "right"
    assert displayed_lean([Rating("A", None, None, factual="high", date="2024")])[0] == "unrated"
    assert displayed_lean([]) == ("unrated", "unrated", ())
    assert set(LEANS) == {"left", "lean left", "center", "lean right", "right"}


def test_build_is_reproducible_and_matches_the_bundled_table(sources: Path) -> None:
    doc, stats = build(sources)
    assert stats.rated_domains > 3000
    assert encode(doc) == encode(build(sources)[0])
    assert encode(doc) == TABLE.read_bytes(), "bundled table is stale: run python scripts/build_outlets.py"


def _copy_sources(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst / "outlets", ignore=shutil.ignore_patterns("LICENSE*", "README*", "splits.json"))
    return dst / "outlets"


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unseen_mbfc_label_fails_the_build(sources: Path, tmp_path: Path) -> None:
    root = _copy_sources(sources, tmp_path)
    _replace_in(
        root / "idiap/data/golden_truth/mbfc/mbfc.csv",
        "breitbart.com,usa,right,",
        "breitbart.com,usa,rightish populist,",
    )
    with pytest.raises(UnknownLabelError, match="rightish populist"):
        build(root)
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_outlets
    finally:
        sys.path.remove(str(REPO / "scripts"))
    out = tmp_path / "out.json.gz"
    assert build_outlets.main(["--source", str(root), "--out", str(out)]) == 1
    assert not out.exists()


def test_unseen_factual_and_allsides_labels_fail_the_build(sources: Path, tmp_path: Path) -> None:
    root = _copy_sources(sources, tmp_path)
    _replace_in(root / "baly/data/emnlp18/corpus.tsv", "\thigh\tleft\n", "\tsuperb\tleft\n")
    with pytest.raises(UnknownLabelError, match="superb"):
        build(root)
    root2 = _copy_sources(sources, tmp_path / "b")
    _replace_in(root2 / "allsider/data/allsides_data.csv", "Daily Kos,left,", "Daily Kos,far-far-left,")
    with pytest.raises(UnknownLabelError, match="far-far-left"):
        build(root2)
    root3 = _copy_sources(sources, tmp_path / "c")
    wiki = root3 / "idiap/data/golden_truth/wikipedia_perennial_sources/wikipedia_perennial_sources.json"
    data = json.loads(wiki.read_text())
    data["bbc.com"] = 7
    wiki.write_text(json.dumps(data))
    with pytest.raises(UnknownLabelError):
        build(root3)
