"""Moving between the window's panes by keyboard: F6 / Shift+F6 cycle, Esc goes home.

Tab moves between the controls of a pane and on to the next pane; F6 jumps a whole pane
at a time (as in browsers and office suites), skipping panes that are hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Pane:
    name: str
    container: QWidget  # focus anywhere inside it counts as being in this pane
    target: Callable[[], QWidget]  # the widget that takes the focus on arrival


class PaneCycler:
    def __init__(self, panes: Sequence[Pane]) -> None:
        self.panes = list(panes)

    def current(self) -> Pane | None:
        focused = QApplication.focusWidget()
        while focused is not None:
            for pane in self.panes:
                if focused is pane.container:
                    return pane
            focused = focused.parentWidget()
        return None

    def step(self, direction: int) -> Pane | None:
        """Focus the next (+1) or previous (-1) visible pane; the pane focused."""
        here = self.current()
        # A pane with nothing to focus (the claim editor with no claim) is passed over.
        visible = [p for p in self.panes if (p.container.isVisible() and p.target().isEnabled())
                   or p is here]
        if not visible:
            return None
        if here in visible:
            position = (visible.index(here) + direction) % len(visible)
        else:
            position = 0 if direction > 0 else len(visible) - 1
        pane = visible[position]
        focus(pane)
        return pane

    def go(self, name: str) -> None:
        for pane in self.panes:
            if pane.name == name:
                focus(pane)
                return
        raise KeyError(name)


def focus(pane: Pane) -> None:
    widget = pane.target()
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)


def build_keyboard_paths(window: MainWindow) -> PaneCycler:
    """F6 cycles the window's panes; Tab leaves every pane; Esc in a side pane goes back to
    the article. Returns the cycler the F6 actions step."""
    panes = PaneCycler([
        Pane("library", window.library_dock, lambda: window.library.view),
        Pane("article", window.article, lambda: window.article.view),
        Pane("beside", window.beside, lambda: window.beside.view),
        Pane("claims", window.claims_dock, lambda: window.claims_panel.view),
        Pane("search", window.library_claims_dock, lambda: window.library_claims.search),
        Pane("editor", window.editor_dock, window.editor.first_focus_widget),
        Pane("evidence", window.evidence_dock, lambda: window.evidence_pane.view),
    ])
    for table in (window.library.view, window.claims_panel.view):
        table.setTabKeyNavigation(False)  # Tab leaves the table instead of walking cells
    for text in (window.article.view, window.beside.view):
        text.setTabChangesFocus(True)  # read-only: Tab has nothing to type
    order = [window.library.view, window.article.view, window.beside.view,
             *window.claims_panel.focus_chain(), *window.library_claims.focus_chain(),
             *window.editor.focus_chain(), *window.evidence_pane.focus_chain()]
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
    for dock in (window.library_dock, window.claims_dock, window.editor_dock,
                 window.evidence_dock, window.library_claims_dock):
        home = QShortcut(QKeySequence(Qt.Key.Key_Escape), dock)
        home.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        home.activated.connect(window.focus_article)
    return panes
