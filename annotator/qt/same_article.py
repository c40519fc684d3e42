"""An imported page whose web address is an article's: a new version of it, or not?

The import (annotator.qt.import_worker) sets such a file aside; once the batch is done,
:class:`SameArticleQuestion` asks, one file at a time: a new version of the article (every
claim follows its words into it), a separate article, or nothing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.qt.import_worker import SameArticle


class SameArticleChoice(Enum):
    NEW_VERSION = "new version"
    SEPARATE = "separate article"
    CANCEL = "cancel"


class SameArticleQuestion(QMessageBox):
    """Three answers; the default is the new version (what a re-fetched page usually is)."""

    def __init__(self, item: SameArticle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("sameArticleQuestion")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Import as a new version?")
        self.setText(f"{item.path.name} has the web address of “{item.title}”, "
                     "which is already in the library.")
        self.setInformativeText(
            "The outlet may have corrected or updated the article. As a new version, every "
            "claim follows its words into the new text (and says so where they changed); "
            "the old text stays readable under View → Versions of the article."
        )
        self.version_button = self.addButton(
            f"New version of “{_short(item.title)}”", QMessageBox.ButtonRole.AcceptRole)
        self.version_button.setObjectName("importAsVersion")
        self.separate_button = self.addButton(
            "Separate article", QMessageBox.ButtonRole.ActionRole)
        self.separate_button.setObjectName("importAsSeparate")
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.version_button)
        self.setEscapeButton(self.cancel_button)

    def choice(self) -> SameArticleChoice:
        clicked = self.clickedButton()
        if clicked is self.version_button:
            return SameArticleChoice.NEW_VERSION
        if clicked is self.separate_button:
            return SameArticleChoice.SEPARATE
        return SameArticleChoice.CANCEL


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
