"""Versions of the open article in the window: correct its text (a new version), look at an
old version with its claims where they were, and re-attach a claim to selected words.

Everything reaches the store through the controller; re-attaching is an undoable command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import ClaimRecord, DocumentRecord, VersionRecord
from annotator.qt.commands import StoreCommand

if TYPE_CHECKING:
    from annotator.qt.controller import Controller
    from annotator.qt.main_window import MainWindow

CORRECTED_NOTE = "corrected in the app"


class ReattachClaim(StoreCommand):
    """Re-attach a claim to ``text[start:end]`` of the current version; undo puts its old
    anchor and state back (an orphan is an orphan again)."""

    def __init__(self, controller: Controller, claim: ClaimRecord, start: int, end: int) -> None:
        super().__init__(controller, claim.document_id, "Re-attach claim")
        self.before = claim
        self.start, self.end = start, end

    def _do(self) -> None:
        record = self.store.reattach_claim(self.before.id, self.start, self.end)
        self.controller.claim_stored(record, focus=True)

    def _undo(self) -> None:
        record = self.store.restore_claim_anchor(self.before)
        self.controller.claim_stored(record, focus=True)


class CorrectTextDialog(QDialog):
    """The article's text in a plain editor; saving makes it a new version."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctTextDialog")
        self.setWindowTitle(f"Correct the text — {title}")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("correctTextEdit")
        self.editor.setAccessibleName("Text of the new version")
        self.editor.setPlainText(text)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("versionNoteEdit")
        self.note_edit.setAccessibleName("What changed")
        self.note_edit.setPlaceholderText("What changed (e.g. the outlet corrected a figure)")
        explanation = QLabel(
            "Saving keeps the current text as an older version. Every claim is re-anchored "
            "into the new text; claims whose words changed or vanished are marked for "
            "attention.", self)
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.note_edit)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def text(self) -> str:
        return self.editor.toPlainText()

    def note(self) -> str:
        return self.note_edit.text().strip() or CORRECTED_NOTE


class VersionsDialog(QDialog):
    """A version picker: any version of the article, read-only, its claims highlighted
    where they sat in that version."""

    def __init__(self, window: MainWindow, versions: list[VersionRecord]) -> None:
        from annotator.qt.article_view import ArticleView

        super().__init__(window)
        self.setObjectName("versionsDialog")
        self.window_ = window
        document = window.controller.document
        assert document is not None
        self.document_id = document.id
        self.setWindowTitle(f"Versions — {document.title}")
        self.picker = QComboBox(self)
        self.picker.setObjectName("versionPicker")
        self.picker.setAccessibleName("Version")
        for version in versions:
            label = f"Version {version.number} — {version.created_at.astimezone():%Y-%m-%d %H:%M}"
            if version.note:
                label += f" — {version.note}"
            if version.current:
                label += " (current)"
            self.picker.addItem(label, version.number)
        self.summary = QLabel(self)
        self.summary.setObjectName("versionSummary")
        self.view = ArticleView(self)
        self.view.setObjectName("versionView")
        self.view.setAccessibleName("Text of the chosen version")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.picker.currentIndexChanged.connect(self._show)
        self.resize(760, 600)
        self.picker.setCurrentIndex(len(versions) - 1)
        self._show(self.picker.currentIndex())

    def _show(self, index: int) -> None:
        number = self.picker.itemData(index)
        if number is None:
            return
        shown = self.window_.controller.version(self.document_id, number)
        if shown is None:
            return
        text, claims = shown
        self.view.set_article(text, claims)
        noun = "claim" if len(claims) == 1 else "claims"
        self.summary.setText(f"{len(claims)} {noun} in this version")


class VersionsFlow:
    """The window's version actions (Edit → Correct the text…, View → Versions…, Claim →
    Re-attach claim to selection)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def reattach_from_selection(self) -> bool:
        window = self.window
        claim = window.controller.current_claim()
        selection = window.article.view.selected_codepoints()
        if claim is None or selection is None:
            window.show_status("Select a claim, then the words it belongs to in the article.",
                               4000)
            return False
        done = window.controller.reattach_claim(claim.id, *selection)
        if done:
            window.show_status("Claim re-attached to the selected words.", 4000)
        return done

    def _document(self) -> DocumentRecord | None:
        document = self.window.controller.document
        if document is None:
            self.window.show_status("Open an article first.", 3000)
        return document

    def correct_text(self) -> CorrectTextDialog | None:
        window = self.window
        document = self._document()
        if document is None:
            return None
        dialog = CorrectTextDialog(document.title, document.text, window)
        dialog.accepted.connect(lambda: self.save_version(dialog.text(), dialog.note()))
        dialog.open()
        return dialog

    def save_version_of(self, document_id: int, text: str, note: str) -> None:
        """An imported page is the new version of article ``document_id``: open it, save."""
        if self.window.open_document(document_id):
            self.save_version(text, note)

    def save_version(self, text: str, note: str) -> None:
        outcome = self.window.controller.add_version(text, note)
        if outcome is None or not outcome.created:
            if outcome is not None:
                self.window.show_status("The text is unchanged: no new version.", 4000)
            return
        attention = sum(n for state, n in outcome.states.items() if state.needs_attention)
        message = f"Saved as version {outcome.number}."
        if attention:
            message += f" {attention} claim(s) need attention (see the Place column)."
            self.window.claims_panel.attention_check.setChecked(True)
        self.window.show_status(message, 8000)

    def choose_version_file(self) -> None:
        """File → Import as new version…: a file's text becomes the open article's new
        version (the outlet updated it)."""
        from PySide6.QtWidgets import QFileDialog

        from annotator.io.importers import SUPPORTED_SUFFIXES
        from annotator.qt.settings import Folder

        window = self.window
        if self._document() is None:
            return
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        name, _filter = QFileDialog.getOpenFileName(
            window, "Import as new version", window.settings.folder(Folder.IMPORT),
            f"Articles ({patterns});;All files (*)",
        )
        if name:
            window.settings.set_folder(Folder.IMPORT, name)
            self.import_version(Path(name))

    def import_version(self, path: Path) -> None:
        from annotator.io.errors import ImportRejected
        from annotator.io.importers import read_file

        try:
            imported = read_file(path)
        except (ImportRejected, OSError, ValueError) as exc:
            self.window.notifier.notify("warning", "Not imported as a new version", str(exc))
            return
        self.save_version(imported.text, f"imported from {imported.origin or path}")

    def show_versions(self) -> VersionsDialog | None:
        window = self.window
        if self._document() is None:
            return None
        versions = window.controller.versions()
        if not versions:
            return None
        dialog = VersionsDialog(window, versions)
        dialog.open()
        return dialog

