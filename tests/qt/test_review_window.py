"""The reviewer's window driven with real key presses on a real exported review file."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget

from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.review_session import ReviewSession
from annotator.qt.review.window import ReviewWindow
from annotator.qt.settings import Settings
from annotator.store import Store

Key = Qt.Key


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "reviewer.ini")


def open_window(qtbot: object, review: Path, settings: Settings) -> ReviewWindow:
    window = ReviewWindow(ReviewSession.open(review), settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window,  # type: ignore[attr-defined]
                    timeout=2000)
    window.panel.view.setFocus()
    return window


def refocus(qtbot: object, window: ReviewWindow) -> None:
    """After a dialog, the window is active again with the claims list focused (as a desktop
    window manager does; the offscreen platform leaves no window active)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window,  # type: ignore[attr-defined]
                    timeout=2000)
    window.panel.view.setFocus()


def press(key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the keyboard focus, as a user's would land."""
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key, modifier)


def decisions(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        # The file's claims in order (article, then text): rowid, not the per-article number.
        return db.execute("SELECT rowid, review_status, review_note, reviewer, "
                          "reviewer_verdict FROM claims ORDER BY rowid").fetchall()


@pytest.fixture
def closing_windows() -> Iterator[list[ReviewWindow]]:
    windows: list[ReviewWindow] = []
    yield windows
    for window in windows:
        window.close()


def test_review_three_claims_quit_reopen_continue(
    qtbot: object, review: Path, settings: Settings, closing_windows: list[ReviewWindow]
) -> None:
    window = open_window(qtbot, review, settings)
    closing_windows.append(window)
    assert window.findChild(QWidget, "reviewClaimsView") is window.panel.view
    for name in ("reviewApproved", "reviewRejected", "reviewNeedsWork", "reviewNoteEdit",
                 "reviewProgress"):
        assert window.findChild(QWidget, name) is not None, name
    assert window.detail.progress.text() == "0 of 5 reviewed"
    assert window.current_claim() is not None and window.current_claim().id == 1
    assert window.detail.title.text() == "Claim #1 in “Emoji 🧪 article”"

    press(Key.Key_A)  # the first decision asks for the reviewer's name, once
    dialog = window.name_dialog
    assert isinstance(dialog, QInputDialog) and dialog.isVisible()
    name_edit = dialog.findChild(QLineEdit)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is name_edit)  # type: ignore[attr-defined]
    QTest.keyClicks(name_edit, "Rita")
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.claim(1).review_status  # type: ignore[attr-defined]
                    is ReviewStatus.APPROVED)
    assert settings.reviewer_name == "Rita"
    refocus(qtbot, window)

    press(Key.Key_N)
    assert window.current_claim().id == 2
    press(Key.Key_R)
    press(Key.Key_2)  # the reviewer's own verdict: verified
    press(Key.Key_E)
    assert QApplication.focusWidget() is window.detail.note
    QTest.keyClicks(window.detail.note, "Wrong year, see the source")
    window.panel.view.setFocus()  # back to the list: letters are keys again
    press(Key.Key_N)  # leaving the claim saves its note
    assert window.current_claim().id == 3
    press(Key.Key_W)
    assert window.detail.progress.text() == "3 of 5 reviewed"

    press(Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo needs-work
    assert window.session.claim(3).review_status is ReviewStatus.PENDING
    press(Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.claim(3).review_status is ReviewStatus.NEEDS_WORK

    assert decisions(review)[:3] == [
        (1, "approved", "", "Rita", None),
        (2, "rejected", "Wrong year, see the source", "Rita", "verified"),
        (3, "needs-work", "", "Rita", None),
    ]
    window.close()  # quit mid-way

    again = open_window(qtbot, review, settings)
    closing_windows.append(again)
    assert again.name_dialog is None
    assert again.current_claim().id == 4  # the first claim still to review
    assert again.detail.progress.text() == "3 of 5 reviewed"
    press(Key.Key_A)
    assert again.name_dialog is None  # the name is remembered
    assert again.detail.buttons[ReviewStatus.APPROVED].isChecked()
    again.close()

    with closing(sqlite3.connect(review)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
            db.execute("UPDATE claims SET verdict = 'disputed' WHERE rowid = 1")
        with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
            db.execute("UPDATE claims SET note = 'forged' WHERE rowid = 2")
    assert [row[1] for row in decisions(review)] == ["approved", "rejected", "needs-work",
                                                     "approved", "pending"]


def test_filter_by_status_and_typing_a_note_is_not_a_key(
    qtbot: object, review: Path, settings: Settings, closing_windows: list[ReviewWindow]
) -> None:
    settings.reviewer_name = "Rita"
    window = open_window(qtbot, review, settings)
    closing_windows.append(window)
    press(Key.Key_E)
    QTest.keyClicks(window.detail.note, "a r w n")  # letters typed, not decisions
    assert window.current_claim().review_status is ReviewStatus.PENDING
    qtbot.waitUntil(lambda: window.session.claim(1).review_note  # type: ignore[attr-defined]
                    == "a r w n", timeout=3000)
    window.panel.view.setFocus()
    press(Key.Key_R)
    combo = window.panel.review_combo
    combo.setCurrentIndex(combo.findData("rejected"))
    assert window.panel.visible_claim_ids() == [1]
    combo.setCurrentIndex(combo.findData("not-reviewed"))
    assert window.panel.visible_claim_ids() == [2, 3, 4, 5]


def test_a_file_that_is_not_a_review_is_refused_untouched(
    qtbot: object, tmp_path: Path, db_path: Path, store: Store
) -> None:
    from annotator.qt.main_window import MainWindow

    window = MainWindow(store, settings=Settings(tmp_path / "main.ini"))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert window.exchange.open_review_window(db_path) is None
    (note,) = window.notifier.notifications
    assert note.level == "critical" and "not an Annotator review export" in note.text
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    window.notifier.close_all()


def test_the_reviewer_verdict_keys(qtbot: object, review: Path, settings: Settings,
                                   closing_windows: list[ReviewWindow]) -> None:
    settings.reviewer_name = "Rita"
    window = open_window(qtbot, review, settings)
    closing_windows.append(window)
    press(Key.Key_3)
    assert window.session.claim(1).reviewer_verdict is Verdict.DISPUTED
    assert window.detail.verdict.currentData() == "disputed"
    press(Key.Key_3)  # again: taken back
    assert window.session.claim(1).reviewer_verdict is None


def test_the_editors_rating_label_is_shown_beside_the_verdict(
        qtbot: object, review: Path, settings: Settings, store: Store,
        closing_windows: list[ReviewWindow]) -> None:
    from tests.io.export_support import FINER_LABEL

    window = open_window(qtbot, review, settings)
    closing_windows.append(window)
    shown: dict[str, str] = {}
    for _ in window.session.claims():
        claim = window.current_claim()
        assert claim is not None
        shown[claim.uuid] = window.detail.editor_verdict.text()
        press(Key.Key_Down)
    rated = {c.uuid: c for c in window.session.claims() if c.rating_label}
    assert [c.rating_label for c in rated.values()] == [FINER_LABEL]
    for uuid, text in shown.items():
        claim = next(c for c in window.session.claims() if c.uuid == uuid)
        expected = f"{claim.verdict.value} — rated “{FINER_LABEL}”" if uuid in rated \
            else claim.verdict.value
        assert text == expected
    assert window.detail.editor_verdict.textFormat() is Qt.TextFormat.PlainText
