"""The Store's actions on claims (mixed into annotator.store.service.Store), one
transaction each: create, read, change verdict or note, delete and restore."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select, update

from annotator.domain.anchor import make_anchor
from annotator.domain.changes import ChangeKind
from annotator.domain.history import HistoryField
from annotator.domain.publishing import clean_rating_label
from annotator.domain.records import ClaimRecord, ClaimSnapshot, HistoryEntry, SourceInput
from annotator.domain.verdict import Verdict
from annotator.store import claim_numbers, convert, reads
from annotator.store.core import CLAIMS_TABLE, INSERT_HISTORY, StoreCore
from annotator.store.models import Claim, ClaimHistory, Document, new_uuid, utcnow
from annotator.store.rows import claim_for_edit, claim_with_count, get_row
from annotator.store.source_actions import complete_passage, source_row

_INSERT_CLAIM = insert(CLAIMS_TABLE).returning(CLAIMS_TABLE.c.id)


class ClaimActions(StoreCore):
    def create_claim(
        self, document_id: int, start: int, end: int, *, verdict: Verdict = Verdict.UNCHECKED,
        note: str = "", sources: Sequence[SourceInput] = (),
    ) -> ClaimRecord:
        """A new claim on text[start:end] (code points), with any first sources, atomically.

        The hot path of the editor (one per keystroke-made claim), so it writes with Core
        INSERT ... RETURNING instead of the ORM unit of work: about half the time.
        """
        with self.transaction(write=True) as s:
            text, sha = self._text_of(s, document_id)
            anchor = make_anchor(text, start, end, doc_sha256=sha)
            now = utcnow()
            uuid = new_uuid()
            number = claim_numbers.take_next(s, document_id)
            values = {
                "uuid": uuid, "document_id": document_id, "number": number,
                "start": anchor.start,
                "end": anchor.end, "exact": anchor.exact, "prefix": anchor.prefix,
                "suffix": anchor.suffix, "doc_sha256": anchor.doc_sha256,
                "verdict": Verdict(verdict).value, "note": note, "author": self.author,
                "created_at": now, "modified_at": now, "version": 1, "review_note": "",
                "reviewer": "", "review_conflict": False, "review_reply": "",
            }
            claim_id = s.execute(_INSERT_CLAIM, values).scalar_one()
            s.execute(INSERT_HISTORY, {"claim_id": claim_id, "at": now, "author": self.author,
                                        "field": HistoryField.CREATED.value, "old": "",
                                        "new": values["verdict"]})
            for source in sources:
                s.add(source_row(complete_passage(s, source), claim_id=claim_id))
            self.log_change(s, ChangeKind.CLAIM, document_id, claim_id)
            s.flush()
            return ClaimRecord(
                id=claim_id, uuid=uuid, document_id=document_id, start=anchor.start,
                end=anchor.end, exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix,
                doc_sha256=anchor.doc_sha256, verdict=Verdict(verdict), note=note,
                author=self.author, created_at=now, modified_at=now, version=1,
                source_count=len(sources), number=number,
            )

    def claim(self, claim_id: int) -> ClaimRecord:
        with self.transaction() as s:
            return claim_with_count(s, get_row(s, Claim, claim_id, "claim"))

    def claims(self, document_id: int | None = None, *,
               starts: reads.Starts = reads.ALL_STARTS) -> list[ClaimRecord]:
        """The claims of a document (all when None) in text order, read as plain rows;
        ``starts`` (first, below) keeps those starting in that range of code points."""
        with self.reading() as connection:
            return reads.read_claims(connection, document_id, starts)

    def set_verdict(
        self, claim_id: int, verdict: Verdict, *, expected_version: int | None = None
    ) -> ClaimRecord:
        return self._change(claim_id, HistoryField.VERDICT, Verdict(verdict).value,
                            expected_version)

    def set_note(
        self, claim_id: int, note: str, *, expected_version: int | None = None
    ) -> ClaimRecord:
        return self._change(claim_id, HistoryField.NOTE, note, expected_version)

    def set_rating_label(
        self, claim_id: int, label: str, *, expected_version: int | None = None
    ) -> ClaimRecord:
        """The newsroom's finer rating of a claim ("Misleading"); "" for none."""
        return self._change(claim_id, HistoryField.RATING_LABEL, clean_rating_label(label),
                            expected_version)

    def _change(
        self, claim_id: int, field: HistoryField, value: str, expected_version: int | None
    ) -> ClaimRecord:
        with self.transaction(write=True) as s:
            row = claim_for_edit(s, claim_id, expected_version)
            old = getattr(row, field)
            if old != value:
                now = utcnow()
                setattr(row, field, value)
                row.modified_at = now
                row.history.append(ClaimHistory(at=now, author=self.author,
                                                field=field.value, old=old, new=value))
                self.log_change(s, ChangeKind.CLAIM, row.document_id, row.id)
                s.flush()
            return claim_with_count(s, row)

    def delete_claim(
        self, claim_id: int, *, expected_version: int | None = None
    ) -> ClaimSnapshot:
        """Delete a claim with its sources; the snapshot lets restore_claim undo it."""
        with self.transaction(write=True) as s:
            row = claim_for_edit(s, claim_id, expected_version)
            snapshot = ClaimSnapshot(
                claim=convert.claim_record(row, len(row.sources)),
                sources=tuple(convert.source_record(src) for src in row.sources),
                history=tuple(convert.history_entry(h) for h in row.history),
            )
            s.delete(row)
            self.log_change(s, ChangeKind.CLAIM, row.document_id, claim_id)
            return snapshot

    def restore_claim(self, snapshot: ClaimSnapshot) -> ClaimRecord:
        """Put a deleted claim back with the same ids, uuid, sources and history."""
        c = snapshot.claim
        with self.transaction(write=True) as s:
            get_row(s, Document, c.document_id, "document")
            claim_numbers.keep_taken(s, c.document_id, c.number)  # the claim keeps its number
            row = Claim(
                id=c.id, uuid=c.uuid, document_id=c.document_id, number=c.number,
                start=c.start, end=c.end,
                exact=c.exact, prefix=c.prefix, suffix=c.suffix, doc_sha256=c.doc_sha256,
                verdict=c.verdict.value, note=c.note, author=c.author,
                created_at=c.created_at, modified_at=c.modified_at,
                review_status=c.review_status.value if c.review_status else None,
                review_note=c.review_note, reviewer=c.reviewer, reviewed_at=c.reviewed_at,
                review_conflict=c.review_conflict,
                reviewer_verdict=c.reviewer_verdict.value if c.reviewer_verdict else None,
                review_seen_verdict=(c.review_seen_verdict.value if c.review_seen_verdict
                                     else None),
                review_seen_note=c.review_seen_note, review_seen_at=c.review_seen_at,
                review_reply=c.review_reply,
                anchor_state=c.anchor_state.value, rating_label=c.rating_label,
            )
            row.history = [
                ClaimHistory(id=h.id, at=h.at, author=h.author, field=h.field, old=h.old,
                             new=h.new)
                for h in snapshot.history
            ]
            s.add(row)
            s.flush()
            for src in snapshot.sources:
                s.add(source_row(src.as_input(), claim_id=row.id, uuid=src.uuid, id=src.id,
                                  created_at=src.created_at))
            s.flush()
            # The ORM numbers a new row's version 1; the restored claim keeps its own so that
            # stale editors and review files still see it as the version they knew.
            s.execute(update(Claim).where(Claim.id == row.id).values(version=c.version)
                      .execution_options(synchronize_session=False))
            s.expire(row)
            self.log_change(s, ChangeKind.CLAIM, c.document_id, c.id)
            return convert.claim_record(row, len(snapshot.sources))

    def history(self, claim_id: int) -> list[HistoryEntry]:
        with self.transaction() as s:
            rows = s.scalars(
                select(ClaimHistory).where(ClaimHistory.claim_id == claim_id)
                .order_by(ClaimHistory.at, ClaimHistory.id)
            ).all()
            return [convert.history_entry(h) for h in rows]
