"""CSV export, read back with the csv module as a spreadsheet would import it."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest

from annotator.io.csv_export import COLUMNS, CSV_COLUMNS, neutralise
from annotator.io.export import export_library
from annotator.store import Store
from tests.io.export_support import (
    EMOJI_QUOTE,
    FORMULA_NOTE,
    FORMULA_QUOTE,
    MARKUP_NOTE,
    MINUS_QUOTE,
    Library,
)


@pytest.fixture
def exported(store: Store, library: Library, tmp_path: Path) -> Path:
    path = tmp_path / "claims.csv"
    export_library(store, "csv", path)
    return path


@pytest.fixture
def rows(exported: Path) -> dict[str, dict[str, str]]:
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS == (*COLUMNS, "escaped")
        return {row["claim_uuid"]: row for row in reader}


def test_utf8_with_bom_and_crlf(exported: Path) -> None:
    data = exported.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(b"\r\n") >= 6  # header + 5 rows (+ the CRLF-free note line break)
    assert "👍🏽".encode() in data


def test_one_row_per_claim_with_everything(rows: dict[str, dict[str, str]],
                                           library: Library) -> None:
    assert set(rows) == {c.uuid for c in library.claims}
    row = rows[library.emoji.uuid]
    assert row["document"] == "Emoji 🧪 article"
    assert {key: int(r["number"]) for key, r in rows.items()} == {
        c.uuid: c.number for c in library.claims}
    assert row["quote"] == EMOJI_QUOTE
    assert (row["verdict"], row["author"]) == ("verified", "tester")
    assert (int(row["start"]), int(row["end"])) == (library.emoji.start, library.emoji.end)
    assert row["created_at"].endswith("Z") and row["modified_at"].endswith("Z")
    assert row["sources"] == ("GDP 2023 <https://stats.example/gdp?q=2023&x=1> (supports)"
                              " | Blog post <example.org/no-scheme> (context)")
    assert row["document_uuid"] == library.emoji_doc.uuid


def test_formulas_are_neutralised(rows: dict[str, dict[str, str]], library: Library) -> None:
    assert rows[library.formula.uuid]["quote"] == "'" + FORMULA_QUOTE
    assert rows[library.overlap.uuid]["note"] == "'" + FORMULA_NOTE
    assert rows[library.minus.uuid]["quote"] == "'" + MINUS_QUOTE
    for row in rows.values():
        for column in COLUMNS:
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_escaped_cells_are_flagged(rows: dict[str, dict[str, str]], library: Library) -> None:
    """The added quote is not part of the text: the last column says which cells have one."""
    assert rows[library.formula.uuid]["escaped"] == "quote"
    assert rows[library.overlap.uuid]["escaped"] == "note"
    assert rows[library.minus.uuid]["escaped"] == "quote"
    assert rows[library.emoji.uuid]["escaped"] == ""
    for row in rows.values():
        flagged = set(filter(None, row["escaped"].split("; ")))
        assert flagged == {c for c in COLUMNS if row[c].startswith("'")}
        for column in flagged:  # taking the quote off gives the library's text back
            assert row[column][1:].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_cell_escaped_in_two_columns_names_both(store: Store, library: Library,
                                                 tmp_path: Path) -> None:
    store.set_note(library.formula.id, "+1 from the desk")
    path = tmp_path / "two.csv"
    export_library(store, "csv", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["claim_uuid"] == library.formula.uuid]
    assert row["escaped"] == "quote; note"
    assert (row["quote"], row["note"]) == ("'" + FORMULA_QUOTE, "'+1 from the desk")


def test_multiline_and_markup_survive(rows: dict[str, dict[str, str]], library: Library) -> None:
    assert rows[library.minus.uuid]["note"] == MARKUP_NOTE


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("", ""), ("a=b", "a=b"),
])
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected
