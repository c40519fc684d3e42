"""A refused stale edit: who changed what and when, their version shown, and a choice.

"Apply mine anyway" (for an undo: "Undo anyway") makes the same step again based on what is
stored now; "Keep theirs" leaves it. The box does not block: the window stays usable.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from annotator.domain.history import clock, describe_change
from annotator.qt.controller import Conflict, Controller

TITLE = "Changed by a colleague"


def conflict_text(conflict: Conflict) -> str:
    change = conflict.error.change
    if change is None:
        what = "Someone else changed this claim since you saw it."
    else:
        what = f"{describe_change(change)} at {clock(change.at)}."
    if conflict.undoing:
        return (f"{what} Undoing “{conflict.action}” would overwrite that change. "
                "Their version is shown now; undo anyway?")
    return f"{what} Your change (“{conflict.action}”) was not saved; their version is shown now."


class ConflictPrompt(QObject):
    answered = Signal(object, bool)  # Conflict, True if the user applied theirs anyway

    def __init__(self, parent: QWidget, controller: Controller) -> None:
        super().__init__(parent)
        self._parent = parent
        self.conflicts: list[Conflict] = []  # every conflict shown, for tests and the log
        self.box: QMessageBox | None = None
        controller.conflictOccurred.connect(self.show_conflict)

    def show_conflict(self, conflict: Conflict) -> QMessageBox:
        self.conflicts.append(conflict)
        if self.box is not None:
            self.box.done(0)  # the newest conflict replaces an unanswered one
        box = QMessageBox(QMessageBox.Icon.Warning, TITLE, conflict_text(conflict),
                          QMessageBox.StandardButton.NoButton, self._parent)
        box.setObjectName("conflictMessage")
        apply: QAbstractButton | None = None
        if conflict.apply_anyway is not None:
            apply = box.addButton("Undo anyway" if conflict.undoing else "Apply mine anyway",
                                  QMessageBox.ButtonRole.AcceptRole)
            apply.setObjectName("applyMineButton")
        keep = box.addButton("Keep theirs", QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepTheirsButton")
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._answer(conflict, button is apply))
        box.finished.connect(lambda _result, box=box: self._closed(box))
        self.box = box
        box.open()
        return box

    def _answer(self, conflict: Conflict, apply: bool) -> None:
        if apply and conflict.apply_anyway is not None:
            conflict.apply_anyway()
        self.answered.emit(conflict, apply)

    def _closed(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None
