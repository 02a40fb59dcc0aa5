"""Shared fixtures: real SQLite files under tmp_path and the shared real-world data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism import Newsprism
from newsprism.config import settings_from_mapping

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return DATA


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """One loaded embedding model for the whole session (it is read-only)."""
    from newsprism.embed import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.fixture
def make_np(tmp_path: Path, embedder):  # type: ignore[no-untyped-def]
    """Open a Newsprism on a fresh SQLite file; extra config as a TOML-like mapping."""
    opened: list[Newsprism] = []
    dbdir = tmp_path.parent / (tmp_path.name + "-db")  # outside tmp_path, which tests import from

    def make(name: str = "news.db", config: dict | None = None) -> Newsprism:  # type: ignore[type-arg]
        settings = settings_from_mapping(config or {}, {}, db=str(dbdir / name), data_dir=str(dbdir / "data"))
        np = Newsprism(settings, embedder=embedder)
        opened.append(np)
        return np

    yield make
    for np in opened:
        np.close()


@pytest.fixture
def np(make_np) -> Iterator[Newsprism]:  # type: ignore[no-untyped-def]
    yield make_np()
