"""Help → Keyboard shortcuts: every action with a key, from the one action table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.shortcuts import shortcut_rows
from annotator.qt.widgets import named


class ShortcutsDialog(QDialog):
    """Every action with a key, from the same table the actions are built from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows()
        self.table = named(QTableWidget(len(rows), 4, self), "shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys", "Works when"])
        self.table.setAccessibleName("Keyboard shortcuts")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        note = QLabel("Single keys (1, 2, 3, N, P, Enter, Delete) work while the article or "
                      "the claims list has focus, never while you type a note or a filter.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, 620)

    def rows(self) -> list[tuple[str, ...]]:
        rows = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(4)]
            rows.append(tuple(item.text() if item else "" for item in items))
        return rows
