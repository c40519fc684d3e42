"""Light, dark or the system's colours, and the article's text size: View menu choices.

Fusion draws every widget from the application palette, so a theme is a palette: the
style's standard one for light, ours for dark, and for "system" whichever of the two the
desktop's colour scheme asks for (Qt 6.5+ reports it; without a report, light).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


ZOOM_MIN, ZOOM_MAX = -5, 12
"""Text zoom steps of one point each around the application's font size."""

_DARK_ROLES = {
    QPalette.ColorRole.Window: "#2b2d31",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282c",
    QPalette.ColorRole.ToolTipBase: "#3a3d42",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#8c9096",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#34373c",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#45484e",
    QPalette.ColorRole.Midlight: "#3b3e44",
    QPalette.ColorRole.Mid: "#2f3236",
    QPalette.ColorRole.Dark: "#1a1b1e",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3d6fb6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7aa7ff",
    QPalette.ColorRole.LinkVisited: "#b08cff",
}


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_ROLES.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7b7f86"))
    return palette


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(theme: Theme) -> None:
    """Set the application palette; every open window repaints with it."""
    dark = theme is Theme.DARK or (theme is Theme.SYSTEM and system_prefers_dark())
    QApplication.setPalette(dark_palette() if dark else light_palette())


def zoomed_font(base: QFont, steps: int) -> QFont:
    """``base`` made ``steps`` points larger (or smaller), never below 6 points."""
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(max(6.0, size + clamp_zoom(steps)))
    return font


def clamp_zoom(steps: int) -> int:
    return max(ZOOM_MIN, min(ZOOM_MAX, steps))


def apply_zoom(widgets: list[QWidget], steps: int) -> None:
    base = QApplication.font()
    for widget in widgets:
        widget.setFont(zoomed_font(base, steps))
