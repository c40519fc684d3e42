"""Window state remembered between runs, behind a small typed wrapper over QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "annotator"
APPLICATION = "Annotator"


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
        value = self._qs.value("library/lastDocument")
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    @last_document_id.setter
    def last_document_id(self, value: int | None) -> None:
        if value is None:
            self._qs.remove("library/lastDocument")
        else:
            self._qs.setValue("library/lastDocument", int(value))

    @property
    def last_import_folder(self) -> str:
        value = self._qs.value("library/importFolder")
        return str(value) if value else ""

    @last_import_folder.setter
    def last_import_folder(self, value: str) -> None:
        self._qs.setValue("library/importFolder", value)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None
