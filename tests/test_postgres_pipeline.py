"""The pipeline and the web app on both backends: the demo corpus imported, grouped and analysed
into a SQLite file and into a fresh PostgreSQL database (same clock) gives the same stories, the
same analyses and the same API answers; the pages, search and a reader's report work on each."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism import Newsprism
from newsprism.config import settings_from_mapping
from newsprism.demo import load_demo
from newsprism.web import create_app
from newsprism.web._security import CSRF_COOKIE

LOCAL = ("127.0.0.1", 50000)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # after every demo article


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Iterator[Callable[..., Newsprism]]:
    """Build (once per backend and module) the analysed demo library: build("sqlite") or
    build("postgresql", pg_server)."""
    built: dict[str, Newsprism] = {}
    dropped: list[Callable[[], None]] = []

    def make(backend: str, server: Any = None) -> Newsprism:
        if backend not in built:
            tmp = tmp_path_factory.mktemp(backend)
            if backend == "postgresql":
                url = server.create()
                dropped.append(lambda: server.drop(url))
            else:
                url = "sqlite:///" + str(tmp / "demo.db")
            settings = settings_from_mapping({}, {}, db=url, data_dir=str(tmp / "data"))
            np = Newsprism(settings, embedder=embedder, clock=lambda: NOW)
            report = load_demo(np)  # import + group
            assert len(report.imported_ids) == 24, report.summary()
            for d in np.store.story_digests():
                if d.n_articles > 1:
                    np.analysis(d.id)
            built[backend] = np
        return built[backend]

    yield make
    for np in built.values():
        np.close()
    for drop in dropped:
        drop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def library(request: pytest.FixtureRequest, build: Callable[..., Newsprism]) -> Newsprism:
    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    return build(request.param, server)


def _partition(np: Newsprism) -> set[frozenset[str]]:
    stories = np.stories(limit=1000)
    return {frozenset(str(a.url) for a in np.store.get_articles(s.article_ids)) for s in stories}


def _no_timings(data: Any) -> Any:
    """``data`` without the analysis' own run times (``seconds_*`` keys), which differ per run."""
    if isinstance(data, dict):
        return {k: _no_timings(v) for k, v in data.items() if not str(k).startswith("seconds")}
    if isinstance(data, list):
        return [_no_timings(v) for v in data]
    return data


def _analysis(np: Newsprism, story_id: int) -> Any:
    return _no_timings(json.loads(json.dumps(np.analysis(story_id).to_dict(), default=str)))


def test_both_backends_give_the_same_stories_analyses_and_api(
    build: Callable[..., Newsprism], pg_server: Any
) -> None:
    lite, pg = build("sqlite"), build("postgresql", pg_server)
    assert _partition(pg) == _partition(lite)
    assert len(_partition(pg)) >= 5
    assert [(d.id, d.title, d.n_articles, d.outlets) for d in pg.store.story_digests()] == [
        (d.id, d.title, d.n_articles, d.outlets) for d in lite.store.story_digests()
    ]
    multi = [d.id for d in lite.store.story_digests() if d.n_articles > 1]
    for sid in multi:
        assert _analysis(pg, sid) == _analysis(lite, sid), sid
    lite_api, pg_api = TestClient(create_app(lite), client=LOCAL), TestClient(create_app(pg), client=LOCAL)
    for path in ["/api/stories", "/api/blindspots", "/api/outlets", f"/api/stories/{multi[0]}",
                 "/api/articles/3", "/api/reports"]:
        a, b = lite_api.get(path), pg_api.get(path)
        assert a.status_code == b.status_code == 200, path
        assert _no_timings(b.json()) == _no_timings(a.json()), path
    for q in ("Metro Line", "strike", "percent turnout", "nothing-like-this-anywhere"):
        a, b = (c.get("/api/search", params={"q": q}).json()["hits"] for c in (lite_api, pg_api))
        assert {h["article"]["id"] for h in b} == {h["article"]["id"] for h in a}, q


def test_pages_search_and_a_report_work_on_each_backend(library: Newsprism) -> None:
    client = TestClient(create_app(library), client=LOCAL)
    front = client.get("/")
    assert front.status_code == 200
    digests = library.store.story_digests()
    top = max(digests, key=lambda d: (d.n_articles, -d.id))
    assert top.title.split()[0] in front.text
    page = client.get(f"/story/{top.id}?wait=1")
    assert page.status_code == 200 and 'id="claims"' in page.text
    found = client.get("/search", params={"q": "Metro Line"})
    assert found.status_code == 200 and "Metro Line" in found.text
    hits = client.get("/api/search", params={"q": "Metro Line"}).json()["hits"]
    assert hits and all(re.search(r"\[(Metro|Line)\]", h["snippet"], re.I) for h in hits), hits
    article = library.store.get_article(library.story(top.id).article_ids[0])
    assert article.outlet is not None
    for path in ("/blindspots", "/outlets", "/sources", "/corrections", "/feeds/front.atom",
                 f"/article/{article.id}", f"/outlet/{article.outlet.domain}"):
        assert client.get(path).status_code == 200, path

    client.get("/")
    token = client.cookies.get(CSRF_COOKIE)
    sent = client.post(
        f"/story/{top.id}/report",
        data={"kind": "analysis", "message": f"checked on {library.store.db.backend}", "csrf": token},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert f"checked on {library.store.db.backend}" in client.get("/corrections").text


def test_incremental_import_on_each_backend_matches_the_whole(
    library: Newsprism, tmp_path: Path, embedder: Any, request: pytest.FixtureRequest
) -> None:
    """The demo imported in two halves (grouping after each) forms the same stories as at once."""
    from newsprism.demo import apply_outlets, demo_files, demo_outlets

    backend = library.store.db.backend
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.create()
        request.addfinalizer(lambda: server.drop(url))
    else:
        url = "sqlite:///" + str(tmp_path / "halves.db")
    files = [f for f in demo_files() if f.suffix == ".jsonl"]
    lines = [x for f in files for x in f.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 24
    settings = settings_from_mapping({}, {}, db=url, data_dir=str(tmp_path / "data"))
    with Newsprism(settings, embedder=embedder, clock=lambda: NOW) as np:
        apply_outlets(np, demo_outlets())
        for k, half in enumerate((lines[:12], lines[12:])):
            part = tmp_path / f"half{k}.jsonl"
            part.write_text("\n".join(half) + "\n", encoding="utf-8")
            np.import_paths([part])
        assert _partition(np) == _partition(library)
