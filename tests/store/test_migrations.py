"""Schema upgrades keep every row; a database from a newer version is refused untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.domain.verdict import Verdict
from annotator.store import DatabaseTooNew, DatabaseUnavailable, NotALibrary, Store, StoreError
from annotator.store.backups import MAX_BACKUPS
from annotator.store.identify import APPLICATION_ID
from annotator.store.migrate import head_revision, schema_number
from annotator.store.peek import peek_article

FROZEN_REV0001 = Path(__file__).parent / "data" / "library-rev0001.sqlite3"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def write_sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            for statement in statements:
                connection.execute(statement)
    finally:
        connection.close()


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
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
    write_sql(path, "CREATE TABLE recipes (name TEXT)")
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


def test_upgrade_from_revision_0002_marks_the_file_as_a_library(tmp_path: Path) -> None:
    path = tmp_path / "rev2.sqlite3"
    shutil.copyfile(FROZEN_REV0002, path)
    assert rows(path, "PRAGMA application_id") == [(0,)]
    claims_as_they_were = rows_as_they_were(path, ("claims",))  # later revisions add columns
    before = claims_as_they_were("claims")
    with Store.open(path) as store:
        assert store.claim(1).review_status is not None
    assert rows(path, "PRAGMA application_id") == [(APPLICATION_ID,)]
    # Later migrations (0004) add columns after the old ones; the old values stay.
    after = rows(path, "SELECT * FROM claims ORDER BY id")
    assert [row[:len(before[0])] for row in after] == before
    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_a_new_library_carries_the_application_id(db_path: Path) -> None:
    Store.open(db_path).close()
    assert rows(db_path, "PRAGMA application_id") == [(APPLICATION_ID,)]


def alembic_database_of_another_program(path: Path, journal_mode: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode = {journal_mode}")
    with connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO recipes (name) VALUES ('bread')")
    connection.close()


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_another_programs_alembic_database_is_left_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], journal_mode: str
) -> None:
    path = tmp_path / "other.sqlite3"
    alembic_database_of_another_program(path, journal_mode)
    before = digest(path)
    for _ in range(3):
        with pytest.raises(NotALibrary, match="another program"):
            Store.open(path)
        assert main(["list", "--db", str(path)]) == 2
        assert "not an Annotator library" in capsys.readouterr().err
        assert peek_article(str(path), None) is None  # the window's quick look at start-up
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]  # no .bak, -shm
    assert rows(path, "PRAGMA journal_mode") == [(journal_mode,)]


def test_a_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lookalike.sqlite3"
    Store.open(path).close()
    write_sql(path, "PRAGMA application_id = 1")  # same tables, someone else's file
    before = digest(path)
    with pytest.raises(NotALibrary, match="application id is 0x00000001"):
        Store.open(path)
    assert digest(path) == before


def test_a_failed_upgrade_leaves_no_backup_and_an_unchanged_file(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FROZEN_REV0001, path)
    # The batch migration of 0002 needs this name for its rebuild: the upgrade fails.
    write_sql(path, "CREATE TABLE _alembic_tmp_claims (id INTEGER)")
    before = dump(path)
    for _ in range(3):
        with pytest.raises(StoreError):
            Store.open(path)
    assert dump(path) == before  # rolled back (only the switch to WAL mode stays)
    assert not list(tmp_path.glob("*.bak"))


def test_at_most_three_upgrade_backups_are_kept(old_library: Path) -> None:
    for stamp in ("20200101T000000000000Z", "20210101T000000000000Z",
                  "20220101T000000000000Z", "20230101T000000000000Z"):
        old_library.with_name(f"{old_library.name}.schema-0001-{stamp}.bak").write_bytes(b"x")
    Store.open(old_library).close()
    kept = sorted(p.name for p in old_library.parent.glob("*.bak"))
    assert len(kept) == MAX_BACKUPS == 3
    assert "2020" not in "".join(kept) and "2021" not in "".join(kept)
    assert rows(old_library.parent / kept[-1], "SELECT count(*) FROM claims") == [(1,)]


def test_a_review_file_is_not_taken_for_a_library(tmp_path: Path) -> None:
    from annotator.io.export import export_library
    from annotator.io.review_export import APPLICATION_ID as REVIEW_ID
    from annotator.store.sqlite_file import REVIEW_FILE_ID

    assert REVIEW_ID == REVIEW_FILE_ID  # the store knows the review file's mark
    with Store.open(tmp_path / "library.sqlite3") as store:
        store.import_document("T", "Some text to check.")
        review = tmp_path / "review.sqlite"
        export_library(store, "review", review)
    before = digest(review)
    with pytest.raises(NotALibrary, match="review file"):
        Store.open(review)
    assert digest(review) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite3", "review.sqlite"]


def rows_as_they_were(path: Path, tables: tuple[str, ...]) -> Callable[[str], list[Any]]:
    """A reader of each table's rows in the columns it has now (before an upgrade): later
    revisions may add columns, but every value a row had must still be there."""
    columns = {t: [r[1] for r in rows(path, f"PRAGMA table_info({t})")] for t in tables}

    def read(table: str) -> list[Any]:
        names = ", ".join(f'"{c}"' for c in columns[table])
        return rows(path, f"SELECT {names} FROM {table} ORDER BY id")

    return read


def test_upgrade_from_revision_0002_keeps_every_row_and_adds_the_read_indexes(
    tmp_path: Path,
) -> None:
    library = tmp_path / "rev2.sqlite3"
    shutil.copyfile(FROZEN_REV0002, library)
    tables = ("documents", "claims", "sources", "claim_history")
    old_columns = rows_as_they_were(library, tables)
    before = {t: old_columns(t) for t in tables}
    assert all(before[t] for t in tables), "the fixture holds rows in every table"

    with Store.open(library) as store:
        listed = store.list_documents()
        claims = store.claims(listed[0].id)

    assert rows(library, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in tables:
        assert old_columns(table) == before[table], table
    indexes = {name for (name,) in rows(library, "SELECT name FROM sqlite_master "
                                                 "WHERE type = 'index'")}
    assert {"ix_documents_listing", "ix_claims_document_verdict"} <= indexes
    assert len(listed) == len(before["documents"])
    assert sum(d.claim_count for d in listed) == len(before["claims"])
    assert claims and all(c.document_id == listed[0].id for c in claims)
    assert rows(library, "PRAGMA foreign_key_check") == []


FROZEN_REV0003 = Path(__file__).parent / "data" / "library-rev0003.sqlite3"


def test_upgrade_from_revision_0003_keeps_every_row_and_adds_an_empty_evidence_index(
        tmp_path: Path) -> None:
    path = tmp_path / "rev0003.sqlite3"
    shutil.copyfile(FROZEN_REV0003, path)
    tables = ("documents", "claims", "sources", "claim_history")
    old_columns = rows_as_they_were(path, tables)
    before = {t: old_columns(t) for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"

    Store.open(path).close()

    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in tables:
        assert old_columns(table) == before[table], table
    assert rows(path, "SELECT count(*) FROM passage_sets") == [(0,)]
    assert rows(path, "SELECT count(*) FROM passages") == [(0,)]
    assert rows(path, "PRAGMA foreign_key_check") == []
    assert list(tmp_path.glob("rev0003.sqlite3.schema-0003-*.bak"))


FROZEN_REV0005_ARTICLES = Path(__file__).parent / "data" / "library-rev0005-articles.sqlite3"
FROZEN_REV0005 = Path(__file__).parent / "data" / "library-rev0005.sqlite3"


def test_upgrade_from_revision_0005_versions_sources_and_adds_the_change_log(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rev5.sqlite3"
    shutil.copyfile(FROZEN_REV0005, path)
    tables = ("documents", "claims", "sources", "claim_history")
    before = {t: rows(path, f"SELECT * FROM {t} ORDER BY id") for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"
    Store.open(path).close()
    for table in tables:
        after = rows(path, f"SELECT * FROM {table} ORDER BY id")
        width = len(before[table][0])
        assert [row[:width] for row in after] == before[table], table
    assert rows(path, "SELECT version FROM sources") == [(1,)]
    with Store.open(path, author="erin") as store:  # and it takes versioned edits
        [source] = store.sources(1)
        store.update_source(source.id, source.as_input(), expected_version=1)  # unchanged
        store.set_note(1, "after the upgrade", expected_version=store.claim(1).version)
    assert rows(path, "SELECT author, kind, claim_id FROM changes") == [("erin", "claim", 1)]
    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert rows(path, "PRAGMA foreign_key_check") == []


def test_upgrade_of_articles_from_revision_0005_keeps_every_row_and_indexes_them(
        tmp_path: Path) -> None:
    from annotator.domain.library import ClaimQuery

    library = tmp_path / "rev5.sqlite3"
    shutil.copyfile(FROZEN_REV0005_ARTICLES, library)
    tables = ("documents", "claims", "sources", "claim_history")
    before = {t: rows(library, f"SELECT * FROM {t} ORDER BY id") for t in tables}
    assert all(len(before[t]) >= 2 for t in tables)

    with Store.open(library) as store:
        document = store.document(1)
        found = store.search_claims(ClaimQuery(text="denied summit"))
        rejected = store.search_claims(ClaimQuery(review_statuses=frozenset({"rejected"})))

    for table in tables:
        after = rows(library, f"SELECT * FROM {table} ORDER BY id")
        width = len(before[table][0])
        assert [row[:width] for row in after] == before[table], table
    assert (document.url, document.outlet, document.authors, document.published) == (
        "", "", "", "")
    # Existing claims are in the full-text index: a source excerpt of claim 1 finds it.
    assert [hit.claim.id for hit in found.hits] == [1]
    assert [hit.claim.id for hit in rejected.hits] == [1]
    assert rows(library, "PRAGMA foreign_key_check") == []
    assert list(tmp_path.glob("rev5.sqlite3.schema-0005-*.bak"))


def test_upgrade_from_revision_0002_adds_the_review_loop_columns(tmp_path: Path) -> None:
    old = Path(shutil.copyfile(FROZEN_REV0002, tmp_path / "rev2.sqlite3"))
    before = rows(old, "SELECT * FROM claims ORDER BY id")
    assert before
    with Store.open(old) as store:
        claims = store.claims()
    after = rows(old, "SELECT * FROM claims ORDER BY id")
    assert [row[:len(before[0])] for row in after] == before
    assert all(c.reviewer_verdict is None and c.review_reply == "" and c.review_seen_at is None
               for c in claims)
    assert rows(old, "PRAGMA foreign_key_check") == []


FROZEN_REV0007 = Path(__file__).parent / "data" / "library-rev0007.sqlite3"


def test_upgrade_from_revision_0007_keeps_every_row_and_the_review_decisions(
        tmp_path: Path) -> None:
    path = tmp_path / "rev7.sqlite3"
    shutil.copyfile(FROZEN_REV0007, path)
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0007",)]
    tables = ("documents", "claims", "sources", "claim_history")
    old_columns = rows_as_they_were(path, tables)
    before = {t: old_columns(t) for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"
    decisions = rows(path, "SELECT id, review_status, review_note, reviewer FROM claims "
                           "WHERE review_status IS NOT NULL ORDER BY id")
    assert decisions, "the fixture holds a reviewer's decision"

    with Store.open(path) as store:
        reviewed = store.claim(decisions[0][0])

    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in tables:
        assert old_columns(table) == before[table], table
    assert rows(path, "SELECT id, review_status, review_note, reviewer FROM claims "
                      "WHERE review_status IS NOT NULL ORDER BY id") == decisions
    # The review loop's new columns start empty for every existing claim.
    assert rows(path, "SELECT count(*) FROM claims WHERE reviewer_verdict IS NOT NULL "
                      "OR review_reply != ''") == [(0,)]
    assert reviewed.review_status is not None
    assert rows(path, "PRAGMA foreign_key_check") == []
