"""The first thing a start shows: the article being read, before the rest has loaded.

Loading SQLAlchemy, migrating and building the panes takes several times longer than
showing a text. The preview shows the article that was open last, where the window was,
in the chosen theme and text size, until the real window takes its place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QWidget

from annotator.qt.settings import Settings
from annotator.qt.theme import Theme, apply_theme, apply_zoom
from annotator.store.peek import peek_article


class StartupPreview(QMainWindow):
    painted = Signal()  # once, when the article's text has first been painted

    def __init__(self, title: str, text: str, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupPreview")
        self.setWindowTitle(f"{title} — Annotator")
        self.view = QPlainTextEdit()
        self.view.setObjectName("previewView")
        self.view.setReadOnly(True)
        self.view.setPlainText(text)
        self.setCentralWidget(self.view)
        self.resize(1400, 880)
        geometry = settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        apply_zoom([self.view], settings.zoom_steps)
        self.statusBar().showMessage("Opening the library…")
        self._painted = False
        self.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.painted.emit()  # queued by the receiver: the paint itself finishes first
        return super().eventFilter(watched, event)

    def scroll_fraction(self) -> float:
        bar = self.view.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() else 0.0


def show_preview(database: str, settings: Settings) -> StartupPreview | None:
    """Show the last article at once, or None when there is nothing quick to show."""
    try:
        theme = Theme(settings.theme)
    except ValueError:
        theme = Theme.SYSTEM
    if theme is not Theme.SYSTEM:
        apply_theme(theme)
    peek = peek_article(database, settings.last_document_id)
    if peek is None:
        return None
    preview = StartupPreview(peek.title, peek.text, settings)
    preview.show()
    return preview
