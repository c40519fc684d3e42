"""The evidence pane in the real window on the bundled samples: a claim of the rewrite finds
its source in the original report; Enter opens it beside; attaching is one undoable step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.domain.verdict import Stance
from annotator.qt.evidence.pane import NO_CLAIM
from annotator.qt.main_window import MainWindow
from tests.qt.gui_support import stored, window_on

CLAIM = "Trump did not provide a specific date for the meeting in Budapest."


@pytest.fixture
def window(qtbot, db_path: Path, rewrite_text: str) -> MainWindow:
    return window_on(qtbot, db_path, rewrite_text)


def select_claim(qtbot, window: MainWindow, quote: str) -> int:
    text = window.controller.document.text  # type: ignore[union-attr]
    start = text.index(quote)
    window.article.view.select_codepoints(start, start + len(quote))
    claim_id = window.create_claim_from_selection()
    assert claim_id is not None
    window.controller.set_current_claim(claim_id)
    pane = window.evidence_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    return claim_id


def test_a_claim_of_the_rewrite_finds_the_original_report(
        qtbot, window: MainWindow, original_text: str, db_path: Path) -> None:
    pane = window.evidence_pane
    qtbot.waitUntil(lambda: pane.status.text() == NO_CLAIM)  # after indexing the samples
    select_claim(qtbot, window, "US President Donald Trump has announced that he will meet "
                                "with Russian President Vladimir Putin in Hungary")
    best = pane.current_hit()
    assert best is not None
    rewrite = window.controller.document_id
    assert all(hit.document_id != rewrite for hit in pane.model.hits)
    assert best.text == ("President Donald Trump will meet with Russian President Vladimir "
                         "Putin in Hungary following a preliminary meeting of “high-level "
                         "advisers.”")
    assert original_text[best.start:best.end] == best.text
    assert "passages that may settle" in pane.status.text()


def test_enter_opens_the_passage_beside_and_attach_is_undoable(
        qtbot, window: MainWindow, db_path: Path) -> None:
    claim_id = select_claim(qtbot, window, CLAIM)
    pane = window.evidence_pane
    hit = pane.current_hit()
    assert hit is not None
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_Return)
    assert window.beside.isVisible()
    assert window.beside.document is not None
    assert window.beside.document.id == hit.document_id
    assert window.beside.passage() == (hit.document_id, hit.start, hit.end)

    pane.stance.setCurrentIndex(pane.stance.findData(Stance.REFUTES))
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    with stored(db_path) as store:
        [source] = store.sources(claim_id)
    assert (source.passage_document_id, source.passage_start, source.passage_end) == (
        hit.document_id, hit.start, hit.end)
    assert source.stance is Stance.REFUTES
    window.controller.undo()
    with stored(db_path) as store:
        assert store.sources(claim_id) == []
    window.controller.redo()
    with stored(db_path) as store:
        assert [s.id for s in store.sources(claim_id)] == [source.id]


def test_attach_without_a_stance_asks_for_one(qtbot, window: MainWindow,
                                             db_path: Path) -> None:
    claim_id = select_claim(qtbot, window, CLAIM)
    pane = window.evidence_pane
    assert pane.chosen_stance() is None  # nothing decided for the editor
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    chooser = pane.stance_chooser
    assert chooser is not None and chooser.isVisible()
    with stored(db_path) as store:
        assert store.sources(claim_id) == []
    QTest.keyClick(chooser, Qt.Key.Key_C)
    with stored(db_path) as store:
        [source] = store.sources(claim_id)
    assert source.stance is Stance.CONTEXT


def test_a_claim_with_nothing_close_says_so(qtbot, window: MainWindow) -> None:
    text = window.controller.document.text  # type: ignore[union-attr]
    quote = "The geopolitical landscape remains complex"
    start = text.index(quote)
    window.article.view.select_codepoints(start, start + len(quote))
    window.controller.set_current_claim(window.create_claim_from_selection())
    pane = window.evidence_pane
    qtbot.waitUntil(lambda: pane.status.text().startswith("No close match"), timeout=10_000)
    assert pane.note.text().startswith("Lexical ranking only")
    window.controller.set_current_claim(None)
    assert pane.status.text() == NO_CLAIM and pane.model.rowCount() == 0
