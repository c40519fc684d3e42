"""Bringing articles in: the file dialog, dropped files and folders, the clipboard."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog

from annotator.io.encodings import EncodingNeeded
from annotator.io.errors import ImportRejected
from annotator.io.importers import SUPPORTED_SUFFIXES, read_file
from annotator.qt.encoding_dialog import EncodingDialog
from annotator.qt.import_worker import ImportJob, ImportReport, SameArticle
from annotator.qt.library_panel import clipboard_text
from annotator.qt.messages import WindowFlow
from annotator.qt.same_article import SameArticleChoice, SameArticleQuestion
from annotator.qt.settings import Folder
from annotator.store import StoreError


class ImportFlow(WindowFlow):
    """Runs imports with progress and one report; asks the window to open what came in."""

    job: ImportJob | None = None

    libraryChanged = Signal()
    openRequested = Signal(int)  # document id
    versionRequested = Signal(int, str, str)  # document id, its new text, the version's note
    finished = Signal(object)  # ImportReport

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoding_dialog: EncodingDialog | None = None
        self._encodings: list[tuple[Path, EncodingNeeded]] = []
        self.same_article_question: SameArticleQuestion | None = None
        self._same_article: list[SameArticle] = []

    def choose_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        names, _filter = QFileDialog.getOpenFileNames(
            self._parent, "Import articles", self._settings.folder(Folder.IMPORT),
            f"Articles ({patterns});;All files (*)",
        )
        if names:
            self._settings.set_folder(Folder.IMPORT, names[0])
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: Sequence[Path]) -> ImportJob | None:
        """Import files (folders are searched for articles) with progress and one report."""
        files = expand_paths(paths)
        if not files:
            self._notifier.notify("warning", "Nothing to import",
                                  "None of the dropped items is a .txt, .md or .html file; "
                                  "choose articles in one of those formats.")
            return None
        if self.running:
            self._notifier.notify("warning", "Import in progress",
                                  "Another import is still running; wait for it to finish, "
                                  "then try again.")
            return None
        job = ImportJob(self._controller, files, self._parent)
        job.finished.connect(self._job_finished)
        self.job = job
        job.start()
        return job

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()

    def _job_finished(self, report: ImportReport) -> None:
        self.libraryChanged.emit()
        self._encodings.extend(report.encodings)
        self._same_article.extend(report.same_article)
        if report.failures:
            self._notifier.notify("warning", "Some files were not imported",
                                  report.summary() + "\n\n" + report.failure_text())
        else:
            self._status(report.summary(), 6000)
        opened = report.imported or report.duplicates
        if opened and (len(report.outcomes) == 1 or self._controller.document is None):
            self.openRequested.emit(opened[0].document.id)
        self.finished.emit(report)
        self._ask_next_encoding()

    def _ask_next_encoding(self) -> EncodingDialog | None:
        """One dialog per file that is not UTF-8, one after the other; then one question
        per page that may be a new version of an article."""
        if self.encoding_dialog is not None or self.same_article_question is not None:
            return None
        if not self._encodings:
            self._ask_same_article()
            return None
        path, problem = self._encodings.pop(0)
        dialog = EncodingDialog(path, problem, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._import_with(path, dialog.chosen_encoding()))
        dialog.rejected.connect(lambda: self._status(f"{path.name} was not imported.", 4000))
        dialog.finished.connect(self._encoding_answered)
        self.encoding_dialog = dialog
        dialog.open()
        return dialog

    def _ask_same_article(self) -> SameArticleQuestion | None:
        if not self._same_article:
            return None
        question = SameArticleQuestion(self._same_article.pop(0), self._parent)
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.finished.connect(lambda _result: self._same_article_answered(question))
        self.same_article_question = question
        question.open()
        return question

    def _same_article_answered(self, question: SameArticleQuestion) -> None:
        self.same_article_question = None
        item, choice = question.item, question.choice()
        imported = item.imported
        if choice is SameArticleChoice.NEW_VERSION:
            self.versionRequested.emit(item.document_id, imported.text,
                                       f"imported from {imported.origin or item.path}")
        elif choice is SameArticleChoice.SEPARATE:
            try:
                outcome = self._controller.import_text(imported.title, imported.text,
                                                       imported.origin,
                                                       metadata=imported.metadata)
            except StoreError as exc:
                self._notifier.notify("warning", "Not imported", f"{exc}.")
            else:
                self.libraryChanged.emit()
                self.openRequested.emit(outcome.document.id)
                self._status(f"Imported {outcome.document.title} as a separate article", 5000)
        else:
            self._status(f"{item.path.name} was not imported.", 4000)
        self._ask_next_encoding()

    def _encoding_answered(self, _result: int) -> None:
        self.encoding_dialog = None
        self._ask_next_encoding()

    def _import_with(self, path: Path, encoding: str) -> None:
        try:
            imported = read_file(path, encoding=encoding)
            match = self._controller.article_at(imported)
            if match is not None:  # asked once the encoding dialog has closed
                self._same_article.append(SameArticle(path, imported, *match))
                return
            outcome = self._controller.import_text(imported.title, imported.text,
                                                   imported.origin, metadata=imported.metadata)
        except (ImportRejected, StoreError) as exc:
            self._notifier.notify("warning", "Not imported", f"{exc}.")
            return
        self.libraryChanged.emit()
        self.openRequested.emit(outcome.document.id)
        state = "Imported" if outcome.created else "Already in the library:"
        self._status(f"{state} {outcome.document.title} ({encoding})", 5000)

    def import_clipboard(self) -> int | None:
        try:
            imported = clipboard_text()
        except ImportRejected as exc:
            self._notifier.notify("warning", "Nothing to import", f"{exc}.")
            return None
        try:
            outcome = self._controller.import_text(imported.title, imported.text,
                                                   imported.origin)
        except StoreError as exc:
            self._notifier.notify("critical", "Not imported", str(exc))
            return None
        self.libraryChanged.emit()
        self.openRequested.emit(outcome.document.id)
        state = "Imported" if outcome.created else "Already in the library:"
        self._status(f"{state} {outcome.document.title}", 5000)
        return outcome.document.id


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders replaced by the supported files inside them, sorted."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(path)
    return files

