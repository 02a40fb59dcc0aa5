"""Shared fixtures: real SQLite files under tmp_path, throwaway PostgreSQL databases and the
shared real-world data.

Backends: a test that takes ``backend`` (or ``database_url``) runs twice, on a SQLite file and on
a fresh PostgreSQL database (``CREATE DATABASE np_test_<random>`` on the server named by
``NEWSPRISM_TEST_PG``, default ``postgresql://postgres@127.0.0.1:5432/postgres``, dropped after).
``make_np``/``np`` open their databases on that backend too. Without a reachable server the
PostgreSQL cases skip with one reason; ``scripts/test.sh`` starts a throwaway server first.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
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


# -- database backends ---------------------------------------------------------------------
PG_ADMIN_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ("sqlite", "postgresql")


class PgServer:
    """A PostgreSQL server the tests may create and drop databases on."""

    def __init__(self, admin_url: str) -> None:
        from newsprism.storage._dialect import normalise_url

        self.admin_url = admin_url
        self._url = normalise_url(admin_url)

    def _admin(self, sql: str) -> None:
        import psycopg

        conninfo = self._url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        from sqlalchemy.engine import make_url

        name = f"np_test_{secrets.token_hex(6)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return make_url(self._url).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        assert name and name.startswith("np_test_"), name  # never drop anything else
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    """The test PostgreSQL server (``NEWSPRISM_TEST_PG``); skips when none can be reached."""
    admin = os.environ.get("NEWSPRISM_TEST_PG") or PG_ADMIN_DEFAULT
    server = PgServer(admin)
    try:
        import psycopg  # noqa: F401

        server._admin("SELECT 1")
    except Exception as e:  # no driver, no server, refused: the PostgreSQL cases skip
        from newsprism.storage._dialect import safe_url

        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        pytest.skip(
            f"no PostgreSQL server at {safe_url(admin)} ({first}); `bash scripts/test.sh` starts one,"
            " or set NEWSPRISM_TEST_PG"
        )
    return server


@pytest.fixture
def make_pg_url(pg_server: PgServer) -> Iterator[Callable[[], str]]:
    """Make fresh PostgreSQL databases for this test (all dropped after it)."""
    made: list[str] = []

    def make() -> str:
        made.append(pg_server.create())
        return made[-1]

    yield make
    for url in made:
        pg_server.drop(url)


@pytest.fixture
def pg_url(make_pg_url: Callable[[], str]) -> str:
    """One fresh PostgreSQL database (dropped after the test)."""
    return make_pg_url()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the test runs once on each."""
    return str(request.param)


@pytest.fixture
def make_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """Make a fresh database on the test's backend (SQLite when the test takes no ``backend``),
    its SQLAlchemy URL; the SQLite file is named ``name`` and lives outside tmp_path."""
    on_pg = "backend" in request.fixturenames and request.getfixturevalue("backend") == "postgresql"
    make_pg = request.getfixturevalue("make_pg_url") if on_pg else None
    dbdir = tmp_path.parent / (tmp_path.name + "-db")  # outside tmp_path, which tests import from

    def make(name: str = "news.db") -> str:
        if make_pg is not None:
            return str(make_pg())
        return "sqlite:///" + str(dbdir / name)

    return make


@pytest.fixture
def database_url(backend: str, make_database_url: Callable[[str], str]) -> str:
    """The URL of a fresh database on each backend: a SQLite file, then a PostgreSQL database."""
    return make_database_url("news.db")


@pytest.fixture
def make_np(tmp_path: Path, embedder, make_database_url):  # type: ignore[no-untyped-def]
    """Open a Newsprism on a fresh database (a SQLite file; on each backend when the test takes
    ``backend``); extra config as a TOML-like mapping."""
    opened: list[Newsprism] = []
    dbdir = tmp_path.parent / (tmp_path.name + "-db")  # outside tmp_path, which tests import from

    def make(name: str = "news.db", config: dict | None = None) -> Newsprism:  # type: ignore[type-arg]
        db = make_database_url(name)
        settings = settings_from_mapping(config or {}, {}, db=db, data_dir=str(dbdir / "data"))
        np = Newsprism(settings, embedder=embedder)
        opened.append(np)
        return np

    yield make
    for np in opened:
        np.close()


@pytest.fixture
def np(make_np) -> Iterator[Newsprism]:  # type: ignore[no-untyped-def]
    yield make_np()


@pytest.fixture(scope="session")
def corpus(embedder, data_dir: Path):  # type: ignore[no-untyped-def]
    """The trust benchmark's prepared labelled stories (benchmarks/trust_data.py), built once for
    the support and relation gates alike."""
    import sys

    bench = str(Path(__file__).resolve().parents[1] / "benchmarks")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    import trust
    from newsprism.analysis import Analyzer

    return trust.Corpus(Analyzer(embedder))
