"""Claims across the library: full-text search with filters, and counts for the dashboard.

On SQLite with the FTS5 index (annotator.store.search_index) words are matched there,
ranked by relevance (bm25). Without it (PostgreSQL, SQLite without FTS5) every word must
occur, case-insensitively, in the claim's quote or notes, a source's title, publisher or
excerpt, or the article's title, outlet or authors: the same fields, read directly.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    cast,
    column,
    exists,
    false,
    func,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import aliased

from annotator.domain.library import (
    UNREVIEWED,
    ClaimHit,
    ClaimQuery,
    DocumentCounts,
    LibraryCounts,
    SearchResult,
    fts5_match,
)
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.store.models import Claim, Document, Source
from annotator.store.reads import claim_columns, claim_records

DEFAULT_LIMIT = 500  # rows a list shows at once; narrowing the search finds the rest

_INDEX = table("claim_search", column("rowid"), column("rank"))
_MATCH = text("claim_search MATCH :match")


def claim_conditions(query: ClaimQuery, *, indexed: bool) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``claims`` (and the index, when ``indexed``) for the query."""
    where: list[ColumnElement[bool]] = []
    if query.claim_ids is not None:
        where.append(Claim.id.in_(sorted(query.claim_ids)) if query.claim_ids else false())
    if query.verdicts:
        where.append(Claim.verdict.in_(sorted(Verdict(v).value for v in query.verdicts)))
    if query.review_statuses:
        named = sorted(ReviewStatus(s).value for s in query.review_statuses if s != UNREVIEWED)
        either = [Claim.review_status.in_(named)] if named else []
        if UNREVIEWED in query.review_statuses:
            either.append(Claim.review_status.is_(None))
        where.append(or_(*either))
    if query.conflict is not None:
        where.append(Claim.review_conflict.is_(true() if query.conflict else false()))
    if query.authors:
        where.append(Claim.author.in_(sorted(query.authors)))
    if query.document_ids:
        where.append(Claim.document_id.in_(sorted(query.document_ids)))
    if query.changed_from is not None:
        where.append(Claim.modified_at >= datetime.combine(query.changed_from, time(), UTC))
    if query.changed_to is not None:
        end = datetime.combine(query.changed_to + timedelta(days=1), time(), UTC)
        where.append(Claim.modified_at < end)
    if query.number is not None:
        where.append(Claim.number == query.number)
    if query.words and not indexed:
        where.extend(_plain_word(word) for word in query.words)
    return where


def claim_ids_matching(query: ClaimQuery, *, indexed: bool) -> Select[int]:
    """A SELECT of the ids of every claim the query selects (no limit): for exports."""
    ids = select(Claim.id)
    if query.words and indexed:
        ids = ids.where(Claim.id.in_(
            select(_INDEX.c.rowid).where(_MATCH.bindparams(match=fts5_match(query.words)))
        ))
    return ids.where(*claim_conditions(query, indexed=indexed))


def search(connection: Connection, query: ClaimQuery, *, indexed: bool,
           limit: int = DEFAULT_LIMIT) -> SearchResult:
    """The newest claims first (at most ``limit``), and how many match in all.

    The full-text index drives the query (its rowids are claim ids, read newest first), so
    a word found in 40,000 claims costs what the first ``limit`` cost. The total is counted
    when that is cheap (only words, or only filters); words and filters together past the
    limit give ``total=None`` ("more than shown").
    """
    where = claim_conditions(query, indexed=indexed)
    sqlite = connection.dialect.name == "sqlite"
    columns = (*claim_columns(sqlite=sqlite), Document.title)
    match = _MATCH.bindparams(match=fts5_match(query.words)) if query.words else None
    if match is not None and indexed:
        rows = (select(*columns).select_from(_INDEX)
                .join(Claim, Claim.id == _INDEX.c.rowid)
                .join(Document, Document.id == Claim.document_id)
                .where(match, *where).order_by(_INDEX.c.rowid.desc()))
    else:
        rows = (select(*columns).join(Document, Document.id == Claim.document_id)
                .where(*where).order_by(Claim.id.desc()))
    found = connection.execute(rows.limit(limit)).all()
    hits = tuple(ClaimHit(claim, row[-1]) for claim, row
                 in zip(claim_records(found, sqlite=sqlite), found, strict=True))
    if len(hits) < limit:
        return SearchResult(hits=hits, total=len(hits))
    if match is not None and indexed:
        if where:
            return SearchResult(hits=hits, total=None)
        count = select(func.count()).select_from(_INDEX).where(match)
    else:
        count = select(func.count(Claim.id)).where(*where)
    return SearchResult(hits=hits, total=int(connection.execute(count).scalar_one()))


def library_counts(connection: Connection) -> LibraryCounts:
    """Every article with its claims counted by verdict and review status."""
    counts: dict[int, tuple[dict[Verdict, int], dict[str, int], list[int]]] = {}
    grouped = select(
        Claim.document_id, Claim.verdict, Claim.review_status,
        func.count(), func.sum(cast(Claim.review_conflict, Integer)),
    ).group_by(Claim.document_id, Claim.verdict, Claim.review_status)
    for document_id, verdict, status, n, conflicts in connection.execute(grouped):
        verdicts, reviews, conflict = counts.setdefault(document_id, ({}, {}, [0]))
        verdicts[Verdict(verdict)] = verdicts.get(Verdict(verdict), 0) + n
        key = status or UNREVIEWED
        reviews[key] = reviews.get(key, 0) + n
        conflict[0] += int(conflicts or 0)
    documents = connection.execute(
        select(Document.id, Document.title).order_by(Document.imported_at, Document.id))
    return LibraryCounts(tuple(
        DocumentCounts(document_id, title, *_unpack(counts.get(document_id)))
        for document_id, title in documents
    ))


def claim_authors(connection: Connection) -> list[str]:
    rows = connection.execute(select(Claim.author).distinct().order_by(Claim.author))
    return [author for (author,) in rows if author]


def _unpack(found: tuple[dict[Verdict, int], dict[str, int], list[int]] | None
            ) -> tuple[dict[Verdict, int], dict[str, int], int]:
    if found is None:
        return {}, {}, 0
    verdicts, reviews, conflicts = found
    return verdicts, reviews, conflicts[0]


def _plain_word(word: str) -> ColumnElement[bool]:
    # "/" escapes: a backslash means different things in SQLite's and PostgreSQL's strings.
    pattern = "%" + word.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"

    def like(col: Any) -> ColumnElement[bool]:
        return col.ilike(pattern, escape="/")

    in_sources = exists().where(
        Source.claim_id == Claim.id,
        or_(like(Source.title), like(Source.publisher), like(Source.excerpt)))
    article = aliased(Document)  # not the Document the rows are joined with
    in_article = exists().where(
        article.id == Claim.document_id,
        or_(like(article.title), like(article.outlet), like(article.authors)))
    return or_(like(Claim.exact), like(Claim.note), like(Claim.review_note), in_sources,
               in_article)
