"""The library's hot reads as Core SELECTs whose cost follows the rows asked for.

Opening an article and refreshing the library list happen all day; they must cost what the
article (or the list) costs, never what the library costs:

* a claim's source count is a correlated subquery on ``ix_sources_claim_id`` (one index
  probe per claim read), not a GROUP BY over every source of the library;
* the document list walks ``ix_documents_listing`` (index pages only, never the documents'
  rows: a document's import time sits behind its text, in the text's overflow pages) and
  takes each document's verdict counts from ``document_counts``, kept by triggers
  (annotator.store.document_counts); one document's counts walk
  ``ix_claims_document_verdict``;
* rows become records directly: no ORM entity, no identity map; on SQLite the timestamps
  are read as text and parsed by ``datetime.fromisoformat``.

``tests/store/test_query_plans.py`` checks the plans with ``EXPLAIN QUERY PLAN``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, String, func, select, text, type_coerce
from sqlalchemy.orm import Session

from annotator.domain.anchor import AnchorState
from annotator.domain.records import ClaimRecord, DocumentSummary
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.store.models import NEEDS_ATTENTION, Claim, Document, DocumentCount, Source

AnySelect = Select[*tuple[Any, ...]]

_VERDICTS = {v.value: v for v in Verdict}
_STATUSES = {s.value: s for s in ReviewStatus}
_STATES = {s.value: s for s in AnchorState}

SOURCE_COUNT = (
    select(func.count()).where(Source.claim_id == Claim.id).correlate(Claim).scalar_subquery()
)
"""The number of sources of the claim in the enclosing query (one probe of its index)."""


Reader = Connection | Session


_COMPILED: dict[tuple[object, ...], str] = {}

Starts = tuple[int | None, int | None]
"""Claims whose start is in [first, below) code points; None leaves that side open."""
ALL_STARTS: Starts = (None, None)


def _claim_rows(connection: Connection, document_id: int | None, starts: Starts = ALL_STARTS
                ) -> Iterable[Sequence[Any]]:
    """The rows of claims_query. On SQLite every column is a plain driver value here (the
    timestamps are read as text), so the SQL is compiled once and run without SQLAlchemy's
    per-row result processing: about a third of the time for a 10k-claim article."""
    if connection.dialect.name != "sqlite":
        return connection.execute(claims_query(document_id, sqlite=False, starts=starts))
    bounds = tuple(bound for bound in starts if bound is not None)
    key = ("sqlite", document_id is None, *(bound is not None for bound in starts))
    sql = _COMPILED.get(key)
    if sql is None:  # placeholders in the order of the parameters below
        placeholder: Starts = (-1 if starts[0] is not None else None,
                               -1 if starts[1] is not None else None)
        compiled = claims_query(None if document_id is None else -1, sqlite=True,
                                starts=placeholder).compile(dialect=connection.dialect)
        sql = _COMPILED[key] = str(compiled)
    params = bounds if document_id is None else (document_id, *bounds)
    return connection.exec_driver_sql(sql, params).fetchall()  # one driver call


def _as_text(column: Any, sqlite: bool) -> Any:
    """A timestamp column as stored text on SQLite (parsed below), as is elsewhere."""
    return type_coerce(column, String) if sqlite else column


def _utc(value: Any) -> datetime:
    """Stored SQLite text ('YYYY-MM-DD HH:MM:SS.ffffff', naive UTC) -> aware UTC datetime
    (parsed with its offset: one call instead of a parse and a replace, per timestamp)."""
    return datetime.fromisoformat(value + "+00:00")


def _utc_or_none(value: Any) -> datetime | None:
    return None if value is None else _utc(value)


def _keep(value: Any) -> Any:
    return value


def claim_columns(*, sqlite: bool) -> tuple[Any, ...]:
    """Every column a ClaimRecord needs, in the order :func:`claim_records` reads them."""
    return (
        Claim.id, Claim.uuid, Claim.document_id, Claim.start, Claim.end, Claim.exact,
        Claim.prefix, Claim.suffix, Claim.doc_sha256, Claim.verdict, Claim.note, Claim.author,
        _as_text(Claim.created_at, sqlite), _as_text(Claim.modified_at, sqlite),
        Claim.version, SOURCE_COUNT, Claim.review_status, Claim.review_note, Claim.reviewer,
        _as_text(Claim.reviewed_at, sqlite), Claim.review_conflict, Claim.reviewer_verdict,
        Claim.review_seen_verdict, Claim.review_seen_note,
        _as_text(Claim.review_seen_at, sqlite), Claim.review_reply,
        Claim.anchor_state, Claim.number, Claim.rating_label,
    )


def claims_query(document_id: int | None, *, sqlite: bool, starts: Starts = ALL_STARTS
                 ) -> AnySelect:
    """Every column a ClaimRecord needs, in text order (by document first when all).

    ``starts`` keeps one document's claims starting in a range (the first screen of a big
    article, then the rest): a range of ix_claims_document_start, in its order."""
    query = select(*claim_columns(sqlite=sqlite))
    if document_id is None:
        if starts != ALL_STARTS:
            raise ValueError("a range of starts needs a document")
        return query.order_by(Claim.document_id, Claim.start, Claim.end, Claim.id)
    query = query.where(Claim.document_id == document_id)
    first, below = starts
    if first is not None:
        query = query.where(Claim.start >= first)
    if below is not None:
        query = query.where(Claim.start < below)
    return query.order_by(Claim.start, Claim.end, Claim.id)


def read_claims(connection: Connection, document_id: int | None,
                starts: Starts = ALL_STARTS) -> list[ClaimRecord]:
    return claim_records(_claim_rows(connection, document_id, starts),
                         sqlite=connection.dialect.name == "sqlite")


def claim_records(rows: Iterable[Sequence[Any]], *, sqlite: bool) -> list[ClaimRecord]:
    """Records from rows that begin with the :func:`claim_columns` (more columns may follow)."""
    when: Callable[[Any], Any] = _utc if sqlite else _keep
    maybe: Callable[[Any], Any] = _utc_or_none if sqlite else _keep
    verdicts, statuses, states, record = _VERDICTS, _STATUSES, _STATES, ClaimRecord
    return [
        record(
            key, uuid, doc, start, end, exact, prefix, suffix, sha, verdicts[verdict], note,
            author, when(created), when(modified), version, sources,
            statuses[status] if status else None, review_note or "", reviewer or "",
            maybe(reviewed), bool(conflict), verdicts[own] if own else None,
            verdicts[seen_verdict] if seen_verdict else None, seen_note, maybe(seen_at),
            reply or "", states[state], number, label or "",
        )
        for (key, uuid, doc, start, end, exact, prefix, suffix, sha, verdict, note, author,
             created, modified, version, sources, status, review_note, reviewer, reviewed,
             conflict, own, seen_verdict, seen_note, seen_at, reply, state, number, label,
             *_rest) in rows
    ]


def verdict_counts_query(document_id: int | None = None) -> AnySelect:
    query = select(Claim.document_id, Claim.verdict, func.count()).group_by(
        Claim.document_id, Claim.verdict
    )
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    return query


def verdict_counts(reader: Reader, document_id: int | None = None
                   ) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    for doc_id, verdict, n in reader.execute(verdict_counts_query(document_id)):
        counts.setdefault(doc_id, {})[verdict] = n
    return counts


def attention_query(document_id: int | None = None) -> AnySelect:
    """Claims needing attention per document, read from the partial index
    ix_claims_attention: it costs what needs attention, not the size of the library."""
    query = (
        select(Claim.document_id, func.count())
        .where(text(f"claims.{NEEDS_ATTENTION}"))
        .group_by(Claim.document_id)
    )
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    return query


def attention_counts(reader: Reader, document_id: int | None = None) -> dict[int, int]:
    """Per document, how many claims need attention (``AnchorState.needs_attention``)."""
    return {doc_id: n for doc_id, n in reader.execute(attention_query(document_id))}


def listing_query(*, sqlite: bool) -> AnySelect:
    # Every documents column here is in ix_documents_listing: the list never reads a text's
    # pages; the counts are one primary-key probe of document_counts per document.
    return select(
        Document.id, Document.uuid, Document.title, _as_text(Document.imported_at, sqlite),
        Document.outlet, Document.authors, Document.published,
        DocumentCount.unchecked, DocumentCount.verified, DocumentCount.disputed,
    ).outerjoin(DocumentCount, DocumentCount.document_id == Document.id).order_by(
        Document.imported_at, Document.id)


def _listing_rows(connection: Connection) -> Sequence[Sequence[Any]]:
    """The rows of listing_query; on SQLite straight from the driver (see _claim_rows)."""
    if connection.dialect.name != "sqlite":
        return connection.execute(listing_query(sqlite=False)).all()
    sql = _COMPILED.get(("listing", True))
    if sql is None:
        compiled = listing_query(sqlite=True).compile(dialect=connection.dialect)
        sql = _COMPILED["listing", True] = str(compiled)
    return connection.exec_driver_sql(sql).fetchall()


def document_summaries(connection: Connection) -> list[DocumentSummary]:
    when: Callable[[Any], Any] = _utc if connection.dialect.name == "sqlite" else _keep
    attention = attention_counts(connection)
    summary = DocumentSummary
    return [
        summary(key, uuid, title, when(imported), unchecked or 0, verified or 0,
                disputed or 0, outlet, authors, published, attention.get(key, 0))
        for key, uuid, title, imported, outlet, authors, published, unchecked, verified,
        disputed in _listing_rows(connection)
    ]
