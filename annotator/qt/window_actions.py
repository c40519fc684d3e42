"""The window's actions, menus and toolbar, built from the one table in qt/shortcuts.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar, QToolButton, QWidget

from annotator.domain.verdict import Verdict
from annotator.io.formats import ExportFormat
from annotator.qt.action_helpers import ActionLinkGuard
from annotator.qt.shortcuts import ACTIONS, MENUS, Scope
from annotator.qt.theme import Theme
from annotator.qt.widgets import named

EXPORT_ACTIONS = {
    "exportReview": ExportFormat.REVIEW,
    "exportW3C": ExportFormat.W3C,
    "exportCsv": ExportFormat.CSV,
    "exportXlsx": ExportFormat.XLSX,
    "exportClaimReview": ExportFormat.CLAIMREVIEW,
    "exportEmbed": ExportFormat.EMBED,
    "exportHtml": ExportFormat.HTML,
}
THEME_ACTIONS = {"themeSystem": Theme.SYSTEM, "themeLight": Theme.LIGHT, "themeDark": Theme.DARK}
VERDICT_ACTIONS = {
    "verdictUnchecked": Verdict.UNCHECKED,
    "verdictVerified": Verdict.VERIFIED,
    "verdictDisputed": Verdict.DISPUTED,
}
TOOLBAR_LABELS = {
    "importFiles": "Import", "undo": "Undo", "redo": "Redo", "createClaim": "Create claim",
    "verdictUnchecked": "Unchecked", "verdictVerified": "Verified",
    "verdictDisputed": "Disputed", "deleteClaim": "Delete", "addSource": "Add source",
    "openBeside": "Open beside", "searchLibrary": "Search library",
}
TOOLBAR = ("importFiles", None, "undo", "redo", None, "createClaim", "verdictUnchecked",
           "verdictVerified", "verdictDisputed", "deleteClaim", None, "addSource", "openBeside",
           None, "searchLibrary")


def build_actions(window: QMainWindow, provided: Mapping[str, QAction],
                  scoped: Mapping[Scope, Iterable[QWidget]]) -> dict[str, QAction]:
    """One QAction per row of ACTIONS; keys of a scope work only in that scope's widgets."""
    actions: dict[str, QAction] = {}
    for item in ACTIONS:
        if item.provided:
            action = provided[item.name]
            action.setText(item.text)
        else:
            action = QAction(item.text, window)
            action.setShortcuts(item.key_sequences())
        action.setObjectName(item.name)
        action.setToolTip(item.tooltip())
        action.setStatusTip(item.tooltip())
        action.setCheckable(item.checkable)
        if item.scope in scoped:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for widget in scoped[item.scope]:
                widget.addAction(action)
        elif not item.provided:
            window.addAction(action)
        actions[item.name] = action
    themes = QActionGroup(window)
    for name in THEME_ACTIONS:
        themes.addAction(actions[name])
    actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    actions["about"].setMenuRole(QAction.MenuRole.AboutRole)
    return actions


def connect_actions(actions: Mapping[str, QAction], slots: Mapping[str, Callable[[], object]]
                    ) -> None:
    for name, slot in slots.items():
        actions[name].triggered.connect(lambda _checked=False, slot=slot: slot())


def build_menus(window: QMainWindow, actions: Mapping[str, QAction],
                docks: Iterable[QDockWidget]) -> dict[str, QMenu]:
    menus: dict[str, QMenu] = {}
    for key, title in MENUS:
        menus[key] = window.menuBar().addMenu(title)
        menus[key].setObjectName(f"menu{key}")
    for item in ACTIONS:
        menu = menus[item.menu]
        if item.separated:
            menu.addSeparator()
        menu.addAction(actions[item.name])
    view = menus["View"]
    view.addSeparator()
    for dock in docks:
        toggle = dock.toggleViewAction()
        toggle.setText(f"Show {dock.windowTitle().lower()} panel")
        view.addAction(toggle)
    return menus


def build_toolbar(window: QMainWindow, actions: Mapping[str, QAction], view_menu: QMenu
                  ) -> QToolBar:
    toolbar = named(QToolBar("Main toolbar", window), "mainToolBar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.setMovable(True)
    for name in TOOLBAR:
        if name is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[name])
    for name, text in TOOLBAR_LABELS.items():
        action = actions[name]
        action.setIconText(text)  # the toolbar shows this, menus the full text
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setObjectName(f"{name}Button")
            button.setAccessibleName(action.toolTip())
            ActionLinkGuard(button)
    view_menu.insertAction(view_menu.actions()[0], toolbar.toggleViewAction())
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


def theme_action(theme: Theme) -> str:
    return next(name for name, value in THEME_ACTIONS.items() if value is theme)
