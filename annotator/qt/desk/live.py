"""Live updates: what colleagues commit shows up in this window within a moment.

SQLite: a timer polls the change feed (PRAGMA data_version, nearly free). PostgreSQL: the
feed's socket wakes us when a notification arrives, and the timer is only a fallback. When
following fails (a lost server), the status bar says so once, the timer keeps retrying, and
says so again when changes flow once more.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from annotator.qt.controller import Controller
from annotator.store import StoreError
from annotator.store.feed import ChangeFeed, open_feed

POLL_MS = 200


class LiveUpdates(QObject):
    status = Signal(str)  # a sentence for the status bar when following stops or resumes

    def __init__(self, controller: Controller, parent: QObject | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("liveUpdates")
        self._controller = controller
        self._feed: ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self.unavailable = ""  # why there are no live updates, if there are none
        self.failures = 0
        self.interrupted = False  # the last poll failed; the next good one says so
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        if controller.store.read_only:
            return  # opened for reading only: the window already says so
        try:
            self._feed = open_feed(controller.store)
        except StoreError as exc:
            self.unavailable = str(exc)
            return
        self._watch_socket()
        if self._notifier is not None:
            self._timer.setInterval(max(interval_ms, 1000))
        self._timer.start()

    def _watch_socket(self) -> None:
        """Wake up when the feed's socket (a new one after a reconnect) has something."""
        socket = self._feed.fileno() if self._feed is not None else None
        if self._notifier is not None:
            if socket == int(self._notifier.socket()) and self._notifier.isEnabled():
                return
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if socket is not None:
            self._notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self.poll)

    @property
    def active(self) -> bool:
        return self._feed is not None

    def poll(self) -> int:
        """Apply what others committed since the last poll; the number of changes."""
        if self._feed is None:
            return 0
        try:
            changes = self._feed.poll()
        except StoreError as exc:
            self.failures += 1  # a busy or lost connection: the timer tries again
            if self._notifier is not None:
                self._notifier.setEnabled(False)  # a closed socket stays "readable"
            if not self.interrupted:
                self.interrupted = True
                reason = str(exc).strip().splitlines()[0]
                self.status.emit(f"Live updates paused: {reason} Retrying.")
            return 0
        if self.interrupted:
            self.interrupted = False
            self._watch_socket()
            self.status.emit("Live updates resumed: colleagues' changes show again.")
        if changes:
            self._controller.apply_remote_changes(changes)
        return len(changes)

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._feed is not None:
            self._feed.close()
            self._feed = None
