"""Add or edit one source: URL, title, publisher, excerpt, stance and the date accessed."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
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
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import SourceInput, SourceRecord
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

    def source_input(self) -> SourceInput:
        stance = self.stance.currentData()
        accessed = (self.accessed.date().toString("yyyy-MM-dd")
                    if self.has_accessed.isChecked() else "")
        passage = self._passage
        return SourceInput(
            url=self.url.text().strip(),
            title=self.title.text().strip(),
            publisher=self.publisher.text().strip(),
            excerpt=self.excerpt.toPlainText().strip(),
            stance=Stance(stance) if stance else Stance.SUPPORTS,
            accessed_at=accessed,
            passage_document_id=passage.passage_document_id if passage else None,
            passage_start=passage.passage_start if passage else None,
            passage_end=passage.passage_end if passage else None,
        )

    def validation_error(self) -> str:
        value = self.source_input()
        if value.passage_document_id is not None:
            return ""
        if not any((value.url, value.title, value.publisher, value.excerpt)):
            return "Fill in at least a URL, a title, a publisher or an excerpt."
        if value.url and " " in value.url:
            return "The URL contains spaces; paste the address exactly as the browser shows it."
        return ""

    def accept(self) -> None:
        problem = self.validation_error()
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.url.setFocus()
            return
        self.error.hide()
        super().accept()


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
