"""CSV: one row per claim, for spreadsheets.

UTF-8 with a byte-order mark (so Excel detects the encoding), CRLF line ends, RFC 4180
quoting. Any text cell that a spreadsheet could take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as OWASP advises
against CSV injection; the rest of the text is kept as it is. That ``'`` is not part of
the text, so the last column, ``escaped``, names the row's cells that got one (e.g.
``note; quote``): a reader, or a script, can take it off again. The .xlsx export needs no
such thing (its cells are typed as text).

``number`` is the claim's number in its article (7 for the #7 of the app, the CLI and the
other exports), a plain whole number so that a spreadsheet sorts it as one.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from annotator.store.export_rows import (
    DocumentBundle,
    ExportClaim,
    ExportReader,
    ExportSource,
    iso_utc,
)

COLUMNS = (
    "document", "number", "quote", "verdict", "note", "author", "created_at", "modified_at",
    "sources", "review_status", "review_note", "reviewer", "claim_uuid", "document_uuid",
    "start", "end",
)
ESCAPED_COLUMN = "escaped"
CSV_COLUMNS = (*COLUMNS, ESCAPED_COLUMN)
"""The CSV's header: the columns of every claim, then which of its cells were escaped."""
ESCAPED_SEPARATOR = "; "
SOURCE_SEPARATOR = " | "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would evaluate as a formula with a single quote."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def write_csv(reader: ExportReader, path: Path, *, tick: Callable[[int], None]) -> None:
    # On SQLite the database makes every cell (sql_cells below): Python only writes them.
    batches: Iterable[Sequence[Sequence[Any]]] = (
        reader.claim_cells(sql_cells()) if reader.sqlite else csv_batches(reader.bundles()))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        done = 0
        for rows in batches:  # one document's claims at a time
            writer.writerows(rows)
            done += len(rows)
            tick(done)


def csv_batches(bundles: Iterable[DocumentBundle]) -> Iterator[list[list[str | int]]]:
    for rows in row_batches(bundles):
        yield [_csv_row(row) for row in rows]


def _csv_row(row: Row) -> list[str | int]:
    cells = [neutralise(cell) if isinstance(cell, str) else cell for cell in row]
    escaped = ESCAPED_SEPARATOR.join(name for name, before, after
                                     in zip(COLUMNS, row, cells, strict=True)
                                     if after != before)
    return [*cells, escaped]


Row = list[str | int]
"""One claim's cells in COLUMNS order: text (str) or whole numbers (number, start, end)."""


def row_batches(bundles: Iterable[DocumentBundle]) -> Iterator[list[Row]]:
    """One document's claims at a time, cells as they are (for CSV and .xlsx)."""
    for bundle in bundles:
        title, uuid = bundle.document.title, bundle.document.uuid
        yield [_row(title, uuid, claim) for claim in bundle.claims]


def _row(title: str, document_uuid: str, claim: ExportClaim) -> Row:
    return [
        title, claim.number, claim.exact, claim.verdict.value, claim.note, claim.author,
        iso_utc(claim.created_at), iso_utc(claim.modified_at),
        SOURCE_SEPARATOR.join(_source_text(source) for source in claim.sources),
        claim.review_status.value if claim.review_status else "", claim.review_note,
        claim.reviewer, claim.uuid, document_uuid, claim.start, claim.end,
    ]


def _source_text(source: ExportSource) -> str:
    label = source.title or source.publisher or source.excerpt[:80]
    url = source.url.strip()
    text = f"{label} <{url}>" if label and url else label or url
    return f"{text} ({source.stance.value})"


# -- the same cells made by SQLite ------------------------------------------------------


@cache
def _whitespace() -> str:
    """Every character str.strip() removes (none is past U+3000), for SQLite's trim()."""
    return "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _neutralised(cell: str) -> str:
    """neutralise() in SQL."""
    starts = ", ".join(_sql_text(start) for start in _FORMULA_STARTS)
    return f"CASE WHEN substr({cell}, 1, 1) IN ({starts}) THEN '''' || {cell} ELSE {cell} END"


def _iso_seconds(stored: str) -> str:
    """iso_utc() of a timestamp as SQLite stores it ('YYYY-MM-DD HH:MM:SS.ffffff', UTC)."""
    return f"substr({stored}, 1, 10) || 'T' || substr({stored}, 12, 8) || 'Z'"


def _sources_cell() -> str:
    """neutralise(SOURCE_SEPARATOR.join(_source_text(s) for s in the claim's sources)), in
    SQL; each value computed once (a CASE names its operand more than once)."""
    label = "coalesce(nullif(s.title, ''), nullif(s.publisher, ''), substr(s.excerpt, 1, 80))"
    url = f"trim(s.url, {_sql_text(_whitespace())})"
    text = ("CASE WHEN label <> '' AND url <> '' THEN label || ' <' || url || '>' "
            "WHEN label <> '' THEN label ELSE url END")
    return (f"(SELECT {_neutralised('joined')} FROM ("
            f"SELECT coalesce(group_concat(entry, {_sql_text(SOURCE_SEPARATOR)}), '') AS joined"
            f" FROM (SELECT {text} || ' (' || stance || ')' AS entry FROM ("
            f"SELECT {label} AS label, {url} AS url, s.stance AS stance, s.id AS id "
            "FROM sources AS s WHERE s.claim_id = claims.id) ORDER BY id)))")


@cache
def sql_cells() -> tuple[Any, ...]:
    """COLUMNS as SQLite expressions over claims and documents: the cells that csv_batches
    makes from records, made by the database (the CSV tests run on SQLite and PostgreSQL,
    so both ways are read back by the same independent parser)."""
    from sqlalchemy import literal_column

    texts = {
        "document": "documents.title", "quote": "claims.exact", "verdict": "claims.verdict",
        "note": "claims.note", "author": "claims.author",
        "created_at": _iso_seconds("claims.created_at"),
        "modified_at": _iso_seconds("claims.modified_at"),
        "review_status": "coalesce(claims.review_status, '')",
        "review_note": "coalesce(claims.review_note, '')",
        "reviewer": "coalesce(claims.reviewer, '')", "claim_uuid": "claims.uuid",
        "document_uuid": "documents.uuid",
    }
    numbers = {"number": "claims.number", "start": "claims.start", "end": 'claims."end"'}
    cells = {name: _neutralised(sql) for name, sql in texts.items()}
    cells.update(numbers, sources=_sources_cell())  # the sources cell neutralises itself
    return tuple(literal_column(cells[name]) for name in COLUMNS)
