"""Help → Check library: SQLite's integrity check on a copy of the library, and recovery
of a damaged one into a new file (annotator.store.doctor; the library is never changed)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow
    from annotator.store.doctor import Diagnosis, Recovery

TITLE = "Check library"


def check_library(window: MainWindow) -> Diagnosis | None:
    """Check the window's library and say what was found; the diagnosis, or None."""
    from annotator.store.doctor import check

    path = window.store.path
    if path is None:
        window.notify("information", TITLE, "A shared database is checked on its server, "
                      "by its administrator; only library files are checked here.")
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        diagnosis = check(path)
    except (StoreError, OSError) as exc:
        window.notify("critical", TITLE, f"The library could not be checked: {exc}")
        return None
    finally:
        QApplication.restoreOverrideCursor()
    if diagnosis.healthy:
        window.notify("information", TITLE, f"The library {path} is healthy: SQLite's "
                      "integrity check found no problem.")
        return diagnosis
    tables = ", ".join(diagnosis.damaged_tables) or "its structure"
    box = window.notify(
        "warning", TITLE,
        f"The library {path} is damaged ({tables}). Annotator writes nothing more into it. "
        "Recover what can be recovered into a new library file? The damaged file is not "
        "changed.",
        details="\n".join(diagnosis.problems),
    )
    button = box.addButton("Recover into a new file…", QMessageBox.ButtonRole.ActionRole)
    button.setObjectName("recoverButton")
    button.clicked.connect(lambda: choose_recovery_target(window, path))
    return diagnosis


def choose_recovery_target(window: MainWindow, path: Path) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suggested = path.with_name(f"{path.stem}.recovered-{stamp}.sqlite3")
    name, _filter = QFileDialog.getSaveFileName(
        window, "Save the recovered library", str(suggested),
        "Annotator library (*.sqlite3);;All files (*)",
    )
    if name:
        recover_to(window, path, Path(name))


def recover_to(window: MainWindow, path: Path, target: Path) -> Recovery | None:
    from annotator.store.doctor import recover

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        recovery = recover(path, target)
    except (StoreError, OSError) as exc:
        window.notify("critical", "Recovery failed", f"Nothing was recovered: {exc}")
        return None
    finally:
        QApplication.restoreOverrideCursor()
    window.notify("information", "Library recovered",
                  f"{recovery}\n\nThe damaged library was not changed. To work in the "
                  f"recovered one, start Annotator with --db {target} (or set ANNOTATOR_DB "
                  "to it).")
    return recovery
