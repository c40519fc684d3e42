"""Merge a reviewer's decisions into the library: one transaction, nothing overwritten.

A decision only ever writes the claim's ``review_*`` columns; the editor's verdict, note
and sources are never touched. If the editor changed the claim after it was exported
(its ``modified_at`` differs from the one in the review file), the decision is still
stored, beside the change, with ``review_conflict`` set so the UI can show it. A decision
equal to what is stored writes nothing, so importing the same file twice is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.changes import ChangeKind
from annotator.domain.history import HistoryField
from annotator.domain.review import accepted_values
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.store import convert
from annotator.store.errors import NotFound
from annotator.store.models import Claim, ClaimHistory, utcnow
from annotator.store.service import Store

HISTORY_FIELD = HistoryField.REVIEW.value
_LOOKUP_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """What a reviewer set on one claim in a review file."""

    claim_uuid: str
    status: ReviewStatus
    note: str
    reviewer: str
    reviewed_at: datetime | None
    exported_modified_at: datetime  # the claim's modified_at when it was exported
    reviewer_verdict: Verdict | None = None  # the reviewer's own verdict (format 2)
    seen_verdict: Verdict | None = None  # the claim as exported: what the reviewer saw
    seen_note: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewMergeCounts:
    applied: int  # written, no conflict
    conflicts: int  # written, but the editor had changed the claim after the export
    unchanged: int  # already stored exactly so
    unknown: int  # no such claim in the library (deleted since the export?)
    changed_claim_ids: tuple[int, ...] = ()  # library ids of every written claim
    conflict_claim_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class _Live:
    id: int
    document_id: int
    modified_at: datetime
    status: str | None
    note: str
    reviewer: str
    reviewer_verdict: str | None


PROGRESS_EVERY = 2000
"""Decisions between two calls of the ``tick`` callback."""


def apply_review_decisions(
    store: Store, decisions: Sequence[ReviewDecision],
    tick: Callable[[int], None] | None = None,
) -> ReviewMergeCounts:
    """Write every decision that differs from what is stored, with a history row each.

    ``tick(done)`` is told how many decisions were compared so far; if it raises, nothing
    is written. The comparison that ``tick`` follows runs in a read transaction of its own:
    a GUI's tick runs the event loop, where other actions (the evidence index saving its
    cuts) may write to the library, and a transaction that had read before such a write
    could not write after it. The write transaction then compares again, with no callback
    while it holds the lock.
    """
    if tick is not None:
        with store.transaction() as session:
            _plan(session, store, decisions, tick)
        tick(len(decisions))  # the last chance to cancel: nothing is written yet
    with store.transaction(write=True) as session:
        plan = _plan(session, store, decisions, None)
        _write(session, plan.updates, plan.history)
        for document_id in sorted(plan.documents):
            store.log_change(session, ChangeKind.CLAIMS, document_id)
    changed, conflicts = plan.changed, plan.conflicts
    return ReviewMergeCounts(
        applied=len(changed) - len(conflicts), conflicts=len(conflicts),
        unchanged=plan.unchanged, unknown=plan.unknown, changed_claim_ids=tuple(changed),
        conflict_claim_ids=tuple(conflicts),
    )


@dataclass(slots=True)
class _Plan:
    updates: list[dict[str, object]] = field(default_factory=list)
    history: list[dict[str, object]] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)
    unknown: int = 0
    unchanged: int = 0


def _plan(session: Session, store: Store, decisions: Sequence[ReviewDecision],
          tick: Callable[[int], None] | None) -> _Plan:
    """What the decisions change against the claims as stored now."""
    now = utcnow()
    plan = _Plan()
    live = _live_claims(session, [d.claim_uuid for d in decisions])
    for done, decision in enumerate(decisions):
        if tick is not None and done % PROGRESS_EVERY == 0:
            tick(done)
        row = live.get(decision.claim_uuid)
        if row is None:
            plan.unknown += 1
            continue
        verdict = decision.reviewer_verdict.value if decision.reviewer_verdict else None
        if (row.status, row.note, row.reviewer, row.reviewer_verdict) == (
            decision.status.value, decision.note, decision.reviewer, verdict
        ):
            plan.unchanged += 1
            continue
        conflict = row.modified_at != decision.exported_modified_at
        plan.changed.append(row.id)
        plan.documents.add(row.document_id)
        if conflict:
            plan.conflicts.append(row.id)
        plan.updates.append({
            "b_claim": row.id, "b_status": decision.status.value, "b_note": decision.note,
            "b_reviewer": decision.reviewer, "b_reviewed_at": decision.reviewed_at or now,
            "b_conflict": conflict, "b_verdict": verdict,
            "b_seen_verdict": decision.seen_verdict.value if decision.seen_verdict else None,
            "b_seen_note": decision.seen_note,
            "b_seen_at": decision.exported_modified_at,
        })
        plan.history.append({
            "claim_id": row.id, "at": now, "author": decision.reviewer or store.author,
            "field": HISTORY_FIELD, "old": describe(row.status, row.note),
            "new": describe(decision.status.value, decision.note, conflict=conflict,
                            verdict=verdict),
        })
    return plan


@dataclass(frozen=True, slots=True)
class ConflictResolution:
    """What resolving a conflict changed, so that undo can put it back exactly."""

    claim_id: int
    accepted: bool  # True: the reviewer's decision; False: the editor's change kept
    verdict: str  # before
    note: str
    modified_at: datetime
    seen_at: datetime | None


RESOLVED_FIELD = HistoryField.REVIEW.value


def resolve_review_conflict(store: Store, claim_id: int, *, accept: bool = False
                            ) -> ConflictResolution | None:
    """Resolve a claim's review conflict; None if it had none. One transaction.

    ``accept``: the claim takes the reviewer's decision (annotator.domain.review
    .accepted_values), recorded in its history like any verdict or note change, and counts as
    reviewed as it now is. Otherwise the editor's change stays, and the claim remains
    "changed since review" for the next --changed-since-review export.
    """
    with store.transaction(write=True) as session:
        row = session.get(Claim, claim_id)
        if row is None:
            raise NotFound(f"That claim (id {claim_id}) no longer exists; it may have been "
                           "deleted.")
        if not row.review_conflict:
            return None
        before = ConflictResolution(claim_id, accept, row.verdict, row.note, row.modified_at,
                                    row.review_seen_at)
        now = utcnow()
        text = "conflict resolved: kept my change"
        if accept:
            verdict, note = accepted_values(convert.claim_record(row, 0))
            for name, value in (("verdict", verdict.value), ("note", note)):
                old = getattr(row, name)
                if old != value:
                    setattr(row, name, value)
                    row.history.append(ClaimHistory(at=now, author=store.author, field=name,
                                                    old=old, new=value))
                    row.modified_at = now
            row.review_seen_at = row.modified_at
            text = f"conflict resolved: accepted the reviewer's decision ({row.review_status})"
        row.review_conflict = False
        row.history.append(ClaimHistory(at=now, author=store.author, field=RESOLVED_FIELD,
                                        old="conflict", new=text))
        store.log_change(session, ChangeKind.CLAIM, row.document_id, row.id)
        session.flush()
        return before


def reopen_review_conflict(store: Store, resolution: ConflictResolution) -> None:
    """Undo a resolution: the verdict, note and conflict as they were before it."""
    with store.transaction(write=True) as session:
        row = session.get(Claim, resolution.claim_id)
        if row is None:
            raise NotFound("That claim no longer exists; it may have been deleted.")
        now = utcnow()
        for name, value in (("verdict", resolution.verdict), ("note", resolution.note)):
            old = getattr(row, name)
            if old != value:
                setattr(row, name, value)
                row.history.append(ClaimHistory(at=now, author=store.author, field=name,
                                                old=old, new=value))
        row.modified_at = resolution.modified_at
        row.review_seen_at = resolution.seen_at
        row.review_conflict = True
        row.history.append(ClaimHistory(at=now, author=store.author, field=RESOLVED_FIELD,
                                        old="conflict resolved", new="conflict reopened (undo)"))
        store.log_change(session, ChangeKind.CLAIM, row.document_id, row.id)
        session.flush()


def set_review_reply(store: Store, claim_id: int, reply: str) -> str:
    """The editor's answer to a review, carried in the next review file; the old reply."""
    with store.transaction(write=True) as session:
        row = session.get(Claim, claim_id)
        if row is None:
            raise NotFound(f"That claim (id {claim_id}) no longer exists; it may have been "
                           "deleted.")
        old = row.review_reply or ""
        if old != reply:
            now = utcnow()
            row.review_reply = reply
            row.modified_at = now
            row.history.append(ClaimHistory(at=now, author=store.author,
                                            field=HistoryField.REPLY.value, old=old,
                                            new=reply))
            store.log_change(session, ChangeKind.CLAIM, row.document_id, row.id)
        session.flush()
        return old


def describe(status: str | None, note: str, *, conflict: bool = False,
             verdict: str | None = None) -> str:
    """The history text of a review state: 'approved: checked the figures (conflict ...)'."""
    text = status or "none"
    if verdict:
        text += f" (reviewer's verdict: {verdict})"
    if note:
        text += f": {note}"
    if conflict:
        text += " (conflict: the claim was changed after the export)"
    return text


def _live_claims(session: Session, uuids: Sequence[str]) -> dict[str, _Live]:
    found: dict[str, _Live] = {}
    for chunk in _chunks(sorted(set(uuids)), _LOOKUP_CHUNK):
        rows = session.execute(
            select(Claim.uuid, Claim.id, Claim.document_id, Claim.modified_at,
                   Claim.review_status, Claim.review_note, Claim.reviewer,
                   Claim.reviewer_verdict)
            .where(Claim.uuid.in_(chunk))
        )
        for uuid, claim_id, document_id, modified_at, status, note, reviewer, verdict in rows:
            found[uuid] = _Live(claim_id, document_id, modified_at, status, note or "",
                                reviewer or "", verdict)
    return found


def _write(session: Session, updates: list[dict[str, object]],
           history: list[dict[str, object]]) -> None:
    if not updates:
        return
    claims = Claim.metadata.tables["claims"]
    # Core executemany on the table: the version still moves on, so an editor holding
    # the old version learns that the claim changed under them.
    session.connection().execute(
        update(claims).where(claims.c.id == bindparam("b_claim")).values(
            review_status=bindparam("b_status"), review_note=bindparam("b_note"),
            reviewer=bindparam("b_reviewer"), reviewed_at=bindparam("b_reviewed_at"),
            review_conflict=bindparam("b_conflict"), reviewer_verdict=bindparam("b_verdict"),
            review_seen_verdict=bindparam("b_seen_verdict"),
            review_seen_note=bindparam("b_seen_note"), review_seen_at=bindparam("b_seen_at"),
            version=claims.c.version + 1,
        ),
        updates,
    )
    # Core, not the ORM bulk path: a history row per decision, without per-row ORM work.
    session.connection().execute(insert(ClaimHistory.__table__), history)  # type: ignore[arg-type]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
