"""Opening an article beside the current one, and taking passages from it as sources.

The pane itself (annotator.qt.beside_pane) only shows a document; this flow decides what
opens there (a quick picker of the other articles, the library, the evidence pane), sizes
the split, and tells the window when a passage can be attached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal

from annotator.domain.records import DocumentRecord
from annotator.qt.action_helpers import popup_with
from annotator.qt.article_picker import ArticlePicker

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow


class BesideFlow(QObject):
    selectionChanged = Signal()  # a passage became (un)available to attach

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pane = window.beside
        self.picker: ArticlePicker | None = None
        view = self.pane.view
        view.selectionAvailable.connect(self._selection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        self.pane.closeRequested.connect(self.close)
        window.editor.set_passage_provider(self.pane.passage)

    @property
    def document(self) -> DocumentRecord | None:
        return self.pane.document

    def choose(self) -> ArticlePicker | None:
        """A quick picker of the other articles; the one chosen opens beside."""
        controller = self.window.controller
        open_id = controller.document_id
        others = [d for d in controller.list_documents() if d.id != open_id]
        if not others:
            self.window.show_status("There is no other article in the library to open "
                                    "beside.", 4000)
            return None
        picker = ArticlePicker(others, title="Open beside",
                               prompt="Article to open beside the current one:",
                               parent=self.window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self._picked(picker.chosen_id()))
        picker.finished.connect(lambda _result: setattr(self, "picker", None))
        self.picker = picker
        picker.open()
        return picker

    def _picked(self, document_id: int | None) -> None:
        if document_id is not None and self.open(document_id):
            self.pane.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open(self, document_id: int) -> bool:
        controller = self.window.controller
        document = controller.fetch_document(document_id)
        if document is None:
            return False
        self.pane.show_document(document, controller.fetch_claims(document_id))
        if not self.pane.isVisible():
            self.pane.show()
            splitter = self.window.splitter
            sizes = self.window.settings.split_sizes
            total = sum(splitter.sizes()) or splitter.width()
            if len(sizes) == 2 and all(s > 80 for s in sizes):
                splitter.setSizes(sizes)
            else:
                splitter.setSizes([total // 2, total - total // 2])
        self._selection(False)
        return True

    def close(self) -> None:
        if self.pane.isVisible():
            self.window.settings.split_sizes = self.window.splitter.sizes()
        self.pane.hide()
        self.pane.clear()
        self._selection(False)

    def _selection(self, available: bool) -> None:
        self.window.editor.set_passage_available(available and self.pane.document is not None)
        self.selectionChanged.emit()

    def _menu(self, pos: QPoint) -> None:
        view = self.pane.view
        menu = view.createStandardContextMenu(pos)
        popup_with(menu, [self.window.action("addPassage")], view.viewport().mapToGlobal(pos))
