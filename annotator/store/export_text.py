"""Export text that SQLite builds as it reads (CSV lines (annotator.store.csv_text), W3C
and ClaimReview JSON, the HTML report's claim list).

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
from annotator.store.sql_text import Depth, Node

# Conditions and values over a claim row shared by the SQL-built formats.
PLACED = "claims.anchor_state <> 'orphaned'"
REVIEWED = "coalesce(claims.review_status, '') <> ''"
ANCHOR_VERSION = (  # the version a claim's anchor was made on (export_rows._anchor_version)
    "(SELECT max(v.number) FROM document_versions AS v "
    "WHERE v.document_id = claims.document_id AND v.sha256 = claims.doc_sha256)"
)
JSON_BATCH = 500  # JSON items are kilobytes each: smaller batches keep memory flat
def claims_in_order(reader: ExportReader, columns: Sequence[Any], where: str | None = None,
                    *, by_start: bool = False) -> Any:
    """``columns`` of one document's claims (bound as ``:document_id``) in text order, those
    the reader exports (and ``where`` keeps). ``by_start`` orders them by start only, as
    the index holds them (the caller orders claims that start together): SQLite then
    does not pass every row through a sort of its ties."""
    order = (Claim.start,) if by_start else (Claim.start, Claim.end, Claim.id)
    query = (
        select(*columns)
        .select_from(Claim.__table__.join(Document.__table__,
                                          Document.id == Claim.document_id))
        .where(Claim.document_id == bindparam("document_id", 0))  # bound per document
        .order_by(*order)
    )
    if where is not None:
        query = query.where(literal_column(where))
    return reader.narrowed(query)


SqlFunction = Callable[..., Any]


def text_rows(reader: ExportReader, node: Node, level: Depth, *,
              params: Callable[[ExportDocument], dict[str, Any]],
              functions: dict[str, tuple[int, SqlFunction]] | None = None,
              where: str | None = None, extra: Sequence[str] = (),
              by_document: bool = False, as_bytes: bool = False, by_start: bool = False,
              ) -> Iterator[tuple[ExportDocument, Sequence[Sequence[Any]]]]:
    """Batches of rows whose first cell is the text of ``node`` for one claim (JSON laid
    out for depth ``level``, compact when it is None), then the ``extra`` SQL cells; claims
    in text order, those ``where`` keeps. ``params`` binds each document's values;
    ``functions`` are SQL functions (name: (number of arguments, function)) the node calls.
    ``as_bytes`` gives the text as UTF-8 bytes, as SQLite holds it (no decoding to str and
    encoding back); ``by_start`` as claims_in_order's."""
    text = node.sql(level)
    if as_bytes:
        text = f"CAST({text} AS BLOB)"
    columns: list[Any] = [literal_column(text), *map(literal_column, extra)]
    statement = claims_in_order(reader, columns, where, by_start=by_start)
    with Runner(reader, statement, batch=JSON_BATCH) as run:
        for name, (arity, function) in (functions or {}).items():
            run.raw.create_function(name, arity, function, deterministic=True)
        for document_id, document in reader.documents():
            batches = run({"document_id": document_id, **params(document)})
            if by_document:
                yield document, [row for batch in batches for row in batch]
            else:
                for batch in batches:
                    yield document, batch


def driver_connection(reader: ExportReader) -> Any:
    """The DBAPI connection under the reader's transaction: a query run once per document
    costs there a few microseconds, through SQLAlchemy a few hundred (thousands of them in
    a big library)."""
    raw = reader.connection.connection.driver_connection
    assert raw is not None, "an open connection"
    return raw


class Runner:
    """A statement compiled once, executed per document on the DBAPI cursor of the
    reader's transaction; rows come back in batches of plain tuples."""

    def __init__(self, reader: ExportReader, statement: Any, batch: int = BATCH_SIZE) -> None:
        self._batch = batch
        compiled = statement.compile(dialect=_NAMED,
                                     compile_kwargs={"render_postcompile": True})
        self._sql = str(compiled)
        self._params = dict(compiled.params)
        self.raw = driver_connection(reader)
        self._cursor = self.raw.cursor()

    def __enter__(self) -> Runner:
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
