"""ORM rows -> immutable records (annotator.domain.records)."""

from __future__ import annotations

from annotator.domain.anchor import AnchorState
from annotator.domain.records import (
    ClaimRecord,
    DocumentRecord,
    HistoryEntry,
    SourceRecord,
)
from annotator.domain.verdict import ReviewStatus, Stance, Verdict
from annotator.store.models import Claim, ClaimHistory, Document, Source


def document_record(row: Document) -> DocumentRecord:
    return DocumentRecord(
        id=row.id, uuid=row.uuid, title=row.title, text=row.text, sha256=row.sha256,
        origin=row.origin, imported_at=row.imported_at, url=row.url, outlet=row.outlet,
        authors=row.authors, published=row.published, language=row.language, note=row.note,
    )


def claim_record(row: Claim, source_count: int) -> ClaimRecord:
    return ClaimRecord(
        id=row.id, uuid=row.uuid, document_id=row.document_id, start=row.start, end=row.end,
        exact=row.exact, prefix=row.prefix, suffix=row.suffix, doc_sha256=row.doc_sha256,
        verdict=Verdict(row.verdict), note=row.note, author=row.author,
        created_at=row.created_at, modified_at=row.modified_at, version=row.version,
        source_count=source_count,
        review_status=ReviewStatus(row.review_status) if row.review_status else None,
        review_note=row.review_note or "", reviewer=row.reviewer or "",
        reviewed_at=row.reviewed_at, review_conflict=bool(row.review_conflict),
        reviewer_verdict=_verdict(row.reviewer_verdict),
        review_seen_verdict=_verdict(row.review_seen_verdict),
        review_seen_note=row.review_seen_note, review_seen_at=row.review_seen_at,
        review_reply=row.review_reply or "",
        anchor_state=AnchorState(row.anchor_state or AnchorState.ANCHORED),
        number=row.number,
        rating_label=row.rating_label or "",
    )


def _verdict(value: str | None) -> Verdict | None:
    return Verdict(value) if value else None


def source_record(row: Source) -> SourceRecord:
    return SourceRecord(
        id=row.id, uuid=row.uuid, claim_id=row.claim_id, url=row.url, title=row.title,
        publisher=row.publisher, excerpt=row.excerpt, stance=Stance(row.stance),
        accessed_at=row.accessed_at, passage_document_id=row.passage_document_id,
        passage_start=row.passage_start, passage_end=row.passage_end,
        created_at=row.created_at, version=row.version,
    )


def history_entry(row: ClaimHistory) -> HistoryEntry:
    return HistoryEntry(
        id=row.id, claim_id=row.claim_id, at=row.at, author=row.author, field=row.field,
        old=row.old, new=row.new,
    )
