"""The CSV export's lines (annotator.io.csv_export), written by SQLite.

Each claim's line is what ``csv.writer`` would write for the row of
:data:`annotator.io.csv_export.CSV_COLUMNS`: text cells neutralised (a leading ``'`` on what a
spreadsheet would run as a formula), quoted when they hold a comma, a quote or a line break,
the ``escaped`` column naming the neutralised cells, CRLF at the end.

What costs in SQLite is making strings (each ``||`` allocates) and reading a text more often
than needed. So the usual row, whose short cells need neither quoting nor a ``'`` and which
holds no NUL, is written by one ``printf()`` (one string for the line), quoting only the
cells that often need it; any other row takes the cell-by-cell line, made with ``||``
(``printf`` would cut a text at a NUL). Both are the value of one scalar subquery over the
claim's sources: its ``group_concat()`` is computed once however often the line names it.
Tests compare the file with the Python path's (annotator.io.csv_export).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import literal_column

from annotator.store.export_rows import ExportReader
from annotator.store.export_text import Runner, claims_in_order
from annotator.store.sql_text import (
    Piece,
    Sql,
    concat,
    csv_quoted,
    csv_special,
    escaped_names,
    formula,
    iso_seconds,
    iso_seconds_printf,
    literal,
    neutralised,
    strip,
)

SOURCE_SEPARATOR = " | "
ESCAPED_SEPARATOR = "; "


class CellKind(Enum):
    NUMBER = "number"  # a whole number, written as it is
    KEYWORD = "keyword"  # one of the words a CHECK constraint allows: never quoted or escaped
    SHORT = "short"  # text that seldom needs quoting
    PROSE = "prose"  # text that often holds commas or line breaks
    TIME = "time"  # a stored timestamp, written as ISO 8601 to the second


@dataclass(frozen=True)
class CsvCell:
    name: str
    sql: str  # over a claims row joined with its document (the stored value for a TIME)
    kind: CellKind

    @property
    def is_text(self) -> bool:
        return self.kind is not CellKind.NUMBER


# group_concat() takes the rows in the order of its ordered subquery (what SQLite does,
# though its documentation promises no order before 3.44's ORDER BY inside aggregates);
# the tests compare a claim with two sources against the Python path.
_SOURCES_TEXT = (
    "coalesce(group_concat(CASE WHEN label <> '' AND url <> '' THEN label || ' <' || url || '>' "
    "WHEN label <> '' THEN label ELSE url END || ' (' || stance || ')', "
    f"{literal(SOURCE_SEPARATOR)}), '')"
)
_SOURCES_IN_ORDER = (
    "(SELECT CASE WHEN s.title <> '' THEN s.title WHEN s.publisher <> '' THEN s.publisher "
    f"ELSE substr(s.excerpt, 1, 80) END AS label, {strip('s.url')} AS url, s.stance "
    "FROM sources AS s WHERE s.claim_id = claims.id ORDER BY s.id)"
)

_NUMBER, _KEYWORD, _SHORT, _PROSE, _TIME = CellKind
CELLS: tuple[CsvCell, ...] = (
    CsvCell("document", "documents.title", _SHORT),
    CsvCell("number", "claims.number", _NUMBER),
    CsvCell("quote", "claims.exact", _PROSE),
    CsvCell("verdict", "claims.verdict", _KEYWORD),
    CsvCell("note", "claims.note", _PROSE),
    CsvCell("author", "claims.author", _SHORT),
    CsvCell("created_at", "claims.created_at", _TIME),
    CsvCell("modified_at", "claims.modified_at", _TIME),
    CsvCell("sources", _SOURCES_TEXT, _PROSE),
    CsvCell("review_status", "coalesce(claims.review_status, '')", _SHORT),
    CsvCell("review_note", "coalesce(claims.review_note, '')", _SHORT),
    CsvCell("reviewer", "coalesce(claims.reviewer, '')", _SHORT),
    CsvCell("claim_uuid", "claims.uuid", _SHORT),
    CsvCell("document_uuid", "documents.uuid", _SHORT),
    CsvCell("start", "claims.start", _NUMBER),
    CsvCell("end", 'claims."end"', _NUMBER),
)
"""The CSV's cells, in column order, as SQL."""

def _value(cell: CsvCell) -> str:
    return iso_seconds(cell.sql) if cell.kind is _TIME else cell.sql


def _usual_row() -> str:
    """True for a row the one-printf line writes: no cell holds a NUL or would be taken for
    a formula, no short cell needs quoting. (A time is tested as stored: its first
    character is the ISO text's, and it holds every character the ISO text takes from it.)"""
    tests: list[str] = []
    for cell in CELLS:
        if cell.kind in (_NUMBER, _KEYWORD):
            continue
        tests.append(f"NOT instr({cell.sql}, char(0)) AND NOT {formula(cell.sql)}")
        if cell.kind in (_SHORT, _TIME):
            tests.append(f"NOT {csv_special(cell.sql)}")
    return " AND ".join(tests)


def _usual_line() -> str:
    """The line of a usual row: one printf(), only the prose cells quoted where needed."""
    formats: list[str] = []
    arguments: list[str] = []
    for cell in CELLS:
        if cell.kind is _TIME:
            time_format, time_arguments = iso_seconds_printf(cell.sql)
            formats.append(time_format)
            arguments += time_arguments
            continue
        formats.append("%s")
        arguments.append(csv_quoted(cell.sql) if cell.kind is _PROSE else cell.sql)
    line = literal(",".join(formats) + ",\r\n")  # the escaped column is empty
    return f"printf({', '.join([line, *arguments])})"


def _any_line() -> str:
    """The line of any row, cell by cell (NUL-safe)."""
    pieces: list[Piece] = []
    for cell in CELLS:
        value = _value(cell)
        if cell.is_text:
            pieces.append(Sql(csv_quoted(value, neutralised(value))))
        else:
            pieces.append(Sql(f"coalesce({value}, '')"))
        pieces.append(",")
    flagged = [(cell.name, _value(cell)) for cell in CELLS if cell.is_text]
    pieces += [Sql(escaped_names(flagged, ESCAPED_SEPARATOR)), "\r\n"]
    return concat(pieces)


def line_statement(reader: ExportReader) -> Any:
    """One CSV line per claim of a document, in text order."""
    line = (f"(SELECT CASE WHEN {_usual_row()} THEN {_usual_line()} ELSE {_any_line()} END "
            f"FROM {_SOURCES_IN_ORDER})")
    # As UTF-8 bytes, the way SQLite holds the text: no decoding to str and encoding back.
    return claims_in_order(reader, [literal_column(f"CAST({line} AS BLOB)")])


def csv_text(reader: ExportReader) -> Iterator[tuple[bytes, int]]:
    """The CSV's claim lines in batches: (UTF-8 text, number of claims)."""
    with Runner(reader, line_statement(reader)) as run:
        for document_id, _ in reader.documents():
            for batch in run({"document_id": document_id}):
                yield b"".join([line for line, in batch]), len(batch)

