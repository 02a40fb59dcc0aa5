"""File import: every input kind, every bad input, idempotence, interruption."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsprism import Newsprism, Outcome

BODY = (
    "The harbour authority of the fictional town of Port Halden said on Tuesday that it would close the "
    "northern pier for repairs after a storm damaged its pilings. Officials estimated the work would take "
    "six weeks and cost about 2.4 million crowns. Fishermen said the closure would hurt the winter season, "
    "and the town council promised a temporary landing stage near the old customs house."
)


def outcomes(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.outcome.value for i in report.items]


def test_txt_pasted_page(np: Newsprism, tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text("Pier closes after storm\n\n" + BODY + "\n\nHave something to say? Post your comment\n")
    report = np.import_paths([f], group=False)
    assert outcomes(report) == ["imported"]
    art = np.article(report.imported_ids[0])
    assert art.title == "Pier closes after storm"
    assert "Post your comment" not in art.text
    assert "northern pier" in art.text
    assert art.language == "en"


def test_markdown_front_matter(np: Newsprism, tmp_path: Path) -> None:
    f = tmp_path / "post.md"
    f.write_text(
        '---\ntitle: "Pier closes"\ndate: 2026-11-03T08:00:00\nauthor: "A. Writer"\n'
        'categories: [Local]\nexcerpt: "Repairs for six weeks."\nsource: porthalden.example\n---\n\n'
        "## Repairs\n\n" + BODY + " See [the notice](https://x.example/n).\n"
    )
    report = np.import_paths([f], group=False)
    art = np.article(report.imported_ids[0])
    assert art.title == "Pier closes"
    assert art.published_at is not None and art.published_at.date().isoformat() == "2026-11-03"
    assert art.authors == ("A. Writer",)
    assert art.dek == "Repairs for six weeks."
    assert "the notice" in art.text and "](" not in art.text


HTML = """<!doctype html><html><head><meta charset="{charset}"><title>Pier closes | Halden Herald</title>
<meta property="og:site_name" content="Halden Herald">
<link rel="canonical" href="https://haldenherald.com/2026/11/pier-closes">
<meta name="author" content="Ana Ferreira">
<meta property="article:published_time" content="2026-11-03T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Pier closes after storm</h1><p>{p1}</p><p>{p2}</p></article>
<footer>Copyright Halden Herald. Subscribe to our newsletter.</footer></body></html>"""


def test_html_saved_page(np: Newsprism, tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(HTML.format(charset="utf-8", p1=BODY, p2=BODY.replace("Tuesday", "Wednesday")))
    report = np.import_paths([f], group=False)
    assert outcomes(report) == ["imported"], report.items
    art = np.article(report.imported_ids[0])
    assert "Pier closes" in art.title
    assert art.url == "https://haldenherald.com/2026/11/pier-closes"
    assert art.outlet is not None and art.outlet.domain == "haldenherald.com"
    assert art.published_at is not None and art.published_at.year == 2026
    assert "Home" not in art.text.split("\n")[0]


def test_html_in_latin1_with_meta_charset(np: Newsprism, tmp_path: Path) -> None:
    text = BODY.replace("crowns", "coroas") + " A Praça São João também fechará."
    f = tmp_path / "latin.html"
    f.write_bytes(HTML.format(charset="iso-8859-1", p1=text, p2=BODY).encode("latin-1"))
    report = np.import_paths([f], group=False)
    art = np.article(report.imported_ids[0])
    assert "Praça São João" in art.text


def test_json_and_jsonl(np: Newsprism, tmp_path: Path) -> None:
    recs = [
        {
            "title": f"Story {i}",
            "text": BODY + f" Item {i}.",
            "url": f"https://news.example.org/{i}",
            "date": f"2026-11-0{i + 1}T10:00:00Z",
            "source": "news.example.org",
            "authors": ["X"],
        }
        for i in range(3)
    ]
    (tmp_path / "a.json").write_text(json.dumps(recs[:2]))
    (tmp_path / "b.jsonl").write_text(json.dumps(recs[2]) + "\n\n")
    report = np.import_paths([tmp_path], group=False)
    assert sorted(outcomes(report)) == ["imported"] * 3
    arts = np.articles()
    assert {a.outlet.domain for a in arts if a.outlet} == {"example.org"}


def test_warc(np: Newsprism, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, ctype in enumerate(["text/html; charset=utf-8", "image/png", "text/html"]):
            body = HTML.format(charset="utf-8", p1=BODY + f" Page {i}.", p2=BODY).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                f"https://warc.example.net/p{i}", "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)
    report = np.import_paths([path], group=False)
    # two HTML responses; the image is not an article candidate; both pages share a canonical URL
    assert outcomes(report) == ["imported", "duplicate"]


def test_bad_inputs_get_clear_reasons_and_do_not_stop_import(np: Newsprism, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "short.txt").write_text("Title\n\nToo short to be an article.")
    (tmp_path / "noarticle.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "bad.jsonl").write_text(
        json.dumps({"title": "Good one", "text": BODY})
        + "\n{not json\n"
        + json.dumps({"title": "No text"})
        + "\n"
    )
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "good.txt").write_text("A good article\n\n" + BODY.replace("pier", "jetty"))
    report = np.import_paths([tmp_path, tmp_path / "missing.txt"], group=False)
    by_ref = {Path(i.ref.split(":")[0].split("#")[0]).name: i for i in report.items}
    reasons = {i.ref: (i.outcome.value, i.reason) for i in report.items}
    assert by_ref["empty.txt"].reason == "empty file"
    assert "binary" in (by_ref["binary.txt"].reason or "")
    assert "too short" in (by_ref["short.txt"].reason or "")
    assert by_ref["noarticle.html"].outcome is Outcome.SKIPPED
    assert "unsupported file type" in (by_ref["notes.docx"].reason or "")
    assert by_ref["missing.txt"].outcome is Outcome.FAILED
    malformed = [v for k, v in reasons.items() if k.endswith("bad.jsonl:2")]
    assert malformed and malformed[0][0] == "failed" and "line 2" in (malformed[0][1] or "")
    assert any(
        k.endswith("bad.jsonl:3") and v == ("skipped", "record has no text") for k, v in reasons.items()
    )
    assert report.count(Outcome.IMPORTED) == 2  # good.txt and the good JSONL record


def test_invalid_utf8_is_decoded_by_detection(np: Newsprism, tmp_path: Path) -> None:
    text = (
        "Préfecture ferme la jetée\n\n"
        + (
            "La préfecture a annoncé mardi la fermeture de la jetée nord après la tempête. Les pêcheurs "
            "craignent une saison d'hiver difficile et le conseil municipal promet un ponton provisoire. "
        )
        * 4
    )
    (tmp_path / "fr.txt").write_bytes(text.encode("cp1252"))
    report = np.import_paths([tmp_path / "fr.txt"], group=False)
    art = np.article(report.imported_ids[0])
    assert "Préfecture" in art.title and art.language == "fr"


def test_size_limit(make_np, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    np = make_np(config={"import": {"max_file_mb": 0.001}})
    (tmp_path / "big.txt").write_text("Big\n\n" + BODY * 10)
    report = np.import_paths([tmp_path / "big.txt"], group=False)
    assert report.items[0].outcome is Outcome.SKIPPED
    assert "import.max_file_mb" in (report.items[0].reason or "")


def test_reimport_is_idempotent(np: Newsprism, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A title\n\n" + BODY)
    (tmp_path / "b.txt").write_text("Another title\n\n" + BODY.upper())  # same words, different case
    first = np.import_paths([tmp_path], group=False)
    assert outcomes(first) == ["imported", "duplicate"]
    second = np.import_paths([tmp_path], group=False)
    assert outcomes(second) == ["duplicate", "duplicate"]
    assert np.store.count_articles() == 1


def test_interrupted_import_keeps_what_was_committed(np: Newsprism, tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Title {i}\n\n{BODY} Number {i}.")
    seen: list[str] = []

    def stop_after_two(path: Path) -> None:
        seen.append(path.name)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        np.import_paths([tmp_path], group=False, on_file=stop_after_two)
    assert np.store.count_articles() == 2
    runs = np.store.list_runs()
    assert runs[0]["status"] == "interrupted" and runs[0]["imported"] == 2
    report = np.import_paths([tmp_path], group=False)
    assert sorted(outcomes(report)) == ["duplicate"] * 2 + ["imported"] * 3


def test_search_finds_imported_text(np: Newsprism, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Pier closes\n\n" + BODY)
    np.import_paths([tmp_path], group=False)
    hits = np.search("pilings customs")
    assert len(hits) == 1 and "[pilings]" in hits[0][1]
    assert np.search('"; DROP TABLE articles; --') == []


def test_gzip_json_is_refused_clearly(np: Newsprism, tmp_path: Path) -> None:
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(b"{}"))
    report = np.import_paths([tmp_path / "x.jsonl.gz"], group=False)
    assert report.items[0].outcome is Outcome.SKIPPED


def _page(title: str, body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1><p>{body}</p><p>{body.replace('Tuesday', 'Friday')}</p>"
        "</article></body></html>"
    )


def test_saved_page_without_url_takes_sidecar_then_mark_then_mirrored_path(
    np: Newsprism, tmp_path: Path
) -> None:
    (tmp_path / "a.html").write_text(_page("Pier closes after storm", BODY))
    (tmp_path / "a.html.url").write_text("[InternetShortcut]\nURL=https://haldenherald.com/2026/11/03/pier\n")
    marked = "<!-- saved from url=(0040)https://portnews.example/2026/pier-two -->\n"
    (tmp_path / "b.html").write_text(
        marked + _page("Second pier closes", BODY.replace("northern", "southern"))
    )
    mirror = tmp_path / "www.coastpost.example" / "2026" / "11"
    mirror.mkdir(parents=True)
    (mirror / "third-pier.html").write_text(_page("Third pier closes", BODY.replace("northern", "eastern")))
    report = np.import_paths([tmp_path], group=False)
    assert sorted(outcomes(report)) == ["imported"] * 3, report.items
    urls = {np.article(i).title: np.article(i).url for i in report.imported_ids}
    assert urls == {
        "Pier closes after storm": "https://haldenherald.com/2026/11/03/pier",
        "Second pier closes": "https://portnews.example/2026/pier-two",
        "Third pier closes": "https://www.coastpost.example/2026/11/third-pier.html",
    }
    domains = {np.article(i).outlet.domain for i in report.imported_ids}  # type: ignore[union-attr]
    assert domains == {"haldenherald.com", "portnews.example", "coastpost.example"}


def test_parallel_html_import_stores_what_a_serial_one_does(make_np, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from newsprism.ingest import Importer, ImportOptions

    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(7):
        (pages / f"p{i}.html").write_text(
            _page(f"Pier {i} closes", BODY.replace("six weeks", f"{i + 2} weeks"))
        )
    (pages / "notes.txt").write_text("Harbour notes\n\n" + BODY.replace("pier", "quay"))
    (pages / "empty.html").write_text("")
    got = []
    for name, workers in (("serial.db", 1), ("parallel.db", 2)):
        np = make_np(name)
        report = Importer(np.store, ImportOptions(workers=workers)).run([pages])
        got.append([(i.ref, i.outcome.value, i.title) for i in report.items])
    assert got[0] == got[1]
    assert [o for _r, o, _t in got[1]].count("imported") == 8
