"""Incremental, case-insensitive search in the article, shown below the article view.

Enter / F3 go to the next hit, Shift+Enter / Shift+F3 to the previous one, Esc closes. Every
hit is marked (an extra selection in FIND_HIGHLIGHT, unlike any verdict tint) and the current
one is also selected, so Ctrl+C copies it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

if TYPE_CHECKING:
    from annotator.qt.article_view import ArticleView

MAX_MATCHES = 10_000
"""Searching stops after this many hits (a one-letter search in a long article)."""

MAX_PREFILL = 100
"""A selection up to this many characters (one line) becomes the search text on opening."""

_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindBar(QWidget):
    """Search field, hit counter, previous/next and close buttons for one ArticleView."""

    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName("Find in article")
        self._view = view
        self._matches: list[tuple[int, int]] = []  # code points, in text order
        self._current: int | None = None
        self._capped = False
        self._origin = 0  # code point from which the next search looks for its first hit

        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setAccessibleName("Find text")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        self.status.setAccessibleName("Matches")
        self.previous_button = self._button(
            "Previous", QStyle.StandardPixmap.SP_ArrowUp, "Previous match (Shift+F3)"
        )
        self.next_button = self._button(
            "Next", QStyle.StandardPixmap.SP_ArrowDown, "Next match (Enter, F3)"
        )
        self.close_button = self._button(
            "Close", QStyle.StandardPixmap.SP_DialogCloseButton, "Close the find bar (Esc)"
        )

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(self)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)

    def _button(self, name: str, icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
        button.setText(name)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # -- public -------------------------------------------------------------------

    def matches(self) -> list[tuple[int, int]]:
        """The hits, ``(start, end)`` in code points."""
        return list(self._matches)

    def current_index(self) -> int | None:
        return self._current

    def open_bar(self) -> None:
        """Show and focus the bar; a short one-line selection becomes the search text."""
        view = self._view
        selected = view.selected_codepoints()
        if selected is not None:
            self._origin = selected[0]
            chosen = view.article_text()[selected[0]:selected[1]]
            if len(chosen) <= MAX_PREFILL and "\n" not in chosen:
                self.edit.blockSignals(True)
                self.edit.setText(chosen)
                self.edit.blockSignals(False)
        else:
            self._origin = view.to_codepoint(view.textCursor().position())
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._search()

    def close_bar(self) -> None:
        """Hide the bar, drop the marks and give the focus back to the article."""
        if not self.isVisible():
            return
        self.hide()
        self._view.clear_find_matches()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def find_next(self) -> None:
        if not self.isVisible():
            self.open_bar()
        elif self._matches:
            self._go(0 if self._current is None else (self._current + 1) % len(self._matches))

    def find_previous(self) -> None:
        if not self.isVisible():
            self.open_bar()
        elif self._matches:
            self._go(
                len(self._matches) - 1
                if self._current is None
                else (self._current - 1) % len(self._matches)
            )

    # -- searching ----------------------------------------------------------------

    def _search(self) -> None:
        needle = self.edit.text()
        view = self._view
        self._matches, self._current, self._capped = [], None, False
        if not needle:
            view.clear_find_matches()
            self.status.setText("")
            return
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        for found in pattern.finditer(view.article_text()):
            self._matches.append(found.span())
            if len(self._matches) >= MAX_MATCHES:
                self._capped = True
                break
        view.set_find_matches([(view.to_utf16(s), view.to_utf16(e)) for s, e in self._matches])
        if not self._matches:
            self.status.setText("No matches")
            return
        first = bisect_left(self._matches, (self._origin, -1))
        self._go(first % len(self._matches))

    def _go(self, index: int) -> None:
        self._current = index
        start, end = self._matches[index]
        self._origin = start
        self._view.select_codepoints(start, end)
        more = "+" if self._capped else ""
        self.status.setText(f"{index + 1} of {len(self._matches)}{more}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent):
            key = event.key()
            if event.type() == QEvent.Type.ShortcutOverride and (
                key in _RETURN_KEYS or key == Qt.Key.Key_Escape
            ):
                event.accept()  # ours, whatever shortcuts the window defines
                return True
            if event.type() == QEvent.Type.KeyPress:
                if key in _RETURN_KEYS:
                    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                        self.find_previous()
                    else:
                        self.find_next()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
        return super().eventFilter(watched, event)
