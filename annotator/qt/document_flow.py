"""Whole articles from the window: their details, rename, and delete behind a confirmation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.qt.controller import Controller
from annotator.qt.document_dialog import DocumentDialog
from annotator.qt.messages import StatusCallback


class DocumentFlow(QObject):
    def __init__(self, parent: QWidget, controller: Controller, status: StatusCallback) -> None:
        super().__init__(parent)
        self._parent = parent
        self._controller = controller
        self._status = status
        self.dialog: DocumentDialog | None = None
        self.confirmation: QMessageBox | None = None

    def edit_details(self, document_id: int | None) -> DocumentDialog | None:
        """Open the article's record for editing; saved (undoably) when accepted."""
        if document_id is None:
            self._status("Open or select an article first.", 3000)
            return None
        document = self._controller.fetch_document(document_id)
        if document is None:
            return None
        weight = self._controller.deletion_weight(document_id)
        dialog = DocumentDialog(document, claims=weight.claims if weight else 0,
                                parent=self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(document_id, dialog))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save(self, document_id: int, dialog: DocumentDialog) -> None:
        metadata = dialog.metadata()
        if metadata is not None and self._controller.update_document(document_id, metadata):
            self._status("Article details saved (Ctrl+Z undoes).", 4000)

    def confirm_delete(self, document_id: int | None) -> QMessageBox | None:
        """Ask, saying what goes with the article; deletes (undoably) on Delete."""
        if document_id is None:
            self._status("Select an article in the library first.", 3000)
            return None
        document = self._controller.fetch_document(document_id)
        weight = self._controller.deletion_weight(document_id)
        if document is None or weight is None:
            return None
        goes = (f"Its {_count(weight.claims, 'claim')} and {_count(weight.sources, 'source')} "
                "go with it." if weight.claims else "It has no claims.")
        if weight.passages_elsewhere:
            goes += (f" {_count(weight.passages_elsewhere, 'source')} in other articles "
                     "quote it; they keep their excerpts but lose the link.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete article",
                          f"Delete “{document.title}”?\n\n{goes}\n\n"
                          "Edit → Undo (Ctrl+Z) brings it back until you close Annotator.",
                          QMessageBox.StandardButton.Cancel, self._parent)
        box.setObjectName("deleteArticleMessage")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("deleteArticleButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(_result: int) -> None:
            self.confirmation = None
            if box.clickedButton() is delete and self._controller.delete_document(document_id):
                self._status(f"Deleted “{document.title}” (Ctrl+Z brings it back).", 6000)

        box.finished.connect(finished)
        self.confirmation = box
        box.open()
        return box


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
