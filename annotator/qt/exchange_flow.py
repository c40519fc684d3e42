"""Files for other people: exports with a cancellable progress dialog, review imports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from annotator.io.formats import ExportFormat
from annotator.qt.messages import WindowFlow
from annotator.qt.progress import ProgressDialog
from annotator.qt.settings import Folder
from annotator.store import StoreError

if TYPE_CHECKING:
    from annotator.io.export import ExportSummary
    from annotator.io.review_import import ReviewImportReport


class ExchangeFlow(WindowFlow):

    def choose_export(self, fmt: ExportFormat) -> None:
        suggested = Path(self._settings.folder(Folder.EXPORT)) / f"annotations{fmt.suffix}"
        name, _filter = QFileDialog.getSaveFileName(
            self._parent, f"Export as {fmt.label}", str(suggested),
            f"{fmt.label} (*{fmt.suffix});;All files (*)",
        )
        if name:
            self._settings.set_folder(Folder.EXPORT, name)
            self.export_to(fmt, Path(name))

    def export_to(self, fmt: ExportFormat, path: Path) -> ExportSummary | None:
        """Export the whole library with a cancellable progress dialog; the summary or None."""
        from annotator.io.export import ExportCancelled

        try:
            with ProgressDialog(self._parent, name="exportProgress", title="Export",
                                label="Exporting…") as progress:
                summary = self._controller.export(fmt, path, progress=progress)
        except ExportCancelled as exc:
            self._status(str(exc), 5000)
            return None
        except (StoreError, ValueError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._notifier.notify("critical", "Export failed",
                                  f"Nothing was exported to {path}: {message}")
            return None
        self._status(str(summary), 8000)
        return summary

    def choose_review(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self._parent, "Import a reviewed file", self._settings.folder(Folder.REVIEW),
            "Review files (*.sqlite *.db);;All files (*)",
        )
        if name:
            self._settings.set_folder(Folder.REVIEW, name)
            self.import_review_from(Path(name))

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
        else:
            self._notifier.notify("information", "Review imported", str(result))
        return result
