"""The CLI as a new user meets it: exit codes (0 done, 1 some items failed, 2 usage), one-line
errors, -h / --version, plain help, and story output (progress, partial lists, citations, the
Markdown export). Real subprocesses on a real SQLite file with the bundled demo corpus."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from newsprism import Newsprism
from newsprism.demo import load_demo

Run = Callable[..., subprocess.CompletedProcess[str]]


def runner(db: Path) -> Run:
    def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newsprism", "--db", str(db), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": str(db.parent)},
        )

    return run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> tuple[Path, Run]:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    np = Newsprism.open(db, embedder=embedder)
    load_demo(np)
    np.close()
    return db, runner(db)


def test_version_and_short_help(tmp_path: Path) -> None:
    run = runner(tmp_path / "x.db")
    v = run("--version")
    assert v.returncode == 0 and re.fullmatch(r"newsprism \d+\.\d+\.\d+\n", v.stdout)
    h = run("-h")
    assert h.returncode == 0 and "import" in h.stdout and "Usage: newsprism" in h.stdout


@pytest.mark.parametrize(
    "command", [["import"], ["split"], ["story"], ["stories"], ["feeds", "add"], ["demo"]]
)
def test_help_has_plain_placeholders(tmp_path: Path, command: list[str]) -> None:
    out = runner(tmp_path / "x.db")(*command, "--help").stdout
    assert "Usage:" in out
    for typer_word in ("<bool>", "<list[", "<str>", "<int>", "<Path>", "{"):
        assert typer_word not in out, (command, typer_word)


def test_usage_error_exits_2(tmp_path: Path) -> None:
    r = runner(tmp_path / "x.db")("stories", "--bogus")
    assert r.returncode == 2 and "No such option" in r.stderr


def test_import_of_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    r = runner(tmp_path / "x.db")("import", str(tmp_path / "nope"))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"error: no such file or directory: {tmp_path / 'nope'}"]


def test_import_with_a_failed_item_exits_1(tmp_path: Path) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Ferry adds a night crossing\n\n" + "The lake ferry will run at night from May. " * 8)
    (tmp_path / "in" / "bad.warc").write_bytes(b"\x00not a warc file at all")
    r = runner(tmp_path / "x.db")("import", "--no-group", str(tmp_path / "in"))
    assert "1 imported" in r.stdout, r.stdout + r.stderr
    assert r.returncode == 1 and "failed:" in r.stderr  # the rest is imported and kept
    ok = runner(tmp_path / "x.db")("import", "--no-group", str(good))
    assert ok.returncode == 0  # a duplicate is not a failure


def test_add_of_a_refused_address_exits_1_in_one_line(tmp_path: Path) -> None:
    r = runner(tmp_path / "x.db")("add", "http://127.0.0.1:9/article")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("not added (") and "127.0.0.1" in lines[0]


def test_demo_on_a_busy_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = runner(tmp_path / "x.db")("demo", "--port", str(port), timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is already in use (another newsprism?); choose another"
        f" with --port, e.g. --port {port + 1}"
    ]
    assert "running" not in r.stdout and "Errno" not in r.stderr


def _story_with_most_claims(db: Path, embedder: object) -> int:
    np = Newsprism.open(db, embedder=embedder)
    try:
        return max((d.id for d in np.store.story_digests()), key=lambda i: len(np.story(i).article_ids))
    finally:
        np.close()


def test_story_shows_progress_then_says_what_it_leaves_out(demo: tuple[Path, Run], embedder: object) -> None:
    db, run = demo
    sid = _story_with_most_claims(db, embedder)
    first = run("story", str(sid))
    assert first.returncode == 0, first.stderr
    assert f"analysing story {sid}: reading" in first.stderr  # progress on stderr, not in the output
    assert "analysing" not in first.stdout
    again = run("story", str(sid))
    assert "analysing" not in again.stderr  # cached: nothing to wait for
    partial = re.findall(
        r"\(showing (\d+) of (\d+) ([a-z -]+); newsprism story \d+ --all shows every one\)", first.stdout
    )
    full = run("story", str(sid), "--all").stdout
    assert "(showing " not in full
    for shown, total, _what in partial:
        assert int(shown) < int(total)
    claims = lambda text: len(re.findall(r"^- ", text.split("## Coverage")[0], re.M))  # noqa: E731
    assert claims(full) >= claims(first.stdout)
    assert bool(partial) == (claims(full) > claims(first.stdout))
    for word in ("side_first", "(claim ", "????", "~ "):
        assert word not in full, word


def test_citation_numbers_agree_between_story_stories_and_show(
    demo: tuple[Path, Run], embedder: object
) -> None:
    db, run = demo
    sid = _story_with_most_claims(db, embedder)
    story = run("story", str(sid)).stdout
    sources = dict(re.findall(r"^(\d+)\. .*?: (.+?)(?: <|$)", story.split("## Sources")[1], re.M))
    listing = run("stories").stdout
    block = listing.split(f"#{sid} ")[1].split("\n #")[0]
    numbered = re.findall(r"\[(\d+)\] .*?\(article (\d+)\)", " ".join(block.split()))
    assert len(numbered) == len(sources) >= 2
    for n, article_id in numbered:
        shown = run("show", article_id).stdout
        assert f"source [{n}] of story {sid}" in shown
        title = sources[n].strip()
        assert " ".join(title.split()) in " ".join(shown.split())


def test_markdown_export_links_every_citation(demo: tuple[Path, Run], embedder: object) -> None:
    db, run = demo
    sid = _story_with_most_claims(db, embedder)
    md = run("story", str(sid), "--markdown").stdout
    summary = md.split("## Summary")[1].split("## Claims")[0].strip()
    paragraphs = [p for p in summary.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 2 and all("\n" not in p for p in paragraphs)  # one per sentence
    html = MarkdownIt().render(md)
    summary_html = html.split("<h2>Summary</h2>")[1].split("<h2>Claims</h2>")[0]
    links = re.findall(r'<a href="(https://[^"]+)">\[(\d+)\]</a>', summary_html)
    cited = re.findall(r"\[\[(\d+)\]\]", summary)
    assert links and len(links) == len(cited)
    urls = dict(re.findall(r"^\[s(\d+)\]: (\S+)$", md, re.M))
    assert all(urls[n] == url for url, n in links)
