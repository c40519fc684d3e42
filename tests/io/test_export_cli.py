"""`annotator export` and `annotator import-review` in-process: exit codes and one-liners."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.io.formats import ExportFormat
from tests.conftest import Backend
from tests.io.export_support import build_library


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    assert err.startswith("annotator: "), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.fixture
def db(backend: Backend, original_text: str) -> str:
    with backend.open(author="tester") as store:
        build_library(store, original_text)
    return backend.target


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_every_format_exports(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
                              fmt: str) -> None:
    out_path = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "export", "--format", fmt, "-o", str(out_path), "--db", db)
    assert (code, err) == (0, "")
    left_out = ("; 1 unchecked claim left out (only checked claims are published as reviews)"
                if fmt in ("claimreview", "embed") else "")
    written = 4 if left_out else 5
    assert out == (f"Exported {written} claims from 3 documents to {out_path} ({fmt})"
                   f"{left_out}\n")
    assert out_path.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_document_option_limits_the_export(capsys: pytest.CaptureFixture[str], db: str,
                                           tmp_path: Path) -> None:
    out_path = tmp_path / "original.jsonld"
    code, out, _ = run(capsys, "export", "--format", "w3c", "-o", str(out_path),
                       "--document", "Original", "--db", db)
    assert code == 0 and "1 claim from 1 document" in out
    assert json.loads(out_path.read_text(encoding="utf-8"))["total"] == 1


def test_round_trip_through_the_cli(capsys: pytest.CaptureFixture[str], db: str,
                                    tmp_path: Path) -> None:
    review = tmp_path / "review.sqlite"
    assert run(capsys, "export", "--format", "review", "-o", str(review), "--db", db)[0] == 0
    with closing(sqlite3.connect(review)) as connection, connection:
        connection.execute("UPDATE claims SET review_status = 'approved', reviewer = 'Alex' "
                           "WHERE rowid IN (1, 5)")
    code, out, err = run(capsys, "import-review", str(review), "--db", db)
    assert (code, err) == (0, "")
    assert out.startswith("Imported review review.sqlite: 2 decisions applied,")
    code, out, _ = run(capsys, "import-review", str(review), "--db", db)
    assert code == 0 and "0 decisions applied" in out and "2 unchanged" in out


def test_import_review_refuses_a_wrong_file(capsys: pytest.CaptureFixture[str], db: str,
                                            tmp_path: Path) -> None:
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello", encoding="utf-8")
    code, out, err = run(capsys, "import-review", str(wrong), "--db", db)
    assert (code, out) == (2, "")
    assert "not a review export" in one_line_error(err)


@pytest.mark.sqlite_only
def test_import_review_refuses_the_library_itself(capsys: pytest.CaptureFixture[str],
                                                  db: str) -> None:
    code, _, err = run(capsys, "import-review", db, "--db", db)
    assert code == 2 and "not an Annotator review export" in one_line_error(err)


def test_import_review_of_a_missing_file(capsys: pytest.CaptureFixture[str], db: str,
                                         tmp_path: Path) -> None:
    code, _, err = run(capsys, "import-review", str(tmp_path / "nope.sqlite"), "--db", db)
    assert code == 2 and "There is no file" in one_line_error(err)


def test_export_into_a_missing_folder(capsys: pytest.CaptureFixture[str], db: str,
                                      tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(target), "--db", db)
    assert code == 2 and "does not exist" in one_line_error(err)


@pytest.mark.sqlite_only
def test_export_over_the_library_is_refused(capsys: pytest.CaptureFixture[str], db: str,
                                            db_path: Path) -> None:
    before = db_path.read_bytes()
    code, _, err = run(capsys, "export", "--format", "review", "-o", db, "--db", db)
    assert code == 2 and "the library itself" in one_line_error(err)
    assert db_path.read_bytes() == before


def test_export_of_an_unknown_document(capsys: pytest.CaptureFixture[str], db: str,
                                       tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(tmp_path / "x.csv"),
                       "--document", "No such title", "--db", db)
    assert code == 2 and "No document matches" in one_line_error(err)
    assert not (tmp_path / "x.csv").exists()


def test_export_to_a_folder(capsys: pytest.CaptureFixture[str], db: str,
                            tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "--format", "html", "-o", str(tmp_path), "--db", db)
    assert code == 2 and "is a folder" in one_line_error(err)
