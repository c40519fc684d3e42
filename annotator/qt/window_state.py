"""The main window's state across runs (QSettings through annotator.qt.settings): geometry,
dock layout, theme, text size, the split with the article beside, and first-run dock sizes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from annotator.qt.theme import Theme, apply_theme
from annotator.qt.window_actions import theme_action

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow


def restore_window(window: MainWindow) -> None:
    settings = window.settings
    if settings.geometry is not None:
        window.restoreGeometry(settings.geometry)
    if settings.window_state is not None:
        window.restoreState(settings.window_state)
    try:
        theme = Theme(settings.theme)
    except ValueError:
        theme = Theme.SYSTEM
    window.action(theme_action(theme)).setChecked(True)
    if theme is not Theme.SYSTEM:
        apply_theme(theme)
    window.zoom(settings.zoom_steps)


def save_window(window: MainWindow) -> None:
    settings = window.settings
    settings.geometry = window.saveGeometry()
    settings.window_state = window.saveState()
    if window.beside.isVisible():
        settings.split_sizes = window.splitter.sizes()
    document = window.beside.document
    settings.beside_document_id = document.id if document is not None else None
    settings.sync()


def default_dock_sizes(window: MainWindow) -> None:
    """First run: the library and the claim editor get room beside the article."""
    width = max(window.width(), 900)
    window.resizeDocks([window.library_dock, window.editor_dock],
                       [max(220, width // 6), max(340, width // 4)],
                       Qt.Orientation.Horizontal)
    window.resizeDocks([window.claims_dock], [max(180, window.height() // 4)],
                       Qt.Orientation.Vertical)
