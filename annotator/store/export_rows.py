"""What exporters read: Core SELECTs over one consistent snapshot of the chosen documents.

Exporting 100k claims must not build 100k ORM objects. The review export streams plain
row tuples in batches (:meth:`ExportReader.claim_batches` and friends); the interchange
formats, which hold a whole document in memory anyway, get small immutable bundles per
document (:meth:`ExportReader.bundles`).

All reads happen inside one read transaction, so counts, documents, claims and sources
agree with each other even if the editor keeps working while an export runs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    bindparam,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from annotator.domain.anchor import AnchorState
from annotator.domain.claim_number import claim_label
from annotator.domain.library import ClaimQuery
from annotator.domain.verdict import ReviewStatus, Stance, Verdict
from annotator.store.engine import sqlite_path
from annotator.store.errors import NotFound, classify
from annotator.store.models import Claim, ClaimHistory, Document, DocumentVersion, Source
from annotator.store.search import claim_ids_matching
from annotator.store.service import Store

BATCH_SIZE = 5000
_ORPHANED = AnchorState.ORPHANED.value

AnySelect = Select[*tuple[Any, ...]]
Query = TypeVar("Query", bound=AnySelect)

# Column order of the rows that claim_batches / source_batches / history_batches yield.
# Their timestamps are ISO 8601 text in UTC with microseconds and a Z, or None.
CLAIM_COLUMNS = (
    "number", "document_uuid", "uuid", "start", "end", "exact", "prefix", "suffix", "verdict",
    "note", "author", "created_at", "modified_at", "version", "review_status", "review_note",
    "reviewer", "reviewed_at", "reviewer_verdict", "review_reply",
    "text_version",  # the version of the text the claim is anchored in; None: orphaned
    "rating_label",  # the newsroom's finer rating ("Mostly false"); "" for the verdict's own
)
SOURCE_COLUMNS = (
    "uuid", "claim_uuid", "url", "title", "publisher", "excerpt", "stance", "accessed_at",
    "passage_document_uuid", "passage_start", "passage_end", "created_at", "position",
)
HISTORY_COLUMNS = ("claim_uuid", "at", "author", "field", "old", "new")


def _iso_cell(value: object) -> object:
    return iso_utc(value, micro=True) if isinstance(value, datetime) else value


def iso_utc(moment: datetime, *, micro: bool = False) -> str:
    """ISO 8601 in UTC with a Z: seconds by default, microseconds when ``micro``."""
    spec = "microseconds" if micro else "seconds"
    if moment.tzinfo is UTC:  # what the store returns: its "+00:00" becomes the Z
        return moment.isoformat(timespec=spec)[:-6] + "Z"
    utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


@dataclass(frozen=True, slots=True)
class ExportCounts:
    documents: int
    claims: int
    sources: int
    history: int


@dataclass(frozen=True, slots=True)
class ReportTally:
    """What a report's header counts, read before its articles: each chosen document's
    title and number of chosen claims (in the order documents() gives them), the claims'
    verdicts, and their review decisions and open conflicts ("open conflict")."""

    documents: list[tuple[str, int]]
    verdicts: Counter[str]
    reviews: Counter[str]


@dataclass(frozen=True, slots=True)
class ExportDocument:
    uuid: str
    title: str
    text: str
    sha256: str
    origin: str | None
    imported_at: datetime
    # Article metadata (empty when unknown).
    url: str = ""
    outlet: str = ""
    authors: str = ""
    published: str = ""
    version: int = 1  # the number of the version ``text`` is (annotator.store.versions)

    @property
    def article_url(self) -> str:
        """The article's web address: its recorded URL, or the address it was imported from."""
        if self.url:
            return self.url
        origin = public_origin(self.origin)
        return origin if origin and _is_web_address(origin) else ""

    @property
    def public_origin(self) -> str | None:
        """Where the article came from, fit to leave the machine: its web address, or the
        base name of the file it was imported from (never the editor's local path)."""
        return self.article_url or public_origin(self.origin)


def public_origin(origin: str | None) -> str | None:
    """A web address as it is; a file path (POSIX or Windows) reduced to its base name."""
    if origin is None:
        return None
    value = origin.strip()
    if _is_web_address(value):
        return value
    return re.split(r"[/\\]", value.rstrip("/\\"))[-1] or None


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True, slots=True)
class ExportSource:
    uuid: str
    url: str
    title: str
    publisher: str
    excerpt: str
    stance: Stance
    accessed_at: str
    passage_document_uuid: str | None
    passage_start: int | None
    passage_end: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ExportClaim:
    uuid: str
    start: int  # code points into the document's text, end exclusive
    end: int
    exact: str
    prefix: str
    suffix: str
    verdict: Verdict
    note: str
    author: str
    created_at: datetime
    modified_at: datetime
    review_status: ReviewStatus | None
    review_note: str
    reviewer: str
    sources: tuple[ExportSource, ...]
    review_conflict: bool = False
    reviewer_verdict: Verdict | None = None
    review_reply: str = ""
    # AnchorState value; an "orphaned" claim's start/end/exact are those of an older
    # version of the text, not positions in this one.
    anchor_state: str = "anchored"
    # The claim's number within its article: the same #7 as in the app and the CLI.
    number: int = 0
    # The text the claim's anchor was made on: its SHA-256 and version number (the current
    # version for a placed claim, the last one that held it for an orphaned claim).
    anchor_sha256: str = ""
    anchor_version: int | None = None
    rating_label: str = ""  # the newsroom's finer rating, "" for the verdict's label

    @property
    def placed(self) -> bool:
        return self.anchor_state != _ORPHANED

    @property
    def label(self) -> str:
        """``#7`` (annotator.domain.claim_number)."""
        return claim_label(self.number)


@dataclass(frozen=True, slots=True)
class DocumentBundle:
    """One document with its claims (in text order) and each claim's sources."""

    document: ExportDocument
    claims: tuple[ExportClaim, ...]


class ExportReader:
    """Reads the chosen documents (all when ``document_ids`` is None) on one connection.

    ``claim_ids`` (a SELECT of claim ids, see annotator.store.search.claim_ids_matching)
    narrows the export to those claims and the documents that hold them.

    With ``changed_since_review``, only claims the reviewer has not seen as they are now:
    never reviewed, changed after the version the last review saw, or in conflict; and
    only the documents that hold such claims.
    """

    def __init__(self, connection: Connection, document_ids: Sequence[int] | None,
                 claim_ids: Select[int] | None = None, *,
                 changed_since_review: bool = False, sql_text: bool = True) -> None:
        self._connection = connection
        self._ids = None if document_ids is None else sorted(set(document_ids))
        # Not correlated: the SELECT names claims itself, as do the queries it narrows.
        self._claim_ids = (None if claim_ids is None
                           else claim_ids.correlate(None).scalar_subquery())
        self._sqlite = connection.dialect.name == "sqlite"
        self._changed_only = changed_since_review
        # SQLite builds the text of CSV, W3C and ClaimReview itself (annotator.store.
        # export_text); False keeps the portable path, which tests compare it with.
        self.sql_text = sql_text and self._sqlite
        # The per-document statements, narrowed to the chosen claims once per export.
        self._claims_query = self._chosen(
            _document_claims_query(self._sqlite, self._changed_only))
        self._sources_query = self._chosen(_document_sources_query(self._sqlite))

    @property
    def changed_since_review(self) -> bool:
        return self._changed_only

    @property
    def connection(self) -> Connection:
        return self._connection

    def narrowed(self, query: Query) -> Query:
        """``query`` (of one document's claims) kept to the chosen claims."""
        return self._changed(self._chosen(query))

    @property
    def document_ids(self) -> list[int] | None:
        """The chosen documents' ids, sorted; None for the whole library."""
        return None if self._ids is None else list(self._ids)

    def sqlite_file(self) -> Path | None:
        """The library's file when it is an SQLite file (another database can attach it).

        None when only some claims are chosen: the set-based copy of the review export
        selects by document, so such an export streams its (few) rows instead."""
        if self._claim_ids is not None:
            return None
        return sqlite_path(self._connection.engine)

    # -- filters -------------------------------------------------------------------------

    def _docs(self, query: Query) -> Query:
        if self._claim_ids is not None:
            query = query.where(Document.id.in_(
                select(Claim.document_id).where(Claim.id.in_(self._claim_ids))))
        if self._changed_only:
            query = query.where(Document.id.in_(
                select(Claim.document_id).where(unseen_by_reviewer())))
        return query if self._ids is None else query.where(Document.id.in_(self._ids))

    def _claims(self, query: Query) -> Query:
        if self._claim_ids is not None:
            query = query.where(Claim.id.in_(self._claim_ids))
        query = self._changed(query)
        return query if self._ids is None else query.where(Claim.document_id.in_(self._ids))

    def _changed(self, query: Query) -> Query:
        return query.where(unseen_by_reviewer()) if self._changed_only else query

    def _chosen(self, query: Query) -> Query:
        """Only the chosen claims (queries that already pick one document's)."""
        return query if self._claim_ids is None else query.where(Claim.id.in_(self._claim_ids))

    def _scalar(self, query: AnySelect) -> int:
        return int(self._connection.execute(query).scalar_one())

    def _stream(self, query: AnySelect, *, raw: bool = False
                ) -> Iterator[Sequence[Sequence[Any]]]:
        """Batches of rows: tuples, or Row objects when ``raw`` (the caller rebuilds them)."""
        # Closed even when the consumer stops early (a cancelled export): on PostgreSQL the
        # rows come from a server-side cursor that must not outlive the generator.
        with self._connection.execution_options(yield_per=BATCH_SIZE).execute(query) as result:
            for partition in result.partitions():
                if not self._sqlite:
                    yield [tuple(_iso_cell(value) for value in row) for row in partition]
                elif raw:
                    yield partition
                else:
                    yield list(map(tuple, partition))  # executemany binds tuples fastest

    def _time(self, column: Any) -> Any:
        """A timestamp as ISO text, computed by SQLite itself where possible (bulk speed)."""
        if not self._sqlite:
            return column  # _stream formats it
        # UTCDateTime keeps naive UTC as 'YYYY-MM-DD HH:MM:SS.ffffff' on SQLite, so the ISO
        # form is one replace away, without a datetime object per cell.
        text = func.replace(type_coerce(column, String), " ", "T", type_=String)
        return text.concat("Z")

    # -- counts --------------------------------------------------------------------------

    def counts(self, *, history: bool = True) -> ExportCounts:
        """Row counts, and a NotFound if a chosen document no longer exists. Without
        ``history`` the history rows are not counted (0): only the review file holds them."""
        documents = self._scalar(self._docs(select(func.count(Document.id))))
        if self._ids is not None and self._scalar(
            select(func.count(Document.id)).where(Document.id.in_(self._ids))
        ) < len(self._ids):
            raise NotFound(
                f"{len(self._ids) - documents} of the chosen documents no longer exist; "
                "refresh the document list and export again."
            )
        claims = self._scalar(self._claims(select(func.count(Claim.id))))
        sources = self._scalar(
            self._claims(select(func.count(Source.id)).join(Claim, Claim.id == Source.claim_id))
        )
        entries = self._scalar(
            self._claims(
                select(func.count(ClaimHistory.id)).join(Claim, Claim.id == ClaimHistory.claim_id)
            )
        ) if history else 0
        return ExportCounts(documents, claims, sources, entries)

    def tally(self) -> ReportTally:
        """The chosen claims counted by document and verdict (read from the index of both),
        and the reviewed ones by decision and conflict (a scan of the table in its order:
        one GROUP BY of all four columns looked up every claim's row through the index)."""
        counts: Counter[int] = Counter()
        verdicts: Counter[str] = Counter()
        reviews: Counter[str] = Counter()
        by_verdict = (Claim.document_id, Claim.verdict)
        query = self._claims(select(*by_verdict, func.count()).group_by(*by_verdict))
        for document_id, verdict, n in self._connection.execute(query):
            counts[document_id] += n
            verdicts[verdict] += n
        by_review = (Claim.review_status, Claim.review_conflict)
        reviewed = or_(func.coalesce(Claim.review_status, "") != "", Claim.review_conflict)
        review_query = self._claims(
            select(*by_review, func.count()).where(reviewed).group_by(*by_review))
        for status, conflict, n in self._connection.execute(review_query):
            if status:
                reviews[status] += n
            if conflict:
                reviews["open conflict"] += n
        titles = self._connection.execute(self._docs(
            select(Document.id, Document.title).order_by(Document.imported_at, Document.id)))
        return ReportTally([(title, counts[document_id]) for document_id, title in titles],
                           verdicts, reviews)

    # -- documents -----------------------------------------------------------------------

    def documents(self) -> Iterator[tuple[int, ExportDocument]]:
        """(library id, document) in the order the library lists them."""
        query = self._docs(
            select(Document.id, Document.uuid, Document.title, Document.text, Document.sha256,
                   Document.origin, Document.imported_at, Document.url, Document.outlet,
                   Document.authors, Document.published, current_version(Document.id))
            .order_by(Document.imported_at, Document.id)
        )
        for document_id, *fields in self._connection.execute(query):
            yield document_id, ExportDocument(*fields)

    # -- review export: rows in batches, ready for executemany ------------------------
    #
    # ISO timestamps are computed by the database; per row, Python only adds a counter.

    def claim_batches(self) -> Iterator[Sequence[tuple[Any, ...]]]:
        """Claims as CLAIM_COLUMNS tuples, by document (library order) then text order.

        ``number`` is the claim's number in its article; ``review_status`` is None if never
        reviewed.
        """
        documents = self._docs(
            select(Document.id, Document.uuid).order_by(Document.imported_at, Document.id)
        )
        for document_id, document_uuid in self._connection.execute(documents).all():
            current = self._connection.execute(select(current_version(document_id))).scalar()
            # One query per document walks ix_claims_document_start: no sort of all claims.
            query = self._chosen(
                select(
                    Claim.number, Claim.uuid, Claim.start, Claim.end, Claim.exact, Claim.prefix,
                    Claim.suffix,
                    Claim.verdict, Claim.note, Claim.author, self._time(Claim.created_at),
                    self._time(Claim.modified_at), Claim.version, Claim.review_status,
                    Claim.review_note, Claim.reviewer, self._time(Claim.reviewed_at),
                    Claim.reviewer_verdict, Claim.review_reply, Claim.rating_label,
                    Claim.anchor_state,
                )
                .where(Claim.document_id == document_id)
                .order_by(Claim.start, Claim.end, Claim.number)
            )
            for batch in self._stream(self._changed(query), raw=True):
                yield [
                    (number, document_uuid, *row[:-2], None if row[-1] == _ORPHANED else current,
                     row[-2])
                    for number, *row in batch
                ]

    def source_batches(self) -> Iterator[Sequence[tuple[Any, ...]]]:
        """Sources as SOURCE_COLUMNS tuples; ``position`` is 1, 2, ... within each claim."""
        passage = aliased(Document)
        query = self._claims(
            select(
                Source.uuid, Claim.uuid, Source.url, Source.title, Source.publisher,
                Source.excerpt, Source.stance, Source.accessed_at, passage.uuid,
                Source.passage_start, Source.passage_end, self._time(Source.created_at),
            )
            .join(Claim, Claim.id == Source.claim_id)
            .outerjoin(passage, passage.id == Source.passage_document_id)
            .order_by(Source.id)  # table order, no sort; within a claim, the order added
        )
        positions: dict[str, int] = {}
        for batch in self._stream(query, raw=True):
            rows = []
            for row in batch:
                position = positions[row[1]] = positions.get(row[1], 0) + 1
                rows.append((*row, position))
            yield rows

    def history_batches(self) -> Iterator[Sequence[Sequence[Any]]]:
        """Claim history as HISTORY_COLUMNS tuples in the order it was written."""
        query = self._claims(
            select(Claim.uuid, self._time(ClaimHistory.at), ClaimHistory.author,
                   ClaimHistory.field, ClaimHistory.old, ClaimHistory.new)
            .join(Claim, Claim.id == ClaimHistory.claim_id)
            .order_by(ClaimHistory.id)  # ids grow with time: no sort needed
        )
        return self._stream(query)

    # -- interchange formats: one bundle per document ------------------------------------

    def bundles(self) -> Iterator[DocumentBundle]:
        for document_id, document in self.documents():
            yield DocumentBundle(document, tuple(self._document_claims(document_id)))

    def _document_claims(self, document_id: int) -> Iterator[ExportClaim]:
        sources = self._document_sources(document_id)
        when = _parse_time if self._sqlite else _as_is
        verdicts, statuses = _VERDICTS, _STATUSES
        query = self._claims_query
        for row in self._connection.execute(query, {"document_id": document_id}).fetchall():
            (claim_id, uuid, start, end, exact, prefix, suffix, verdict, note, author,
             created_at, modified_at, review_status, review_note, reviewer, conflict,
             reviewer_verdict, reply, state, number, anchor_sha256, anchor_version,
             label) = row
            yield ExportClaim(
                uuid, start, end, exact, prefix, suffix, verdicts[verdict], note, author,
                when(created_at), when(modified_at),
                statuses[review_status] if review_status else None, review_note or "",
                reviewer or "", tuple(sources.get(claim_id, ())), bool(conflict),
                verdicts[reviewer_verdict] if reviewer_verdict else None, reply or "",
                state or "anchored", number, anchor_sha256, anchor_version,
                label or "",
            )

    def _document_sources(self, document_id: int) -> dict[int, list[ExportSource]]:
        by_claim: dict[int, list[ExportSource]] = {}
        when = _parse_time if self._sqlite else _as_is
        stances = _STANCES
        query = self._sources_query
        for row in self._connection.execute(query, {"document_id": document_id}).fetchall():
            (claim_id, uuid, url, title, publisher, excerpt, stance, accessed_at,
             passage_uuid, passage_start, passage_end, created_at) = row
            by_claim.setdefault(claim_id, []).append(ExportSource(
                uuid, url, title, publisher, excerpt, stances[stance], accessed_at,
                passage_uuid, passage_start, passage_end, when(created_at),
            ))
        return by_claim


_VERDICTS = {v.value: v for v in Verdict}
_STATUSES = {s.value: s for s in ReviewStatus}
_STANCES = {s.value: s for s in Stance}


def _parse_time(value: str) -> datetime:
    """SQLite's stored 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC) as an aware datetime."""
    return datetime.fromisoformat(value + "+00:00")


def _as_is(value: datetime) -> datetime:
    return value


def _stored(column: Any, sqlite: bool) -> Any:
    """On SQLite a timestamp as its stored text (parsed by _parse_time, much faster than
    the column type's own conversion); elsewhere the column as it is."""
    return type_coerce(column, String) if sqlite else column


# Per-document statements, built once per kind of database: building a SELECT per document
# would leave cyclic garbage behind each time, and memory would creep up with the library.
_PASSAGE = aliased(Document)


@cache
def _document_claims_query(sqlite: bool, changed_only: bool = False) -> AnySelect:
    query = (
        select(Claim.id, Claim.uuid, Claim.start, Claim.end, Claim.exact, Claim.prefix,
               Claim.suffix, Claim.verdict, Claim.note, Claim.author,
               _stored(Claim.created_at, sqlite), _stored(Claim.modified_at, sqlite),
               Claim.review_status, Claim.review_note, Claim.reviewer, Claim.review_conflict,
               Claim.reviewer_verdict, Claim.review_reply, Claim.anchor_state, Claim.number,
               Claim.doc_sha256, _anchor_version(), Claim.rating_label)
        .where(Claim.document_id == bindparam("document_id"))
        .order_by(Claim.start, Claim.end, Claim.id)
    )
    return query.where(unseen_by_reviewer()) if changed_only else query


@cache
def _document_sources_query(sqlite: bool) -> AnySelect:
    return (
        select(Source.claim_id, Source.uuid, Source.url, Source.title, Source.publisher,
               Source.excerpt, Source.stance, Source.accessed_at, _PASSAGE.uuid,
               Source.passage_start, Source.passage_end, _stored(Source.created_at, sqlite))
        .join(Claim, Claim.id == Source.claim_id)
        .outerjoin(_PASSAGE, _PASSAGE.id == Source.passage_document_id)
        .where(Claim.document_id == bindparam("document_id"))
        .order_by(Source.claim_id, Source.id)
    )


def _anchor_version() -> ColumnElement[int]:
    """The number of the version a claim's anchor was made on (by its text's SHA-256)."""
    return (
        select(func.max(DocumentVersion.number))
        .where(DocumentVersion.document_id == Claim.document_id,
               DocumentVersion.sha256 == Claim.doc_sha256)
        .scalar_subquery()
    )


def current_version(document_id: Any) -> ColumnElement[int]:
    """The number of a document's current version (1 for a text never corrected);
    ``document_id`` is an id or a column."""
    return (
        select(func.coalesce(func.max(DocumentVersion.number), 1))
        .where(DocumentVersion.document_id == document_id)
        .scalar_subquery()
    )


def unseen_by_reviewer() -> ColumnElement[bool]:
    """Claims a reviewer has not seen as they are now (see ExportReader)."""
    return or_(Claim.review_seen_at.is_(None), Claim.modified_at > Claim.review_seen_at,
               Claim.review_conflict.is_(True))


@contextmanager
def read_library(store: Store, document_ids: Sequence[int] | None = None,
                 claims: ClaimQuery | None = None, *,
                 changed_since_review: bool = False,
                 sql_text: bool = True) -> Iterator[ExportReader]:
    """An :class:`ExportReader` over one read transaction; driver errors come out translated.

    ``claims`` narrows the export to the claims a library search selects; ``sql_text``
    False makes even SQLite take the portable path (for tests that compare the two).
    """
    chosen = None
    if claims is not None:
        chosen = claim_ids_matching(claims, indexed=store.has_search_index())
    try:
        with store.engine.connect() as connection, connection.begin():
            yield ExportReader(connection, document_ids, chosen,
                               changed_since_review=changed_since_review, sql_text=sql_text)
    except DBAPIError as exc:
        raise (classify(exc, store.label) or exc) from exc
