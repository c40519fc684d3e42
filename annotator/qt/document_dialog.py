"""An article's record: title, web address, outlet, authors, date, language and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import DocumentMetadata, DocumentRecord
from annotator.qt.widgets import named


class DocumentDialog(QDialog):
    """Edits a copy of the record; ``metadata()`` is what to store once accepted.

    The fields are checked as the store would check them (DocumentMetadata.cleaned), so the
    dialog stays open with the reason instead of failing after it closed.
    """

    def __init__(self, document: DocumentRecord, *, claims: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDialog")
        self.setWindowTitle("Article details")
        self.document = document
        self._accepted: DocumentMetadata | None = None

        self.title = self._line("documentTitle", "Title", document.title)
        self.url = self._line("documentUrl", "Web address", document.url, "https://…")
        self.outlet = self._line("documentOutlet", "Outlet", document.outlet,
                                 "The site or publication")
        self.authors = self._line("documentAuthors", "Authors", document.authors,
                                  "Names as in the byline, separated by ;")
        self.published = self._line("documentPublished", "Published", document.published,
                                    "YYYY-MM-DD")
        self.language = self._line("documentLanguage", "Language", document.language,
                                   "en, de, pt-BR, …")
        self.note = named(QPlainTextEdit(document.note), "documentNote")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Anything a colleague should know about this article")
        self.note.setMinimumHeight(70)

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Web address", self.url)
        form.addRow("&Outlet", self.outlet)
        form.addRow("&Authors", self.authors)
        form.addRow("&Published", self.published)
        form.addRow("&Language", self.language)
        form.addRow("&Note", self.note)
        origin = document.origin or "pasted text"
        facts = named(QLabel(
            f"Imported {document.imported_at:%Y-%m-%d %H:%M} UTC from {origin} · "
            f"{len(document.text):,} characters · {claims} claim{'s' if claims != 1 else ''}"),
            "documentFacts")
        facts.setWordWrap(True)
        facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = named(QLabel(), "documentError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlight); font-weight: bold;")
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(facts)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _line(self, name: str, label: str, value: str, hint: str = "") -> QLineEdit:
        edit = named(QLineEdit(value), name)
        edit.setAccessibleName(label)
        if hint:
            edit.setPlaceholderText(hint)
        return edit

    def entered(self) -> DocumentMetadata:
        return DocumentMetadata(
            title=self.title.text(), url=self.url.text(), outlet=self.outlet.text(),
            authors=self.authors.text(), published=self.published.text(),
            language=self.language.text(), note=self.note.toPlainText(),
        )

    def metadata(self) -> DocumentMetadata | None:
        """The checked record, once the dialog was accepted."""
        return self._accepted

    def accept(self) -> None:
        try:
            self._accepted = self.entered().cleaned()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
