"""Help → Check library: healthy and damaged libraries, recovery into a new file."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton

from annotator.qt.library_check import recover_to
from annotator.store import Store
from tests.faults_support import folder_state, make_library, overwrite_pages, table_leaves
from tests.qt.gui_support import build_window, close_window


def test_check_a_healthy_library(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    try:
        with qtbot.waitSignal(window.notified) as shown:
            window.action("checkLibrary").trigger()
        note = shown.args[0]
        assert note.level == "information" and "is healthy" in note.text
        window.close_messages()
    finally:
        close_window(window)
        window.store.close()


def test_check_and_recover_a_damaged_library(qtbot, tmp_path: Path) -> None:
    original = tmp_path / "lib" / "original.sqlite3"
    original.parent.mkdir()
    make_library(original, claims=120, note="note " * 60)
    damaged = tmp_path / "lib" / "damaged.sqlite3"
    shutil.copyfile(original, damaged)
    overwrite_pages(damaged, sorted(table_leaves(damaged, "claims"))[3:4])
    before = folder_state(damaged.parent)
    window = build_window(qtbot, damaged, samples=False,
                          settings_path=tmp_path / "settings.ini")
    try:
        assert window.windowTitle().endswith("Annotator (read-only)")
        with qtbot.waitSignal(window.notified) as shown:
            window.action("checkLibrary").trigger()
        note = shown.args[0]
        assert note.level == "warning" and "is damaged (claims)" in note.text
        box = window.message_boxes[-1]  # (opening its claims already reported damage)
        assert box.icon() == QMessageBox.Icon.Warning
        assert box.findChild(QPushButton, "recoverButton") is not None
        window.close_messages()

        target = tmp_path / "recovered.sqlite3"
        with qtbot.waitSignal(window.notified) as shown:
            recovery = recover_to(window, damaged, target)
        assert recovery is not None and shown.args[0].title == "Library recovered"
        window.close_messages()
    finally:
        close_window(window)
        window.store.close()
    assert folder_state(damaged.parent) == before
    with Store.open(target) as store:
        assert not store.read_only
        assert 0 < len(store.claims()) < 120
