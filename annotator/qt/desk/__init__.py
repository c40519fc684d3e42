"""Working as a desk on one shared library: live updates, conflicts, the author's name.

``Desk(window)`` plugs these into a main window: the window's controller applies what
colleagues commit (LiveUpdates), a refused stale edit asks what to do (ConflictPrompt),
the status bar marks who else changed something (ActivityMark), and Edit → Preferences
sets the name recorded on edits and the library's publisher settings (PreferencesDialog).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from annotator.qt.desk.activity import ActivityMark
from annotator.qt.desk.conflicts import ConflictPrompt
from annotator.qt.desk.live import LiveUpdates
from annotator.qt.desk.preferences import PreferencesDialog, apply_author

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow

__all__ = ["ActivityMark", "ConflictPrompt", "Desk", "LiveUpdates", "PreferencesDialog"]


class Desk(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        apply_author(window.store, window.settings)
        self.live = LiveUpdates(window.controller, self)
        self.conflicts = ConflictPrompt(window, window.controller)
        self.activity = ActivityMark(window.controller)
        window.statusBar().addPermanentWidget(self.activity)
        if self.live.unavailable:
            window.show_status(self.live.unavailable, 10000)
        # "paused" stays until "resumed" replaces it
        self.live.status.connect(lambda message: window.show_status(
            message, 0 if self.live.interrupted else 10000))
        self.preferences: PreferencesDialog | None = None
        window.action("preferences").triggered.connect(self.show_preferences)
        window.installEventFilter(self)

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self._window, self._window.store, self._window.settings,
                                   self._window.controller)
        dialog.finished.connect(lambda _result: setattr(self, "preferences", None))
        self.preferences = dialog
        dialog.open()
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.live.stop()  # before the window's store closes
        return False
