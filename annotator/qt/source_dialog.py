"""Add or edit one source: URL, title, publisher, excerpt, stance and the date accessed."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import SourceInput, SourceRecord
from annotator.domain.urls import NotAWebAddress, normalise_web_address
from annotator.domain.verdict import Stance
from annotator.qt.widgets import named

STANCE_TEXT = {
    Stance.SUPPORTS: "Supports the claim",
    Stance.REFUTES: "Refutes the claim",
    Stance.CONTEXT: "Gives context",
}


class SourceDialog(QDialog):
    """Validates that at least one of URL, title, publisher or excerpt is filled.

    A passage source (a span of another article) keeps its link; only its descriptive
    fields are edited here.
    """

    def __init__(self, parent: QWidget | None = None, source: SourceRecord | None = None,
                 claim_text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("sourceDialog")
        self.setWindowTitle("Edit source" if source else "Add source")
        self._passage = source.as_input() if source and source.passage_document_id else None

        self.url = named(QLineEdit(), "sourceUrl")
        self.url.setPlaceholderText("https://…")
        self.title = named(QLineEdit(), "sourceTitle")
        self.publisher = named(QLineEdit(), "sourcePublisher")
        self.excerpt = named(QPlainTextEdit(), "sourceExcerpt")
        self.excerpt.setPlaceholderText("The words in the source that bear on the claim")
        self.excerpt.setTabChangesFocus(True)
        self.excerpt.setMinimumHeight(90)
        self.stance = named(QComboBox(), "sourceStance")
        for stance, text in STANCE_TEXT.items():
            self.stance.addItem(text, stance)
        # A new source has no stance until the editor says which: a default would be
        # recorded without anyone having decided it.
        self.stance.setPlaceholderText("Choose how it bears on the claim…")
        self.stance.setCurrentIndex(-1)
        self.accessed = named(QDateEdit(), "sourceAccessed")
        self.accessed.setCalendarPopup(True)
        self.accessed.setDisplayFormat("yyyy-MM-dd")
        self.accessed.setDate(QDate.currentDate())
        self.has_accessed = named(QCheckBox("Accessed on"), "sourceHasAccessed")
        self.has_accessed.setChecked(True)
        self.has_accessed.toggled.connect(self.accessed.setEnabled)

        for widget, name in (
            (self.url, "URL"), (self.title, "Title"), (self.publisher, "Publisher"),
            (self.excerpt, "Excerpt"), (self.stance, "Stance"), (self.accessed, "Date accessed"),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.addRow("&URL:", self.url)
        form.addRow("&Title:", self.title)
        form.addRow("&Publisher:", self.publisher)
        form.addRow("&Excerpt:", self.excerpt)
        form.addRow("&Stance:", self.stance)
        accessed_row = QHBoxLayout()
        accessed_row.addWidget(self.accessed)
        accessed_row.addStretch(1)
        form.addRow(self.has_accessed, accessed_row)

        self.error = named(QLabel(), "sourceError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if claim_text:
            about = QLabel(f"For the claim: “{_shorten(claim_text)}”")
            about.setWordWrap(True)
            about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(about)
        if self._passage is not None:
            layout.addWidget(QLabel("This source is a passage of an article in the library."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 380)

        if source is not None:
            self._fill(source)

    def _fill(self, source: SourceRecord) -> None:
        self.url.setText(source.url)
        self.title.setText(source.title)
        self.publisher.setText(source.publisher)
        self.excerpt.setPlainText(source.excerpt)
        self.stance.setCurrentIndex(max(0, self.stance.findData(source.stance)))
        date = QDate.fromString(source.accessed_at, "yyyy-MM-dd")
        self.has_accessed.setChecked(date.isValid())
        if date.isValid():
            self.accessed.setDate(date)

    def chosen_stance(self) -> Stance | None:
        data = self.stance.currentData()
        return Stance(data) if data else None

    def source_input(self) -> SourceInput:
        stance = self.chosen_stance()
        accessed = (self.accessed.date().toString("yyyy-MM-dd")
                    if self.has_accessed.isChecked() else "")
        passage = self._passage
        return SourceInput(
            url=self.url.text().strip(),
            title=self.title.text().strip(),
            publisher=self.publisher.text().strip(),
            excerpt=self.excerpt.toPlainText().strip(),
            stance=stance or Stance.SUPPORTS,  # validation_error insists on a choice
            accessed_at=accessed,
            passage_document_id=passage.passage_document_id if passage else None,
            passage_start=passage.passage_start if passage else None,
            passage_end=passage.passage_end if passage else None,
        )

    def validation_error(self) -> tuple[str, QWidget | None]:
        """What is wrong (empty if nothing) and the field to fix it in."""
        if self.chosen_stance() is None:
            return "Choose how this source bears on the claim (Stance).", self.stance
        value = self.source_input()
        if value.passage_document_id is not None:
            return "", None
        if not any((value.url, value.title, value.publisher, value.excerpt)):
            return "Fill in at least a URL, a title, a publisher or an excerpt.", self.url
        try:
            address = normalise_web_address(value.url)
        except NotAWebAddress as exc:
            return str(exc), self.url
        if address != value.url:
            self.url.setText(address)  # shown completed, e.g. https:// added
        return "", None

    def accept(self) -> None:
        problem, field = self.validation_error()
        if problem:
            self.error.setText(problem)
            self.error.show()
            if field is not None:
                field.setFocus()
            return
        self.error.hide()
        super().accept()


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class StanceChooser(QDialog):
    """Asks how a source bears on the claim: one key each (S, R, C), or a click."""

    chosen = Signal(object)  # Stance

    KEYS: ClassVar[dict[Qt.Key, Stance]] = {
        Qt.Key.Key_S: Stance.SUPPORTS, Qt.Key.Key_R: Stance.REFUTES, Qt.Key.Key_C: Stance.CONTEXT,
    }

    def __init__(self, parent: QWidget | None = None, *, what: str = "source") -> None:
        super().__init__(parent)
        self.setObjectName("stanceChooser")
        self.setWindowTitle("Stance")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"How does this {what} bear on the claim?"))
        row = QHBoxLayout()
        self.buttons: dict[Stance, QPushButton] = {}
        for key, stance in self.KEYS.items():
            text = STANCE_TEXT[stance]
            button = named(QPushButton(f"{text} ({QKeySequence(key).toString()})"),
                           f"stance{stance.value.capitalize()}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, s=stance: self.choose(s))
            row.addWidget(button)
            self.buttons[stance] = button
        layout.addLayout(row)
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.rejected.connect(self.reject)
        layout.addWidget(cancel)

    def choose(self, stance: Stance) -> None:
        self.chosen.emit(stance)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        stance = self.KEYS.get(Qt.Key(event.key()))
        if stance is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.choose(stance)
            return
        super().keyPressEvent(event)
