"""Schema upgrades keep every row; a database from a newer version is refused untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.verdict import Verdict
from annotator.store import DatabaseTooNew, DatabaseUnavailable, Store
from annotator.store.migrate import head_revision, schema_number

FROZEN_REV0001 = Path(__file__).parent / "data" / "library-rev0001.sqlite3"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(FROZEN_REV0001, target)
    return target


def test_upgrade_from_revision_0001_keeps_every_row(old_library: Path) -> None:
    tables = ("documents", "claims", "sources", "claim_history")
    before = {t: rows(old_library, f"SELECT * FROM {t} ORDER BY id") for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"

    store = Store.open(old_library)
    claim = store.claim(1)
    store.close()

    assert rows(old_library, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert rows(old_library, "PRAGMA user_version") == [(schema_number(head_revision()),)]
    for table in tables:
        after = rows(old_library, f"SELECT * FROM {table} ORDER BY id")
        width = len(before[table][0])
        assert [row[:width] for row in after] == before[table], table
    assert claim.verdict is Verdict.DISPUTED
    assert claim.review_status is None and claim.review_conflict is False
    assert rows(old_library, "PRAGMA foreign_key_check") == []


def test_upgrade_makes_a_backup_of_the_old_file(old_library: Path) -> None:
    original = digest(old_library)
    Store.open(old_library).close()
    backups = list(old_library.parent.glob("old.sqlite3.schema-0001-*.bak"))
    assert len(backups) == 1
    assert rows(backups[0], "SELECT version_num FROM alembic_version") == [("0001",)]
    assert rows(backups[0], "SELECT count(*) FROM claims") == [(1,)]
    assert digest(old_library) != original


def test_upgraded_library_accepts_new_work(old_library: Path) -> None:
    store = Store.open(old_library)
    claim = store.create_claim(1, 0, 9)
    store.set_verdict(claim.id, Verdict.VERIFIED)
    store.close()
    assert rows(old_library, "SELECT count(*) FROM claims") == [(2,)]


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    Store.open(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseTooNew, match="newer version"):
        Store.open(path)
    assert digest(path) == before
    assert not list(tmp_path.glob("*.bak"))


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseUnavailable, match="not an Annotator library"):
        Store.open(path)
    assert digest(path) == before


def test_open_is_idempotent(db_path: Path) -> None:
    Store.open(db_path).close()
    Store.open(db_path).close()
    assert rows(db_path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert not list(db_path.parent.glob("*.bak"))


def test_revision_files_agree_with_alembic() -> None:
    """The store lists revisions from file names (no Alembic at start-up); Alembic agrees."""
    from alembic.script import ScriptDirectory

    from annotator.store.migrate import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert {rev.revision for rev in script.walk_revisions()} == known_revisions()
    assert script.get_current_head() == head_revision()


FROZEN_REV0002 = Path(__file__).parent / "data" / "library-rev0002.sqlite3"


def test_upgrade_from_revision_0002_keeps_every_row_and_adds_the_read_indexes(
    tmp_path: Path,
) -> None:
    library = tmp_path / "rev2.sqlite3"
    shutil.copyfile(FROZEN_REV0002, library)
    tables = ("documents", "claims", "sources", "claim_history")
    before = {t: rows(library, f"SELECT * FROM {t} ORDER BY id") for t in tables}
    assert all(len(before[t]) == 2 for t in tables), "the fixture holds two rows per table"

    with Store.open(library) as store:
        listed = store.list_documents()
        claims = store.claims(listed[0].id)

    assert rows(library, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in tables:
        assert rows(library, f"SELECT * FROM {table} ORDER BY id") == before[table], table
    indexes = {name for (name,) in rows(library, "SELECT name FROM sqlite_master "
                                                 "WHERE type = 'index'")}
    assert {"ix_documents_listing", "ix_claims_document_verdict"} <= indexes
    assert [(d.title, d.disputed, d.verified) for d in listed] == [("Report 1", 1, 0),
                                                                   ("Report 2", 0, 1)]
    assert claims[0].review_status is not None and claims[0].source_count == 1
    assert rows(library, "PRAGMA foreign_key_check") == []
