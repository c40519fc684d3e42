"""The article as read-only, selectable text with every claim tinted by its verdict.

Positions: the store and the public methods here speak *code points*; the QTextDocument
speaks UTF-16 units. ``set_article`` puts the stored text into the document unchanged
(newlines become block separators, one unit each, so positions still line up) and builds a
:class:`Utf16Index`; every crossing between the two goes through it.

Claims are drawn by :class:`ClaimHighlighter` (cheap for thousands); only the current claim
and search hits use extra selections, the current claim also gets an outline box.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from typing import cast

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.positions import Utf16Index
from annotator.domain.records import ClaimRecord
from annotator.qt.find_bar import FindBar
from annotator.qt.highlighter import ClaimHighlighter, Span
from annotator.qt.style import CURRENT_CLAIM, current_claim_format, find_format

FIND_MARK_MARGIN = 20_000
"""Search hits this many UTF-16 units beyond the visible text are marked too."""

MAX_FIND_MARKS = 1_000
"""At most this many extra selections for search hits at a time (they are slow in bulk)."""


class ArticleView(QPlainTextEdit):
    """Read-only article text; claims highlighted, clickable, navigable."""

    claimClicked = Signal(int)  # a click (not a drag) on a claim: the innermost claim's id
    selectionAvailable = Signal(bool)  # the text selection became non-empty / empty

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setAccessibleDescription(
            "The article, read-only. Claims are tinted and underlined by verdict: dotted for "
            "unchecked, single for verified, wavy for disputed."
        )
        self.setReadOnly(True)
        # After setReadOnly, which would reset them to mouse-only selection.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setUndoRedoEnabled(False)

        self._text = ""
        self._index = Utf16Index("")
        self._astral = False  # any characters above U+FFFF, which shift UTF-16 positions
        self._claims: dict[int, ClaimRecord] = {}
        self._current: int | None = None
        self._find_matches: list[tuple[int, int]] = []  # UTF-16, sorted, non-overlapping
        self._find_starts: list[int] = []
        self._find_window: tuple[int, int] = (0, 0)
        self._press_pos: QPoint | None = None
        self._overlays: list[Callable[[QPainter], None]] = []  # drawn after the text

        self._highlighter = ClaimHighlighter(self.document(), self.palette())
        self.copyAvailable.connect(self.selectionAvailable)
        self.verticalScrollBar().valueChanged.connect(self._refresh_find_window)

    # -- content ------------------------------------------------------------------

    @property
    def highlighter(self) -> ClaimHighlighter:
        return self._highlighter

    def article_text(self) -> str:
        """The text as stored (code points); ``toPlainText()`` equals it for \\n texts."""
        return self._text

    def set_article(self, text: str, claims: Sequence[ClaimRecord]) -> None:
        """Show ``text`` with ``claims`` highlighted, scrolled to the top.

        The first ``highlighter.eager_units`` UTF-16 units are highlighted at once, later
        blocks when first painted (see ClaimHighlighter). Raises ValueError for a text with
        "\\r\\n", which Qt would make one block separator out of two characters.
        """
        if "\r\n" in text:
            raise ValueError("the text has \\r\\n newlines: positions would not line up")
        self._text = text
        self._index = Utf16Index(text)
        self._astral = self._index.to_utf16(len(text)) != len(text)
        self._claims = {c.id: c for c in claims}
        self._current = None
        self._find_matches, self._find_starts = [], []
        self._find_window = (0, 0)
        self.setExtraSelections([])
        # Spans first without redrawing: setPlainText runs the highlighter anyway.
        self._highlighter.set_spans(self._spans(_placed(self._claims.values())),
                                    rehighlight=False)
        self.setPlainText(text)

    def set_claims(self, claims: Sequence[ClaimRecord]) -> None:
        """Replace all claims of the current text (rehighlights the whole document, unless
        they are the claims it shows already)."""
        claims_by_id = {c.id: c for c in claims}
        if claims_by_id != self._claims:
            self._claims = claims_by_id
            self._highlighter.set_spans(self._spans(_placed(self._claims.values())))
        if self._current not in self._claims:
            self._current = None
        self._update_extra_selections()

    def add_claims(self, claims: Sequence[ClaimRecord]) -> None:
        """More claims of the current text (the rest of a big article, read after its
        first screen was shown)."""
        self.set_claims([*self._claims.values(), *claims])

    def upsert_claim(self, claim: ClaimRecord) -> None:
        """Add or update one claim; only the blocks it covers (before and after) are redone."""
        self._claims[claim.id] = claim
        span = self._span(claim)
        if claim.placed and span[2] > span[1]:
            self._highlighter.upsert_span(span)
        else:
            self._highlighter.remove_span(claim.id)
        if claim.id == self._current:
            self._update_extra_selections()

    def remove_claim(self, claim_id: int) -> None:
        self._claims.pop(claim_id, None)
        self._highlighter.remove_span(claim_id)
        if claim_id == self._current:
            self.set_current_claim(None)

    def claim(self, claim_id: int) -> ClaimRecord | None:
        return self._claims.get(claim_id)

    def claims(self) -> list[ClaimRecord]:
        return list(self._claims.values())

    def _span(self, claim: ClaimRecord) -> Span:
        return self._spans((claim,))[0]

    def _spans(self, claims: Collection[ClaimRecord]) -> list[Span]:
        """Claims as UTF-16 spans, clipped to the text (a stale claim cannot crash a paint).

        One bisect per end over the astral characters' positions, inline: opening a 10k-claim
        article must not pay a Python call per position.
        """
        n = len(self._text)
        if not self._astral:
            return [
                (c.id, c.start, c.end, c.verdict)
                if 0 <= c.start <= c.end <= n
                else (c.id, *self._clipped(c.start, c.end), c.verdict)
                for c in claims
            ]
        astral = self._index.astral_positions()
        return [
            (c.id, c.start + bisect_left(astral, c.start), c.end + bisect_left(astral, c.end),
             c.verdict)
            if 0 <= c.start <= c.end <= n
            else (c.id, *self._clipped(c.start, c.end), c.verdict)
            for c in claims
        ]

    def _clipped(self, start: int, end: int) -> tuple[int, int]:
        n = len(self._text)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        return self._index.to_utf16(start), self._index.to_utf16(end)

    # -- positions ----------------------------------------------------------------

    def to_utf16(self, cp: int) -> int:
        return self._index.to_utf16(min(max(cp, 0), len(self._text)))

    def to_codepoint(self, u16: int) -> int:
        return self._index.to_codepoint(min(max(u16, 0), self.document().characterCount() - 1))

    def selected_codepoints(self) -> tuple[int, int] | None:
        """The text selection in code points, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.to_codepoint(cursor.selectionStart())
        end = self.to_codepoint(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_codepoints(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` (code points) and make it visible."""
        self.select_utf16(self.to_utf16(start), self.to_utf16(end))

    def select_utf16(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def claim_ids_at(self, cp: int) -> list[int]:
        """Ids of the claims covering the character at ``cp``, innermost (shortest) first."""
        if not 0 <= cp < len(self._text):
            return []
        return [s[0] for s in self._highlighter.containing(self._index.to_utf16(cp))]

    # -- current claim ------------------------------------------------------------

    def current_claim_id(self) -> int | None:
        return self._current

    def set_current_claim(self, claim_id: int | None) -> None:
        """Outline one claim (None: none). Does not move the caret or scroll."""
        self._current = claim_id if claim_id in self._claims else None
        self._update_extra_selections()
        self.viewport().update()

    def scroll_to_claim(self, claim_id: int) -> None:
        """Make a claim current and, unless it is already in sight, centre it."""
        self.set_current_claim(claim_id)
        span = self._highlighter.span(claim_id)
        if span is None:
            return
        if self._position_visible(span[1]) and self._position_visible(max(span[1], span[2] - 1)):
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(span[1])
        self.setTextCursor(cursor)
        self.centerCursor()

    def _position_visible(self, u16: int) -> bool:
        cursor = QTextCursor(self.document())
        cursor.setPosition(u16)
        return self.viewport().rect().intersects(self.cursorRect(cursor))

    # -- extra selections: current claim and search hits -------------------------

    def set_find_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        """Mark search hits, ``(start, end)`` in UTF-16, sorted and non-overlapping.

        Only the hits in and around the visible text become extra selections; the window
        follows scrolling.
        """
        self._find_matches = list(matches)
        self._find_starts = [m[0] for m in self._find_matches]
        self._find_window = (-1, -1)
        self._update_extra_selections()

    def clear_find_matches(self) -> None:
        self.set_find_matches(())

    def find_matches(self) -> list[tuple[int, int]]:
        return list(self._find_matches)

    def _visible_window(self) -> tuple[int, int]:
        if not self._find_matches:
            return (0, 0)
        first, last = self.visible_range()
        lo = bisect_left(self._find_starts, first - FIND_MARK_MARGIN)
        hi = bisect_left(self._find_starts, last + FIND_MARK_MARGIN)
        return lo, min(hi, lo + MAX_FIND_MARKS)

    def _refresh_find_window(self) -> None:
        if self._find_matches and self._visible_window() != self._find_window:
            self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        doc = self.document()
        self._find_window = self._visible_window()
        if self._find_matches:
            fmt = find_format()
            lo, hi = self._find_window
            for start, end in self._find_matches[lo:hi]:
                selections.append(_extra_selection(QTextCursor(doc), start, end, fmt))
        span = self._highlighter.span(self._current) if self._current is not None else None
        if span is not None:
            selections.append(
                _extra_selection(QTextCursor(doc), span[1], span[2], current_claim_format())
            )
        self.setExtraSelections(selections)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh_find_window()

    def paintEvent(self, event: QPaintEvent) -> None:
        self._highlight_visible_blocks()
        super().paintEvent(event)
        span = self._highlighter.span(self._current) if self._current is not None else None
        rects = self._range_rects(span[1], span[2]) if span is not None else []
        if not rects and not self._overlays:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for paint in self._overlays:
            paint(painter)
        pen = QPen(CURRENT_CLAIM)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-1.0, 0.0, 1.0, 0.0), 3.0, 3.0)
        painter.end()

    def add_overlay(self, paint: Callable[[QPainter], None]) -> None:
        """Draw more over the text after each repaint (suggestion marks); ``paint`` gets the
        viewport's painter and should draw only what is visible (see visible_range)."""
        self._overlays.append(paint)

    def visible_range(self) -> tuple[int, int]:
        """UTF-16 positions of the first and last visible characters (roughly)."""
        first = self.firstVisibleBlock().position()
        last = self.cursorForPosition(self.viewport().rect().bottomRight()).position()
        return first, last

    def range_rects(self, u16_start: int, u16_end: int) -> list[QRectF]:
        """Viewport rectangles of ``[u16_start, u16_end)``, one per visible line."""
        return self._range_rects(u16_start, u16_end)

    def _highlight_visible_blocks(self) -> None:
        """Blocks past the highlighter's eager part get their highlights when first shown."""
        highlighter = self._highlighter
        if self.document().characterCount() <= highlighter.eager_units:
            return
        offset = self.contentOffset()
        bottom = self.viewport().height()
        blocks = []
        block = self.firstVisibleBlock()
        while block.isValid() and self.blockBoundingGeometry(block).translated(
            offset
        ).top() <= bottom:
            blocks.append(block)
            block = block.next()
        highlighter.ensure_highlighted(blocks)

    def _range_rects(self, u16_start: int, u16_end: int) -> list[QRectF]:
        """Viewport rectangles of ``[u16_start, u16_end)``, one per visible line."""
        rects: list[QRectF] = []
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = self.firstVisibleBlock()
        while block.isValid():
            position = block.position()
            if position >= u16_end:
                break
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            length = block.length() - 1
            if position + length >= u16_start and block.isVisible():
                layout = block.layout()
                origin = geometry.topLeft() + layout.position()
                lo, hi = max(u16_start - position, 0), min(u16_end - position, length)
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    a = max(lo, line.textStart())
                    b = min(hi, line.textStart() + line.textLength())
                    if a >= b:
                        continue
                    x1, x2 = _x_of(line, a), _x_of(line, b)
                    rects.append(
                        QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height()).translated(
                            origin
                        )
                    )
            block = block.next()
        return rects

    # -- clicks -------------------------------------------------------------------

    def utf16_at(self, point: QPoint) -> int | None:
        """The UTF-16 position of the character under a viewport point, None off the text."""
        block = self.cursorForPosition(point).block()
        if not block.isValid():
            return None
        layout = block.layout()
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        local = QPointF(point) - origin - layout.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if not line.y() <= local.y() < line.y() + line.height():
                continue
            if not line.x() <= local.x() < line.x() + line.naturalTextWidth():
                return None
            index = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
            if not 0 <= index < block.length() - 1:
                return None
            return block.position() + index
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._press_pos = self._press_pos, None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        if (point - pressed).manhattanLength() >= QApplication.startDragDistance():
            return
        if self.textCursor().hasSelection():
            return
        u16 = self.utf16_at(point)
        if u16 is None:
            return
        spans = self._highlighter.containing(u16)
        if spans:
            self.claimClicked.emit(spans[0][0])

    # -- palette ------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        # Not event(): that would run Python for every event the view gets, among them one per
        # change of each claim action added to it. An application palette change reaches
        # here too, as a PaletteChange, whenever it changes this view's palette.
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_palette(self.palette())
            self.viewport().update()
        super().changeEvent(event)


def _x_of(line: QTextLine, position: int) -> float:
    """The x of a cursor position in a line (PySide returns it with the position)."""
    x, _ = cast(tuple[float, int], line.cursorToX(position))
    return x


def _extra_selection(
    cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = fmt
    return selection


class ArticlePane(QWidget):
    """The article view with its find bar below; owns the find shortcuts.

    ``find_action`` (Ctrl+F), ``find_next_action`` (F3) and ``find_previous_action``
    (Shift+F3) are scoped to this pane (WidgetWithChildrenShortcut); put these very actions
    in a menu rather than binding the same keys again, or Qt reports them ambiguous.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePane")
        self.view = ArticleView(self)
        self.find_bar = FindBar(self.view, self)
        self.find_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)

        self.find_action = self._action(
            "&Find…", [QKeySequence(QKeySequence.StandardKey.Find)], self.find_bar.open_bar
        )
        self.find_next_action = self._action(
            "Find &Next", [QKeySequence(Qt.Key.Key_F3)], self.find_bar.find_next
        )
        self.find_previous_action = self._action(
            "Find Pre&vious",
            [QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_F3)],
            self.find_bar.find_previous,
        )
        self.close_find_action = self._action(
            "Close Find Bar", [QKeySequence(Qt.Key.Key_Escape)], self.find_bar.close_bar
        )
        self.close_find_action.setEnabled(False)
        self.find_bar.installEventFilter(self)

    def _action(
        self, text: str, keys: list[QKeySequence], slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.find_bar and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.close_find_action.setEnabled(event.type() == QEvent.Type.Show)
        return super().eventFilter(watched, event)


def _placed(claims: Collection[ClaimRecord]) -> list[ClaimRecord]:
    """The claims that have a place in the current text: an orphaned claim's positions are
    those of an older version, so it is not highlighted (the claims table lists it)."""
    return [c for c in claims if c.placed]
