"""The headless CLI: real database file, real sample files, in-process, no tracebacks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import ORIGINAL_REPORT, REWRITE

QUOTE = "The two leaders spoke for over an hour"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_and_claims(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    code, out, _ = run(capsys, "import", str(ORIGINAL_REPORT), str(REWRITE), "--db", db)
    assert code == 0 and out.count("\timported\t") == 2
    code, out, _ = run(capsys, "import", str(ORIGINAL_REPORT), "--db", db)
    assert code == 0 and "already in the library" in out

    code, out, err = run(capsys, "claim", "add", "1", "--quote", QUOTE, "--verdict", "verified",
                         "--note", "Both sides confirmed", "--source", "https://example.org/a",
                         "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--db", db)
    lines = out.splitlines()
    assert lines[1].split("\t")[:4] == ["1", "0", "1", "0"]
    code, out, _ = run(capsys, "claims", "1", "--db", db)
    fields = out.splitlines()[1].split("\t")
    assert fields[4:7] == ["verified", "1", QUOTE]

    connection = sqlite3.connect(db_path)
    (start, end), = connection.execute('SELECT start, "end" FROM claims').fetchall()
    connection.close()
    assert ORIGINAL_REPORT.read_text(encoding="utf-8")[start:end] == QUOTE


def test_occurrence_picks_the_nth_match(capsys: pytest.CaptureFixture[str], db_path: Path,
                                        tmp_path: Path) -> None:
    article = tmp_path / "repeat.txt"
    article.write_text("Title\nIt rained. Then it rained. Then it rained again.\n",
                       encoding="utf-8")
    db = str(db_path)
    assert run(capsys, "import", str(article), "--db", db)[0] == 0
    code, _, err = run(capsys, "claim", "add", "Title", "--quote", "it rained",
                       "--occurrence", "2", "--verdict", "disputed", "--db", db)
    assert code == 0, err
    connection = sqlite3.connect(db_path)
    (start,), = connection.execute("SELECT start FROM claims").fetchall()
    connection.close()
    first = article.read_text().index("it rained")
    assert start == article.read_text().index("it rained", first + 1)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["claim", "add", "1", "--quote", "not in the article", "--verdict", "verified"],
         "not found"),
        (["claims", "no such document"], "No document matches"),
        (["import", "/nonexistent/file.txt"], "file.txt"),
    ],
)
def test_errors_are_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str], db_path: Path, argv: list[str], expected: str
) -> None:
    run(capsys, "import", str(ORIGINAL_REPORT), "--db", str(db_path))
    code, _, err = run(capsys, *argv, "--db", str(db_path))
    assert code != 0
    assert expected.lower() in err.lower()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_file_in_a_batch_imports_nothing(capsys: pytest.CaptureFixture[str], db_path: Path,
                                             tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    code, _, err = run(capsys, "import", str(ORIGINAL_REPORT), str(bad), "--db", str(db_path))
    assert code != 0 and "bad.txt" in err
    connection = sqlite3.connect(db_path) if db_path.exists() else None
    if connection is not None:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (0,)
        connection.close()


def test_corrupt_database_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"garbage" * 50)
    code, _, err = run(capsys, "list", "--db", str(broken))
    assert code != 0 and "not an SQLite database" in err and "Traceback" not in err


def test_database_from_environment(capsys: pytest.CaptureFixture[str], db_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", str(db_path))
    assert run(capsys, "import", str(REWRITE))[0] == 0
    assert db_path.exists()
