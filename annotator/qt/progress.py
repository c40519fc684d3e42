"""A cancellable progress dialog as the ``progress(done, total) -> bool`` callback that
long exports and imports take (the same callback the command line draws as a bar).

It appears only when the work lasts longer than ``MINIMUM_DURATION_MS``, keeps the window
repainting while the work runs on the GUI thread, and answers False once Cancel is pressed,
which makes the work stop and undo itself (no file written, no library change).
"""

from __future__ import annotations

from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

MINIMUM_DURATION_MS = 300


class ProgressDialog:
    def __init__(self, parent: QWidget, *, name: str, title: str, label: str) -> None:
        dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        dialog.setObjectName(name)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(MINIMUM_DURATION_MS)
        dialog.setAutoClose(False)
        self.dialog = dialog

    def __call__(self, done: int, total: int) -> bool:
        dialog = self.dialog
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        QApplication.processEvents()
        return not dialog.wasCanceled()

    def __enter__(self) -> ProgressDialog:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
