"""Small helpers for QActions shared by the windows: cheap updates, context menus."""

from __future__ import annotations

from PySide6.QtCore import QMetaMethod, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton


class ActionLinkGuard(QObject):
    """Keeps a tool button's links to its default action from piling up.

    Qt re-applies a tool button's default action on every change of it (enabled, text, ...),
    and with PySide6 6.11.3 each time connects the action's ``changed()`` to the button once
    more without dropping the earlier connection. Each change then walks every connection
    made so far: over a session, enabling one toolbar action grows from ~10 µs to hundreds.
    The change event that re-applies the action (and connects again) always comes just
    before ``changed()``, so dropping the button's connections on ``changed()`` leaves the
    button exactly as up to date. (The connected slot only matters for actions with a menu,
    which no toolbar action here has.) A child of the button: it goes when the button goes.
    """

    def __init__(self, button: QToolButton) -> None:
        super().__init__(button)
        self._button = button
        self._action = button.defaultAction()
        if self._action is not None:
            self._changed = QMetaMethod.fromSignal(self._action.changed)
            self._action.changed.connect(self._drop_links)

    def _drop_links(self) -> None:
        # A null QMetaMethod stands for every slot of the button; its other links to the
        # action (triggered, ...) are on other signals and stay.
        QObject.disconnect(self._action, self._changed, self._button, QMetaMethod())


def set_enabled(action: QAction, enabled: bool) -> None:
    """Only a real change: each setEnabled updates every menu and button showing the action."""
    if action.isEnabled() != enabled:
        action.setEnabled(enabled)


def set_text(action: QAction, text: str) -> None:
    if action.text() != text:
        action.setText(text)


def popup_with(menu: QMenu, actions: list[QAction], at: QPoint) -> None:
    """Our actions first, then the standard ones (Copy, Select All), then show it."""
    standard = menu.actions()
    if standard:
        menu.insertActions(standard[0], actions)
        menu.insertSeparator(standard[0])
    else:
        menu.addActions(actions)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(at)
