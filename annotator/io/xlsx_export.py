"""Excel workbook (.xlsx): the CSV's columns as real cells, written by openpyxl.

Unlike CSV, a cell's type is explicit: every text cell is stored as a string, so a quote or
note starting with ``=`` is shown as written and never run as a formula (no ``'`` prefix is
needed, so the text is not changed). Long texts (quote, note, sources, review note) wrap in
wide columns; the header row is frozen. The workbook is written in openpyxl's write-only
mode with inline strings: rows go to a temporary file as they are read, so memory stays
flat whatever the library size. openpyxl is imported only when a workbook is written.

The ``number`` column holds the claim's number as a number cell shown as ``#7`` (a number
format, so it sorts as a number and reads as in the app).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.io.csv_export import COLUMNS, row_batches
from annotator.store.export_rows import DocumentBundle

SHEET_TITLE = "Claims"
# Columns that hold running text: wrapped, and wider than the rest.
_WRAPPED = frozenset({"document", "quote", "note", "sources", "review_note"})
_WIDTHS = {"document": 30, "quote": 50, "note": 50, "sources": 60, "review_note": 40,
           "claim_uuid": 38, "document_uuid": 38, "created_at": 21, "modified_at": 21}
_MAX_CELL = 32_767  # characters Excel keeps in one cell
_NUMBER_FORMAT = '"#"0'  # 7 shown as #7 (annotator.domain.claim_number)
# Control characters XML 1.0 cannot hold (openpyxl refuses them): shown as U+FFFD.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(
    bundles: Iterable[DocumentBundle], path: Path, *, tick: Callable[[int], None]
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    bold = Font(bold=True)

    def text_cell(value: str, wrapped: bool) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=_cleaned(value))
        cell.data_type = "s"  # a string, even when it starts with "=": never a formula
        cell.alignment = wrap if wrapped else top
        return cell

    def number_cell(value: int) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _NUMBER_FORMAT
        cell.alignment = top
        return cell

    header = [text_cell(name, False) for name in COLUMNS]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    wrapped = [name in _WRAPPED for name in COLUMNS]
    claim_number = COLUMNS.index("number")
    done = 0
    for rows in row_batches(bundles):  # one document's claims at a time
        for row in rows:
            sheet.append([
                text_cell(cell, wrapped[n]) if isinstance(cell, str)
                else number_cell(cell) if n == claim_number else cell
                for n, cell in enumerate(row)
            ])
        done += len(rows)
        tick(done)
    workbook.save(path)


def _cleaned(text: str) -> str:
    text = _ILLEGAL.sub("\ufffd", text)
    return text if len(text) <= _MAX_CELL else text[:_MAX_CELL - 1] + "…"
