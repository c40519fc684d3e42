"""The claim editor's three verdict buttons (one exclusive group): the chosen verdict
wears its own tint and underline colour, re-styled when the palette changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from annotator.domain.verdict import Verdict
from annotator.qt.shortcuts import spec
from annotator.qt.style import verdict_color, verdict_underline_color
from annotator.qt.widgets import named

VERDICT_BUTTONS = (
    (Verdict.UNCHECKED, "verdictUnchecked", "Unchecked"),
    (Verdict.VERIFIED, "verdictVerified", "Verified"),
    (Verdict.DISPUTED, "verdictDisputed", "Disputed"),
)


def verdict_icon(verdict: Verdict, size: int = 12) -> QIcon:
    """A filled swatch with the verdict's underline colour as border."""
    palette = QGuiApplication.palette()
    pixmap = QPixmap(size, size)
    pixmap.fill(verdict_underline_color(verdict, palette))
    inner = QPixmap(size - 4, size - 4)
    inner.fill(verdict_color(verdict, palette))
    painter = QPainter(pixmap)
    painter.drawPixmap(2, 2, inner)
    painter.end()
    return QIcon(pixmap)


class VerdictBox(QWidget):
    """Emits ``chosen`` with the verdict whose button the user pressed."""

    chosen = Signal(object)  # Verdict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBox")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[Verdict, QToolButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for verdict, name, text in VERDICT_BUTTONS:
            button = named(QToolButton(), name)
            button.setText(text)
            button.setCheckable(True)
            button.setIcon(verdict_icon(verdict))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(spec(name).tooltip())
            button.setAccessibleName(f"Verdict {text.lower()}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button)
            self.buttons[verdict] = button
            button.clicked.connect(lambda _checked=False, v=verdict: self.chosen.emit(v))
            row.addWidget(button)
        self._restyle()

    def show_verdict(self, verdict: Verdict | None) -> None:
        """Check the verdict's button; None unchecks them all."""
        if verdict is not None:
            button = self.buttons[verdict]
            if not button.isChecked():
                button.setChecked(True)
            return
        checked = self.group.checkedButton()
        if checked is not None:  # an exclusive group never unchecks its last button
            self.group.setExclusive(False)
            checked.setChecked(False)
            self.group.setExclusive(True)

    def checked_verdict(self) -> Verdict | None:
        for verdict, button in self.buttons.items():
            if button.isChecked():
                return verdict
        return None

    def _restyle(self) -> None:
        """The chosen verdict wears its own tint and underline colour, in bold."""
        palette = self.palette()
        rules = []
        for verdict, button in self.buttons.items():
            button.setIcon(verdict_icon(verdict))
            rules.append(
                f"QToolButton#{button.objectName()}:checked {{"
                f" background: {verdict_color(verdict, palette).name()};"
                f" color: {palette.color(QPalette.ColorRole.Text).name()};"
                f" border: 2px solid {verdict_underline_color(verdict, palette).name()};"
                " border-radius: 3px; padding: 3px; font-weight: bold; }"
            )
        self.setStyleSheet("\n".join(rules))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)
