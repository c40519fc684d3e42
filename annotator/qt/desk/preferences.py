"""Preferences: the name (and e-mail) recorded on every edit, set once for this computer,
and (with a controller) the library's publisher settings, shared by the desk (Publishing).

The name goes into the history, the exports and the messages colleagues see ("Dana set this
claim to Verified at 14:02"); without one, $ANNOTATOR_AUTHOR or the login name is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.settings import Settings
from annotator.qt.widgets import named
from annotator.store import Store
from annotator.store.core import default_author

if TYPE_CHECKING:
    from annotator.qt.controller import Controller
    from annotator.qt.desk.publishing_page import PublishingPage


def apply_author(store: Store, settings: Settings) -> None:
    """Record edits under the name from the preferences, if one is set."""
    if settings.author_name:
        store.author = settings.author_name
        store.author_email = settings.author_email


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None, store: Store, settings: Settings,
                 controller: Controller | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._store, self._settings = store, settings
        self.name = named(QLineEdit(settings.author_name or store.author), "authorName")
        self.name.setPlaceholderText(default_author())
        self.name.setAccessibleName("Your name, recorded on your edits")
        self.email = named(QLineEdit(settings.author_email), "authorEmail")
        self.email.setPlaceholderText("optional")
        self.email.setAccessibleName("Your e-mail address (optional)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.tabs = named(QTabWidget(self), "preferencesTabs")
        you = QWidget(self.tabs)
        form = QFormLayout(you)
        form.addRow("Your &name:", self.name)
        form.addRow("&E-mail:", self.email)
        self.tabs.addTab(you, "You")
        self.publishing: PublishingPage | None = None
        if controller is not None:
            from annotator.qt.desk.publishing_page import PublishingPage

            self.publishing = PublishingPage(self.tabs, controller)
            self.tabs.addTab(self.publishing, "&Publishing")
        layout = QVBoxLayout(self)
        # Grows with what it shows (a reason under the fields), never cuts wrapped text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.publishing is not None and not self.publishing.save():
            self.tabs.setCurrentWidget(self.publishing)  # the reason is shown there
            return
        name = " ".join(self.name.text().split())
        self._settings.author_name = name
        self._settings.author_email = self.email.text().strip()
        self._store.author = name or default_author()
        self._store.author_email = self._settings.author_email if name else ""
        super().accept()
