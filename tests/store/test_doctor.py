"""annotator doctor on a damaged copy: the original stays as it was, the recovered file is
a library holding every claim whose row was not on a damaged page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import Store, StoreError
from annotator.store.doctor import check, recover
from tests.faults_support import (
    folder_state,
    make_library,
    overwrite_pages,
    table_leaves,
)

Claims = dict[str, tuple[str, str]]  # (verdict, note) by uuid


def damaged_library(folder: Path) -> tuple[Path, Claims, Claims]:
    """A copy of a library with two claims pages overwritten; the claims that were not on
    them, and all claims."""
    folder.mkdir()
    original = folder / "original.sqlite3"
    make_library(original, claims=200, note="note " * 60)
    with Store.open(original) as store:
        claims = {c.id: c for c in store.claims()}
    damaged = folder / "damaged.sqlite3"
    shutil.copyfile(original, damaged)
    leaves = table_leaves(damaged, "claims")
    pages = sorted(leaves)[5:7]
    overwrite_pages(damaged, pages)
    lost = {rowid for page in pages for rowid in leaves[page]}
    assert lost and len(lost) < len(claims)
    everything = {c.uuid: (c.verdict.value, c.note) for c in claims.values()}
    intact = {c.uuid: everything[c.uuid] for i, c in claims.items() if i not in lost}
    original.unlink()
    return damaged, intact, everything


def assert_recovered(found: Claims, intact: Claims, everything: Claims, *,
                     exactly: bool) -> None:
    """Every undamaged claim, unchanged; SQLite's .recover may also save some rows of a
    damaged page, and those must be true to the original too."""
    if exactly:
        assert found == intact
    assert intact.items() <= found.items() <= everything.items()


@pytest.mark.parametrize("use_sqlite3_command", [True, False],
                         ids=["sqlite3-if-it-can", "python"])
def test_recovery_keeps_every_undamaged_claim(tmp_path: Path,
                                              use_sqlite3_command: bool) -> None:
    damaged, intact, everything = damaged_library(tmp_path / "lib")
    before = folder_state(damaged.parent)
    assert not check(damaged).healthy
    target = tmp_path / "recovered.sqlite3"

    recovery = recover(damaged, target, use_sqlite3_command=use_sqlite3_command)

    assert folder_state(damaged.parent) == before  # the damaged library was only read
    assert recovery.restored["documents"] == 1
    with Store.open(target) as store:
        assert not store.read_only
        found = {c.uuid: (c.verdict.value, c.note) for c in store.claims()}
        assert_recovered(found, intact, everything, exactly=not use_sqlite3_command)
        for claim in store.claims():  # the history of each kept claim came back with it
            assert store.history(claim.id)[0].field == "created"
        store.import_document("Next", "Work goes on in the recovered library.")
        # Claims keep their numbers; new ones follow them (no counter was recovered).
        kept = store.claims()
        if kept:
            latest = store.create_claim(kept[0].document_id, kept[0].start, kept[0].end)
            assert latest.number == max(c.number for c in kept) + 1
    assert check(target).healthy


def test_doctor_command_on_a_damaged_library(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    damaged, intact, everything = damaged_library(tmp_path / "lib")
    before = folder_state(damaged.parent)

    assert main(["doctor", "--check-only", "--db", str(damaged)]) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out and "claims" in out
    assert folder_state(damaged.parent) == before

    target = tmp_path / "out.sqlite3"
    assert main(["doctor", "--db", str(damaged), "-o", str(target)]) == 1
    out = capsys.readouterr().out
    assert str(target) in out
    recovered = int(re.search(r"(\d+) claims,", out).group(1))  # type: ignore[union-attr]
    assert len(intact) <= recovered <= len(everything)
    assert folder_state(damaged.parent) == before
    assert main(["list", "--db", str(target)]) == 0
    assert "Report" in capsys.readouterr().out

    assert main(["doctor", "--db", str(damaged), "-o", str(target)]) == 2  # never overwrite
    assert "already exists" in capsys.readouterr().err


def test_doctor_default_target_is_beside_the_library(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    damaged, intact, everything = damaged_library(tmp_path / "lib")
    assert main(["doctor", "--db", str(damaged)]) == 1
    recovered = list(damaged.parent.glob("damaged.recovered-*.sqlite3"))
    assert len(recovered) == 1
    with Store.open(recovered[0]) as store:
        found = {c.uuid: (c.verdict.value, c.note) for c in store.claims()}
    assert_recovered(found, intact, everything, exactly=False)


def test_doctor_on_a_healthy_library(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_library(db_path)
    before = folder_state(db_path.parent)
    assert main(["doctor", "--db", str(db_path)]) == 0
    assert "healthy" in capsys.readouterr().out
    assert folder_state(db_path.parent) == before


def test_doctor_on_a_file_that_is_not_sqlite(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("just some notes")
    assert main(["doctor", "--db", str(path)]) == 2
    assert "not an SQLite database" in capsys.readouterr().err
    with pytest.raises(StoreError):
        recover(path, tmp_path / "out.sqlite3")


def test_doctor_on_a_database_server_says_it_checks_files_only(
    capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", "--db", "postgresql+psycopg://someone@desk/library"]) == 2
    assert "checks library files" in capsys.readouterr().err
