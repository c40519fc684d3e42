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


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council delays the vote | Example News</title>
<link rel="canonical" href="{url}"></head><body><article><h1>Council delays the vote</h1>
{paragraphs}</article></body></html>"""

FIRST = [
    "The city council postponed its vote on the new tram line until the spring session.",
    "Councillors said the cost estimate of 42 million euros had not been checked yet.",
    "The mayor called the delay regrettable but said the project would go ahead.",
]


def page(path: Path, url: str, paragraphs: list[str]) -> Path:
    path.write_text(
        PAGE.format(url=url, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs)),
        encoding="utf-8",
    )
    return path


def test_a_page_of_an_article_in_the_library_is_not_imported_twice_unasked(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    db = str(db_path)
    first = page(tmp_path / "first.html", "https://www.example.org/news/council-vote", FIRST)
    assert run(capsys, "import", str(first), "--db", db)[0] == 0
    assert (
        run(
            capsys,
            "claim",
            "add",
            "1",
            "--quote",
            "42 million euros",
            "--verdict",
            "disputed",
            "--db",
            db,
        )[0]
        == 0
    )
    # The outlet corrected the figure; the page's canonical address is written differently.
    corrected = [FIRST[0], FIRST[1].replace("42", "46"), FIRST[2]]
    again = page(tmp_path / "again.html", "http://example.org/news/council-vote/", corrected)
    other = page(
        tmp_path / "other.html",
        "https://example.org/news/budget",
        ["The budget for next year was adopted by a large majority on Tuesday evening."],
    )

    code, out, err = run(capsys, "import", str(again), str(other), "--db", db)
    assert code == 1  # one file held back
    assert "has the web address of document 1 “Council delays the vote”" in err
    assert f"annotator import {again} --version-of 1" in err
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["2", "imported"]]

    code, out, err = run(capsys, "import", str(again), "--as-versions", "--db", db)
    assert code == 0, err
    assert out.split("\t")[:3] == ["1", "version 2", "fuzzy 1"]
    code, out, _ = run(capsys, "versions", "1", "--db", db)
    assert [row[:2] for row in rows(out)] == [["1", ""], ["2", "yes"]]

    # The same page again is simply already there; --separate makes its own article.
    code, out, _ = run(capsys, "import", str(again), "--db", db)
    assert code == 0 and out.split("\t")[1] == "already in the library"
    third = page(
        tmp_path / "third.html",
        "https://example.org/news/council-vote",
        [*corrected, "This article was updated on Friday."],
    )
    code, out, _ = run(capsys, "import", str(third), "--separate", "--db", db)
    assert code == 0 and out.split("\t")[:2] == ["3", "imported"]
