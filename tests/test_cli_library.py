"""Command line: article records, deletion, search across the library, encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import ORIGINAL_REPORT, REWRITE

NEWS_PAGE = Path(__file__).parent / "io" / "data" / "news_article.html"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fields(out: str) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in out.strip().splitlines())


def test_document_set_and_show(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(capsys, "import", str(NEWS_PAGE), *db)
    code, out, _ = run(capsys, "document", "show", "1", *db)
    assert code == 0
    shown = fields(out)
    assert (shown["outlet"], shown["authors"], shown["published"]) == (
        "The Daily Planet", "Lois Lane; Clark Kent", "2026-03-14")
    code, out, _ = run(capsys, "document", "set", "1", "--title", "Budapest summit",
                       "--url", "planet.example/s", "--outlet", "Planet", "--author",
                       "L. Lane; C. Kent", "--published", "2026-03-15", *db)
    assert code == 0
    assert fields(out)["url"] == "https://planet.example/s"
    shown = fields(run(capsys, "document", "show", "Budapest summit", *db)[1])
    assert (shown["title"], shown["outlet"], shown["authors"], shown["published"]) == (
        "Budapest summit", "Planet", "L. Lane; C. Kent", "2026-03-15")
    code, _, err = run(capsys, "document", "set", "1", "--published", "March 15", *db)
    assert code == 2 and "YYYY-MM-DD" in err and "Traceback" not in err


def test_search_with_filters_and_json(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(capsys, "import", str(ORIGINAL_REPORT), str(REWRITE), *db)
    original = ORIGINAL_REPORT.read_text(encoding="utf-8")
    words = original.split()[4]
    run(capsys, "claim", "add", "1", "--quote", words, "--verdict", "disputed",
        "--note", "Needs the ministry's figure", *db)
    run(capsys, "claim", "add", "2", "--quote", REWRITE.read_text(encoding="utf-8").split()[3],
        "--verdict", "verified", "--note", "Ministry confirmed", *db)
    code, out, _ = run(capsys, "search", "ministry", *db)
    assert code == 0 and len(out.strip().splitlines()) == 3  # header + two claims
    code, out, _ = run(capsys, "search", "ministry", "--verdict", "disputed", "--json", *db)
    found = json.loads(out)
    assert found["total"] == 1
    assert found["claims"][0]["note"] == "Needs the ministry's figure"
    assert found["claims"][0]["review_status"] is None
    code, out, _ = run(capsys, "search", "--review", "rejected", "--json", *db)
    assert json.loads(out)["total"] == 0
    code, out, _ = run(capsys, "search", "--review", "unreviewed", "--json", *db)
    assert json.loads(out)["total"] == 2


def test_document_delete_asks_for_yes(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(capsys, "import", str(ORIGINAL_REPORT), *db)
    run(capsys, "claim", "add", "1", "--quote", ORIGINAL_REPORT.read_text().split()[2],
        "--verdict", "verified", "--source", "https://example.org", "--stance", "supports", *db)
    code, out, _ = run(capsys, "document", "delete", "1", *db)
    assert code == 1 and "1 claims, 1 sources" in out and "--yes" in out
    assert run(capsys, "list", *db)[1].count("\n") == 2
    code, out, _ = run(capsys, "document", "delete", "1", "--yes", *db)
    assert code == 0 and run(capsys, "list", *db)[1].count("\n") == 1


def test_cp1252_file_imports_after_the_encoding_is_named(
        capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    db = ("--db", str(db_path))
    article = tmp_path / "legacy.txt"
    article.write_bytes("Le ministre a dit que le café coûtait 3 € — «trop cher».\n"
                        .encode("cp1252") * 3)
    code, _, err = run(capsys, "import", str(article), *db)
    assert code == 2 and "--encoding cp1252" in err and "Windows-1252" in err
    assert run(capsys, "list", *db)[1].count("\n") == 1  # nothing imported
    code, out, _ = run(capsys, "import", str(article), "--encoding", "cp1252", *db)
    assert code == 0 and "\timported\t" in out
    code, out, _ = run(capsys, "claims", "1", *db)
    code, out, _ = run(capsys, "claim", "add", "1", "--quote", "coûtait 3 €", "--verdict",
                       "disputed", *db)
    assert code == 0
