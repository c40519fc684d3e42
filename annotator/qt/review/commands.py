"""Undoable reviewer actions: each redo and undo is one save into the review file."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.domain.review import ReviewState

_NOTE_EDIT = 0x5245  # QUndoCommand.id() of note edits, which merge while typing one note


class ReviewTarget(Protocol):
    def apply_review(self, number: int, state: ReviewState) -> bool:
        """Save ``state`` for claim ``number``; False (after telling the user) if it failed."""
        ...


class SetReview(QUndoCommand):
    """A decision, a note or the reviewer's verdict on one claim, from ``old`` to ``new``."""

    def __init__(self, target: ReviewTarget, number: int, old: ReviewState, new: ReviewState,
                 text: str, *, note_edit: bool = False) -> None:
        super().__init__(text)
        self.target, self.number = target, number
        self.old, self.new = old, new
        self._note_edit = note_edit

    def redo(self) -> None:
        if not self.target.apply_review(self.number, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.target.apply_review(self.number, self.old):
            self.setObsolete(True)

    def id(self) -> int:
        return _NOTE_EDIT if self._note_edit else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetReview) or other.number != self.number:
            return False
        self.new = other.new
        return True
