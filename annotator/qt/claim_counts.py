"""The status bar's tally of the open article's claims by verdict."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from annotator.domain.verdict import Verdict
from annotator.qt.controller import Controller


class ClaimCounts(QLabel):
    """Recounted once per burst of changes (schedule() coalesces them)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimCounts")
        self._controller = controller
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.update_counts)

    def schedule(self) -> None:
        self._timer.start()

    def update_counts(self) -> None:
        self._timer.stop()
        if self._controller.document is None:
            self.setText("")
            return
        counts = self._controller.verdict_counts()
        total = sum(counts.values())
        self.setText(
            f"{total} claim{'s' if total != 1 else ''}: "
            f"{counts[Verdict.UNCHECKED]} unchecked · {counts[Verdict.VERIFIED]} verified · "
            f"{counts[Verdict.DISPUTED]} disputed"
        )
