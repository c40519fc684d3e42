"""Session-level helpers shared by the Store's actions (annotator.store.service and its
mixins, annotator.store.versions): row lookup with the "no longer exists" message, the
claim lock with its concurrent-edit check, and the text check every new text passes."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.domain.history import HistoryField
from annotator.domain.records import ClaimRecord
from annotator.domain.text import has_visible_text
from annotator.store import convert
from annotator.store.errors import ConcurrentEdit, NotFound
from annotator.store.models import Claim, ClaimHistory, Source

Row = TypeVar("Row")


def check_text(text: str) -> None:
    if "\r" in text:
        # Qt would count "\r\n" as one character and shift every claim after it.
        raise ValueError("The text has carriage returns; normalise its line endings "
                         "(annotator.io.importers does) before adding it to the library.")
    if not has_visible_text(text):
        raise ValueError("The text is empty or invisible (only spaces, zero-width or "
                         "control characters); there is nothing to fact-check.")


def get_row(
    session: Session, model: type[Row], key: int, what: str, *, lock: bool = False
) -> Row:
    # lock: SELECT ... FOR UPDATE on PostgreSQL, so concurrent writers of one row queue up
    # and each reads what the previous one committed (SQLite's write lock already does).
    row = session.get(model, key, with_for_update=lock or None)
    if row is None:
        raise NotFound(f"That {what} (id {key}) no longer exists; it may have been deleted.")
    return row


def claim_for_edit(session: Session, claim_id: int, expected_version: int | None) -> Claim:
    """The claim, locked for this transaction; refused if it moved past expected_version."""
    row = get_row(session, Claim, claim_id, "claim", lock=True)
    if expected_version is not None and row.version != expected_version:
        raise concurrent_refusal(session, "claim", claim_id, row.version)
    return row


def concurrent_refusal(session: Session, what: str, claim_id: int, version: int,
                       fields: frozenset[HistoryField] | None = None) -> ConcurrentEdit:
    """A ConcurrentEdit naming the latest change (author, field, time) of the claim."""
    query = select(ClaimHistory).where(ClaimHistory.claim_id == claim_id)
    if fields is not None:
        query = query.where(ClaimHistory.field.in_([f.value for f in fields]))
    latest = session.scalars(query.order_by(ClaimHistory.id.desc()).limit(1)).first()
    return ConcurrentEdit(what, change=convert.history_entry(latest) if latest else None,
                          claim_id=claim_id, version=version)


def claim_with_count(session: Session, row: Claim) -> ClaimRecord:
    count = session.scalar(select(func.count(Source.id)).where(Source.claim_id == row.id))
    return convert.claim_record(row, count or 0)
