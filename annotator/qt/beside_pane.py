"""The second article, opened beside the first to pick source passages from."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from annotator.domain.records import ClaimRecord, DocumentRecord
from annotator.qt.article_view import ArticlePane
from annotator.qt.widgets import ElidedLabel, named


class BesidePane(QWidget):
    """A titled, read-only article with Attach passage and Close buttons.

    It knows which document it shows; the window decides what to open and where the
    passage goes.
    """

    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("besideContainer")
        self.document: DocumentRecord | None = None
        self.pane = ArticlePane()
        self.pane.setObjectName("besidePane")
        self.view = self.pane.view
        self.view.setObjectName("besideView")
        self.view.setAccessibleName("Article opened beside")
        # Long titles must not widen the window: the label takes what is left, elided.
        self.title = named(ElidedLabel(), "besideTitle")
        self.attach_button = named(QToolButton(), "besideAttachButton")
        self.attach_button.setText("Attach passage")
        self.close_button = named(QToolButton(), "besideCloseButton")
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close the article opened beside")
        self.close_button.setAccessibleName("Close the article opened beside")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.closeRequested)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 2, 2)
        header.addWidget(self.title, 1)
        header.addWidget(self.attach_button)
        header.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(header)
        column.addWidget(self.pane, 1)
        self.setFocusProxy(self.view)
        self.hide()

    def show_document(self, document: DocumentRecord, claims: list[ClaimRecord]) -> None:
        self.document = document
        self.view.set_article(document.text, claims)
        self.title.set_full_text(f"Beside: {document.title}")
        self.title.setToolTip(
            f"{document.title}\n\nSelect a passage here and press Attach passage to use it "
            "as a source of the current claim."
        )

    def clear(self) -> None:
        self.document = None
        self.view.set_article("", [])
        self.title.set_full_text("")

    def passage(self) -> tuple[int, int, int] | None:
        """(document id, start, end) of the selected passage, in code points."""
        if self.document is None:
            return None
        selection = self.view.selected_codepoints()
        if selection is None:
            return None
        return (self.document.id, *selection)
