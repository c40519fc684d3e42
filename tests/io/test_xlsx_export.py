"""The .xlsx export, read back with openpyxl and checked in its XML: real columns, text as
written (a quote or note starting with "=" is a string, never a formula), wrapped notes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from annotator.io.csv_export import COLUMNS
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
def workbook_path(store: Store, library: Library, tmp_path: Path) -> Path:
    path = tmp_path / "claims.xlsx"
    summary = export_library(store, "xlsx", path)
    assert summary.written == 5
    return path


def test_rows_read_back_as_written(workbook_path: Path, library: Library) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["Claims"]
    sheet = workbook["Claims"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    by_uuid = {row[COLUMNS.index("claim_uuid")]: dict(zip(COLUMNS, row, strict=True))
               for row in rows[1:]}
    assert set(by_uuid) == {claim.uuid for claim in library.claims}
    emoji = by_uuid[library.emoji.uuid]
    assert emoji["quote"] == EMOJI_QUOTE and emoji["verdict"] == "verified"
    assert (emoji["start"], emoji["end"]) == (library.emoji.start, library.emoji.end)
    # Formula-like text is kept as it is: no "'" prefix, and never a formula.
    assert by_uuid[library.formula.uuid]["quote"] == FORMULA_QUOTE
    assert by_uuid[library.overlap.uuid]["note"] == FORMULA_NOTE
    assert by_uuid[library.minus.uuid]["quote"] == MINUS_QUOTE
    assert by_uuid[library.minus.uuid]["note"] == MARKUP_NOTE
    assert sheet.freeze_panes == "A2"


def test_no_formula_cell(workbook_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Claims"]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in types and types <= {"s", "inlineStr", "n"}
    with zipfile.ZipFile(workbook_path) as archive:  # and in the XML itself
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "=SUM(A1:A9)" in xml and not re.search(r"<(\w+:)?f[ >]", xml)


def test_notes_wrap(workbook_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Claims"]
    note = COLUMNS.index("note") + 1
    for row in range(2, sheet.max_row + 1):
        assert sheet.cell(row, note).alignment.wrap_text
    letter = openpyxl.utils.get_column_letter(note)
    assert sheet.column_dimensions[letter].width >= 40  # the note column is wide


def test_claim_numbers_are_number_cells_shown_as_labels(workbook_path: Path,
                                                        library: Library) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Claims"]
    number, uuid = COLUMNS.index("number") + 1, COLUMNS.index("claim_uuid") + 1
    cells = {sheet.cell(row, uuid).value: sheet.cell(row, number)
             for row in range(2, sheet.max_row + 1)}
    assert {key: cell.value for key, cell in cells.items()} == {
        c.uuid: c.number for c in library.claims}
    assert all(cell.data_type == "n" and cell.number_format == '"#"0'
               for cell in cells.values())
