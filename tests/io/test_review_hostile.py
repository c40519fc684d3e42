"""Review files from outside are untrusted: each hostile file below is refused (or read with a
clear warning), the library stays as it was, and every export still works afterwards."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.io import review_file
from annotator.io.export import export_library
from annotator.io.formats import ExportFormat
from annotator.io.review_file import MAX_NOTE_CHARS
from annotator.io.review_import import ReviewFileError, import_review
from annotator.store import Store
from tests.conftest import Backend
from tests.io.export_support import Library
from tests.io.test_review_import import APPROVE_1, library_rows, reviewer


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the folder with a checksum: reading must add or change none."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def exports_still_work(store: Store, folder: Path) -> None:
    for fmt in ExportFormat:
        out = folder / f"after{fmt.suffix}.{fmt.value}"
        export_library(store, fmt, out)
        assert out.stat().st_size > 0


def refused(store: Store, path: Path, backend: Backend) -> str:
    before = library_rows(backend)
    files = folder_state(path.parent)
    with pytest.raises(ReviewFileError) as info:
        import_review(store, path)
    assert library_rows(backend) == before
    assert folder_state(path.parent) == files  # nothing written beside or into the file
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of its own, like a download folder, so nothing else lives beside the file."""
    folder = tmp_path / "from-reviewer"
    folder.mkdir()
    return folder


@pytest.fixture
def received(review: Path, outside: Path) -> Path:
    return Path(shutil.copy(review, outside / "review.sqlite"))


def test_blob_values_are_refused_and_exports_keep_working(
    store: Store, library: Library, received: Path, backend: Backend, tmp_path: Path
) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', reviewer = x'416c6578', "
                       "review_note = x'00ff10' WHERE rowid = 1")
    message = refused(store, received, backend)
    assert "Claim #1" in message and "not text" in message and "blob" in message
    exports_still_work(store, tmp_path)


def test_a_blob_time_is_refused(store: Store, library: Library, received: Path,
                                backend: Backend) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', reviewed_at = x'01' "
                       "WHERE rowid = 2")
    assert "Claim #2" in refused(store, received, backend)


def _rebuild_claims(path: Path, old: str, new: str) -> None:
    """Recreate the claims table with one column definition replaced, keeping its rows."""
    with closing(sqlite3.connect(path)) as db:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
        assert old in sql
        kept = [row[1] for row in db.execute("PRAGMA table_info(claims)")
                if row[1] != old.split()[0]]
        columns = ", ".join(f'"{c}"' for c in kept)
        db.executescript(
            "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON;"
            "ALTER TABLE claims RENAME TO claims_old;"
            f"{sql.replace(old, new)};"
            f"INSERT INTO claims ({columns}) SELECT {columns} FROM claims_old;"
            "DROP TABLE claims_old;"
        )


def test_a_generated_column_is_refused_before_anything_is_read(
    store: Store, library: Library, received: Path, backend: Backend, tmp_path: Path
) -> None:
    _rebuild_claims(received, "review_note      TEXT NOT NULL DEFAULT ''",
                    "review_note TEXT GENERATED ALWAYS AS (hex(zeroblob(100000000))) VIRTUAL")
    assert received.stat().st_size < 200_000
    message = refused(store, received, backend)
    assert "generated column 'review_note'" in message and "nothing was read" in message
    exports_still_work(store, tmp_path)


def test_a_virtual_table_is_refused(store: Store, library: Library, received: Path,
                                    backend: Backend) -> None:
    reviewer(received, "CREATE VIRTUAL TABLE notes USING fts5(body)")
    assert "virtual table 'notes'" in refused(store, received, backend)


@pytest.mark.parametrize(("statement", "what"), [
    ("ALTER TABLE claims ADD COLUMN extra TEXT", "table claims was altered"),
    ("CREATE TRIGGER grow AFTER UPDATE ON claims BEGIN SELECT 1; END", "trigger grow was added"),
    ("DROP VIEW claims_for_review", "view claims_for_review was dropped"),
    ("CREATE TABLE mine (x)", "table mine was added"),
])
def test_any_schema_we_did_not_write_is_refused(
    store: Store, library: Library, received: Path, backend: Backend, statement: str, what: str
) -> None:
    reviewer(received, APPROVE_1, statement)
    message = refused(store, received, backend)
    assert what in message and "as Annotator wrote it" in message


def test_analyze_statistics_are_allowed(store: Store, library: Library,
                                        received: Path) -> None:
    reviewer(received, APPROVE_1, "ANALYZE")
    assert import_review(store, received).applied == 1


def test_an_oversized_note_is_refused(store: Store, library: Library, received: Path,
                                      backend: Backend, tmp_path: Path) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', "
                       "review_note = printf('%.*c', 20000000, 'x') WHERE rowid = 1")
    message = refused(store, received, backend)
    assert "review_note of 20,000,000 characters; the limit is 10,000" in message
    exports_still_work(store, tmp_path)


def test_a_note_at_the_limit_is_accepted(store: Store, library: Library,
                                         received: Path) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', "
                       f"review_note = printf('%.*c', {MAX_NOTE_CHARS}, 'y') WHERE rowid = 1")
    assert import_review(store, received).applied == 1
    assert len(store.claims()[0].review_note) == MAX_NOTE_CHARS


def test_an_oversized_reviewer_name_is_refused(store: Store, library: Library,
                                               received: Path, backend: Backend) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', "
                       "reviewer = printf('%.*c', 201, 'r') WHERE rowid = 1")
    assert "reviewer of 201 characters; the limit is 200" in refused(store, received, backend)


def test_control_characters_are_refused_and_windows_line_ends_cleaned(
    store: Store, library: Library, received: Path, backend: Backend
) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', "
                       "review_note = 'fine' || char(27) || '[2J' WHERE rowid = 1")
    assert "control characters in its review_note" in refused(store, received, backend)
    reviewer(received, "UPDATE claims SET review_note = 'line one' || char(13, 10) || "
                       "'line two' WHERE rowid = 1")
    import_review(store, received)
    assert store.claims()[0].review_note == "line one\nline two"


def test_text_that_is_not_utf8_is_refused(store: Store, library: Library, received: Path,
                                          backend: Backend) -> None:
    reviewer(received, "UPDATE claims SET review_status = 'approved', "
                       "review_note = CAST(x'c328' AS TEXT) WHERE rowid = 1")
    assert "not valid UTF-8" in refused(store, received, backend)


def _wal_review(review: Path) -> sqlite3.Connection:
    """A reviewer's program in WAL mode, still open: its decision is only in the -wal."""
    connection = sqlite3.connect(review, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute(APPROVE_1)
    return connection


def test_a_wal_file_without_its_wal_is_reported(store: Store, library: Library, review: Path,
                                                outside: Path) -> None:
    with closing(_wal_review(review)):
        sent = Path(shutil.copy(review, outside / "review.sqlite"))  # the -wal left behind
    files = folder_state(outside)

    report = import_review(store, sent)

    assert report.applied == 0
    (warning,) = report.warnings
    assert "WAL mode" in warning and "review.sqlite-wal" in warning
    assert folder_state(outside) == files  # no -shm, no -wal created, file unchanged


def test_a_wal_file_with_its_wal_is_read_whole_without_touching_either(
    store: Store, library: Library, review: Path, outside: Path
) -> None:
    with closing(_wal_review(review)):
        sent = Path(shutil.copy(review, outside / "review.sqlite"))
        shutil.copy(f"{review}-wal", outside / "review.sqlite-wal")
    files = folder_state(outside)

    report = import_review(store, sent)

    assert (report.applied, report.warnings) == (1, ())
    assert folder_state(outside) == files


def test_a_foreign_sqlite_file_is_refused_untouched(store: Store, library: Library,
                                                    outside: Path, backend: Backend) -> None:
    other = outside / "contacts.sqlite"
    with closing(sqlite3.connect(other)) as db, db:
        db.execute("CREATE TABLE people (name TEXT)")
    assert "not an Annotator review export" in refused(store, other, backend)


def test_a_file_being_saved_gives_a_clear_message(
    store: Store, library: Library, received: Path, backend: Backend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(review_file, "READ_TIMEOUT_S", 0.1)
    with closing(sqlite3.connect(received, isolation_level=None)) as writer:
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute(APPROVE_1)
        before = library_rows(backend)
        with pytest.raises(ReviewFileError, match="being saved by another program"):
            import_review(store, received)
        assert library_rows(backend) == before
        writer.execute("COMMIT")
    assert import_review(store, received).applied == 1
