"""Hostile files, DNS rebinding, unsafe links and recovery after a crash (issue 15).

Every input is generated here, small, with the shape of the issue's reproduction (the generators
are those of ``benchmarks/hostile.py``, which runs them at full size). Where memory or a crash
matters the import runs as a real ``newsprism import`` child whose peak RSS is measured; the web
checks talk to a real ``newsprism serve``; the crash tests SIGKILL a real process.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism import Newsprism
from newsprism.models import Outcome

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import hostile as gen  # benchmarks/hostile.py: the generators and the child runner

RSS_LIMIT_MB = 400


def reasons(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{i.outcome.value}: {i.reason}" for i in report.items]


def child_import(path: Path, work: Path, **env: str) -> dict:  # type: ignore[type-arg]
    """``newsprism import --no-group --json path`` as a child; exit, peak RSS, report."""
    work.mkdir(parents=True, exist_ok=True)
    res = gen.run_import(path, work, {f"NEWSPRISM_IMPORT_{k.upper()}": v for k, v in env.items()})
    # exit 1 says some items failed; a crash or a kill would leave no JSON report
    assert res["exit"] in (0, 1) and "counts" in res["report"], res
    assert res["peak_rss_mb"] < RSS_LIMIT_MB, res
    return res


def items_of(res: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(i["outcome"], i["reason"] or "") for i in res["report"]["items"]]


# -- YAML front matter --------------------------------------------------------------------------
def test_yaml_alias_bomb_fails_alone_and_the_import_goes_on(np: Newsprism, tmp_path: Path) -> None:
    gen.yaml_alias_bomb(tmp_path, levels=6, fan=9)  # 9^6 strings once expanded
    (tmp_path / "good.md").write_text("---\ntitle: Pier plan approved\n---\n\n" + gen.article_text(1))
    report = np.import_paths([tmp_path], group=False)
    by_ref = {Path(i.ref).name: i for i in report.items}
    assert by_ref["alias_bomb.md"].outcome is Outcome.FAILED
    assert "alias" in (by_ref["alias_bomb.md"].reason or "")
    assert by_ref["good.md"].outcome is Outcome.IMPORTED


def test_yaml_anchors_within_budget_still_work(np: Newsprism, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\nbase: &who [Ana Ruiz]\nauthor: *who\ntitle: Pier plan approved\n---\n\n" + gen.article_text(2)
    )
    report = np.import_paths([tmp_path], group=False)
    assert report.count(Outcome.IMPORTED) == 1
    assert np.articles()[0].authors == ("Ana Ruiz",)


def test_deeply_nested_yaml_front_matter_is_refused_without_a_crash(tmp_path: Path) -> None:
    path = gen.yaml_deep(tmp_path, kilobytes=20)  # 10,240 levels (the file: 100 KB)
    res = child_import(path, tmp_path / "work")
    assert items_of(res) == [
        ("failed", "front matter nested deeper than 64 levels (setting import.max_depth)")
    ]


# -- JSON and JSONL -----------------------------------------------------------------------------
def test_deeply_nested_json_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = gen.json_deep(tmp_path, depth=20_000)
    res = child_import(path, tmp_path / "work")
    [(outcome, reason)] = items_of(res)
    assert outcome == "failed" and "nested deeper than 64 levels" in reason


def test_json_array_keeps_records_around_a_deep_one(np: Newsprism, tmp_path: Path) -> None:
    recs = [{"title": f"Pier record {i}", "text": gen.article_text(30 + i)} for i in range(2)]
    (tmp_path / "a.json").write_text(
        "[" + json.dumps(recs[0]) + "," + "[" * 500 + "]" * 500 + "," + json.dumps(recs[1]) + "]"
    )
    report = np.import_paths([tmp_path / "a.json"], group=False)
    assert [i.outcome for i in report.items] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED]


def test_one_deeply_nested_jsonl_line_does_not_stop_the_import(np: Newsprism, tmp_path: Path) -> None:
    gen.jsonl_deep_line(tmp_path, depth=1200)
    (tmp_path / "z_after.jsonl").write_text(
        json.dumps({"title": "The file after", "text": gen.article_text(50)}) + "\n"
    )
    report = np.import_paths([tmp_path], group=False)
    assert [i.outcome for i in report.items] == [
        Outcome.IMPORTED,
        Outcome.FAILED,
        Outcome.IMPORTED,
        Outcome.IMPORTED,
    ]
    assert "line 2 nested deeper" in (report.items[1].reason or "")
    assert report.items[1].ref.endswith("deep_line.jsonl:2")


def test_jsonl_line_over_the_record_limit_fails_alone(make_np, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    np = make_np(config={"import": {"max_record_mb": 0.01}})
    good = json.dumps({"title": "Pier plan", "text": gen.article_text(60)})
    (tmp_path / "a.jsonl").write_text(
        good
        + "\n"
        + '{"title": "big", "text": "'
        + "x" * 30_000
        + '"}\n'
        + json.dumps({"title": "Pier plan two", "text": gen.article_text(61)})
        + "\n"
    )
    report = np.import_paths([tmp_path], group=False)
    assert [i.outcome for i in report.items] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED]
    assert "over the 0.01 MB limit of one record" in (report.items[1].reason or "")


# -- compressed files and WARC ------------------------------------------------------------------
def test_gzip_bomb_named_warc_gz_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = gen.gzip_bomb_warc(tmp_path, mib=32)
    res = child_import(path, tmp_path / "work")
    [(outcome, reason)] = items_of(res)
    assert outcome == "failed" and "not a WARC file" in reason


def test_gzipped_jsonl_streams_until_the_decompressed_cap(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "many.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(400):  # ~400 KB decompressed
            fh.write(json.dumps({"title": f"Pier record {i}", "text": gen.article_text(100 + i)}) + "\n")
    res = child_import(path, tmp_path / "work", max_decompressed_mb="0.1")
    got = items_of(res)
    imported = sum(1 for o, _ in got if o == "imported")
    assert 0 < imported < 400  # the records before the cap are kept
    assert got[-1][0] == "failed" and "decompressed data over 0.1 MB" in got[-1][1]
    assert "import.max_decompressed_mb" in got[-1][1]


def test_gzipped_json_is_read(np: Newsprism, tmp_path: Path) -> None:
    import gzip

    recs = [{"title": f"Pier record {i}", "text": gen.article_text(200 + i)} for i in range(3)]
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(json.dumps(recs).encode()))
    report = np.import_paths([tmp_path], group=False)
    assert report.count(Outcome.IMPORTED) == 3


def test_warc_record_with_a_huge_html_body_fails_alone(tmp_path: Path) -> None:
    path = gen.warc_big_body(tmp_path, body_mib=3)
    res = child_import(path, tmp_path / "work", max_record_mb="1")
    got = items_of(res)
    assert [o for o, _ in got] == ["imported", "failed", "imported"]
    assert "HTML body is 3.0 MB, over the 1.0 MB limit" in got[1][1]


# -- encodings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks_are_honoured(np: Newsprism, tmp_path: Path, encoding: str) -> None:
    text = "Pier plan approved in Harbor City\n\n" + gen.article_text(7)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "a.txt").write_bytes(data)
    report = np.import_paths([tmp_path], group=False)
    assert report.count(Outcome.IMPORTED) == 1, reasons(report)
    art = np.articles()[0]
    assert art.title == "Pier plan approved in Harbor City"
    assert art.text.startswith("Report 7: ")


def test_utf16_html_page_with_bom(np: Newsprism, tmp_path: Path) -> None:
    html = (
        "<html><head><title>Pier plan approved</title></head><body><article><h1>Pier plan approved</h1>"
        f"<p>{gen.article_text(8)}</p><p>{gen.article_text(9)}</p></article></body></html>"
    )
    (tmp_path / "a.html").write_bytes(html.encode("utf-16"))
    report = np.import_paths([tmp_path], group=False)
    assert report.count(Outcome.IMPORTED) == 1, reasons(report)


def test_invalid_utf8_is_reported_not_turned_into_another_script(np: Newsprism, tmp_path: Path) -> None:
    gen.invalid_utf8_txt(tmp_path)
    report = np.import_paths([tmp_path], group=False)
    [item] = report.items
    assert item.outcome is Outcome.SKIPPED
    assert (
        item.reason == "invalid UTF-8: 3 undecodable bytes, the first at byte 120 (re-save the file as UTF-8)"
    )
    assert np.articles() == []


def test_stray_bytes_in_ascii_text_do_not_become_cyrillic(np: Newsprism, tmp_path: Path) -> None:
    text = ("Pier plan approved\n\n" + gen.article_text(11)).encode()
    (tmp_path / "a.txt").write_bytes(text[:200] + b"\x80\x81\x82" + text[200:])  # was cp1125: 'АБВ'

    report = np.import_paths([tmp_path], group=False)
    cyrillic = [a for a in np.articles() if any("\u0400" <= ch <= "\u04ff" for ch in a.text)]
    assert cyrillic == []
    assert report.items[0].outcome is Outcome.SKIPPED and "no encoding fits" in (report.items[0].reason or "")


def test_legacy_single_byte_text_still_imports(np: Newsprism, tmp_path: Path) -> None:
    text = "Le café de la gare rouvre\n\n" + "Le maire a annoncé la réouverture du café près du quai. " * 12
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    report = np.import_paths([tmp_path], group=False)
    assert report.count(Outcome.IMPORTED) == 1, reasons(report)
    assert "réouverture" in np.articles()[0].text


# -- a big text file ----------------------------------------------------------------------------
def test_text_file_over_the_record_limit_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = gen.big_txt(tmp_path, megabytes=12)
    res = child_import(path, tmp_path / "work")
    [(outcome, reason)] = items_of(res)
    assert outcome == "skipped" and "over the 10.0 MB limit of one record" in reason


# -- unsafe link schemes ------------------------------------------------------------------------
@given(st.text(max_size=60))
def test_web_url_only_ever_returns_http_links(value: str) -> None:
    from newsprism._urls import web_url

    out = web_url(value)
    assert out is None or out.lower().startswith(("http://", "https://"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/x",
        "http:///x",
    ],
)
def test_web_url_refuses(url: str) -> None:
    from newsprism._urls import web_url

    assert web_url(url) is None


def test_unsafe_link_schemes_are_kept_as_text_and_never_rendered_as_href(
    np: Newsprism, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    gen.javascript_url_jsonl(tmp_path)
    report = np.import_paths([tmp_path])
    assert report.count(Outcome.IMPORTED) == 2
    arts = np.articles()
    assert all(a.url is None for a in arts)
    assert any("kept as text: javascript:alert(document.domain)//" in a.source_ref for a in arts)
    # a row stored before links were checked: still never a link
    db = np.settings.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET url = 'javascript:alert(2)' WHERE id = ?", (arts[0].id,))
    client = TestClient(create_app(np), client=("127.0.0.1", 50000))
    story_id = np.store.story_of_article(arts[0].id)
    pages = [f"/article/{a.id}" for a in arts] + [f"/story/{story_id}"]
    for page in pages:
        html = client.get(page).text.lower()
        assert 'href="javascript:' not in html and 'href="data:' not in html, page


# -- DNS rebinding: a real server ---------------------------------------------------------------
@contextlib.contextmanager
def _serve(tmp_path: Path, config: str = ""):  # type: ignore[no-untyped-def]
    from test_web_serve import free_port, wait_up

    port = free_port()
    env = {**os.environ, "NEWSPRISM_DATA_DIR": str(tmp_path / "data")}
    env.pop("NEWSPRISM_CONFIG", None)
    if config:
        (tmp_path / "newsprism.toml").write_text(config)
        env["NEWSPRISM_CONFIG"] = str(tmp_path / "newsprism.toml")
    cmd = [sys.executable, "-m", "newsprism", "--db", str(tmp_path / "n.db"), "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + "/static/style.css", proc)
        yield base, port
    finally:
        proc.terminate()
        proc.wait(10)


def test_foreign_host_gets_421_on_every_request(tmp_path: Path) -> None:
    with _serve(tmp_path) as (base, _port):
        evil = {"Host": "attacker.example"}
        assert httpx.get(base + "/", headers=evil).status_code == 421
        assert httpx.get(base + "/api/stories", headers=evil).status_code == 421
        report = {"kind": "analysis", "message": "x"}
        rebound = httpx.post(
            base + "/api/stories/2/reports",
            json=report,
            headers={**evil, "Origin": "http://attacker.example"},
        )
        assert rebound.status_code == 421
        for host in ("localhost", "127.0.0.1", "[::1]", "news.example.org"):
            want = 421 if host == "news.example.org" else 200
            assert httpx.get(base + "/", headers={"Host": host}).status_code == want, host


def test_serve_allowed_hosts_admits_a_reverse_proxy_name(tmp_path: Path) -> None:
    with _serve(tmp_path, '[serve]\nallowed_hosts = ["news.example.org", ".example.net"]\n') as (base, _p):
        for host in ("news.example.org", "a.example.net", "localhost"):
            assert httpx.get(base + "/", headers={"Host": host}).status_code == 200, host
        assert httpx.get(base + "/", headers={"Host": "attacker.example"}).status_code == 421


def test_writes_from_another_origin_get_403(tmp_path: Path) -> None:
    with _serve(tmp_path) as (base, port):
        report = {"kind": "analysis", "message": "x"}
        url = base + "/api/stories/1/reports"
        assert httpx.post(url, json=report, headers={"Origin": "http://attacker.example"}).status_code == 403
        assert httpx.post(url, json=report, headers={"Origin": "null"}).status_code == 403
        assert httpx.post(url, json=report, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
        assert (
            httpx.post(url, json=report, headers={"Referer": "http://attacker.example/x"}).status_code == 403
        )
        # the same origin, or a client that names none (curl), reaches the handler: story 1 is missing
        same = {"Origin": f"http://127.0.0.1:{port}"}
        assert httpx.post(url, json=report, headers=same).status_code == 404
        assert httpx.post(url, json=report).status_code == 404
        form = httpx.post(
            base + "/story/1/report",
            data={"csrf": "a", "kind": "analysis", "message": "x"},
            cookies={"np_csrf": "a"},
            headers={"Origin": "http://attacker.example"},
        )
        assert form.status_code == 403


# -- recovery after SIGKILL ---------------------------------------------------------------------
def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "NEWSPRISM_DB": str(tmp_path / "k.db"), "NEWSPRISM_DATA_DIR": str(tmp_path / "data")}
    env.pop("NEWSPRISM_CONFIG", None)
    return env


def _q(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """Rows of ``sql`` read-only; [] while the database or its tables do not exist yet."""
    for _ in range(50):
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
                return conn.execute(sql).fetchall()
        except sqlite3.OperationalError as e:
            if "no such table" in str(e) or "unable to open" in str(e):
                return []
            time.sleep(0.1)  # busy: a writer (or a killed one's recovery) holds the lock
    raise AssertionError(f"database stayed busy: {sql}")


def _write_articles(path: Path, n: int, offset: int = 0) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(offset, offset + n):
            fh.write(
                json.dumps({"title": f"Harbor City report {i}", "text": gen.article_text(1000 + i, 90)})
                + "\n"
            )


def _kill_when(proc: subprocess.Popen[bytes], pred, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            if pred():
                return
            if proc.poll() is not None:
                raise AssertionError(
                    f"finished before the kill: {proc.stdout.read().decode()[-2000:] if proc.stdout else ''}"
                )
            time.sleep(0.01)
        raise AssertionError("timed out waiting for the moment to kill")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)


@pytest.mark.slow
@pytest.mark.parametrize("next_start", ["import", "update", "run"])
def test_sigkill_during_grouping_then_any_start_groups_what_was_left(tmp_path: Path, next_start: str) -> None:
    db = tmp_path / "k.db"
    env = _env(tmp_path)
    _write_articles(tmp_path / "a.jsonl", 300)
    first = subprocess.Popen(
        [*gen.command(), "import", str(tmp_path / "a.jsonl")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # the import has stored everything and is grouping
    _kill_when(first, lambda: _q(db, "SELECT status FROM ingest_runs") == [("done",)])
    stored = _q(db, "SELECT COUNT(*) FROM articles")[0][0]
    grouped = _q(db, "SELECT COUNT(*) FROM story_articles")[0][0]
    assert stored == 300 and grouped < stored, "the kill must land during grouping"

    if next_start == "run":
        proc = subprocess.Popen(
            [*gen.command(), "run", "--no-web", "--check-every", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            end = time.monotonic() + 120
            while time.monotonic() < end and _q(db, "SELECT COUNT(*) FROM story_articles")[0][0] < stored:
                assert proc.poll() is None
                time.sleep(0.2)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
    else:
        args = ["import", str(_other(tmp_path))] if next_start == "import" else ["update"]
        done = subprocess.run([*gen.command(), *args], env=env, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    outside = _q(
        db,
        "SELECT COUNT(*) FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
        " WHERE s.article_id IS NULL",
    )[0][0]
    runs = _q(db, "SELECT id, status, owner_pid FROM ingest_runs")
    assert outside == 0, (runs, next_start)
    assert all(status != "running" for _id, status, _pid in runs), runs


def _other(tmp_path: Path) -> Path:
    path = tmp_path / "b.jsonl"
    _write_articles(path, 3, offset=5000)
    return path


@pytest.mark.slow
def test_sigkill_during_import_closes_the_run_as_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    env = _env(tmp_path)
    _write_articles(tmp_path / "a.jsonl", 3000)
    first = subprocess.Popen(
        [*gen.command(), "import", str(tmp_path / "a.jsonl")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    _kill_when(first, lambda: (_q(db, "SELECT COUNT(*) FROM articles") or [(0,)])[0][0] >= 200)
    assert _q(db, "SELECT status FROM ingest_runs") == [("running",)]
    done = subprocess.run([*gen.command(), "update"], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert _q(db, "SELECT status FROM ingest_runs") == [("interrupted",)]
    stored = _q(db, "SELECT COUNT(*) FROM articles")[0][0]
    assert 0 < stored < 3000
    assert _q(db, "SELECT COUNT(*) FROM story_articles")[0][0] == stored


def test_a_running_import_of_a_live_process_is_left_alone(np: Newsprism) -> None:
    run_id = np.store.start_run("import")  # owned by this (live) process
    assert np.store.claim_orphaned_runs() == []
    assert np.store.claim_orphaned_runs(alive=lambda pid: False) == []  # our own pid is never claimed
    np.store.finish_run(run_id)


def test_two_first_starts_on_a_new_database_do_not_race(tmp_path: Path) -> None:
    code = (
        "import sys, time\n"
        "t0 = float(sys.argv[2])\n"
        "from newsprism.storage import Store\n"
        "while time.time() < t0: pass\n"
        "s = Store(sys.argv[1]); print(s.schema_version()); s.close()\n"
    )
    for trial in range(8):
        url = f"sqlite:///{tmp_path / f'race{trial}.db'}"
        start = time.time() + 2.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, url, str(start)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(4)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        codes = [p.returncode for p in procs]
        assert codes == [0] * 4, [e.decode()[-500:] for _o, e in outs]
        assert len({o for o, _e in outs}) == 1


def test_a_run_left_running_before_migration_9_is_closed_as_interrupted(make_np, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from newsprism.storage import Store, migrate

    db = tmp_path / "old.db"
    old = Store(f"sqlite:///{db}", auto_migrate=False)
    migrate(old.db, upto=8)  # a database from before runs recorded their process
    old.close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO ingest_runs (kind, started_at) VALUES ('import', '2026-01-01T00:00:00')")
    np = make_np()
    np.store.close()
    np.store = Store(f"sqlite:///{db}")  # migrates to the current version
    assert np.store.schema_version() >= 9
    np.recover()
    assert _q(db, "SELECT status, finished_at IS NOT NULL FROM ingest_runs") == [("interrupted", 1)]
    assert np.store.claim_orphaned_runs() == []  # claimed once, released after


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gbk", "中华人民共和国国务院今天宣布了新的经济政策，旨在促进国内消费和投资增长。"),
        ("shift_jis", "東京都は今日、新しい交通計画を発表しました。ｶﾀｶﾅも含まれています。"),
        ("euc-kr", "서울시는 오늘 새로운 교통 계획을 발표했습니다. 시민들의 반응은 다양했습니다."),
    ],
)
def test_legacy_double_byte_text_is_not_taken_for_damaged_utf8(encoding: str, text: str) -> None:
    from newsprism.ingest._detect import decode_text

    decoded, _enc = decode_text((text * 10).encode(encoding))
    assert decoded == text * 10


def test_every_write_route_checks_the_origin_in_process_too(np: Newsprism) -> None:
    """Without the served Host guard (an app built by create_app alone), each write route's guard
    refuses a cross-site write itself."""
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    client = TestClient(create_app(np), client=("127.0.0.1", 50000))
    evil = {"Origin": "http://attacker.example"}
    report = {"kind": "analysis", "message": "x"}
    assert client.post("/api/stories/1/reports", json=report, headers=evil).status_code == 403
    assert client.post("/api/stories/1/reports", json=report).status_code == 404
    form = {"csrf": "a", "kind": "analysis", "message": "x"}
    client.cookies.set("np_csrf", "a")
    assert client.post("/story/1/report", data=form, headers=evil).status_code == 403
    assert (
        client.post("/story/1/report", data=form, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    )
