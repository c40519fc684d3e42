"""The library: every article with its claim counts by verdict, and ways to add more.

Files dropped on the window (or on this list) and text on the clipboard are imported
through the window; this module turns those gestures into paths and text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QDropEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import DocumentRecord, DocumentSummary
from annotator.domain.verdict import Verdict
from annotator.io.importers import ImportedText, from_pasted
from annotator.qt.controller import Controller
from annotator.qt.style import verdict_color
from annotator.qt.widgets import named

ModelIndex = QModelIndex | QPersistentModelIndex

TITLE, UNCHECKED, VERIFIED, DISPUTED, ATTENTION = range(5)
COUNT_COLUMNS = {UNCHECKED: Verdict.UNCHECKED, VERIFIED: Verdict.VERIFIED,
                 DISPUTED: Verdict.DISPUTED}
LAST_COLUMN = ATTENTION
HEADERS = {TITLE: "Article", UNCHECKED: "?", VERIFIED: "✓", DISPUTED: "✗", ATTENTION: "⚠"}
HEADER_TIPS = {TITLE: "Article title", UNCHECKED: "Unchecked claims",
               VERIFIED: "Verified claims", DISPUTED: "Disputed claims",
               ATTENTION: "Claims that need attention: their words changed, vanished or "
                          "appear twice in a new version of the article"}

DocumentIdRole = Qt.ItemDataRole.UserRole + 1


class LibraryModel(QAbstractTableModel):
    """Adapts a plain list of DocumentSummary; holds no other state."""

    renameRequested = Signal(int, str)  # document id, new title

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []

    # -- content -----------------------------------------------------------------------

    def documents(self) -> list[DocumentSummary]:
        return list(self._rows)

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        """Replace the rows; same documents in the same order only repaint what changed."""
        new = list(documents)
        if [d.id for d in new] == [d.id for d in self._rows]:
            for row, (old, doc) in enumerate(zip(self._rows, new, strict=True)):
                if old != doc:
                    self._rows[row] = doc
                    self.dataChanged.emit(self.index(row, 0), self.index(row, LAST_COLUMN))
            return
        old_ids = [d.id for d in self._rows]
        if old_ids == [d.id for d in new[: len(old_ids)]]:  # appended (imports)
            for row, doc in enumerate(new[: len(old_ids)]):
                if self._rows[row] != doc:
                    self._rows[row] = doc
                    self.dataChanged.emit(self.index(row, 0), self.index(row, LAST_COLUMN))
            self.beginInsertRows(QModelIndex(), len(old_ids), len(new) - 1)
            self._rows.extend(new[len(old_ids):])
            self.endInsertRows()
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def set_counts(self, document_id: int, counts: Mapping[Verdict, int]) -> None:
        """Update one document's verdict counts in place (no database read)."""
        row = self.row_of(document_id)
        if row < 0:
            return
        old = self._rows[row]
        new = old._replace(unchecked=counts.get(Verdict.UNCHECKED, 0),
                           verified=counts.get(Verdict.VERIFIED, 0),
                           disputed=counts.get(Verdict.DISPUTED, 0))
        if new != old:
            self._rows[row] = new
            self.dataChanged.emit(self.index(row, UNCHECKED), self.index(row, DISPUTED))

    def set_attention(self, document_id: int, attention: int) -> None:
        """Update how many of one document's claims need attention (no database read)."""
        row = self.row_of(document_id)
        if row < 0 or self._rows[row].attention == attention:
            return
        self._rows[row] = self._rows[row]._replace(attention=attention)
        self.dataChanged.emit(self.index(row, ATTENTION), self.index(row, ATTENTION))

    def row_of(self, document_id: int) -> int:
        for row, doc in enumerate(self._rows):
            if doc.id == document_id:
                return row
        return -1

    def document_at(self, row: int) -> DocumentSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- QAbstractTableModel -----------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else LAST_COLUMN + 1

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        doc = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return doc.title
            if column == ATTENTION:
                return attention_label(doc.attention)
            return _count(doc, COUNT_COLUMNS[column])
        if role == Qt.ItemDataRole.EditRole and column == TITLE:
            return doc.title
        if column == ATTENTION and doc.attention and role in (
                Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return attention_sentence(doc.attention)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            byline = " · ".join(part for part in (doc.outlet, doc.authors, doc.published) if part)
            return "\n".join(part for part in (
                doc.title, byline, f"{doc.unchecked} unchecked, {doc.verified} verified, "
                f"{doc.disputed} disputed", attention_sentence(doc.attention)) if part)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TITLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if (role == Qt.ItemDataRole.ForegroundRole and column in COUNT_COLUMNS
                and _count(doc, COUNT_COLUMNS[column]) == 0):
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == DocumentIdRole:
            return doc.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or section not in HEADERS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.BackgroundRole and section in COUNT_COLUMNS:
            return QColor(verdict_color(COUNT_COLUMNS[section], QGuiApplication.palette()))
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TITLE:
            flags |= Qt.ItemFlag.ItemIsEditable  # F2 renames in place
        return flags

    def setData(self, index: ModelIndex, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A title typed in place is not stored here: the panel asks for a rename."""
        doc = self.document_at(index.row()) if index.isValid() else None
        if doc is None or role != Qt.ItemDataRole.EditRole or index.column() != TITLE:
            return False
        title = " ".join(str(value).split())
        if title and title != doc.title:
            self.renameRequested.emit(doc.id, title)
        return False  # the row changes when the store confirms (documentsChanged)


def attention_label(attention: int) -> str:
    """The library's badge, short enough for a narrow library pane (the tooltip and the
    accessible text say it in words): empty when every claim sits where it should."""
    return f"⚠ {attention}" if attention else ""


def attention_sentence(attention: int) -> str:
    """The tooltip's line: which claims need attention, and why."""
    if not attention:
        return ""
    claims = "1 claim needs" if attention == 1 else f"{attention} claims need"
    return f"{claims} attention: changed, lost or doubled in a new version"


def _count(doc: DocumentSummary, verdict: Verdict) -> int:
    return {Verdict.UNCHECKED: doc.unchecked, Verdict.VERIFIED: doc.verified,
            Verdict.DISPUTED: doc.disputed}[verdict]


class FileDropFilter(QObject):
    """Accepts files dragged from a file manager onto any widget it watches."""

    filesDropped = Signal(list)  # list[Path]

    def watch(self, widget: QWidget) -> None:
        # Scroll areas (lists, text views) receive drag events on their viewport.
        target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QDragEnterEvent and QDragMoveEvent are QDropEvents too.
        if not isinstance(event, QDropEvent):
            return False
        paths = local_paths(event)
        if not paths:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.filesDropped.emit(paths)
        return True


def local_paths(event: QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def clipboard_text() -> ImportedText:
    """The clipboard's text as an import, or ImportRejected with a message for the user."""
    text = QGuiApplication.clipboard().text()
    return from_pasted(text)


class LibraryPanel(QWidget):
    """The list of articles. Reloads from the store whenever the library changes."""

    documentActivated = Signal(int)  # open it
    openBesideRequested = Signal(int)  # open it beside the current article
    detailsRequested = Signal(int)  # edit its record (title, URL, outlet, ...)
    deleteRequested = Signal(int)  # delete it, after asking

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.controller = controller
        self.model = LibraryModel(self)
        self.view = named(QTableView(), "libraryView")
        self.view.setModel(self.model)
        self.view.setAccessibleName("Library")
        self.view.setAccessibleDescription(
            "Articles with their unchecked, verified and disputed claim counts"
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several articles can be selected, to export them together.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2
        self.model.renameRequested.connect(controller.update_title)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in COUNT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 34)
        header.setSectionResizeMode(ATTENTION, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ATTENTION, 40)
        # The badge column takes room from the titles only while some article needs it.
        self.model.dataChanged.connect(self._show_attention_column)
        self.model.modelReset.connect(self._show_attention_column)
        self.model.rowsInserted.connect(self._show_attention_column)
        header.setHighlightSections(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)
        self.view.setToolTip("Double-click or press Enter to open, F2 to rename, Delete to "
                             "delete; drop files here to import")

        self.empty = QLabel("The library is empty. Import articles with File → Import files…, "
                            "drop files here, or paste text with Ctrl+Shift+V.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("libraryEmpty")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        self.extra_actions: list[QAction] = []

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        controller.documentsChanged.connect(self.schedule_refresh)
        controller.documentCountsChanged.connect(self.model.set_counts)
        for signal in (controller.claimsReset, controller.claimChanged, controller.claimRemoved):
            signal.connect(self._count_attention)
        controller.documentOpened.connect(self._document_opened)
        self.refresh()

    # -- content -----------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        """Coalesce bursts of changes (an import of many files) into one reload."""
        self._refresh_timer.start()

    def refresh(self) -> None:
        self._refresh_timer.stop()
        current = self.current_document_id()
        self.model.set_documents(self.controller.list_documents())
        self._show_attention_column()
        self.empty.setVisible(self.model.rowCount() == 0)
        if current is None:
            current = self.controller.document_id
        if current is not None:
            self.select_document(current)

    def select_document(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.model.index(row, TITLE)
        if self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def current_document_id(self) -> int | None:
        doc = self.model.document_at(self.view.currentIndex().row())
        return doc.id if doc else None

    def selected_document_ids(self) -> list[int]:
        """The articles selected in the list, in list order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [doc.id for row in rows if (doc := self.model.document_at(row)) is not None]

    def rename_current(self) -> None:
        """Edit the current article's title in place (F2)."""
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(self.model.index(index.row(), TITLE))

    def counts(self, document_id: int) -> tuple[int, int, int] | None:
        """(unchecked, verified, disputed) as the list shows them."""
        row = self.model.row_of(document_id)
        doc = self.model.document_at(row)
        return (doc.unchecked, doc.verified, doc.disputed) if doc else None

    # -- gestures ----------------------------------------------------------------------

    def _show_attention_column(self, *_changed: object) -> None:
        needed = any(doc.attention for doc in self.model.documents())
        self.view.setColumnHidden(ATTENTION, not needed)

    def _count_attention(self, *_changed: object) -> None:
        """The open article's badge follows its claims (a re-attached claim, an undo)."""
        document_id = self.controller.document_id
        if document_id is not None:
            attention = sum(c.anchor_state.needs_attention for c in self.controller.claims())
            self.model.set_attention(document_id, attention)

    def _document_opened(self, document: DocumentRecord | None) -> None:
        if document is not None:
            self.select_document(document.id)

    def _activated(self, index: QModelIndex) -> None:
        doc = self.model.document_at(index.row())
        if doc is not None:
            self.documentActivated.emit(doc.id)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        doc = self.model.document_at(index.row()) if index.isValid() else None
        menu = QMenu(self)
        if doc is not None:
            menu.addAction("&Open", lambda: self.documentActivated.emit(doc.id))
            menu.addAction("Open &beside", lambda: self.openBesideRequested.emit(doc.id))
            menu.addSeparator()
            menu.addAction("&Rename\tF2", self.rename_current)
            menu.addAction("&Details…", lambda: self.detailsRequested.emit(doc.id))
            menu.addAction("&Delete…\tDel", lambda: self.deleteRequested.emit(doc.id))
            menu.addSeparator()
        for action in self.extra_actions:
            menu.addAction(action)
        menu.popup(self.view.viewport().mapToGlobal(pos))
