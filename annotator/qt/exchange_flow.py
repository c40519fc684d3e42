"""Files for other people: exports with a cancellable progress dialog, review imports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from annotator.io.formats import ExportFormat
from annotator.qt.messages import WindowFlow
from annotator.qt.progress import ProgressDialog
from annotator.qt.settings import Folder
from annotator.store import StoreError

if TYPE_CHECKING:
    from annotator.domain.library import ClaimQuery
    from annotator.io.export import ExportSummary
    from annotator.io.review_import import ReviewImportReport
    from annotator.qt.export_selection import ExportScope


class ExchangeFlow(WindowFlow):
    selection_dialog: QDialog | None = None  # File → Export selection…, while open

    def choose_export(self, fmt: ExportFormat, scope: ExportScope | None = None) -> None:
        stem = "annotations" if scope is None else "selection"
        suggested = Path(self._settings.folder(Folder.EXPORT)) / f"{stem}{fmt.suffix}"
        name, _filter = QFileDialog.getSaveFileName(
            self._parent, f"Export as {fmt.label}", str(suggested),
            f"{fmt.label} (*{fmt.suffix});;All files (*)",
        )
        if name:
            self._settings.set_folder(Folder.EXPORT, name)
            if scope is None:
                self.export_to(fmt, Path(name))
            else:
                self.export_to(fmt, Path(name), document_ids=scope.document_ids,
                               claims=scope.claims)

    def choose_selection(self, scopes: Sequence[ExportScope]) -> None:
        """File → Export selection…: pick the part and the format, then the file."""
        from annotator.qt.export_selection import ExportSelectionDialog

        dialog = ExportSelectionDialog(scopes, parent=self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            chosen = dialog.chosen()
            if chosen is not None:
                self.choose_export(chosen[1], chosen[0])

        dialog.accepted.connect(accepted)
        self.selection_dialog = dialog
        dialog.open()

    def export_to(self, fmt: ExportFormat, path: Path, *,
                  document_ids: Sequence[int] | None = None,
                  claims: ClaimQuery | None = None) -> ExportSummary | None:
        """Export the library, or the part chosen, with a cancellable progress dialog."""
        from annotator.io.export import ExportCancelled

        try:
            with ProgressDialog(self._parent, name="exportProgress", title="Export",
                                label="Exporting…") as progress:
                summary = self._controller.export(fmt, path, document_ids=document_ids,
                                                  claims=claims, progress=progress)
        except ExportCancelled as exc:
            self._status(str(exc), 5000)
            return None
        except (StoreError, ValueError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._notifier.notify("critical", "Export failed",
                                  f"Nothing was exported to {path}: {message}")
            return None
        if summary.warnings:  # exported all the same: said once, in a box to read
            self._notifier.notify("warning", "Exported, with a warning",
                                  f"{summary}.\n\n" + "\n\n".join(summary.warnings))
        self._status(str(summary), 8000)
        return summary

    def choose_review(self) -> None:
        path = self._pick_review_file("Import a reviewed file")
        if path is not None:
            self.import_review_from(path)

    def _pick_review_file(self, title: str) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self._parent, title, self._settings.folder(Folder.REVIEW),
            "Review files (*.sqlite *.db);;All files (*)",
        )
        if not name:
            return None
        self._settings.set_folder(Folder.REVIEW, name)
        return Path(name)

    def choose_review_window(self) -> None:
        path = self._pick_review_file("Open a review file to review")
        if path is not None:
            self.open_review_window(path)

    def open_review_window(self, path: Path) -> QWidget | None:
        """The reviewer's window over ``path``, or None (and a message) if it is refused."""
        from annotator.io.review_file import ReviewFileError
        from annotator.qt.review.app import open_review_window

        try:
            return open_review_window(path, self._settings, self._parent)
        except ReviewFileError as exc:
            self._notifier.notify("critical", "Cannot open the review file", str(exc))
            return None

    def import_review_from(self, path: Path) -> ReviewImportReport | None:
        from annotator.io.review_import import ReviewImportCancelled

        try:
            with ProgressDialog(self._parent, name="reviewImportProgress",
                                title="Import review",
                                label="Merging the reviewer's decisions…") as progress:
                result = self._controller.import_review(path, progress=progress)
        except ReviewImportCancelled as exc:
            self._status(str(exc), 5000)
            return None
        except (StoreError, ValueError, OSError, LookupError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._notifier.notify("critical", "Review not imported", message)
            return None
        if result.matches_nothing:
            self._notifier.notify("warning", "Review matches nothing here",
                                  result.mismatch_message())
        elif result.warnings:
            self._notifier.notify("warning", "Review imported, but check it",
                                  f"{result} {' '.join(result.warnings)}",
                                  result.agreement.table_text() if result.agreement.pairs
                                  else "")
        else:
            self._notifier.notify("information", "Review imported", str(result),
                                  result.agreement.table_text() if result.agreement.pairs
                                  else "")
        return result
