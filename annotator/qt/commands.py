"""Undoable user actions: each redo and each undo is one Store call (one transaction).

A command never touches a widget. It tells the controller what changed (the record the
store returned) and the controller's signals update every view. A command whose store
call fails marks itself obsolete, so QUndoStack drops it instead of keeping a step that
never happened (on a first redo) or that can no longer be reversed (on undo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.domain.records import (
    ClaimRecord,
    ClaimSnapshot,
    SourceInput,
    SourceRecord,
)
from annotator.domain.verdict import Verdict
from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.qt.controller import Controller
    from annotator.store import Store

# Errors whose text is a sentence for the user; anything else is a bug and propagates.
USER_ERRORS = (StoreError, ValueError)

VERDICT_TEXT = {
    Verdict.UNCHECKED: "Mark unchecked",
    Verdict.VERIFIED: "Mark verified",
    Verdict.DISPUTED: "Mark disputed",
}


class StoreCommand(QUndoCommand):
    """Runs _do/_undo, turning a failure into an obsolete command and an error report."""

    def __init__(self, controller: Controller, document_id: int, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.document_id = document_id
        self.done = False

    @property
    def store(self) -> Store:
        return self.controller.store

    def redo(self) -> None:
        self._run(self._do)
        if not self.isObsolete():
            self.done = True

    def undo(self) -> None:
        self._run(self._undo)
        if not self.isObsolete():
            self.done = False

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except USER_ERRORS as exc:
            self.setObsolete(True)
            self.controller.command_failed(self, exc)
        except BaseException:
            self.setObsolete(True)
            self.controller.command_failed(self, None)
            raise

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class CreateClaim(StoreCommand):
    """Undo deletes the claim; redo restores it from the snapshot with the same id and uuid."""

    def __init__(
        self, controller: Controller, document_id: int, start: int, end: int, *,
        verdict: Verdict = Verdict.UNCHECKED, note: str = "",
        sources: Sequence[SourceInput] = (),
    ) -> None:
        super().__init__(controller, document_id, "Create claim")
        self.start, self.end = start, end
        self.verdict, self.note, self.sources = verdict, note, tuple(sources)
        self.record: ClaimRecord | None = None
        self._snapshot: ClaimSnapshot | None = None

    def _do(self) -> None:
        if self._snapshot is None:
            record = self.store.create_claim(
                self.document_id, self.start, self.end, verdict=self.verdict, note=self.note,
                sources=self.sources,
            )
        else:
            record = self.store.restore_claim(self._snapshot)
        self.record = record
        self.controller.claim_stored(record, focus=True)

    def _undo(self) -> None:
        assert self.record is not None
        self._snapshot = self.store.delete_claim(self.record.id)
        self.controller.claim_deleted(self.record.id, self.document_id)


class DeleteClaim(StoreCommand):
    def __init__(self, controller: Controller, claim: ClaimRecord) -> None:
        super().__init__(controller, claim.document_id, "Delete claim")
        self.claim_id = claim.id
        self._snapshot: ClaimSnapshot | None = None

    def _do(self) -> None:
        self._snapshot = self.store.delete_claim(self.claim_id)
        self.controller.claim_deleted(self.claim_id, self.document_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        record = self.store.restore_claim(self._snapshot)
        self.controller.claim_stored(record, focus=True)


class SetVerdict(StoreCommand):
    def __init__(self, controller: Controller, claim: ClaimRecord, verdict: Verdict) -> None:
        super().__init__(controller, claim.document_id, VERDICT_TEXT[Verdict(verdict)])
        self.claim_id = claim.id
        self.old, self.new = claim.verdict, Verdict(verdict)

    def _do(self) -> None:
        self.controller.claim_stored(self.store.set_verdict(self.claim_id, self.new), focus=True)

    def _undo(self) -> None:
        self.controller.claim_stored(self.store.set_verdict(self.claim_id, self.old), focus=True)


class SetNote(StoreCommand):
    def __init__(self, controller: Controller, claim: ClaimRecord, note: str) -> None:
        super().__init__(controller, claim.document_id, "Edit note")
        self.claim_id = claim.id
        self.old, self.new = claim.note, note

    def _do(self) -> None:
        self.controller.claim_stored(self.store.set_note(self.claim_id, self.new), focus=True)

    def _undo(self) -> None:
        self.controller.claim_stored(self.store.set_note(self.claim_id, self.old), focus=True)


class AddSource(StoreCommand):
    """Undo removes the source; redo puts the same row (id, uuid) back."""

    def __init__(
        self, controller: Controller, document_id: int, claim_id: int, source: SourceInput,
        text: str = "Add source",
    ) -> None:
        super().__init__(controller, document_id, text)
        self.claim_id = claim_id
        self.source = source
        self.record: SourceRecord | None = None

    def _do(self) -> None:
        if self.record is None:
            self.record = self.store.add_source(self.claim_id, self.source)
        else:
            self.record = self.store.restore_source(self.record)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=1)

    def _undo(self) -> None:
        assert self.record is not None
        self.record = self.store.remove_source(self.record.id)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=-1)


class EditSource(StoreCommand):
    def __init__(
        self, controller: Controller, document_id: int, old: SourceRecord, new: SourceInput
    ) -> None:
        super().__init__(controller, document_id, "Edit source")
        self.old = old
        self.new = new
        self.record: SourceRecord | None = None

    def _do(self) -> None:
        self.record = self.store.update_source(self.old.id, self.new)
        self.controller.sources_stored(self.old.claim_id, self.document_id, delta=0)

    def _undo(self) -> None:
        self.record = self.store.update_source(self.old.id, self.old.as_input())
        self.controller.sources_stored(self.old.claim_id, self.document_id, delta=0)


class RemoveSource(StoreCommand):
    def __init__(self, controller: Controller, document_id: int, source: SourceRecord) -> None:
        super().__init__(controller, document_id, "Remove source")
        self.source_id = source.id
        self.claim_id = source.claim_id
        self.record: SourceRecord | None = source

    def _do(self) -> None:
        self.record = self.store.remove_source(self.source_id)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=-1)

    def _undo(self) -> None:
        assert self.record is not None
        self.record = self.store.restore_source(self.record)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=1)
