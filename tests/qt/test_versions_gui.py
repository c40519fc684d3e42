"""Versions in the window: correct the text, see each claim's place, filter what needs
attention, re-attach an orphan by selection (undoable), look at an old version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from annotator.domain.anchor import AnchorState, find_occurrence
from annotator.qt.claims_model import Column
from annotator.qt.library_panel import ATTENTION
from annotator.qt.main_window import MainWindow
from annotator.qt.versions import CorrectTextDialog, VersionsDialog
from tests.conftest import ORIGINAL_REPORT
from tests.qt.gui_support import activate, build_window, close_window, stored

CORRECTED = "Weeks passed as Russia continued to bombard Ukraine"
DELETED = "If they will not stop the war, they will need it in any case"
NOTE = "Update: the outlet corrected this report.\n\n"
NOTE_FREE_QUOTE = "Russian counterpart on Thursday via phone call"
SHOTS = os.environ.get("ANNOTATOR_SCREENSHOTS")  # a folder: save screenshots there


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    built = build_window(qtbot, db_path, samples=False)
    with stored(db_path) as store:
        doc_id = store.import_document("Report", ORIGINAL_REPORT.read_text(encoding="utf-8"),
                                       str(ORIGINAL_REPORT)).document.id
    built.library.refresh()
    assert built.open_document(doc_id)
    yield built
    close_window(built)


def claim_on(window: MainWindow, quote: str) -> int:
    text = window.controller.document.text
    window.article.view.select_codepoints(*find_occurrence(text, quote))
    claim_id = window.create_claim_from_selection()
    assert claim_id is not None
    return claim_id


def new_text(window: MainWindow) -> str:
    text = window.controller.document.text
    return NOTE + text.replace("bombard", "shell").replace(DELETED + ",” Zelensky said. ", "")


def place_of(window: MainWindow, claim_id: int) -> str:
    model = window.claims_panel.model
    return model.index(model.row_of(claim_id), Column.PLACE).data()


def test_corrected_text_becomes_a_version_and_the_table_shows_each_place(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    fuzzy, orphan = claim_on(window, CORRECTED), claim_on(window, DELETED)
    dialog = window.versions.correct_text()
    assert isinstance(dialog, CorrectTextDialog)
    dialog.editor.setPlainText(new_text(window))
    dialog.note_edit.setText("figures corrected")
    dialog.accept()

    assert window.controller.document.text.startswith(NOTE)
    assert place_of(window, fuzzy) == "⚠ Fuzzy" and place_of(window, orphan) == "⚠ Orphaned"
    highlighter = window.article.view.highlighter
    assert highlighter.span(fuzzy) is not None
    assert highlighter.span(orphan) is None  # its words are gone: nothing is highlighted
    library = window.library.model
    row = library.row_of(window.controller.document_id)
    assert library.index(row, ATTENTION).data() == "⚠ 2"
    assert not window.library.view.isColumnHidden(ATTENTION)
    with stored(db_path) as store:  # the badge as the library reads it at start-up
        [summary] = store.list_documents()
    assert summary.attention == 2
    panel = window.claims_panel
    assert panel.attention_check.isChecked()  # switched on: there is something to look at
    assert set(panel.visible_claim_ids()) == {fuzzy, orphan}
    with stored(db_path) as store:
        versions = store.versions(window.controller.document_id)
    assert [(v.number, v.note) for v in versions] == [(1, "imported"), (2, "figures corrected")]


def test_re_attaching_an_orphan_by_selection_is_undoable(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    orphan = claim_on(window, DELETED)
    window.versions.save_version(new_text(window), "corrected")
    window.controller.set_current_claim(orphan)
    view = window.article.view
    start, end = find_occurrence(view.article_text(), NOTE.strip())
    view.select_codepoints(start, end)
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "orphan-selected.png"))
    activate(qtbot, window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    claim = window.controller.claim(orphan)
    assert claim.anchor_state is AnchorState.ANCHORED and (claim.start, claim.end) == (start, end)
    assert place_of(window, orphan) == ""
    library = window.library.model
    badge = library.index(library.row_of(claim.document_id), ATTENTION)
    assert badge.data() == ""  # nothing needs attention any more
    assert window.library.view.isColumnHidden(ATTENTION)  # the titles get the room back
    assert view.highlighter.span(orphan) is not None
    if SHOTS:
        view.setTextCursor(view.textCursor())  # keep the view where it is
        window.grab().save(str(Path(SHOTS) / "orphan-reattached.png"))
    with stored(db_path) as store:
        assert store.claim(orphan).anchor_state is AnchorState.ANCHORED

    window.controller.undo()
    assert window.controller.claim(orphan).anchor_state is AnchorState.ORPHANED
    assert badge.data() == "⚠ 1"
    assert view.highlighter.span(orphan) is None
    with stored(db_path) as store:
        assert store.claim(orphan).anchor_state is AnchorState.ORPHANED
    window.controller.redo()
    assert window.controller.claim(orphan).anchor_state is AnchorState.ANCHORED


def test_the_version_picker_shows_an_old_version_with_its_claims_where_they_were(
    qtbot, window: MainWindow
) -> None:
    old_text = window.controller.document.text
    orphan = claim_on(window, DELETED)
    window.versions.save_version(new_text(window), "corrected")
    dialog = window.versions.show_versions()
    assert isinstance(dialog, VersionsDialog)
    qtbot.addWidget(dialog)
    assert dialog.picker.count() == 2
    assert dialog.picker.currentText().endswith("(current)")
    assert dialog.summary.text() == "0 claims in this version"  # the orphan has no place

    dialog.picker.setCurrentIndex(0)
    assert dialog.view.article_text() == old_text
    span = dialog.view.highlighter.span(orphan)
    start = old_text.index(DELETED)
    assert span is not None and span[1:3] == (start, start + len(DELETED))
    assert dialog.summary.text() == "1 claim in this version"
    if SHOTS:
        dialog.view.scroll_to_claim(orphan)
        dialog.grab().save(str(Path(SHOTS) / "version-picker.png"))
    dialog.done(QDialog.DialogCode.Rejected)


def test_an_unchanged_text_makes_no_version(window: MainWindow) -> None:
    window.versions.save_version(window.controller.document.text, "nothing")
    assert [v.number for v in window.controller.versions()] == [1]


def test_place_column_sorts_and_filters_what_needs_attention(window: MainWindow) -> None:
    import dataclasses

    from annotator.qt.claims_model import AnchorStateRole, ClaimsFilterProxy, ClaimsTableModel

    ids = [claim_on(window, quote) for quote in (CORRECTED, DELETED, NOTE_FREE_QUOTE)]
    states = (AnchorState.FUZZY, AnchorState.ORPHANED, AnchorState.MOVED)
    claims = [dataclasses.replace(window.controller.claim(i), anchor_state=s)
              for i, s in zip(ids, states, strict=True)]
    model = ClaimsTableModel()
    model.set_claims(claims)
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    assert [model.index(r, Column.PLACE).data() for r in range(3)] == [
        "Moved", "⚠ Fuzzy", "⚠ Orphaned"]  # text order
    assert model.index(0, 0).data(AnchorStateRole) == "moved"
    model.sort(Column.PLACE)
    assert [model.index(r, Column.PLACE).data() for r in range(3)] == [
        "⚠ Orphaned", "⚠ Fuzzy", "Moved"]  # what needs attention first
    proxy.set_attention_filter(True)
    assert proxy.rowCount() == 2 and set(proxy.claim_ids()) == {ids[0], ids[1]}
    proxy.set_attention_filter(False)
    assert proxy.rowCount() == 3



def test_a_file_imported_as_a_new_version(window: MainWindow, tmp_path: Path) -> None:
    updated = tmp_path / "updated.txt"
    updated.write_text(new_text(window), encoding="utf-8")
    orphan = claim_on(window, DELETED)
    window.versions.import_version(updated)
    versions = window.controller.versions()
    assert [v.number for v in versions] == [1, 2]
    assert versions[-1].note.startswith("imported from ") and "updated.txt" in versions[-1].note
    assert window.controller.claim(orphan).anchor_state is AnchorState.ORPHANED

    seen: list[object] = []
    window.notifier.notified.connect(lambda *args: seen.append(args))
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    window.versions.import_version(binary)
    assert seen and [v.number for v in window.controller.versions()] == [1, 2]
    window.notifier.close_all()
