"""The claim editor's rating label: the newsroom's finer rating of a claim ("Misleading",
"Lacks context"), published as the ClaimReview's ``reviewRating.alternateName``.

A line with a completer of the labels the library already uses (most used first), so a desk
keeps one spelling. The label is saved when Enter is pressed or the field loses focus, as
one undoable step through the controller (recorded in the claim's history); Escape puts
the stored label back. Empty means the verdict's own label (Edit → Preferences →
Publishing).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QWidget

from annotator.domain.records import ClaimRecord
from annotator.qt.controller import Controller
from annotator.qt.widgets import named


class RatingLabelField(QLineEdit):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "ratingLabel")
        self._controller = controller
        self._claim: ClaimRecord | None = None
        self.setPlaceholderText("Rating label (optional), e.g. Misleading")
        self.setAccessibleName("Rating label")
        self.setToolTip("The newsroom's finer rating of this claim, published with the "
                        "ClaimReview; empty: the verdict's own rating")
        self.setMaxLength(80)
        self.setClearButtonEnabled(True)
        self.labels = QStringListModel(self)
        completer = QCompleter(self.labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.editingFinished.connect(self.commit)
        controller.aboutToChange.connect(self.commit)  # before an export, say
        self.installEventFilter(self)

    def row(self, text: str) -> QHBoxLayout:
        """The field with its label in front (the label's mnemonic focuses it)."""
        label = named(QLabel(text), "ratingLabelCaption")
        label.setBuddy(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self, 1)
        return row

    def show_claim(self, claim: ClaimRecord | None) -> None:
        """Show the claim's stored label (a label being typed for it is kept)."""
        same = claim is not None and self._claim is not None and claim.id == self._claim.id
        if not same:
            self.commit()  # a label typed for the claim shown before is not lost
        editing = same and self.hasFocus() and self.isModified()
        self._claim = claim
        self.setEnabled(claim is not None)
        if not editing:
            self.setText(claim.rating_label if claim else "")
            self.setModified(False)

    def commit(self) -> None:
        """Save the label typed, if it differs from the stored one: one undoable step."""
        claim = self._claim
        if claim is None or not self.isModified():
            return
        self.setModified(False)
        try:
            self._controller.set_rating_label(claim.id, self.text())
        except ValueError as exc:  # too long: the field limits it, but say so all the same
            self._controller.errorOccurred.emit(str(exc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.FocusIn:
            self.labels.setStringList(self._controller.rating_labels())
        if (watched is self and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                and self.isModified()):
            self.setModified(False)
            self.setText(self._claim.rating_label if self._claim else "")
            return True
        return False
