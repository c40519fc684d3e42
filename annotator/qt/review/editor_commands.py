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


class ResolveConflict(StoreCommand):
    """Accept the reviewer's decision, or keep the editor's change; undo reopens it."""

    def __init__(self, controller: Controller, claim: ClaimRecord, *, accept: bool) -> None:
        text = "Accept the reviewer's decision" if accept else "Keep my change (resolved)"
        super().__init__(controller, claim.document_id, text)
        self.claim_id = claim.id
        self.accept = accept
        self._done: ConflictResolution | None = None

    def _do(self) -> None:
        done = resolve_review_conflict(self.store, self.claim_id, accept=self.accept)
        if done is None:
            raise ValueError("This claim has no review conflict any more.")
        self._done = done
        self.controller.claim_stored(self.store.claim(self.claim_id), focus=True)

    def _undo(self) -> None:
        assert self._done is not None
        reopen_review_conflict(self.store, self._done)
        self.controller.claim_stored(self.store.claim(self.claim_id), focus=True)


class SetReviewReply(StoreCommand):
    def __init__(self, controller: Controller, claim: ClaimRecord, reply: str) -> None:
        super().__init__(controller, claim.document_id, "Reply to the reviewer")
        self.claim_id = claim.id
        self.old, self.new = claim.review_reply, reply

    def _do(self) -> None:
        set_review_reply(self.store, self.claim_id, self.new)
        self.controller.claim_stored(self.store.claim(self.claim_id), focus=True)

    def _undo(self) -> None:
        set_review_reply(self.store, self.claim_id, self.old)
        self.controller.claim_stored(self.store.claim(self.claim_id), focus=True)
