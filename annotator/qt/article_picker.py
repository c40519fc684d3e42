"""A quick picker: type a few letters of a title, Enter opens that article."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import DocumentSummary
from annotator.qt.widgets import named

_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ArticlePicker(QDialog):
    """Pick one of ``documents``; ``chosen_id()`` after exec() returns Accepted.

    Typing filters the list (any part of the title, any case); Up/Down move in the list
    while the filter keeps the focus; Enter picks the highlighted article.
    """

    def __init__(self, documents: Sequence[DocumentSummary], *, title: str, prompt: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePicker")
        self.setWindowTitle(title)
        self.model = QStandardItemModel(self)
        for document in documents:
            item = QStandardItem(document.title)
            item.setData(document.id, _ID_ROLE)
            item.setEditable(False)
            item.setToolTip(f"{document.title}\n{document.claim_count} claims")
            self.model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = named(QLineEdit(), "articlePickerFilter")
        self.filter.setPlaceholderText("Type part of a title…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter articles")
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.installEventFilter(self)
        self.list = named(QListView(), "articlePickerList")
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(prompt)
        self.list.activated.connect(lambda _index: self.accept())
        label = QLabel(prompt)
        label.setBuddy(self.filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self._select_row(0)

    def chosen_id(self) -> int | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        value = index.data(_ID_ROLE)
        return int(value) if value is not None else None

    def accept(self) -> None:
        if self.chosen_id() is not None:
            super().accept()

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._select_row(0)

    def _select_row(self, row: int) -> None:
        count = self.proxy.rowCount()
        index = self.proxy.index(max(0, min(row, count - 1)), 0) if count else QModelIndex()
        self.list.setCurrentIndex(index)
        self.open_button.setEnabled(index.isValid())

    def eventFilter(self, watched: object, event: object) -> bool:
        # Up/Down/PageUp/PageDown typed in the filter move the list's highlight.
        if watched is self.filter and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1,
                     Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
            step = steps.get(Qt.Key(event.key()))
            if step is not None:
                self._select_row(self.list.currentIndex().row() + step)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
