"""Plain words on the pages: the timeline, conflicts, who rated an outlet, the API reference and
the page for an invalid address say things the way a reader would, not the way the code does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsprism import Newsprism
from newsprism.web import create_app
from newsprism.web._render import _param_default, _rater_words
from test_web_corpus import build_corpus

LOCAL = ("127.0.0.1", 50000)


@pytest.fixture(scope="module")
def np(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsprism]:
    np = build_corpus(tmp_path_factory.mktemp("words"))
    yield np
    np.close()


@pytest.fixture(scope="module")
def client(np: Newsprism) -> TestClient:
    return TestClient(create_app(np), client=LOCAL)


def _view(np: Newsprism, analysis: dict) -> object:  # type: ignore[type-arg]
    from dataclasses import replace

    from newsprism.web._views import Views

    views = Views(np)
    sid = views.cards()[0].id
    v = views._build_story(sid, analyse=False)
    v2 = replace(v, analysis=analysis, pending=False)
    return v2


def test_timeline_in_plain_words(np: Newsprism) -> None:
    v = _view(
        np,
        {
            "timeline": [
                {
                    "at": "2026-03-02T07:00:00+00:00",
                    "kind": "side_first",
                    "text": "first unrated coverage: Source 1",
                    "cites": [1],
                    "side": "unrated",
                },
                {
                    "at": "2026-03-02T07:00:00+00:00",
                    "kind": "side_first",
                    "text": "first left coverage: X",
                    "cites": [2],
                    "side": "left",
                },
                {
                    "at": "????-04 april 25",
                    "kind": "mentioned",
                    "text": "April 25: the bridge reopens.",
                    "cites": [1],
                },
                {"at": "~ friday", "kind": "mentioned", "text": "Friday: the council meets.", "cites": [2]},
                {
                    "at": "2014",
                    "kind": "mentioned",
                    "text": "2014: the bridge was last inspected.",
                    "cites": [3],
                },
            ]
        },
    )
    events = v.timeline_events()  # type: ignore[attr-defined]
    shown = [f"{e.when} {e.text}" for e in events]
    assert shown[0].startswith("2 Mar 2026, 07:00 UTC First coverage from an unrated outlet: ")
    assert "First coverage from the left: " in shown[1]
    assert shown[2] == "mentioned: April 25 the bridge reopens."
    assert shown[3] == "mentioned: Friday the council meets."
    assert shown[4] == "mentioned: 2014 the bridge was last inspected."  # the year once, not "2014 2014:"
    for s in shown:
        assert "????" not in s and "~ " not in s and "side_first" not in s


def test_conflicts_say_what_kind_of_disagreement(np: Newsprism) -> None:
    v = _view(np, {})
    words = v.conflict_words  # type: ignore[attr-defined]
    assert words({"kind": "number", "detail": "8 vs 12 killed"}) == "The numbers differ: 8 vs 12 killed"
    assert words({"kind": "denial", "detail": "Kyiv denies the claim"}) == "Kyiv denies the claim"
    assert "claim 3" not in words({"kind": "date", "other": 3, "detail": "Monday vs Tuesday"})


def test_rater_and_parameter_words() -> None:
    assert _rater_words("user") == "you (your own rating)" and _rater_words("none") == "no rating"
    assert _rater_words("AllSides") == "AllSides"
    assert _param_default({"type": "boolean", "default": False}) == "optional, off by default"
    assert _param_default({"type": "string", "default": ""}) == "optional"
    assert _param_default({"type": "integer", "default": 30}) == "optional, 30 by default"


def test_api_reference_has_descriptions_and_no_empty_defaults(client: TestClient) -> None:
    html = client.get("/api/docs").text
    assert "default False" not in html and "default </td>" not in html and "default None" not in html
    assert "how many stories to return" in html and "only stories one side ignores" in html
    assert "optional, off by default" in html


def test_invalid_address_page_is_friendly(client: TestClient) -> None:
    r = client.get("/?since=yesterday")
    assert r.status_code == 422
    assert "“From” should be a date like 2026-03-01" in r.text
    assert "Input should be" not in r.text and "since:" not in r.text
    api = client.get("/api/stories?since=yesterday")
    assert api.status_code == 422 and isinstance(api.json()["detail"], list)  # the API keeps details


def test_outlet_rated_by_the_reader_says_so(np: Newsprism, client: TestClient) -> None:
    np.set_outlet_override("fictown-courier.com", lean="lean left")
    html = client.get("/outlets").text
    assert "RATED BY user" not in html
    page = client.get("/outlet/fictown-courier.com").text
    assert "your own override" in page
