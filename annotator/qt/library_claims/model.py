"""Claims found across the library, as a table: adapts a plain list of ClaimHit."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication

from annotator.domain.library import ClaimHit
from annotator.domain.verdict import Verdict
from annotator.qt.claims_model import one_line, review_text, review_tooltip
from annotator.qt.style import verdict_color

AnyIndex = QModelIndex | QPersistentModelIndex
ClaimIdRole = Qt.ItemDataRole.UserRole + 1
DocumentIdRole = Qt.ItemDataRole.UserRole + 2
_TEXT_LIMIT = 140
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class Column(IntEnum):
    ARTICLE = 0
    QUOTE = 1
    NOTE = 2
    VERDICT = 3
    REVIEW = 4
    AUTHOR = 5
    CHANGED = 6
    NUMBER = 7  # the claim's number in its article; shown after the article (panel)


HEADERS = {
    Column.ARTICLE: "Article", Column.QUOTE: "Quote", Column.VERDICT: "Verdict",
    Column.REVIEW: "Review", Column.NOTE: "Note", Column.AUTHOR: "Author",
    Column.CHANGED: "Changed", Column.NUMBER: "#",
}
_VERDICT_ORDER = {v: i for i, v in enumerate(Verdict)}


def _one_line(text: str) -> str:
    return one_line(text, _TEXT_LIMIT)


class LibraryClaimsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[ClaimHit] = []

    def hits(self) -> list[ClaimHit]:
        return list(self._hits)

    def hit_at(self, row: int) -> ClaimHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, claim_id: int) -> int:
        for row, hit in enumerate(self._hits):
            if hit.claim.id == claim_id:
                return row
        return -1

    def set_hits(self, hits: Sequence[ClaimHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    # -- QAbstractTableModel -----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if section < len(Column) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        claim, column = hit.claim, Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(hit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.REVIEW:
                return review_tooltip(claim)
            return f"{hit.document_title}\n\n“{claim.exact}”" + (
                f"\n\nNote: {claim.note}" if claim.note else "")
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.VERDICT:
            return QColor(verdict_color(claim.verdict, QGuiApplication.palette()))
        if role == ClaimIdRole:
            return claim.id
        if role == DocumentIdRole:
            return claim.document_id
        return None

    @staticmethod
    def _display(hit: ClaimHit, column: Column) -> str:
        claim = hit.claim
        if column == Column.ARTICLE:
            return _one_line(hit.document_title)
        if column == Column.QUOTE:
            return _one_line(claim.exact)
        if column == Column.VERDICT:
            return claim.verdict.value.capitalize()
        if column == Column.REVIEW:
            return review_text(claim)
        if column == Column.NOTE:
            return _one_line(claim.note)
        if column == Column.AUTHOR:
            return claim.author
        if column == Column.NUMBER:
            return claim.label
        return f"{claim.modified_at:%Y-%m-%d %H:%M}"

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = {
            Column.ARTICLE: lambda h: (h.document_title.casefold(), h.claim.start),
            Column.QUOTE: lambda h: h.claim.exact.casefold(),
            Column.VERDICT: lambda h: _VERDICT_ORDER[h.claim.verdict],
            Column.REVIEW: lambda h: review_text(h.claim),
            Column.NOTE: lambda h: h.claim.note.casefold(),
            Column.AUTHOR: lambda h: h.claim.author.casefold(),
            Column.CHANGED: lambda h: h.claim.modified_at,
            Column.NUMBER: lambda h: (h.document_title.casefold(), h.claim.number),
        }[Column(column)]
        self.layoutAboutToBeChanged.emit()
        self._hits.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
