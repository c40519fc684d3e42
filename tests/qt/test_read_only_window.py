"""A library that cannot be written opens for reading: the title says so, edits are refused
with the reason, and the file is not changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.verdict import Verdict
from annotator.io.samples import import_bundled_samples
from annotator.qt.main_window import MainWindow
from annotator.store import Store
from tests.faults_support import folder_state, immutable
from tests.qt.gui_support import build_window, close_window


def library_files(db_path: Path) -> dict[str, str]:
    return {name: sha for name, sha in folder_state(db_path.parent).items()
            if name.startswith(db_path.name)}  # the library and any -wal/-shm beside it


def test_read_only_library_window(qtbot, db_path: Path) -> None:
    with Store.open(db_path, author="tester") as store:
        import_bundled_samples(store)
        first = store.list_documents()[0]
        claim = store.create_claim(first.id, 0, 10)
    before = library_files(db_path)
    with immutable(db_path):
        window: MainWindow = build_window(qtbot, db_path, samples=False)
        try:
            window.open_document(first.id)
            assert window.windowTitle() == f"{first.title} — Annotator (read-only)"
            window.controller.set_current_claim(claim.id)
            view = window.article.view
            view.setFocus()
            with qtbot.waitSignal(window.notified) as shown:
                qtbot.keyClick(view, Qt.Key.Key_3)
            assert "opened for reading only" in shown.args[0].text
            window.close_messages()
        finally:
            close_window(window)
            window.store.close()
    assert library_files(db_path) == before
    with Store.open(db_path) as store:
        assert store.claim(claim.id).verdict is Verdict.UNCHECKED
