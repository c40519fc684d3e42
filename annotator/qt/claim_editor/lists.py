"""The claim editor's two lists: a claim's sources and its history, as Qt models."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain.history import HistoryField
from annotator.domain.records import HistoryEntry, SourceRecord
from annotator.domain.verdict import Stance
from annotator.qt.source_dialog import STANCE_TEXT

ModelIndex = QModelIndex | QPersistentModelIndex
STANCE_SHORT = {Stance.SUPPORTS: "Supports", Stance.REFUTES: "Refutes",
                Stance.CONTEXT: "Context"}


class SourcesModel(QAbstractListModel):
    """Adapts the list of a claim's SourceRecord."""

    SourceRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SourceRecord] = []
        self.titles: dict[int, str] = {}  # passage document id -> title, for display

    def set_sources(self, sources: list[SourceRecord]) -> None:
        if not sources and not self._rows:
            return  # empty stays empty: a reset would only make the view start over
        self.beginResetModel()
        self._rows = list(sources)
        self.endResetModel()

    def sources(self) -> list[SourceRecord]:
        return list(self._rows)

    def source_at(self, row: int) -> SourceRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        source = self.source_at(index.row()) if index.isValid() else None
        if source is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return describe_source(source)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return source_details(source)
        if role == self.SourceRole:
            return source
        return None


def describe_source(source: SourceRecord) -> str:
    head = source.title or source.url or source.publisher or "Untitled source"
    if source.passage_document_id is not None:
        head = f"Passage of “{source.title}”" if source.title else "Passage"
    elif source.publisher and source.title:
        head = f"{source.title} — {source.publisher}"
    line = f"{STANCE_SHORT[source.stance]}: {head}"
    excerpt = " ".join(source.excerpt.split())
    if excerpt:
        excerpt = excerpt if len(excerpt) <= 90 else excerpt[:89].rstrip() + "…"
        line += f"\n“{excerpt}”"
    if source.url and source.url != head:
        line += f"\n{source.url}"
    return line


def source_details(source: SourceRecord) -> str:
    parts = [STANCE_TEXT[source.stance]]
    for label, value in (("Title", source.title), ("Publisher", source.publisher),
                         ("URL", source.url), ("Accessed", source.accessed_at),
                         ("Excerpt", source.excerpt)):
        if value:
            parts.append(f"{label}: {value}")
    if source.passage_document_id is not None:
        parts.append(f"Passage: characters {source.passage_start} to {source.passage_end} of "
                     f"article #{source.passage_document_id}")
    return "\n".join(parts)


class HistoryModel(QAbstractListModel):
    """Adapts a claim's list of HistoryEntry, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        if not entries and not self._rows:
            return  # empty stays empty: a reset would only make the view start over
        self.beginResetModel()
        self._rows = list(reversed(entries))
        self.endResetModel()

    def entries(self) -> list[HistoryEntry]:
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe_history(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry.field == HistoryField.NOTE:
                return f"Before:\n{entry.old or '(empty)'}\n\nAfter:\n{entry.new or '(empty)'}"
            return describe_history(entry)
        return None


def describe_history(entry: HistoryEntry) -> str:
    when = entry.at.strftime("%Y-%m-%d %H:%M")
    if entry.field == HistoryField.CREATED:
        what = f"created ({entry.new})"
    elif entry.field == HistoryField.VERDICT:
        what = f"verdict {entry.old} → {entry.new}"
    elif entry.field == HistoryField.NOTE:
        what = "note cleared" if not entry.new else ("note added" if not entry.old
                                                     else "note edited")
    elif entry.field == HistoryField.REVIEW:
        what = f"review: {entry.new}"
    elif entry.field == HistoryField.RATING_LABEL:
        what = f"rating label: {entry.new}" if entry.new else "rating label cleared"
    elif entry.field == HistoryField.SOURCE_REMOVED:
        what = f"{entry.field}: {entry.old}"
    elif entry.field == HistoryField.SOURCE_EDITED:
        what = f"{entry.field}: {entry.old} → {entry.new}" if entry.old != entry.new else (
            f"{entry.field}: {entry.new}")
    else:
        what = f"{entry.field}: {entry.new}"
    return f"{when}  {entry.author}: {what}"
