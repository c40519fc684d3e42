"""Undoable user actions: each redo and each undo is one Store call (one transaction).

A command never touches a widget. It tells the controller what changed (the record the
store returned) and the controller's signals update every view. A command whose store
call fails marks itself obsolete, so QUndoStack drops it instead of keeping a step that
never happened (on a first redo) or that can no longer be reversed (on undo).

Every step carries the version of the claim (or source) it was based on: the version the
user saw for a first redo, the version the previous step left for an undo or a redo. If a
colleague changed it in between, the store refuses the step (ConcurrentEdit) and
``retry`` makes the same step again as a new command, based on what is stored now: the
"apply mine anyway" (or "undo anyway") the user is offered.

Undo and redo are based on the version the user's own latest step left (the controller
keeps it per claim and source), unless a colleague's change to that claim was seen after
this step: then the step's own version is used, the store refuses it, and the user is asked.
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
from annotator.store.errors import NotFound, StoreError

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


Key = tuple[str, int]  # ("claim", id) or ("source", id): what a version belongs to


class StoreCommand(QUndoCommand):
    """Runs _do/_undo, turning a failure into an obsolete command and an error report."""

    def __init__(self, controller: Controller, document_id: int, text: str,
                 claim_id: int | None = None) -> None:
        super().__init__(text)
        self.controller = controller
        self.document_id = document_id
        self.claim_id = claim_id
        self.done = False
        self.applied = False  # a step of it succeeded at least once
        self.epoch = 0  # the claim's count of colleagues' changes seen, at its last step
        self.versions: dict[Key, int] = {}  # what its last step left

    def base(self, key: Key, seen: int) -> int:
        """The version this step expects: ``seen`` (what the user saw) on a first redo."""
        return self.controller.step_base(self, key, seen)

    def stepped(self, key: Key, version: int) -> None:
        self.controller.stepped(self, key, version)

    @property
    def store(self) -> Store:
        return self.controller.store

    def redo(self) -> None:
        self._run(self._do, undoing=False)
        if not self.isObsolete():
            self.done = True

    def undo(self) -> None:
        self._run(self._undo, undoing=True)
        if not self.isObsolete():
            self.done = False

    def _run(self, step: Callable[[], None], *, undoing: bool) -> None:
        try:
            step()
        except USER_ERRORS as exc:
            self.setObsolete(True)
            self.controller.command_failed(self, exc, undoing=undoing)
        except BaseException:
            self.setObsolete(True)
            self.controller.command_failed(self, None, undoing=undoing)
            raise

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def retry(self, undoing: bool) -> StoreCommand | None:
        """The refused step as a new command based on what is stored now (None: nothing to
        do any more, e.g. the claim is gone)."""
        return None

    # -- fresh state for a retry -------------------------------------------------------

    def _fresh_claim(self, claim_id: int) -> ClaimRecord | None:
        try:
            return self.store.claim(claim_id)
        except NotFound:
            return None

    def _fresh_source(self, claim_id: int, source_id: int) -> SourceRecord | None:
        try:
            return next((s for s in self.store.sources(claim_id) if s.id == source_id), None)
        except StoreError:
            return None


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
        self.claim_id = record.id
        self.stepped(("claim", record.id), record.version)
        self.controller.claim_stored(record, focus=True)

    def _undo(self) -> None:
        assert self.record is not None
        key = ("claim", self.record.id)
        self._snapshot = self.store.delete_claim(
            self.record.id, expected_version=self.base(key, self.record.version))
        self.controller.claim_deleted(self.record.id, self.document_id)

    def retry(self, undoing: bool) -> StoreCommand | None:
        fresh = self._fresh_claim(self.record.id) if self.record and undoing else None
        return DeleteClaim(self.controller, fresh) if fresh is not None else None


class DeleteClaim(StoreCommand):
    def __init__(self, controller: Controller, claim: ClaimRecord) -> None:
        super().__init__(controller, claim.document_id, "Delete claim", claim.id)
        self.seen = claim.version
        self._snapshot: ClaimSnapshot | None = None

    def _do(self) -> None:
        assert self.claim_id is not None
        key = ("claim", self.claim_id)
        self._snapshot = self.store.delete_claim(self.claim_id,
                                                 expected_version=self.base(key, self.seen))
        self.stepped(key, self._snapshot.claim.version)
        self.controller.claim_deleted(self.claim_id, self.document_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        record = self.store.restore_claim(self._snapshot)
        self.stepped(("claim", record.id), record.version)
        self.controller.claim_stored(record, focus=True)

    def retry(self, undoing: bool) -> StoreCommand | None:
        assert self.claim_id is not None
        fresh = None if undoing else self._fresh_claim(self.claim_id)
        return DeleteClaim(self.controller, fresh) if fresh is not None else None


class _SetField(StoreCommand):
    """Set one field of a claim; undo puts the old value back. Both steps are versioned."""

    def __init__(self, controller: Controller, claim: ClaimRecord, old: str, new: str,
                 text: str, *, base_version: int | None = None) -> None:
        super().__init__(controller, claim.document_id, text, claim.id)
        self.old, self.new = old, new
        self.seen = claim.version if base_version is None else base_version

    def _store_value(self, value: str, version: int) -> ClaimRecord:
        raise NotImplementedError

    def _set(self, value: str) -> None:
        assert self.claim_id is not None
        key = ("claim", self.claim_id)
        record = self._store_value(value, self.base(key, self.seen))
        self.stepped(key, record.version)
        self.controller.claim_stored(record, focus=True)

    def _do(self) -> None:
        self._set(self.new)

    def _undo(self) -> None:
        self._set(self.old)

    def _again(self, claim: ClaimRecord, value: str) -> StoreCommand:
        raise NotImplementedError

    def retry(self, undoing: bool) -> StoreCommand | None:
        assert self.claim_id is not None
        fresh = self._fresh_claim(self.claim_id)
        return self._again(fresh, self.old if undoing else self.new) if fresh else None


class SetVerdict(_SetField):
    def __init__(self, controller: Controller, claim: ClaimRecord, verdict: Verdict) -> None:
        verdict = Verdict(verdict)
        super().__init__(controller, claim, claim.verdict.value, verdict.value,
                         VERDICT_TEXT[verdict])

    def _store_value(self, value: str, version: int) -> ClaimRecord:
        assert self.claim_id is not None
        return self.store.set_verdict(self.claim_id, Verdict(value), expected_version=version)

    def _again(self, claim: ClaimRecord, value: str) -> StoreCommand:
        return SetVerdict(self.controller, claim, Verdict(value))


class SetNote(_SetField):
    def __init__(self, controller: Controller, claim: ClaimRecord, note: str, *,
                 base_version: int | None = None, old: str | None = None) -> None:
        super().__init__(controller, claim, claim.note if old is None else old, note,
                         "Edit note", base_version=base_version)

    def _store_value(self, value: str, version: int) -> ClaimRecord:
        assert self.claim_id is not None
        return self.store.set_note(self.claim_id, value, expected_version=version)

    def _again(self, claim: ClaimRecord, value: str) -> StoreCommand:
        return SetNote(self.controller, claim, value)


class SetRatingLabel(_SetField):
    """The newsroom's finer rating of a claim ("Misleading"); "" for the verdict's own."""

    def __init__(self, controller: Controller, claim: ClaimRecord, label: str) -> None:
        super().__init__(controller, claim, claim.rating_label, label, "Set rating label")

    def _store_value(self, value: str, version: int) -> ClaimRecord:
        assert self.claim_id is not None
        return self.store.set_rating_label(self.claim_id, value, expected_version=version)

    def _again(self, claim: ClaimRecord, value: str) -> StoreCommand:
        return SetRatingLabel(self.controller, claim, value)


class AddSource(StoreCommand):
    """Undo removes the source; redo puts the same row (id, uuid) back."""

    def __init__(
        self, controller: Controller, claim: ClaimRecord, source: SourceInput,
        text: str = "Add source",
    ) -> None:
        super().__init__(controller, claim.document_id, text, claim.id)
        self.claim_version = claim.version
        self.source = source
        self.record: SourceRecord | None = None

    def _do(self) -> None:
        assert self.claim_id is not None
        if self.record is None:
            self.record = self.store.add_source(self.claim_id, self.source,
                                                expected_version=self.claim_version)
        else:
            self.record = self.store.restore_source(self.record)
        self.stepped(("source", self.record.id), self.record.version)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=1)

    def _undo(self) -> None:
        assert self.record is not None and self.claim_id is not None
        key = ("source", self.record.id)
        self.record = self.store.remove_source(
            self.record.id, expected_version=self.base(key, self.record.version))
        self.stepped(key, self.record.version)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=-1)

    def retry(self, undoing: bool) -> StoreCommand | None:
        assert self.claim_id is not None
        if undoing:
            fresh = self._fresh_source(self.claim_id, self.record.id) if self.record else None
            return RemoveSource(self.controller, self.document_id, fresh) if fresh else None
        claim = self._fresh_claim(self.claim_id)
        return AddSource(self.controller, claim, self.source, self.text()) if claim else None


class EditSource(StoreCommand):
    def __init__(
        self, controller: Controller, document_id: int, old: SourceRecord, new: SourceInput
    ) -> None:
        super().__init__(controller, document_id, "Edit source", old.claim_id)
        self.old = old
        self.new = new
        self.record: SourceRecord | None = None

    def _apply(self, source: SourceInput) -> None:
        key = ("source", self.old.id)
        expected = self.base(key, self.old.version)
        self.record = self.store.update_source(self.old.id, source, expected_version=expected)
        self.stepped(key, self.record.version)
        self.controller.sources_stored(self.old.claim_id, self.document_id, delta=0,
                                       bumped=self.record.version != expected)

    def _do(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old.as_input())

    def retry(self, undoing: bool) -> StoreCommand | None:
        fresh = self._fresh_source(self.old.claim_id, self.old.id)
        if fresh is None:
            return None
        return EditSource(self.controller, self.document_id, fresh,
                          self.old.as_input() if undoing else self.new)


class RemoveSource(StoreCommand):
    def __init__(self, controller: Controller, document_id: int, source: SourceRecord) -> None:
        super().__init__(controller, document_id, "Remove source", source.claim_id)
        self.source_id = source.id
        self.seen = source.version
        self.record: SourceRecord | None = source

    def _do(self) -> None:
        assert self.claim_id is not None
        key = ("source", self.source_id)
        self.record = self.store.remove_source(self.source_id,
                                               expected_version=self.base(key, self.seen))
        self.stepped(key, self.record.version)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=-1)

    def _undo(self) -> None:
        assert self.record is not None and self.claim_id is not None
        self.record = self.store.restore_source(self.record)
        self.stepped(("source", self.source_id), self.record.version)
        self.controller.sources_stored(self.claim_id, self.document_id, delta=1)

    def retry(self, undoing: bool) -> StoreCommand | None:
        if undoing:
            return None  # putting a removed source back never conflicts
        assert self.claim_id is not None
        fresh = self._fresh_source(self.claim_id, self.source_id)
        return RemoveSource(self.controller, self.document_id, fresh) if fresh else None
