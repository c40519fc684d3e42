"""The CLI of versions: import a file as a new version, see each claim's state, re-attach."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import ORIGINAL_REPORT

CORRECTED = "Weeks passed as Russia continued to bombard Ukraine"
DELETED = "If they will not stop the war, they will need it in any case"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()[1:]]


def test_import_as_a_new_version_shows_each_claims_state(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    db = str(db_path)
    original = ORIGINAL_REPORT.read_text(encoding="utf-8")
    assert run(capsys, "import", str(ORIGINAL_REPORT), "--db", db)[0] == 0
    for quote in (CORRECTED, DELETED):
        assert run(capsys, "claim", "add", "1", "--quote", quote, "--verdict", "disputed",
                   "--db", db)[0] == 0
    updated = tmp_path / "updated.txt"
    updated.write_text("Update: corrected.\n\n" + original.replace("bombard", "shell").replace(
        DELETED + ",” Zelensky said. ", ""), encoding="utf-8")

    code, out, err = run(capsys, "import", str(updated), "--version-of", "1", "--db", db)
    assert code == 0, err
    assert out.split("\t")[:3] == ["1", "version 2", "fuzzy 1, orphaned 1"]

    code, out, _ = run(capsys, "claims", "1", "--db", db)
    assert out.splitlines()[0].split("\t")[-1] == "state"
    by_quote = {row[7]: row for row in rows(out)}
    fuzzy = by_quote[CORRECTED.replace("bombard", "shell")]
    assert fuzzy[-1] == "fuzzy" and int(fuzzy[3]) == len("Update: corrected.\n\n") + (
        original.index(CORRECTED))
    assert by_quote[DELETED][3:5] == ["-", "-"] and by_quote[DELETED][-1] == "orphaned"

    code, out, _ = run(capsys, "versions", "1", "--db", db)
    assert [row[:2] for row in rows(out)] == [["1", ""], ["2", "yes"]]

    # Named as the claims list shows it: its number in the article.
    orphan = by_quote[DELETED][0]
    code, out, err = run(capsys, "reattach", orphan, "--quote", "Update: corrected.",
                         "--document", "1", "--db", db)
    assert code == 0, err
    assert out.split("\t")[:5] == [orphan, by_quote[DELETED][1], "anchored", "0", "18"]


def test_version_of_takes_one_file(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    run(capsys, "import", str(ORIGINAL_REPORT), "--db", db)
    code, _, err = run(capsys, "import", str(ORIGINAL_REPORT), str(ORIGINAL_REPORT),
                       "--version-of", "1", "--db", db)
    assert code == 2 and "exactly one FILE" in err
    code, out, _ = run(capsys, "import", str(ORIGINAL_REPORT), "--version-of", "1", "--db", db)
    assert code == 0 and "already the current text" in out
    code, _, err = run(capsys, "import", str(ORIGINAL_REPORT), "--version-of", "9", "--db", db)
    assert code == 2 and "No document matches" in err
