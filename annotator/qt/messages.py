"""Messages to the user: non-blocking boxes, each recorded so tests and the window see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from annotator.qt.controller import Controller
    from annotator.qt.settings import Settings

StatusCallback = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class Notification:
    level: str  # "information", "warning" or "critical"
    title: str
    text: str
    details: str = ""


_ICONS = {"information": QMessageBox.Icon.Information, "warning": QMessageBox.Icon.Warning}


class Notifier(QObject):
    """Opens message boxes without blocking and keeps what was said in ``notifications``."""

    notified = Signal(object)  # Notification, after its box is shown

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.notifications: list[Notification] = []
        self.message_boxes: list[QMessageBox] = []

    def notify(self, level: str, title: str, text: str, details: str = "") -> QMessageBox:
        note = Notification(level, title, text, details)
        self.notifications.append(note)
        icon = _ICONS.get(level, QMessageBox.Icon.Critical)
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName(f"{level}Message")
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, box=box: self._forget(box))
        self.message_boxes.append(box)
        box.open()
        self.notified.emit(note)
        return box

    def _forget(self, box: QMessageBox) -> None:
        if box in self.message_boxes:
            self.message_boxes.remove(box)

    def close_all(self) -> None:
        for box in list(self.message_boxes):
            box.done(0)


class WindowFlow(QObject):
    """A piece of the window's work (importing, exporting): dialogs parented to the window,
    the controller for the store, remembered folders, messages and status lines."""

    def __init__(self, parent: QWidget, controller: Controller, settings: Settings,
                 notifier: Notifier, status: StatusCallback) -> None:
        super().__init__(parent)
        self._parent = parent
        self._controller = controller
        self._settings = settings
        self._notifier = notifier
        self._status = status
