"""Keyboard-only work: every pane reachable and leavable, and the main path by real keys.

Every key goes through QTest.keyClick on the widget that has the focus, as a keyboard
would deliver it; the database file is read back with an independent connection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotator.domain.verdict import Verdict
from annotator.qt.main_window import MainWindow
from tests.qt.gui_support import build_window, stored

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
QUOTE = "The two leaders spoke for over an hour"


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    return build_window(qtbot, db_path)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          ) -> QWidget:
    """A key on whatever has the focus; the widget that has it afterwards."""
    QTest.keyClick(focused(), key, modifiers)
    qtbot.wait(1)
    return focused()


def inside(widget: QWidget, container: QWidget) -> bool:
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def pane_of(window: MainWindow, widget: QWidget) -> str:
    for name, container in (("library", window.library_dock), ("article", window.article),
                            ("beside", window.beside), ("claims", window.claims_dock),
                            ("editor", window.editor_dock),
                            ("evidence", window.evidence_dock)):
        if inside(widget, container):
            return name
    return "elsewhere"


def open_other_beside(window: MainWindow) -> None:
    other = next(d for d in window.library.model.documents()
                 if d.id != window.controller.document_id)
    assert window.open_beside(other.id)


def with_current_claim(window: MainWindow) -> None:
    claim = window.controller.create_claim(0, 20)
    assert claim is not None
    window.controller.set_current_claim(claim.id)  # the editor has something to edit


def test_f6_visits_every_pane_and_comes_back(qtbot, window: MainWindow) -> None:
    with_current_claim(window)
    open_other_beside(window)
    window.article.view.setFocus()
    visited = [pane_of(window, focused())]
    for _ in range(6):
        visited.append(pane_of(window, press(qtbot, Qt.Key.Key_F6)))
    assert visited == ["article", "beside", "claims", "editor", "evidence", "library",
                       "article"]
    backwards = [pane_of(window, press(qtbot, Qt.Key.Key_F6, SHIFT)) for _ in range(6)]
    assert backwards == ["library", "evidence", "editor", "claims", "beside", "article"]


def test_hidden_and_empty_panes_are_skipped(qtbot, window: MainWindow) -> None:
    window.library_dock.hide()
    window.article.view.setFocus()
    seen = {pane_of(window, press(qtbot, Qt.Key.Key_F6)) for _ in range(4)}
    # Beside is closed, the library hidden, the editor and evidence have no claim.
    assert seen == {"article", "claims"}
    with_current_claim(window)
    seen = {pane_of(window, press(qtbot, Qt.Key.Key_F6)) for _ in range(5)}
    assert seen == {"article", "claims", "editor", "evidence"}


def test_tab_leaves_the_library_table(qtbot, window: MainWindow) -> None:
    window.library.view.setFocus()
    assert window.library.view.hasFocus()
    after_tab = press(qtbot, Qt.Key.Key_Tab)
    assert pane_of(window, after_tab) == "article"
    window.library.view.setFocus()
    after_backtab = press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert pane_of(window, after_backtab) != "library"


def test_tab_walks_from_the_article_through_every_pane_and_back(qtbot,
                                                                window: MainWindow) -> None:
    with_current_claim(window)
    window.article.view.setFocus()
    panes = ["article"]
    for _ in range(40):
        panes.append(pane_of(window, press(qtbot, Qt.Key.Key_Tab)))
        if panes[-1] == "article" and len(panes) > 2:
            break
    order = [p for i, p in enumerate(panes) if i == 0 or p != panes[i - 1]]
    assert order == ["article", "claims", "editor", "evidence", "library", "article"]


def test_esc_in_the_note_returns_to_the_article_and_keys_act_on_claims(
        qtbot, window: MainWindow, db_path: Path) -> None:
    view = window.article.view
    text = view.article_text()
    first = window.controller.create_claim(0, 15)
    second = window.controller.create_claim(20, 40)
    assert first is not None and second is not None
    window.jump_to_claim(first.id)
    view.setFocus()
    note = press(qtbot, Qt.Key.Key_Return)  # Enter: edit the note
    assert note is window.editor.note
    for key in (Qt.Key.Key_O, Qt.Key.Key_K):
        press(qtbot, key)
    after_esc = press(qtbot, Qt.Key.Key_Escape)
    assert after_esc is view
    press(qtbot, Qt.Key.Key_N)  # moves to the next claim, types nothing into the note
    assert window.controller.current_claim_id == second.id
    with stored(db_path) as db:
        assert db.claim(first.id).note == "ok"
        assert db.claim(second.id).note == ""
    assert view.article_text() == text


@pytest.mark.parametrize("dock", ["library", "claims"])
def test_esc_in_a_side_pane_returns_to_the_article(qtbot, window: MainWindow,
                                                   dock: str) -> None:
    widget = window.library.view if dock == "library" else window.claims_panel.filter_edit
    widget.setFocus()
    assert press(qtbot, Qt.Key.Key_Escape) is window.article.view


def test_main_path_by_real_keys(qtbot, window: MainWindow, db_path: Path) -> None:
    view = window.article.view
    text = view.article_text()
    start = text.index(QUOTE)
    other_start = text.index("Trump")
    view.setFocus()

    view.select_codepoints(start, start + len(QUOTE))
    press(qtbot, Qt.Key.Key_Return, CTRL)  # create
    press(qtbot, Qt.Key.Key_2)  # verified
    view.select_codepoints(other_start, other_start + 5)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    press(qtbot, Qt.Key.Key_3)  # disputed
    with stored(db_path) as db:
        claims = {c.start: c for c in db.claims(window.controller.document_id)}
    assert claims[start].verdict == Verdict.VERIFIED
    assert claims[other_start].verdict == Verdict.DISPUTED

    # n / p move through the claims in text order and the verdict keys follow the current.
    ordered = sorted(claims.values(), key=lambda c: c.start)
    press(qtbot, Qt.Key.Key_N)
    now = window.controller.current_claim_id
    press(qtbot, Qt.Key.Key_P)
    assert window.controller.current_claim_id != now
    press(qtbot, Qt.Key.Key_N)
    assert window.controller.current_claim_id == now
    press(qtbot, Qt.Key.Key_1)
    with stored(db_path) as db:
        assert db.claim(now).verdict == Verdict.UNCHECKED  # type: ignore[arg-type]

    press(qtbot, Qt.Key.Key_Z, CTRL)  # undo the "1"
    with stored(db_path) as db:
        assert db.claim(now).verdict != Verdict.UNCHECKED  # type: ignore[arg-type]
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # redo it
    with stored(db_path) as db:
        assert db.claim(now).verdict == Verdict.UNCHECKED  # type: ignore[arg-type]
    for _ in range(4):  # verdict, create, verdict, create
        press(qtbot, Qt.Key.Key_Z, CTRL)
    with stored(db_path) as db:
        assert len(db.claims(window.controller.document_id)) == 1
    assert [c.id for c in ordered]  # both existed before the undos
