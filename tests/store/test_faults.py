"""Each environmental fault gets its real diagnosis, and the library file is not changed.

Faults are real: a read-only bind mount, an immutable file, a full tmpfs, a lock held by a
second connection in rollback-journal mode, pages overwritten in a copy of a library.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import (
    DatabaseCorrupt,
    DatabaseFull,
    DatabaseLocked,
    DatabaseReadOnly,
    Store,
    engine,
    identify,
)
from tests.conftest import ORIGINAL_REPORT
from tests.faults_support import (
    digest,
    fill_disk,
    folder_state,
    immutable,
    make_library,
    overwrite_pages,
    read_only_mount,
    small_tmpfs,
    table_leaves,
)

BACKUP_ADVICE = "backup"  # the advice that made users overwrite good work with old copies


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- read-only medium ---------------------------------------------------------------------


def test_read_only_mount_opens_for_reading_and_refuses_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "disk"
    source.mkdir()
    make_library(source / "lib.sqlite3")
    before = folder_state(source)
    with read_only_mount(source, tmp_path / "ro") as mounted:
        db = str(mounted / "lib.sqlite3")
        code, out, err = cli(capsys, "list", "--db", db)
        assert code == 0
        assert out.splitlines()[1].split("\t") == ["1", "2", "1", "0", "Report"]
        assert err.startswith("annotator: note: ") and "opened for reading only" in err

        code, out, err = cli(capsys, "import", str(ORIGINAL_REPORT), "--db", db)
        assert code == 2 and out == ""
        assert "read-only" in err and "damaged" not in err and BACKUP_ADVICE not in err

        report = tmp_path / "report.html"
        code, out, err = cli(capsys, "export", "--format", "html", "-o", str(report),
                             "--db", db)
        assert code == 0 and report.stat().st_size > 0, err

        with Store.open(mounted / "lib.sqlite3") as store:
            assert store.read_only and "read-only" in store.read_only_reason
            claim = store.claims()[0]
            with pytest.raises(DatabaseReadOnly, match="opened for reading only"):
                store.set_note(claim.id, "changed")
            assert store.claim(claim.id).note == claim.note
    assert folder_state(source) == before


def test_immutable_library_file_opens_for_reading(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_library(db_path)
    before = folder_state(db_path.parent)
    with immutable(db_path):
        code, out, err = cli(capsys, "claims", "--db", str(db_path))
        assert code == 0, err
        assert len(out.splitlines()) == 4
        code, _, err = cli(capsys, "import", str(ORIGINAL_REPORT), "--db", str(db_path))
        assert code == 2 and "read-only" in err and "damaged" not in err
    assert folder_state(db_path.parent) == before


# -- full disk ------------------------------------------------------------------------------


def test_full_disk_is_reported_as_full_not_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_tmpfs(tmp_path / "small") as disk:
        library = disk / "lib.sqlite3"
        make_library(library)  # closed: its -shm does not exist yet
        before = digest(library)
        filler = fill_disk(disk)
        for command in ("list", "import"):
            extra = [str(ORIGINAL_REPORT)] if command == "import" else []
            code, out, err = cli(capsys, command, *extra, "--db", str(library))
            assert code == 2 and out == ""
            assert "full" in err and "damaged" not in err and BACKUP_ADVICE not in err
        assert digest(library) == before
        filler.unlink()
        code, _, err = cli(capsys, "import", str(ORIGINAL_REPORT), "--db", str(library))
        assert code == 0, err


def test_full_disk_while_writing_keeps_the_library(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small", size="1m") as disk:
        library = disk / "lib.sqlite3"
        make_library(library)
        with Store.open(library) as store:
            doc_id = store.list_documents()[0].id
            fill_disk(disk)
            with pytest.raises(DatabaseFull, match="is full"):
                for _ in range(200):  # until the WAL needs a new page
                    store.create_claim(doc_id, 0, 8, note="x" * 3000)
            assert not store.read_only
            (disk / "filler").unlink()
            assert store.create_claim(doc_id, 0, 8).exact


# -- locks ----------------------------------------------------------------------------------


def test_lock_in_rollback_journal_mode_is_a_lock(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)  # wait less for the lock
    make_library(db_path)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
        other.execute("PRAGMA journal_mode = DELETE")  # another program's habit
        before = digest(db_path)
        other.execute("BEGIN EXCLUSIVE")
        for command in ("list", "import"):
            extra = [str(ORIGINAL_REPORT)] if command == "import" else []
            code, _, err = cli(capsys, command, *extra, "--db", str(db_path))
            assert code == 2
            assert "locked by another program" in err
            assert "damaged" not in err and BACKUP_ADVICE not in err
        with pytest.raises(DatabaseLocked):
            Store.open(db_path)
        other.execute("ROLLBACK")
    assert digest(db_path) == before
    code, out, err = cli(capsys, "list", "--db", str(db_path))
    assert code == 0 and "Report" in out, err


# -- damage -----------------------------------------------------------------------------------


def damaged_copy(tmp_path: Path) -> Path:
    library = tmp_path / "lib.sqlite3"
    make_library(library, claims=200, note="n" * 300)
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(library, copy)
    middle = sorted(table_leaves(copy, "claims"))[10:12]
    overwrite_pages(copy, middle)
    return copy


def test_damaged_library_refuses_writes(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    copy = damaged_copy(tmp_path)
    before = folder_state(tmp_path)
    code, out, err = cli(capsys, "import", str(ORIGINAL_REPORT), "--db", str(copy))
    assert code == 2 and out == ""
    assert "damaged" in err and "annotator doctor" in err
    assert folder_state(tmp_path) == before  # not even a -wal or -shm beside it
    with Store.open(copy) as store:
        assert store.read_only
        with pytest.raises(DatabaseCorrupt, match="nothing will be written"):
            store.import_document("New", "A new text.")
        assert store.document(1).title == "Report"  # what is intact can still be read
    assert folder_state(tmp_path) == before
    assert identify.quick_check(copy)  # the damage is real


def test_damage_found_while_working_stops_later_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(identify, "QUICK_CHECK_MAX_BYTES", 0)  # as for a big library
    copy = damaged_copy(tmp_path)
    with Store.open(copy) as store:
        assert not store.read_only  # not checked on open
        with pytest.raises(DatabaseCorrupt, match="annotator doctor"):
            store.claims()
        assert store.read_only
        before = digest(copy)
        with pytest.raises(DatabaseCorrupt, match="nothing will be written"):
            store.import_document("New", "A new text.")
    assert digest(copy) == before
