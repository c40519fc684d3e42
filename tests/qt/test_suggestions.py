"""Check-worthy suggestions in the real window on the bundled samples: faint marks appear,
S steps to one, A accepts it as a claim (Ctrl+Z takes it back), X dismisses it for good."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.evidence.open_suggestions import sentence_key
from annotator.qt.main_window import MainWindow
from tests.qt.gui_support import build_window, close_window, stored, window_on


def ready(qtbot, window: MainWindow) -> None:
    marks = window.suggestions
    qtbot.waitUntil(lambda: not marks.is_scoring() and bool(marks.suggestions()),
                    timeout=10_000)


@pytest.fixture
def window(qtbot, db_path: Path, rewrite_text: str) -> MainWindow:
    window = window_on(qtbot, db_path, rewrite_text)
    ready(qtbot, window)
    return window


def press(window: MainWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    view = window.article.view
    view.setFocus()
    assert view.hasFocus()
    QTest.keyClick(view, key, modifier)


def test_marks_appear_on_every_sample(qtbot, window: MainWindow, db_path: Path) -> None:
    with stored(db_path) as store:
        ids = [d.id for d in store.list_documents()]
    assert len(ids) >= 2
    for document_id in ids:
        window.open_document(document_id)
        ready(qtbot, window)
        text = window.controller.document.text  # type: ignore[union-attr]
        for suggestion in window.suggestions.suggestions():
            assert text[suggestion.start:suggestion.end] == suggestion.text
    painted: list[int] = []
    window.article.view.add_overlay(lambda _painter: painted.append(1))
    window.article.view.viewport().repaint()
    assert painted


def test_s_steps_and_a_accepts_as_one_undoable_claim(qtbot, window: MainWindow,
                                                      db_path: Path) -> None:
    marks = window.suggestions
    before = marks.suggestions()
    press(window, Qt.Key.Key_S)
    first = marks.current()
    assert first == before[0]
    press(window, Qt.Key.Key_S)
    assert marks.current() == before[1]
    press(window, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert marks.current() == first
    press(window, Qt.Key.Key_A)
    document_id = window.controller.document_id
    with stored(db_path) as store:
        claims = store.claims(document_id)
    assert [(c.start, c.end, c.exact) for c in claims] == [(first.start, first.end, first.text)]
    assert first not in marks.suggestions()
    assert marks.current() == before[1]  # the next one is current
    window.controller.undo()
    with stored(db_path) as store:
        assert store.claims(document_id) == []
    assert marks.suggestions() == before


def test_x_dismisses_and_it_stays_dismissed_after_reopening(
        qtbot, window: MainWindow, db_path: Path) -> None:
    marks = window.suggestions
    before = marks.suggestions()
    press(window, Qt.Key.Key_S)
    press(window, Qt.Key.Key_S)
    gone = marks.current()
    assert gone == before[1]
    press(window, Qt.Key.Key_X)
    assert gone not in marks.suggestions()
    assert len(marks.suggestions()) == len(before) - 1
    assert marks.current() == before[2]
    document_id = window.controller.document_id
    close_window(window)

    again = build_window(qtbot, db_path)
    again.open_document(document_id)  # type: ignore[arg-type]
    ready(qtbot, again)
    assert again.suggestions.suggestions() == [s for s in before if s != gone]
    uuid = again.controller.document.uuid  # type: ignore[union-attr]
    assert sentence_key(gone.text) in again.suggestions.settings.dismissed(uuid)
    close_window(again)


def test_view_toggle_hides_the_marks_and_is_remembered(qtbot, window: MainWindow,
                                                       db_path: Path) -> None:
    toggle = window.action("showSuggestions")
    assert toggle.isChecked()
    toggle.trigger()
    assert window.suggestions.suggestions() == []
    press(window, Qt.Key.Key_S)
    assert window.suggestions.current() is None
    assert "hidden" in window.statusBar().currentMessage()
    close_window(window)
    again = build_window(qtbot, db_path)
    assert not again.action("showSuggestions").isChecked()
    again.action("showSuggestions").trigger()
    ready(qtbot, again)
    close_window(again)
