"""The Store's actions on a claim's sources (mixed into annotator.store.service.Store),
one transaction each; every change moves the claim's version on and writes its history."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from annotator.domain.changes import ChangeKind
from annotator.domain.history import SOURCE_FIELDS, HistoryField
from annotator.domain.records import SourceInput, SourceRecord
from annotator.domain.urls import normalise_web_address
from annotator.domain.verdict import Stance
from annotator.store import convert
from annotator.store.core import StoreCore
from annotator.store.errors import NotFound
from annotator.store.models import Claim, Document, Source, utcnow
from annotator.store.rows import claim_for_edit, concurrent_refusal, get_row


class SourceActions(StoreCore):
    def sources(self, claim_id: int) -> list[SourceRecord]:
        with self.transaction() as s:
            rows = s.scalars(
                select(Source).where(Source.claim_id == claim_id).order_by(Source.id)
            ).all()
            return [convert.source_record(r) for r in rows]

    def add_source(
        self, claim_id: int, source: SourceInput, *, expected_version: int | None = None
    ) -> SourceRecord:
        """Attach a source; ``expected_version`` is the claim's version the editor saw."""
        with self.transaction(write=True) as s:
            claim = claim_for_edit(s, claim_id, expected_version)
            row = source_row(complete_passage(s, source), claim_id=claim.id)
            s.add(row)
            s.flush()
            self._source_changed(s, claim, HistoryField.SOURCE_ADDED, new=history_label(row))
            return convert.source_record(row)

    def update_source(
        self, source_id: int, source: SourceInput, *, expected_version: int | None = None
    ) -> SourceRecord:
        """Change a source; ``expected_version`` is the source's version the editor saw."""
        with self.transaction(write=True) as s:
            claim, row = self._source_for_edit(s, source_id, expected_version)
            before = history_label(row)
            complete = complete_passage(s, source)
            for name in ("url", "title", "publisher", "excerpt", "accessed_at",
                         "passage_document_id", "passage_start", "passage_end"):
                setattr(row, name, getattr(complete, name))
            row.stance = Stance(complete.stance).value
            if s.is_modified(row):
                s.flush()
                self._source_changed(s, claim, HistoryField.SOURCE_EDITED, before,
                                     history_label(row))
            return convert.source_record(row)

    def remove_source(
        self, source_id: int, *, expected_version: int | None = None
    ) -> SourceRecord:
        """Remove a source; the returned record lets restore_source undo it."""
        with self.transaction(write=True) as s:
            claim, row = self._source_for_edit(s, source_id, expected_version)
            record = convert.source_record(row)
            s.delete(row)
            self._source_changed(s, claim, HistoryField.SOURCE_REMOVED, old=history_label(row))
            return record

    def restore_source(self, record: SourceRecord) -> SourceRecord:
        """Put a removed source back with the same id, uuid and version (undo of remove)."""
        with self.transaction(write=True) as s:
            claim = claim_for_edit(s, record.claim_id, None)
            row = source_row(record.as_input(), claim_id=claim.id, uuid=record.uuid,
                              id=record.id, created_at=record.created_at)
            s.add(row)
            s.flush()
            s.execute(update(Source).where(Source.id == row.id).values(version=record.version)
                      .execution_options(synchronize_session=False))
            s.expire(row)
            self._source_changed(s, claim, HistoryField.SOURCE_ADDED, new=history_label(row))
            return convert.source_record(row)

    def _source_for_edit(
        self, session: Session, source_id: int, expected_version: int | None
    ) -> tuple[Claim, Source]:
        # Lock the claim before its source, the order every writer of a claim uses
        # (deleting a claim locks the claim, then cascades to its sources).
        claim_id = session.scalar(select(Source.claim_id).where(Source.id == source_id))
        if claim_id is None:
            raise NotFound(f"That source (id {source_id}) no longer exists; "
                           "it may have been removed.")
        claim = claim_for_edit(session, claim_id, None)
        row = get_row(session, Source, source_id, "source", lock=True)
        if expected_version is not None and row.version != expected_version:
            raise concurrent_refusal(session, "source", claim_id, row.version, fields=SOURCE_FIELDS)
        return claim, row

    def _source_changed(self, session: Session, claim: Claim, field: HistoryField,
                        old: str = "", new: str = "") -> None:
        touch(claim)  # the claim's version moves on with its sources
        self._history(session, claim.id, field, old, new)
        self.log_change(session, ChangeKind.SOURCES, claim.document_id, claim.id)
        session.flush()


def history_label(source: Source) -> str:
    """How a source is named in history: its title, else its URL, else its excerpt."""
    return source.title or source.url or source.excerpt or source.publisher


def touch(claim: Claim) -> None:
    claim.modified_at = utcnow()


def complete_passage(session: Session, source: SourceInput) -> SourceInput:
    """Validate a source, complete its web address, fill a passage's excerpt and title."""
    url = normalise_web_address(source.url)
    if url != source.url:
        source = replace(source, url=url)
    if source.passage_document_id is None:
        if not any((source.url.strip(), source.title.strip(), source.excerpt.strip(),
                    source.publisher.strip())):
            raise ValueError("A source needs at least a URL, a title, an excerpt or a passage.")
        return source
    doc = get_row(session, Document, source.passage_document_id, "document")
    start, end = source.passage_start, source.passage_end
    if start is None or end is None or not 0 <= start < end <= len(doc.text):
        raise ValueError("The linked passage is outside the text of its document.")
    return SourceInput(
        url=source.url, title=source.title or doc.title, publisher=source.publisher,
        excerpt=source.excerpt or doc.text[start:end], stance=source.stance,
        accessed_at=source.accessed_at, passage_document_id=doc.id,
        passage_start=start, passage_end=end,
    )


def source_row(source: SourceInput, *, claim_id: int, **fixed: object) -> Source:
    return Source(
        claim_id=claim_id, url=source.url.strip(), title=source.title.strip(),
        publisher=source.publisher.strip(), excerpt=source.excerpt,
        stance=Stance(source.stance).value, accessed_at=source.accessed_at.strip(),
        passage_document_id=source.passage_document_id, passage_start=source.passage_start,
        passage_end=source.passage_end, **fixed,
    )
