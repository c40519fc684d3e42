"""A status-bar mark of who else changed something in the library recently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from annotator.domain.changes import Change, ChangeKind
from annotator.domain.history import clock
from annotator.qt.controller import Controller

RECENT = timedelta(minutes=10)
_KIND_TEXT = {
    ChangeKind.CLAIM: "changed a claim",
    ChangeKind.SOURCES: "changed the sources of a claim",
    ChangeKind.CLAIMS: "changed several claims",
    ChangeKind.LIBRARY: "changed the library",
}


class ActivityMark(QLabel):
    """"● Dana, Erin" while colleagues' changes are under ten minutes old; details on hover."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskActivity")
        self.setAccessibleName("Colleagues' recent changes")
        self._recent: list[Change] = []
        self._expire = QTimer(self)
        self._expire.setInterval(30_000)
        self._expire.timeout.connect(self.refresh)
        controller.remoteChangesApplied.connect(self.add)
        self.hide()

    def add(self, changes: list[Change]) -> None:
        self._recent = (self._recent + list(changes))[-50:]
        self.refresh()
        self._expire.start()

    def refresh(self, now: datetime | None = None) -> None:
        cutoff = (now or datetime.now(UTC)) - RECENT
        self._recent = [c for c in self._recent if c.at >= cutoff]
        if not self._recent:
            self.hide()
            self._expire.stop()
            return
        names = list(dict.fromkeys(c.author or "someone" for c in reversed(self._recent)))
        self.setText("● " + ", ".join(names[:3]) + (" …" if len(names) > 3 else ""))
        self.setToolTip("\n".join(
            f"{c.author or 'Someone'} {_KIND_TEXT[c.kind]} at {clock(c.at)}"
            for c in reversed(self._recent[-10:])))
        self.show()

    def recent(self) -> list[Change]:
        return list(self._recent)
