"""The schema is created once however many instances open a new library at once (SQLite
file or PostgreSQL database), and migrations upgrade a PostgreSQL database too (the frozen
SQLite files are in test_migrations.py).

(Every other store test runs on PostgreSQL as well: see tests/store/conftest.py.)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from multiprocessing.pool import Pool
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from annotator.domain.publishing import PublisherSettings
from annotator.domain.verdict import Verdict
from annotator.store import Store
from annotator.store.engine import make_engine
from annotator.store.migrate import alembic_config, head_revision
from annotator.store.publishing import publisher_settings
from tests.conftest import POSTGRESQL, SQLITE

INSTANCES = 8


def _open_and_add(url: str, number: int) -> str:
    """In a child process: open the library (creating it if needed) and write to it."""
    try:
        with Store.open(url, author=f"editor {number}") as store:
            doc = store.import_document(f"Doc {number}", f"Article number {number} text.")
            store.create_claim(doc.document.id, 0, 7)
        return "ok"
    except Exception as exc:  # reported back to the test, not swallowed
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(params=[SQLITE, POSTGRESQL])
def new_library(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where no library exists yet: a file path, or an empty PostgreSQL database."""
    if request.param == SQLITE:
        return str(tmp_path / "new.sqlite3")
    return str(request.getfixturevalue("fresh_postgres_url"))


def _warm_up() -> None:
    import annotator.store.migrate  # noqa: F401  (imports done before the race starts)


@pytest.fixture(scope="module")
def instances() -> Iterator[Pool]:
    """App instances as separate processes, started once for the module (spawn: slow)."""
    with multiprocessing.get_context("spawn").Pool(INSTANCES, initializer=_warm_up) as pool:
        yield pool


def test_instances_opening_a_new_library_at_once_create_it_once(
    instances: Pool, new_library: str
) -> None:
    outcomes = instances.starmap(_open_and_add, [(new_library, n) for n in range(INSTANCES)])
    assert outcomes == ["ok"] * INSTANCES
    with Store.open(new_library) as store:
        assert len(store.list_documents()) == INSTANCES
        assert len(store.claims()) == INSTANCES


def test_upgrade_from_the_previous_revision_keeps_every_row(fresh_postgres_url: str) -> None:
    # Revision 0009, before claim numbers (0010), publisher settings (0011) and the kept
    # verdict counts (0012): the rows below are written in its schema, and every later
    # migration runs on PostgreSQL.
    previous = "0009"
    engine = make_engine(fresh_postgres_url)
    with engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, previous)
        connection.commit()
        connection.execute(text(
            "INSERT INTO documents (uuid, title, text, sha256, origin, imported_at) VALUES "
            "('d-1', 'Old', 'An old article about the summit.', 'sha-1', NULL, now())"))
        connection.execute(text(
            'INSERT INTO claims (uuid, document_id, start, "end", exact, prefix, suffix, '
            "doc_sha256, verdict, note, author, created_at, modified_at, version) VALUES "
            "('c-1', 1, 3, 6, 'old', 'An ', ' article', 'sha-1', 'disputed', 'why', 'dana', "
            "now(), now(), 4)"))
        connection.execute(text(
            "INSERT INTO sources (uuid, claim_id, url, title, publisher, excerpt, stance, "
            "accessed_at, created_at) VALUES "
            "('s-1', 1, 'https://example.org', 'Ex', '', '', 'refutes', '', now())"))
        connection.execute(text(
            "INSERT INTO claim_history (claim_id, at, author, field, old, new) VALUES "
            "(1, now(), 'dana', 'verdict', 'unchecked', 'disputed')"))
        # Two versions of the text: claim 1 sat in version 1, claim 2 was made on version 2
        # before claim 1's words (revision 0010 numbers claim 1 first all the same).
        connection.execute(text(
            "INSERT INTO document_versions (document_id, number, text, sha256, origin, "
            "created_at, author, note) VALUES (1, 1, 'An old text', 'sha-0', NULL, now(), '', "
            "''), (1, 2, NULL, 'sha-1', NULL, now(), '', '')"))
        connection.execute(text(
            'INSERT INTO claim_placements (claim_id, version_id, start, "end", state) '
            "VALUES (1, 1, 3, 6, 'anchored')"))
        connection.execute(text(
            'INSERT INTO claims (uuid, document_id, start, "end", exact, prefix, suffix, '
            "doc_sha256, verdict, note, author, created_at, modified_at, version) VALUES "
            "('c-2', 1, 0, 2, 'An', '', ' old', 'sha-1', 'unchecked', '', 'dana', "
            "now(), now(), 1)"))
        connection.commit()
    engine.dispose()

    with Store.open(fresh_postgres_url, author="erin") as store:
        claim = store.claim(1)
        [source] = store.sources(1)
        assert (claim.exact, claim.verdict, claim.note, claim.version, claim.number) == (
            "old", Verdict.DISPUTED, "why", 4, 1)
        assert store.claim(2).number == 2
        [listed] = store.list_documents()
        assert (listed.unchecked, listed.verified, listed.disputed) == (1, 0, 1)
        assert store.create_claim(1, 3, 6).number == 3
        assert (source.url, source.version) == ("https://example.org", 1)
        assert [h.author for h in store.history(1)] == ["dana"]
        assert claim.rating_label == "" and publisher_settings(store) == PublisherSettings()
        assert store.set_rating_label(1, "Misleading").rating_label == "Misleading"
        # The upgraded database takes new work, on the new schema.
        store.update_source(source.id, source.as_input(), expected_version=1)
        store.set_verdict(1, Verdict.VERIFIED, expected_version=5)
        [listed] = store.list_documents()  # the triggers follow the new work
        assert (listed.unchecked, listed.verified, listed.disputed) == (2, 1, 0)
    engine = make_engine(fresh_postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")
                                  ).scalar() == head_revision()
    engine.dispose()
