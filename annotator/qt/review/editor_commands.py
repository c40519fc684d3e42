"""The editor's undoable actions on a review: resolve a conflict, reply to the reviewer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.qt.commands import StoreCommand
from annotator.store.review_merge import (
    ConflictResolution,
    reopen_review_conflict,
    resolve_review_conflict,
    set_review_reply,
)

if TYPE_CHECKING:
    from annotator.domain.records import ClaimRecord
    from annotator.qt.controller import Controller


class _ReviewStep(StoreCommand):
    target: int

    def _stored(self) -> None:
        """Show the claim as stored, and note the version this step left (annotator.qt.desk
        bases later undo steps on it)."""
        record = self.store.claim(self.target)
        self.stepped(("claim", self.target), record.version)
        self.controller.claim_stored(record, focus=True)


class ResolveConflict(_ReviewStep):
    """Accept the reviewer's decision, or keep the editor's change; undo reopens it."""

    def __init__(self, controller: Controller, claim: ClaimRecord, *, accept: bool) -> None:
        text = "Accept the reviewer's decision" if accept else "Keep my change (resolved)"
        super().__init__(controller, claim.document_id, text, claim.id)
        self.target: int = claim.id
        self.accept = accept
        self._done: ConflictResolution | None = None

    def _do(self) -> None:
        done = resolve_review_conflict(self.store, self.target, accept=self.accept)
        if done is None:
            raise ValueError("This claim has no review conflict any more.")
        self._done = done
        self._stored()

    def _undo(self) -> None:
        assert self._done is not None
        reopen_review_conflict(self.store, self._done)
        self._stored()


class SetReviewReply(_ReviewStep):
    def __init__(self, controller: Controller, claim: ClaimRecord, reply: str) -> None:
        super().__init__(controller, claim.document_id, "Reply to the reviewer", claim.id)
        self.target: int = claim.id
        self.old, self.new = claim.review_reply, reply

    def _do(self) -> None:
        set_review_reply(self.store, self.target, self.new)
        self._stored()

    def _undo(self) -> None:
        set_review_reply(self.store, self.target, self.old)
        self._stored()
