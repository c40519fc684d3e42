"""Moving between the window's panes by keyboard: F6 / Shift+F6 cycle, Esc goes home.

Tab moves between the controls of a pane and on to the next pane; F6 jumps a whole pane
at a time (as in browsers and office suites), skipping panes that are hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


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
