"""Long exports and review imports show a progress dialog whose Cancel undoes the work."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from annotator.qt import progress
from annotator.qt.main_window import MainWindow
from annotator.store import review_merge
from tests.qt.gui_support import build_window, stored


@pytest.fixture
def window(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(progress, "MINIMUM_DURATION_MS", 0)  # show at once, even if quick
    built = build_window(qtbot, db_path)
    for start in (0, 40, 80):
        built.article.view.select_codepoints(start, start + 20)
        assert built.create_claim_from_selection() is not None
    return built


def press_cancel_soon(qtbot, window: MainWindow, name: str, seen: list[str]) -> None:
    """Click the dialog's Cancel button as a user would, once the work has started."""

    def press() -> None:
        dialog = window.findChild(QProgressDialog, name)
        if dialog is None or not dialog.isVisible():  # not shown yet: look again soon
            QTimer.singleShot(0, press)
            return
        seen.append(dialog.windowTitle())
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_cancelling_an_export_writes_no_file(qtbot, window: MainWindow, tmp_path: Path) -> None:
    seen: list[str] = []
    press_cancel_soon(qtbot, window, "exportProgress", seen)
    assert window.export_to("review", target := tmp_path / "review.sqlite") is None
    assert seen == ["Export"]
    assert not target.exists() and not list(tmp_path.glob(".*"))
    assert "cancelled" in window.statusBar().currentMessage()


def test_cancelling_a_review_import_changes_nothing(qtbot, window: MainWindow,
                                                    tmp_path: Path, db_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review_merge, "PROGRESS_EVERY", 1)  # a step per decision
    review = tmp_path / "review.sqlite"
    assert window.export_to("review", review) is not None
    with closing(sqlite3.connect(review)) as db, db:
        db.execute("UPDATE claims SET review_status = 'approved'")
    seen: list[str] = []
    press_cancel_soon(qtbot, window, "reviewImportProgress", seen)
    assert window.import_review_from(review) is None
    assert seen == ["Import review"]
    assert "not changed" in window.statusBar().currentMessage()
    with stored(db_path) as store:
        assert all(c.review_status is None for c in store.claims())
    assert window.import_review_from(review) is not None  # without Cancel it goes through
    window.close_messages()
    with stored(db_path) as store:
        assert sum(c.review_status is not None for c in store.claims()) == 3
