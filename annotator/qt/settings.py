"""Window state remembered between runs, behind a small typed wrapper over QSettings."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

ORGANIZATION = "annotator"
APPLICATION = "Annotator"


class Folder(StrEnum):
    """The file dialogs that remember where the user last went, each on its own."""

    IMPORT = "import"
    EXPORT = "export"
    REVIEW = "review"


class Settings:
    """Geometry, dock layout, split sizes and the last opened document.

    By default the platform's place for settings (QSettings with the application's
    organisation and name); tests pass an .ini file so they never touch the user's.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            self._qs = QSettings(ORGANIZATION, APPLICATION)
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def qsettings(self) -> QSettings:
        return self._qs

    def sync(self) -> None:
        self._qs.sync()

    # -- window ------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        """QMainWindow.saveState(): which docks are where, and toolbars."""
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    @property
    def split_sizes(self) -> list[int]:
        value = self._qs.value("window/splitSizes")
        if not isinstance(value, list | tuple):
            return []
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError):
            return []

    @split_sizes.setter
    def split_sizes(self, sizes: list[int]) -> None:
        self._qs.setValue("window/splitSizes", [int(s) for s in sizes])

    # -- library -----------------------------------------------------------------------

    @property
    def last_document_id(self) -> int | None:
        return self._int("library/lastDocument")

    @last_document_id.setter
    def last_document_id(self, value: int | None) -> None:
        if value is None:
            self._qs.remove("library/lastDocument")
        else:
            self._qs.setValue("library/lastDocument", int(value))

    @property
    def theme(self) -> str:
        return str(self._qs.value("view/theme") or "system")

    @theme.setter
    def theme(self, value: str) -> None:
        self._qs.setValue("view/theme", value)

    @property
    def zoom_steps(self) -> int:
        return self._int("view/zoomSteps") or 0

    @zoom_steps.setter
    def zoom_steps(self, value: int) -> None:
        self._qs.setValue("view/zoomSteps", int(value))

    @property
    def beside_document_id(self) -> int | None:
        """The article open beside when the window was last closed, if any."""
        return self._int("window/besideDocument")

    @beside_document_id.setter
    def beside_document_id(self, value: int | None) -> None:
        if value is None:
            self._qs.remove("window/besideDocument")
        else:
            self._qs.setValue("window/besideDocument", int(value))

    # -- the author recorded on edits (Edit → Preferences) -----------------------------

    @property
    def author_name(self) -> str:
        return str(self._qs.value("author/name") or "")

    @author_name.setter
    def author_name(self, value: str) -> None:
        self._qs.setValue("author/name", value)

    @property
    def author_email(self) -> str:
        return str(self._qs.value("author/email") or "")

    @author_email.setter
    def author_email(self, value: str) -> None:
        self._qs.setValue("author/email", value)

    @property
    def reviewer_name(self) -> str:
        """The reviewer's name, asked once by the reviewer window and recorded with decisions."""
        return str(self._qs.value("review/reviewerName") or "").strip()

    @reviewer_name.setter
    def reviewer_name(self, value: str) -> None:
        self._qs.setValue("review/reviewerName", value.strip())

    def _int(self, key: str) -> int | None:
        value = self._qs.value(key)
        try:
            return int(value) if value is not None and value != "" else None
        except (TypeError, ValueError):
            return None

    def folder(self, kind: Folder) -> str:
        """Where the file dialog of ``kind`` opens: the last folder used, else Documents."""
        value = self._qs.value(f"folders/{kind}")
        if value and Path(str(value)).is_dir():
            return str(value)
        return QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def set_folder(self, kind: Folder, chosen_file: str | Path) -> None:
        """Remember the folder of a file the user picked in the dialog of ``kind``."""
        self._qs.setValue(f"folders/{kind}", str(Path(chosen_file).parent))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None
