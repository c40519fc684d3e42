"""The evidence pane: the passages that may settle the current claim, best first.

Each row shows the article's title, the score, any conflict hint (a number, a date or a
negation that differs) and the passage with the claim's words marked. Enter (or Open
beside) opens the passage beside the article; Attach adds it to the claim as a source with
the stance chosen here, as one undoable step.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.verdict import Stance
from annotator.evidence.assistant import EvidenceAnswer, EvidenceHit
from annotator.qt.source_dialog import StanceChooser
from annotator.qt.widgets import named

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
NO_CLAIM = "Select a claim to see the passages of your library that may settle it."
SEARCHING = "Searching the library…"
NO_MATCH = ("No close match in your library. The nearest passages are below; none has most "
            "of the claim's words.")
ATTACH_KEYS = "Ctrl+Shift+A"

Index = QModelIndex | QPersistentModelIndex


def marked_html(hit: EvidenceHit) -> str:
    """The passage with the claim's words in bold (offsets are code points)."""
    parts, at = [], hit.start
    for start, end in hit.marks:
        parts.append(html.escape(hit.text[at - hit.start:start - hit.start]))
        parts.append(f"<b><u>{html.escape(hit.text[start - hit.start:end - hit.start])}</u></b>")
        at = end
    parts.append(html.escape(hit.text[at - hit.start:]))
    return "".join(parts)


def heading(hit: EvidenceHit) -> str:
    conflicts = f" · ⚠ differs on {', '.join(hit.conflicts)}" if hit.conflicts else ""
    return f"{hit.title} · score {hit.score:.2f}{conflicts}"


class EvidenceModel(QAbstractListModel):
    """The hits of one answer; holds nothing else."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[EvidenceHit] = []

    def set_hits(self, hits: list[EvidenceHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{heading(hit)}\n{hit.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}\n\n{hit.text}"
        if role == HTML_ROLE:
            return f"<small><i>{html.escape(heading(hit))}</i></small><br>{marked_html(hit)}"
        if role == HIT_ROLE:
            return hit
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints HTML_ROLE as rich text, wrapped to the view's width."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        document.setTextWidth(max(option.rect.width() - 8, 80))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        option.text = text
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(colour))
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + 4, rect.top() + 2)
        context.clip = QRectF(0, 0, rect.width() - 8, rect.height() - 4)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 6)


class EvidencePane(QWidget):
    """Shows an answer; asks for nothing itself. The flow feeds it and acts on its signals."""

    openRequested = Signal(object)  # EvidenceHit
    attachRequested = Signal(object, object)  # EvidenceHit, Stance

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidencePane")
        self._message = NO_CLAIM
        self.status = named(QLabel(NO_CLAIM), "evidenceStatus")
        self.status.setWordWrap(True)
        self.note = named(QLabel(), "evidenceNote")
        self.note.setWordWrap(True)
        self.note.setEnabled(False)  # greyed: a remark, not a result
        self.model = EvidenceModel(self)
        self.view = named(QListView(), "evidenceView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        # Rows are paragraphs: scroll by pixels, or a tall row jumps out of sight at once.
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Evidence passages")
        self.view.activated.connect(self._activated)
        self.stance = named(QComboBox(), "evidenceStance")
        self.stance.setAccessibleName("Stance of the attached passage")
        for stance in Stance:
            self.stance.addItem(stance.value.capitalize(), stance)
        # No stance until the editor says which; without one, Attach asks (S, R or C).
        self.stance.setPlaceholderText("Stance…")
        self.stance.setCurrentIndex(-1)
        self.stance_chooser: StanceChooser | None = None
        self.open_button = named(QPushButton("Open beside"), "openEvidenceButton")
        self.open_button.setToolTip("Open the passage beside the article (Enter)")
        self.open_button.clicked.connect(lambda: self._emit_open())
        # A short label keeps the pane no wider than the claim editor above it.
        self.attach_button = named(QPushButton("Attach"), "attachEvidenceButton")
        self.attach_button.setAccessibleName("Attach as source")
        self.attach_button.setToolTip(f"Attach the passage as a source of the claim, with the "
                                      f"stance chosen on the left ({ATTACH_KEYS})")
        self.attach_button.clicked.connect(lambda: self.attach_current())
        attach = QShortcut(QKeySequence(ATTACH_KEYS), self)
        attach.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        attach.activated.connect(lambda: self.attach_current())
        buttons = QHBoxLayout()
        buttons.addWidget(self.stance)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.attach_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.status)
        column.addWidget(self.view, 1)
        column.addLayout(buttons)
        column.addWidget(self.note)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.setFocusProxy(self.view)
        self.show_no_claim()

    # -- what the flow calls ---------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        return [self.view, self.stance, self.open_button, self.attach_button]

    def show_no_claim(self) -> None:
        self.model.set_hits([])
        self._say(NO_CLAIM)
        self.view.setEnabled(False)  # nothing to look at: F6 passes over the pane
        self._update_buttons()

    def show_searching(self) -> None:
        self.view.setEnabled(True)
        self._say(SEARCHING)

    def show_indexing(self, done: int, total: int) -> None:
        """Progress of indexing new articles; the pane's own message comes back after."""
        if done < total:
            self.status.setText(f"Indexing the library: {done} of {total} articles…")
        else:
            self.status.setText(self._message)

    def _say(self, message: str) -> None:
        self._message = message
        self.status.setText(message)

    def show_answer(self, answer: EvidenceAnswer) -> None:
        self.model.set_hits(list(answer.results))
        if answer.no_evidence:
            self._say(NO_MATCH if answer.results else "No close match in your library.")
        else:
            n = len(answer.results)
            self._say(f"{n} passage{'s' if n != 1 else ''} that may settle the claim, best "
                      "first.")
        self.note.setText(answer.note)
        self.note.setVisible(bool(answer.note))
        if answer.results:
            self.view.setCurrentIndex(self.model.index(0))
        self._update_buttons()

    def show_error(self, message: str) -> None:
        self._say(f"The evidence search stopped: {message}")

    def current_hit(self) -> EvidenceHit | None:
        index = self.view.currentIndex()
        hit = index.data(HIT_ROLE) if index.isValid() else None
        return hit if isinstance(hit, EvidenceHit) else None

    def chosen_stance(self) -> Stance | None:
        data = self.stance.currentData()
        return Stance(data) if data else None

    def attach_current(self) -> bool:
        """Attach the current passage with the chosen stance, asking for one if none is."""
        hit = self.current_hit()
        if hit is None:
            return False
        stance = self.chosen_stance()
        if stance is not None:
            self.attachRequested.emit(hit, stance)
            return True
        chooser = StanceChooser(self.window(), what="passage")
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.chosen.connect(lambda chosen: self.attachRequested.emit(hit, chosen))
        chooser.finished.connect(lambda _result: setattr(self, "stance_chooser", None))
        self.stance_chooser = chooser
        chooser.open()
        return True

    # -- inside ----------------------------------------------------------------------

    def _activated(self, _index: QModelIndex) -> None:
        self._emit_open()

    def _emit_open(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.openRequested.emit(hit)

    def _update_buttons(self) -> None:
        has_hit = self.current_hit() is not None
        self.open_button.setEnabled(has_hit)
        self.attach_button.setEnabled(has_hit)
