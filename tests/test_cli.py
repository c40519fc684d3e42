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
                         "--stance", "supports", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--db", db)
    lines = out.splitlines()
    assert lines[1].split("\t")[:4] == ["1", "0", "1", "0"]
    code, out, _ = run(capsys, "claims", "1", "--db", db)
    fields = out.splitlines()[1].split("\t")
    assert fields[0] == "#1" and fields[5:8] == ["verified", "1", QUOTE]

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


@pytest.mark.parametrize("before", [True, False])
def test_db_option_works_before_and_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    before: bool,
) -> None:
    default = tmp_path / "default.sqlite3"
    monkeypatch.setenv("ANNOTATOR_DB", str(default))
    chosen = tmp_path / "chosen.sqlite3"
    db = ["--db", str(chosen)]
    argv = [*db, "import", str(REWRITE)] if before else ["import", str(REWRITE), *db]
    assert run(capsys, *argv)[0] == 0
    code, out, _ = run(capsys, *([*db, "list"] if before else ["list", *db]))
    assert code == 0 and len(out.splitlines()) == 2
    assert chosen.exists() and not default.exists()


def test_notes_and_quotes_may_begin_with_a_minus(capsys: pytest.CaptureFixture[str],
                                                 db_path: Path) -> None:
    db = str(db_path)
    run(capsys, "import", str(ORIGINAL_REPORT), "--db", db)
    code, _, err = run(capsys, "--db", db, "claim", "add", "1", "--quote", QUOTE,
                       "--verdict", "disputed", "--note", "-2+3 is not what was said")
    assert code == 0, err
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT note FROM claims").fetchall() == [
        ("-2+3 is not what was said",)]
    connection.close()


def test_source_stance_is_asked_for_and_stored(capsys: pytest.CaptureFixture[str],
                                               db_path: Path) -> None:
    db = ["--db", str(db_path)]
    run(capsys, "import", str(ORIGINAL_REPORT), *db)
    add = ["claim", "add", "1", "--quote", QUOTE, "--verdict", "disputed",
           "--source", "https://example.org/a", "--source", "example.org/b", *db]
    code, _, err = run(capsys, *add)
    assert code == 2 and "--stance" in err
    code, _, err = run(capsys, *add, "--stance", "refutes", "--stance", "context")
    assert code == 0, err
    connection = sqlite3.connect(db_path)
    rows = connection.execute("SELECT url, stance FROM sources ORDER BY id").fetchall()
    connection.close()
    assert rows == [("https://example.org/a", "refutes"), ("https://example.org/b", "context")]


def test_review_of_another_library_is_not_a_silent_success(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    review = tmp_path / "review.sqlite"
    run(capsys, "--db", str(first), "import", str(ORIGINAL_REPORT))
    run(capsys, "--db", str(first), "claim", "add", "1", "--quote", QUOTE,
        "--verdict", "verified")
    assert run(capsys, "--db", str(first), "export", "--format", "review",
               "-o", str(review))[0] == 0
    connection = sqlite3.connect(review)
    connection.execute("UPDATE claims SET review_status = 'approved' WHERE rowid = 1")
    connection.commit()
    connection.close()
    run(capsys, "--db", str(second), "import", str(ORIGINAL_REPORT))
    code, out, err = run(capsys, "--db", str(second), "import-review", str(review))
    assert code != 0 and out == ""
    assert "none of the 1 claim" in err.lower() and "another library" in err


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "lib.sqlite3"
    many = tmp_path / "many"
    many.mkdir()
    for i in range(300):
        (many / f"a{i}.txt").write_text(f"Article {i}\nBody number {i}.\n", encoding="utf-8")
    env = {"ANNOTATOR_DB": str(db), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "annotator"]
    subprocess.run([*cli, "import", *map(str, many.iterdir())], env=env, check=True,
                   capture_output=True)
    # `annotator list | head -1`: the reader closes the pipe after one line.
    lister = subprocess.Popen([*cli, "list"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert lister.stdout is not None
    lister.stdout.readline()
    lister.stdout.close()
    _, err = lister.communicate(timeout=60)
    assert lister.returncode == 0
    assert err == b""


def test_agreement_and_changed_since_review(capsys: pytest.CaptureFixture[str],
                                            db_path: Path, tmp_path: Path) -> None:
    import json

    db = str(db_path)
    run(capsys, "import", str(ORIGINAL_REPORT), "--db", db)
    for quote, verdict in ((QUOTE, "verified"), ("Russian counterpart", "disputed")):
        code, _, err = run(capsys, "claim", "add", "1", "--quote", quote, "--verdict", verdict,
                           "--db", db)
        assert code == 0, err
    review = tmp_path / "review.sqlite"
    run(capsys, "export", "--format", "review", "-o", str(review), "--db", db)
    with sqlite3.connect(review) as connection:
        connection.execute("UPDATE claims SET reviewer_verdict = 'verified', "
                           "review_status = 'approved'")
    connection.close()

    code, out, _ = run(capsys, "agreement", str(review))
    assert code == 0
    assert "agree on 1 of 2 verdicts (50%, Cohen's κ = 0.00)" in out
    code, out, _ = run(capsys, "agreement", str(review), "--json")
    data = json.loads(out)
    assert (data["pairs"], data["agreed"], data["cohen_kappa"]) == (2, 1, 0.0)
    assert data["confusion"]["disputed"]["verified"] == 1

    code, out, _ = run(capsys, "import-review", str(review), "--db", db)
    assert code == 0 and "Cohen's κ" in out and "editor \\ reviewer" in out
    again = tmp_path / "again.sqlite"
    code, out, _ = run(capsys, "export", "--format", "review", "-o", str(again),
                       "--changed-since-review", "--db", db)
    assert code == 0 and "Exported 0 claims from 0 documents" in out
    run(capsys, "claim", "add", "1", "--quote", "Thursday", "--verdict", "unchecked", "--db", db)
    code, out, _ = run(capsys, "export", "--format", "review", "-o", str(again),
                       "--changed-since-review", "--db", db)
    assert "Exported 1 claim from 1 document" in out

    code, _, err = run(capsys, "agreement", str(tmp_path / "absent.sqlite"))
    assert code != 0 and "There is no file" in err
