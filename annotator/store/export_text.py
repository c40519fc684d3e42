"""Export text that SQLite builds as it reads (CSV cells, W3C and ClaimReview JSON, the
HTML report's claim list).

The portable exporters (annotator.io) turn each claim into Python objects, then into text;
at 500k claims that per-claim Python is most of an export's time. On SQLite the same text
is built by the database in C, one statement per document (its claims walk
``ix_claims_document_start``), and Python only writes ready batches. Only what SQL cannot
say well stays in Python, as SQL functions called once a source or a claim (IRI-safe
addresses, the publisher's URL template), or once a document (fragments bound as
parameters).

:class:`ExportReader.sql_text` says whether this path is taken; tests write every format
both ways from one library and compare the files byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, literal_column, select
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite as sqlite_dialect

from annotator.store.export_rows import BATCH_SIZE, ExportDocument, ExportReader
from annotator.store.models import Claim, Document
from annotator.store.sql_text import (
    Node,
    escaped_names,
    iso_seconds,
    literal,
    neutralised,
    strip,
)

# Conditions and values over a claim row shared by the SQL-built formats.
PLACED = "claims.anchor_state <> 'orphaned'"
REVIEWED = "coalesce(claims.review_status, '') <> ''"
ANCHOR_VERSION = (  # the version a claim's anchor was made on (export_rows._anchor_version)
    "(SELECT max(v.number) FROM document_versions AS v "
    "WHERE v.document_id = claims.document_id AND v.sha256 = claims.doc_sha256)"
)
JSON_BATCH = 500  # JSON items are kilobytes each: smaller batches keep memory flat
CSV_SOURCE_SEPARATOR = " | "
CSV_ESCAPED_SEPARATOR = "; "

# group_concat() takes the rows in the order of its ordered subquery (what SQLite does,
# though its documentation promises no order before 3.44's ORDER BY inside aggregates);
# the tests compare a claim with two sources against the Python path.
_CSV_SOURCES = (
    "(SELECT group_concat(CASE WHEN label <> '' AND url <> '' THEN label || ' <' || url || '>' "
    "WHEN label <> '' THEN label ELSE url END || ' (' || stance || ')', "
    f"{literal(CSV_SOURCE_SEPARATOR)}) FROM ("
    "SELECT CASE WHEN s.title <> '' THEN s.title WHEN s.publisher <> '' THEN s.publisher "
    f"ELSE substr(s.excerpt, 1, 80) END AS label, {strip('s.url')} AS url, s.stance "
    "FROM sources AS s WHERE s.claim_id = claims.id ORDER BY s.id))"
)

# The CSV's cells (annotator.io.csv_export.COLUMNS) as SQL over claims and documents, and
# whether each is text (neutralised; whole numbers are written as they are).
CSV_CELLS: tuple[tuple[str, str, bool], ...] = (
    ("document", "documents.title", True),
    ("number", "claims.number", False),
    ("quote", "claims.exact", True),
    ("verdict", "claims.verdict", True),
    ("note", "claims.note", True),
    ("author", "claims.author", True),
    ("created_at", iso_seconds("claims.created_at"), True),
    ("modified_at", iso_seconds("claims.modified_at"), True),
    ("sources", f"coalesce({_CSV_SOURCES}, '')", True),
    ("review_status", "coalesce(claims.review_status, '')", True),
    ("review_note", "coalesce(claims.review_note, '')", True),
    ("reviewer", "coalesce(claims.reviewer, '')", True),
    ("claim_uuid", "claims.uuid", True),
    ("document_uuid", "documents.uuid", True),
    ("start", "claims.start", False),
    ("end", 'claims."end"', False),
)


def _claims_in_order(reader: ExportReader, columns: Sequence[Any], where: str | None = None
                     ) -> Any:
    query = (
        select(*columns)
        .select_from(Claim.__table__.join(Document.__table__,
                                          Document.id == Claim.document_id))
        .where(Claim.document_id == bindparam("document_id", 0))  # bound per document
        .order_by(Claim.start, Claim.end, Claim.id)
    )
    if where is not None:
        query = query.where(literal_column(where))
    return reader.narrowed(query)


def _document_rows(reader: ExportReader, cells: Sequence[tuple[str, str]],
                   outer: Sequence[str]) -> Any:
    """One document's claims in text order: ``cells`` (name, SQL) computed once each in a
    subquery, then ``outer`` SQL over those names."""
    inner = _claims_in_order(reader, [literal_column(expr).label(name) for name, expr in cells])
    # OFFSET keeps SQLite from flattening the subquery into the outer SELECT, which would
    # compute a cell (its sources' subquery, say) once per use instead of once.
    rows = inner.offset(0).subquery("cells")
    return select(*(literal_column(expr) for expr in outer)).select_from(rows)


def csv_statement(reader: ExportReader) -> Any:
    text = [(name, f'cells."{name}"') for name, _, is_text in CSV_CELLS if is_text]
    outer = [neutralised(f'cells."{name}"') if is_text else f'cells."{name}"'
             for name, _, is_text in CSV_CELLS]
    outer.append(escaped_names(text, CSV_ESCAPED_SEPARATOR))
    return _document_rows(reader, [(name, expr) for name, expr, _ in CSV_CELLS], outer)


def csv_rows(reader: ExportReader) -> Iterator[Sequence[Sequence[Any]]]:
    """Batches of CSV rows (annotator.io.csv_export.CSV_COLUMNS): text cells neutralised,
    the escaped column filled; csv.writer only quotes them."""
    with _Runner(reader, csv_statement(reader)) as run:
        for document_id, _ in reader.documents():
            yield from run({"document_id": document_id})


SqlFunction = Callable[..., Any]


def text_rows(reader: ExportReader, node: Node, level: int, *,
              params: Callable[[ExportDocument], dict[str, Any]],
              functions: dict[str, tuple[int, SqlFunction]] | None = None,
              where: str | None = None, extra: Sequence[str] = (),
              by_document: bool = False,
              ) -> Iterator[tuple[ExportDocument, Sequence[Sequence[Any]]]]:
    """Batches of rows whose first cell is the text of ``node`` for one claim (JSON laid
    out for depth ``level``), then the ``extra`` SQL cells; claims in text order, those
    ``where`` keeps. ``params`` binds each document's values; ``functions`` are SQL
    functions (name: (number of arguments, function)) the node calls."""
    columns: list[Any] = [literal_column(node.sql(level)), *map(literal_column, extra)]
    with _Runner(reader, _claims_in_order(reader, columns, where), batch=JSON_BATCH) as run:
        for name, (arity, function) in (functions or {}).items():
            run.raw.create_function(name, arity, function, deterministic=True)
        for document_id, document in reader.documents():
            batches = run({"document_id": document_id, **params(document)})
            if by_document:
                yield document, [row for batch in batches for row in batch]
            else:
                for batch in batches:
                    yield document, batch


class _Runner:
    """A statement compiled once, executed per document on the DBAPI cursor of the
    reader's transaction; rows come back in batches of plain tuples."""

    def __init__(self, reader: ExportReader, statement: Any, batch: int = BATCH_SIZE) -> None:
        self._batch = batch
        compiled = statement.compile(dialect=_NAMED,
                                     compile_kwargs={"render_postcompile": True})
        self._sql = str(compiled)
        self._params = dict(compiled.params)
        raw = reader.connection.connection.driver_connection
        assert raw is not None, "an open connection"
        self.raw: Any = raw
        self._cursor = self.raw.cursor()

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        # Also when the consumer stops early (a cancelled export): no statement stays
        # open on the connection once the export's transaction ends.
        self._cursor.close()

    def __call__(self, params: dict[str, Any]) -> Iterator[Sequence[Sequence[Any]]]:
        cursor = self._cursor
        cursor.execute(self._sql, {**self._params, **params})
        while batch := cursor.fetchmany(self._batch):
            yield batch


_NAMED = sqlite_dialect(paramstyle="named")
