"""Whole articles: their metadata, and deleting one with everything that goes with it.

A deletion returns a :class:`DocumentSnapshot` that :func:`restore_document` puts back
exactly (same ids and uuids, claims with their versions, sources, history, the passages
that other articles' sources quoted from it, every version of its text and where each claim
sat in the superseded ones), so deleting an article can be undone.
Rows move with Core statements: an article may carry thousands of claims.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.library import DeletionWeight
from annotator.domain.records import (
    ClaimSnapshot,
    DocumentMetadata,
    DocumentRecord,
    DocumentSnapshot,
)
from annotator.domain.verdict import Verdict
from annotator.store import claim_numbers, convert
from annotator.store.errors import NotFound
from annotator.store.models import (
    Claim,
    ClaimHistory,
    ClaimPlacement,
    Document,
    DocumentVersion,
    Source,
)

_CLAIMS: Table = Claim.__table__  # type: ignore[assignment]
_SOURCES: Table = Source.__table__  # type: ignore[assignment]
_HISTORY: Table = ClaimHistory.__table__  # type: ignore[assignment]
_DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]
_VERSIONS: Table = DocumentVersion.__table__  # type: ignore[assignment]
_PLACEMENTS: Table = ClaimPlacement.__table__  # type: ignore[assignment]
METADATA_FIELDS = ("title", "url", "outlet", "authors", "published", "language", "note")


def _document(session: Session, document_id: int) -> Document:
    row = session.get(Document, document_id)
    if row is None:
        raise NotFound(f"That document (id {document_id}) no longer exists; it may have been "
                       "deleted.")
    return row


def update_metadata(session: Session, document_id: int, metadata: DocumentMetadata
                    ) -> DocumentRecord:
    clean = metadata.cleaned()
    row = _document(session, document_id)
    for name in METADATA_FIELDS:
        if getattr(row, name) != getattr(clean, name):
            setattr(row, name, getattr(clean, name))
    session.flush()
    return convert.document_record(row)


def deletion_weight(session: Session, document_id: int) -> DeletionWeight:
    _document(session, document_id)
    claims = session.scalar(select(func.count(Claim.id)).where(Claim.document_id == document_id))
    sources = session.scalar(select(func.count(Source.id)).join(Claim, Claim.id == Source.claim_id)
                             .where(Claim.document_id == document_id))
    passages = session.scalar(
        select(func.count(Source.id)).join(Claim, Claim.id == Source.claim_id)
        .where(Source.passage_document_id == document_id, Claim.document_id != document_id))
    return DeletionWeight(claims or 0, sources or 0, passages or 0)


def delete_document(session: Session, document_id: int) -> DocumentSnapshot:
    document = convert.document_record(_document(session, document_id))
    claims = session.scalars(
        select(Claim).where(Claim.document_id == document_id).order_by(Claim.id)).all()
    claim_ids = [c.id for c in claims]
    sources: dict[int, list[Source]] = {}
    history: dict[int, list[ClaimHistory]] = {}
    for chunk in _chunks(claim_ids):
        for src in session.scalars(select(Source).where(Source.claim_id.in_(chunk))
                                   .order_by(Source.id)):
            sources.setdefault(src.claim_id, []).append(src)
        for entry in session.scalars(select(ClaimHistory).where(ClaimHistory.claim_id.in_(chunk))
                                     .order_by(ClaimHistory.id)):
            history.setdefault(entry.claim_id, []).append(entry)
    snapshots = tuple(
        ClaimSnapshot(
            claim=convert.claim_record(c, len(sources.get(c.id, ()))),
            sources=tuple(convert.source_record(s) for s in sources.get(c.id, ())),
            history=tuple(convert.history_entry(h) for h in history.get(c.id, ())),
        )
        for c in claims
    )
    passages = tuple(
        (source_id, start, end) for source_id, start, end in session.execute(
            select(Source.id, Source.passage_start, Source.passage_end)
            .join(Claim, Claim.id == Source.claim_id)
            .where(Source.passage_document_id == document_id, Claim.document_id != document_id)
        ) if start is not None and end is not None
    )
    last_number = claim_numbers.last_taken(session, document_id)
    versions = tuple(dict(row) for row in session.execute(
        select(_VERSIONS).where(_VERSIONS.c.document_id == document_id)
        .order_by(_VERSIONS.c.number)).mappings())
    placements = tuple(dict(row) for row in session.execute(
        select(_PLACEMENTS).where(_PLACEMENTS.c.version_id.in_(
            select(_VERSIONS.c.id).where(_VERSIONS.c.document_id == document_id)))
        .order_by(_PLACEMENTS.c.version_id, _PLACEMENTS.c.claim_id)).mappings())
    session.expunge_all()  # the rows go below, with Core; no stale ORM objects stay behind
    session.execute(delete(_DOCUMENTS).where(_DOCUMENTS.c.id == document_id))
    return DocumentSnapshot(document=document, claims=snapshots, passages=passages,
                            last_claim_number=last_number, versions=versions,
                            placements=placements)


def restore_document(session: Session, snapshot: DocumentSnapshot) -> DocumentRecord:
    d = snapshot.document
    session.execute(insert(_DOCUMENTS).values(
        id=d.id, uuid=d.uuid, title=d.title, text=d.text, sha256=d.sha256, origin=d.origin,
        imported_at=d.imported_at, url=d.url, outlet=d.outlet, authors=d.authors,
        published=d.published, language=d.language, note=d.note))
    claims = [s.claim for s in snapshot.claims]
    if claims:
        session.execute(insert(_CLAIMS), [{
            "id": c.id, "uuid": c.uuid, "document_id": c.document_id, "number": c.number,
            "start": c.start,
            "end": c.end, "exact": c.exact, "prefix": c.prefix, "suffix": c.suffix,
            "doc_sha256": c.doc_sha256, "verdict": c.verdict.value, "note": c.note,
            "author": c.author, "created_at": c.created_at, "modified_at": c.modified_at,
            "version": c.version,
            "review_status": c.review_status.value if c.review_status else None,
            "review_note": c.review_note, "reviewer": c.reviewer, "reviewed_at": c.reviewed_at,
            "review_conflict": c.review_conflict,
            "reviewer_verdict": _value(c.reviewer_verdict),
            "review_seen_verdict": _value(c.review_seen_verdict),
            "review_seen_note": c.review_seen_note, "review_seen_at": c.review_seen_at,
            "review_reply": c.review_reply, "anchor_state": c.anchor_state.value,
        } for c in claims])
    last_number = max([snapshot.last_claim_number, *(c.number for c in claims)])
    if last_number:
        claim_numbers.keep_taken(session, d.id, last_number)
    sources = [s for snap in snapshot.claims for s in snap.sources]
    if sources:
        session.execute(insert(_SOURCES), [{
            "id": s.id, "uuid": s.uuid, "claim_id": s.claim_id, "url": s.url, "title": s.title,
            "publisher": s.publisher, "excerpt": s.excerpt, "stance": s.stance.value,
            "accessed_at": s.accessed_at, "passage_document_id": s.passage_document_id,
            "passage_start": s.passage_start, "passage_end": s.passage_end,
            "created_at": s.created_at, "version": s.version,
        } for s in sources])
    history = [h for snap in snapshot.claims for h in snap.history]
    if history:
        session.execute(insert(_HISTORY), [{
            "id": h.id, "claim_id": h.claim_id, "at": h.at, "author": h.author,
            "field": h.field, "old": h.old, "new": h.new,
        } for h in history])
    if snapshot.versions:  # every version with its text, then each claim's old places
        session.execute(insert(_VERSIONS), [dict(row) for row in snapshot.versions])
    if snapshot.placements:
        session.execute(insert(_PLACEMENTS), [dict(row) for row in snapshot.placements])
    for source_id, start, end in snapshot.passages:
        session.execute(update(_SOURCES).where(
            _SOURCES.c.id == source_id, _SOURCES.c.passage_document_id.is_(None)
        ).values(passage_document_id=d.id, passage_start=start, passage_end=end))
    return d


def _value(verdict: Verdict | None) -> str | None:
    return None if verdict is None else verdict.value


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]
