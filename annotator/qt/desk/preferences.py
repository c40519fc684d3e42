"""Preferences: the name (and e-mail) recorded on every edit, set once for this computer.

The name goes into the history, the exports and the messages colleagues see ("Dana set this
claim to Verified at 14:02"); without one, $ANNOTATOR_AUTHOR or the login name is used.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from annotator.qt.settings import Settings
from annotator.qt.widgets import named
from annotator.store import Store
from annotator.store.core import default_author


def apply_author(store: Store, settings: Settings) -> None:
    """Record edits under the name from the preferences, if one is set."""
    if settings.author_name:
        store.author = settings.author_name
        store.author_email = settings.author_email


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None, store: Store, settings: Settings) -> None:
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
        form = QFormLayout(self)
        form.addRow("Your &name:", self.name)
        form.addRow("&E-mail:", self.email)
        form.addRow(buttons)

    def accept(self) -> None:
        name = " ".join(self.name.text().split())
        self._settings.author_name = name
        self._settings.author_email = self.email.text().strip()
        self._store.author = name or default_author()
        self._store.author_email = self._settings.author_email if name else ""
        super().accept()
