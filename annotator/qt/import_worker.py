"""Importing many files with a progress dialog that can be cancelled.

Files are read (decoded, HTML extracted) one at a time on a worker thread, so the window
stays responsive on a large HTML page; each text is then stored on the GUI thread in its own
transaction. Cancel stops before the next file; files already imported stay imported.
Problems are collected per file and reported together at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.domain.records import ImportOutcome
from annotator.io.encodings import EncodingNeeded
from annotator.io.importers import ImportedText, ImportRejected, read_file
from annotator.qt.controller import Controller
from annotator.store import StoreError


@dataclass(frozen=True)
class SameArticle:
    """A file read whose web address is that of article ``document_id`` in the library."""

    path: Path
    imported: ImportedText
    document_id: int
    title: str


@dataclass
class ImportReport:
    imported: list[ImportOutcome] = field(default_factory=list)  # new to the library
    duplicates: list[ImportOutcome] = field(default_factory=list)  # text already there
    failures: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    # Text files that are not UTF-8: imported once the user confirms an encoding.
    encodings: list[tuple[Path, EncodingNeeded]] = field(default_factory=list)
    # Pages whose web address is an article's in the library (SameArticle): imported once
    # the user says how (a new version of it, or a separate article).
    same_article: list[SameArticle] = field(default_factory=list)
    cancelled: bool = False
    skipped: int = 0  # files not attempted because of Cancel

    @property
    def outcomes(self) -> list[ImportOutcome]:
        return self.imported + self.duplicates

    def summary(self) -> str:
        parts = []
        if self.imported:
            n = len(self.imported)
            parts.append(f"Imported {n} article{'s' if n != 1 else ''}.")
        if self.duplicates:
            n = len(self.duplicates)
            parts.append(f"{n} {'was' if n == 1 else 'were'} already in the library.")
        if self.cancelled:
            parts.append(f"Cancelled; {self.skipped} file{'s' if self.skipped != 1 else ''} "
                         "not imported.")
        if self.failures:
            n = len(self.failures)
            parts.append(f"{n} file{'s' if n != 1 else ''} could not be imported.")
        if self.encodings:
            n = len(self.encodings)
            parts.append(f"{n} file{'s' if n != 1 else ''} need{'s' if n == 1 else ''} "
                         "an encoding confirmed.")
        if self.same_article:
            n = len(self.same_article)
            parts.append(f"{n} file{'s' if n != 1 else ''} may be a new version of an article "
                         "in the library.")
        return " ".join(parts) or "Nothing was imported."

    def failure_text(self) -> str:
        return "\n".join(f"• {message}" for _path, message in self.failures)


class _Signals(QObject):
    read = Signal(int, object, str)  # index, ImportedText | EncodingNeeded | None, message


class ImportJob(QObject):
    """Imports files one after another; ``finished`` carries the ImportReport."""

    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # ImportReport

    def __init__(self, controller: Controller, paths: Sequence[Path],
                 parent: QWidget | None = None, *, show_progress: bool = True) -> None:
        super().__init__(parent)
        self.controller = controller
        self.paths = [Path(p) for p in paths]
        self.report = ImportReport()
        self.running = False
        self._cancelled = False
        self._signals = _Signals(self)
        self._signals.read.connect(self._file_read)
        self.progress: QProgressDialog | None = None
        if show_progress and parent is not None:
            self.progress = QProgressDialog("Importing…", "Cancel", 0, len(self.paths), parent)
            self.progress.setObjectName("importProgress")
            self.progress.setWindowTitle("Import files")
            self.progress.setMinimumDuration(400)
            self.progress.setAutoClose(False)
            self.progress.setAutoReset(False)
            self.progress.setValue(0)
            self.progress.canceled.connect(self.cancel)

    def start(self) -> None:
        self.running = True
        self._read_next(0)

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled or (self.progress is not None and self.progress.wasCanceled())

    def _read_next(self, index: int) -> None:
        if index >= len(self.paths) or self.cancelled:
            self._finish(index)
            return
        if self.progress is not None:
            self.progress.setLabelText(f"Importing {self.paths[index].name} "
                                       f"({index + 1} of {len(self.paths)})…")
        path, signals = self.paths[index], self._signals

        def work() -> None:  # on a pool thread: no Qt widgets, no store
            imported: ImportedText | EncodingNeeded | None = None
            error = ""
            try:
                imported = read_file(path)
            except EncodingNeeded as exc:
                imported, error = exc, str(exc)
            except ImportRejected as exc:
                error = str(exc)
            except OSError as exc:
                error = f"Cannot read {path.name}: {exc.strerror or exc}"
            except Exception as exc:  # a bug in an importer must not kill the batch
                error = (f"{path.name} could not be read ({type(exc).__name__}: {exc}); "
                         "please report this")
            with suppress(RuntimeError):  # the window was closed meanwhile
                signals.read.emit(index, imported, error)

        QThreadPool.globalInstance().start(work)

    def _file_read(self, index: int, imported: ImportedText | EncodingNeeded | None,
                   error: str) -> None:
        path = self.paths[index]
        if imported is None:
            self.report.failures.append((path, error))
        elif isinstance(imported, EncodingNeeded):
            self.report.encodings.append((path, imported))
        elif (match := self.controller.article_at(imported)) is not None:
            self.report.same_article.append(SameArticle(path, imported, *match))
        else:
            try:
                outcome = self.controller.import_text(imported.title, imported.text,
                                                      imported.origin,
                                                      metadata=imported.metadata)
            except StoreError as exc:
                self.report.failures.append((path, f"{path.name}: {exc}"))
            else:
                (self.report.imported if outcome.created else
                 self.report.duplicates).append(outcome)
        done = index + 1
        self.progressed.emit(done, len(self.paths))
        if self.progress is not None:
            self.progress.setValue(done)
        self._read_next(done)

    def _finish(self, index: int) -> None:
        if self.cancelled and index < len(self.paths):
            self.report.cancelled = True
            self.report.skipped = len(self.paths) - index
        self.running = False
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.finished.emit(self.report)
