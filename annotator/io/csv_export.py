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

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.store.csv_text import CELLS, ESCAPED_SEPARATOR, SOURCE_SEPARATOR
from annotator.store.export_rows import (
    DocumentBundle,
    ExportClaim,
    ExportReader,
    ExportSource,
    iso_utc,
)
from annotator.store.sql_text import FORMULA_STARTS

COLUMNS = tuple(cell.name for cell in CELLS)
"""document, number, quote, verdict, note, author, created_at, modified_at, sources,
review_status, review_note, reviewer, claim_uuid, document_uuid, start, end."""
ESCAPED_COLUMN = "escaped"
CSV_COLUMNS = (*COLUMNS, ESCAPED_COLUMN)
"""The CSV's header: the columns of every claim, then which of its cells were escaped."""


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would evaluate as a formula with a single quote."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def write_csv(reader: ExportReader, path: Path, *, tick: Callable[[int], None]) -> None:
    """Write the CSV; on SQLite the database makes the lines (annotator.store.csv_text),
    elsewhere Python does, with the same result."""
    chunks: Iterable[tuple[bytes, int]]
    if reader.sql_text:
        from annotator.store.csv_text import csv_text

        chunks = csv_text(reader)
    else:
        chunks = _csv_text(csv_batches(reader.bundles()))
    with path.open("wb") as handle:
        handle.write(codecs.BOM_UTF8 + _csv_lines([CSV_COLUMNS]))
        done = 0
        for text, claims in chunks:  # one write per batch
            handle.write(text)
            done += claims
            tick(done)


def _csv_lines(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def _csv_text(batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[tuple[bytes, int]]:
    for rows in batches:  # at most one document's claims at a time
        yield _csv_lines(rows), len(rows)


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
