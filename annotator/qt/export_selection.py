"""File → Export selection…: which part of the library, in which format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.library import ClaimQuery
from annotator.domain.records import DocumentRecord
from annotator.io.formats import ExportFormat
from annotator.qt.library_claims import LibraryClaimsPanel
from annotator.qt.widgets import named


@dataclass(frozen=True, slots=True)
class ExportScope:
    """One part of the library that can be exported."""

    name: str  # objectName of its radio button
    label: str
    document_ids: tuple[int, ...] | None = None
    claims: ClaimQuery | None = None
    size: int = 0  # articles or claims it holds; 0 disables the choice


class ExportSelectionDialog(QDialog):
    def __init__(self, scopes: Sequence[ExportScope], *, parent: QWidget | None = None,
                 fmt: ExportFormat = ExportFormat.HTML) -> None:
        super().__init__(parent)
        self.setObjectName("exportSelectionDialog")
        self.setWindowTitle("Export selection")
        self.scopes = list(scopes)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Export:"))
        first = True
        for number, scope in enumerate(self.scopes):
            button = named(QRadioButton(scope.label), scope.name)
            button.setEnabled(scope.size > 0)
            if scope.size > 0 and first:
                button.setChecked(True)
                first = False
            self.group.addButton(button, number)
            layout.addWidget(button)
        self.format = named(QComboBox(), "exportSelectionFormat")
        self.format.setAccessibleName("Format")
        for choice in ExportFormat:
            self.format.addItem(choice.label, choice)
        self.format.setCurrentIndex(self.format.findData(fmt))
        form = QFormLayout()
        form.addRow("&Format", self.format)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not first)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[ExportScope, ExportFormat] | None:
        number = self.group.checkedId()
        if number < 0:
            return None
        return self.scopes[number], ExportFormat(self.format.currentData())


def export_scopes(open_document: DocumentRecord | None, chosen_articles: Sequence[int],
                  found: LibraryClaimsPanel) -> list[ExportScope]:
    """The open article, the articles selected in the library, and the claims found or
    selected across the library; a part that holds nothing is offered disabled."""
    scopes: list[ExportScope] = []
    if open_document is not None:
        scopes.append(ExportScope("exportOpenArticle",
                                  f"The open article “{open_document.title}”",
                                  document_ids=(open_document.id,), size=1))
    chosen = tuple(chosen_articles)
    scopes.append(ExportScope("exportChosenArticles",
                              f"The articles selected in the library ({len(chosen)})",
                              document_ids=chosen, size=len(chosen)))
    result = found.result
    if result is not None:
        scopes.append(ExportScope(
            "exportFoundClaims", f"The claims found across the library ({result.describe()})",
            claims=found.query(), size=result.total or len(result.hits)))
    picked = frozenset(found.selected_claim_ids())
    scopes.append(ExportScope("exportPickedClaims",
                              f"The claims selected across the library ({len(picked)})",
                              claims=ClaimQuery(claim_ids=picked), size=len(picked)))
    return scopes
