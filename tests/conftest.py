"""Shared fixtures: a real library (SQLite file, or a PostgreSQL database on a throwaway
cluster) and the bundled sample articles.

The store, service, export and review suites run on both backends: tests/store and
tests/io parametrise the ``backend`` fixture (see ``parametrise_backends``); elsewhere it
is SQLite. In CI (CI=true) a PostgreSQL server that cannot be started fails the run
instead of skipping the PostgreSQL half.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_AUTHOR", "tester")
# The evidence ranker's cache (annotator.evidence.index_files) never in the user's folder.
os.environ.setdefault("ANNOTATOR_CACHE", tempfile.mkdtemp(prefix="annotator-cache-"))

from tests.postgres_cluster import Cluster, ClusterUnavailable

# A library syncs every commit to the disk (synchronous=FULL) so that a power loss loses no
# edit. Tests do not lose power: they run with NORMAL, which skips that fsync and takes about
# a quarter off the store tests' time on a busy disk. tests/store/test_service.py checks
# that a library really gets FULL.
PRODUCTION_SYNCHRONOUS = "FULL"


@pytest.fixture(autouse=True, scope="session")
def _no_fsync_per_commit() -> Iterator[None]:
    from annotator.store import engine

    assert engine.SYNCHRONOUS == PRODUCTION_SYNCHRONOUS
    engine.SYNCHRONOUS = "NORMAL"
    yield
    engine.SYNCHRONOUS = PRODUCTION_SYNCHRONOUS


REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT / "resources" / "samples"
ORIGINAL_REPORT = SAMPLES_DIR / "004_c41784a00cd0d9a4.txt"
REWRITE = SAMPLES_DIR / "000_e694465455adeef1.txt"

SQLITE, POSTGRESQL = "sqlite", "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
LIBRARY_DATABASE = "library"
_database_numbers = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@dataclass(frozen=True)
class Backend:
    """Where a test's library lives, and a way to read it without the Store."""

    name: str
    target: str  # a file path or a SQLAlchemy URL, as --db takes it
    raw: Callable[..., list[tuple[Any, ...]]]  # raw(sql with ? placeholders, *params)

    def open(self, author: str = "tester") -> Any:
        from annotator.store import Store

        return Store.open(self.target, author=author)


def parametrise_backends(metafunc: pytest.Metafunc) -> None:
    """For a conftest's pytest_generate_tests: run tests using ``backend`` on both backends
    (``@pytest.mark.sqlite_only`` keeps a test about the SQLite file to SQLite)."""
    if "backend" not in metafunc.fixturenames:
        return
    only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
    metafunc.parametrize("backend", (SQLITE,) if only_sqlite else BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throwaway cluster per test session (a few hundred ms to start)."""
    try:
        import psycopg  # noqa: F401  (the 'postgres' extra)

        cluster = Cluster()
        cluster.start()
    except (ImportError, ClusterUnavailable) as exc:
        if "cluster" in locals():
            cluster.stop()
        if in_ci():
            pytest.fail(f"PostgreSQL tests cannot run in CI: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def _postgres_library(postgres_cluster: Cluster) -> Iterator[tuple[str, Any]]:
    """One library database at the head schema for the session, and an admin connection."""
    import psycopg

    from annotator.store import Store

    url = postgres_cluster.create_database(LIBRARY_DATABASE)
    Store.open(url).close()
    admin = psycopg.connect(host=str(postgres_cluster.folder), port=postgres_cluster.port,
                            user="annot", dbname=LIBRARY_DATABASE, autocommit=True)
    tables = [row[0] for row in admin.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'alembic_version'")]
    empty = f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"
    yield url, lambda: _empty_database(admin, empty)
    admin.close()


@pytest.fixture
def postgres_url(_postgres_library: tuple[str, Any]) -> str:
    """The session's library database, emptied (about 30 ms; a new database takes 300)."""
    url, empty = _postgres_library
    empty()
    return url


@pytest.fixture
def fresh_postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """A new, empty database (no schema yet), dropped afterwards."""
    name = f"fresh_{os.getpid()}_{next(_database_numbers)}"
    yield postgres_cluster.create_database(name)
    postgres_cluster.drop_database(name)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def backend(request: pytest.FixtureRequest, db_path: Path) -> Backend:
    name = getattr(request, "param", SQLITE)
    if name == SQLITE:
        return Backend(SQLITE, str(db_path), _sqlite_reader(db_path))
    url = request.getfixturevalue("postgres_url")
    return Backend(POSTGRESQL, url, _postgres_reader(url))


@pytest.fixture
def store(backend: Backend) -> Iterator[Any]:
    opened = backend.open(author="tester")
    yield opened
    opened.close()


@pytest.fixture
def original_text() -> str:
    return ORIGINAL_REPORT.read_text(encoding="utf-8")


@pytest.fixture
def rewrite_text() -> str:
    return REWRITE.read_text(encoding="utf-8")


def _empty_database(admin: Any, truncate: str) -> None:
    # A connection a previous test leaked (a Store it did not close) would block TRUNCATE.
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    admin.execute(truncate)


def _sqlite_reader(path: Path) -> Callable[..., list[tuple[Any, ...]]]:
    def raw(sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Read the database with nothing but sqlite3, as a reviewer or a crash would."""
        connection = sqlite3.connect(path)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    return raw


def _postgres_reader(url: str) -> Callable[..., list[tuple[Any, ...]]]:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)

    def raw(sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Read the database with nothing but psycopg."""
        import psycopg

        with psycopg.connect(host=str(parsed.query["host"]), port=int(str(parsed.query["port"])),
                             user=parsed.username, dbname=parsed.database) as connection:
            return connection.execute(sql.replace("?", "%s"), params).fetchall()

    return raw


# -- which backend each test ran on: counted at the end, a PostgreSQL skip fails in CI ------

_BACKEND_OF: dict[str, str] = {}


def _backend_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    for value in callspec.params.values() if callspec is not None else ():
        if isinstance(value, str) and value in BACKENDS:
            return value
    names = getattr(item, "fixturenames", ())
    if "postgres_url" in names or "postgres_cluster" in names:
        return POSTGRESQL
    if "backend" in names or "store" in names:
        return SQLITE
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = _backend_of(item)
        if name is not None:
            _BACKEND_OF[item.nodeid] = name


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if (report.skipped and not hasattr(report, "wasxfail") and in_ci()
            and _BACKEND_OF.get(item.nodeid) == POSTGRESQL):
        report.outcome = "failed"
        report.longrepr = f"a PostgreSQL test may not skip in CI: {report.longrepr}"
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    ran = dict.fromkeys(BACKENDS, 0)
    skipped = dict.fromkeys(BACKENDS, 0)
    for report in terminalreporter.stats.get("passed", []):
        if report.when == "call" and report.nodeid in _BACKEND_OF:
            ran[_BACKEND_OF[report.nodeid]] += 1
    for report in terminalreporter.stats.get("skipped", []):
        if report.nodeid in _BACKEND_OF:
            skipped[_BACKEND_OF[report.nodeid]] += 1
    terminalreporter.write_line(
        "tests per backend: " + ", ".join(
            f"{name} {ran[name]} passed, {skipped[name]} skipped" for name in BACKENDS))


@pytest.fixture
def library(store: object, original_text: str) -> object:
    """A small library with what exports get wrong (tests/io/export_support.py)."""
    from tests.io.export_support import build_library

    return build_library(store, original_text)  # type: ignore[arg-type]


@pytest.fixture
def review(store: object, library: object, tmp_path: Path) -> Path:
    """The review export of ``library``, as a reviewer receives it."""
    from annotator.io.export import export_library

    path = tmp_path / "review.sqlite"
    export_library(store, "review", path)  # type: ignore[arg-type]
    return path
