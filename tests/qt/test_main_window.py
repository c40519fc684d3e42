"""The main window: what is where, keys, staying in sync, errors, settings, start-up."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
)

from annotator.domain.verdict import Verdict
from annotator.qt.app import install_excepthook, run
from annotator.qt.main_window import MainWindow
from annotator.qt.shortcuts import ACTIONS, shortcut_rows
from tests.qt.gui_support import activate, build_window, close_window, stored

OBJECT_NAMES = {
    "libraryView": QTableView,
    "articleView": QPlainTextEdit,
    "claimsView": QTableView,
    "claimFilter": QLineEdit,
    "verdictFilter": QComboBox,
    "noteEdit": QPlainTextEdit,
    "sourcesView": QListView,
    "historyView": QListView,
    "verdictUnchecked": QToolButton,
    "verdictVerified": QToolButton,
    "verdictDisputed": QToolButton,
}


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    return build_window(qtbot, db_path)


def make_claims(window: MainWindow, *spans: tuple[int, int]) -> list[int]:
    ids = []
    for start, end in spans:
        window.article.view.select_codepoints(start, end)
        claim_id = window.create_claim_from_selection()
        assert claim_id is not None
        ids.append(claim_id)
    return ids


def test_widgets_are_findable_by_object_name(window: MainWindow) -> None:
    for name, kind in OBJECT_NAMES.items():
        found = window.findChildren(kind, name)
        assert found, name
        assert found[0].accessibleName(), f"{name} has no accessible name"
    for name in ("addSourceButton", "editSourceButton", "removeSourceButton",
                 "addPassageButton", "openSourceButton"):
        assert window.editor.findChild(QPushButton, name) is not None, name
    for dock in ("libraryDock", "claimsDock", "editorDock"):
        assert window.findChild(type(window.library_dock), dock) is not None


def test_actions_follow_the_shortcut_table(qtbot, window: MainWindow) -> None:
    for spec in ACTIONS:
        action = window.action(spec.name)
        assert action.objectName() == spec.name
        assert [k.toString() for k in action.shortcuts()] == [
            k.toString() for k in spec.key_sequences()], spec.name
        if spec.keys:
            assert spec.key_text() in action.toolTip(), spec.name
    dialog = window.show_shortcuts()
    assert dialog.rows() == [tuple(r) for r in shortcut_rows()]
    keys = {row[1]: row[2] for row in dialog.rows()}
    assert keys["Mark disputed"] == "3"
    assert keys["Undo"] == "Ctrl+Z"
    assert keys["Redo"] == "Ctrl+Shift+Z, Ctrl+Y"
    dialog.close()
    # F1 opens it.
    activate(qtbot, window)
    window.article.view.setFocus()
    qtbot.keyClick(window.article.view, Qt.Key.Key_F1)
    assert dialog.isVisible()
    dialog.close()


def test_menus_hold_every_action(window: MainWindow) -> None:
    in_menus = {a.objectName() for menu in window.menus.values() for a in menu.actions()}
    assert {spec.name for spec in ACTIONS} <= in_menus


def test_digit_keys_only_act_on_the_article_and_the_claims_list(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    [claim_id] = make_claims(window, (0, 25))
    note = window.editor.note
    note.setFocus()
    qtbot.keyClicks(note, "2 sources, 3 quotes")
    assert note.toPlainText() == "2 sources, 3 quotes"
    filter_edit = window.claims_panel.filter_edit
    filter_edit.setFocus()
    qtbot.keyClick(filter_edit, Qt.Key.Key_3)
    assert filter_edit.text() == "3"
    filter_edit.clear()
    with stored(db_path) as db:
        assert db.claim(claim_id).verdict is Verdict.UNCHECKED

    table = window.claims_panel.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_2)
    with stored(db_path) as db:
        assert db.claim(claim_id).verdict is Verdict.VERIFIED
        assert db.claim(claim_id).note == "2 sources, 3 quotes"  # saved on focus-out
    window.article.view.setFocus()
    qtbot.keyClick(window.article.view, Qt.Key.Key_3)
    with stored(db_path) as db:
        assert db.claim(claim_id).verdict is Verdict.DISPUTED


def test_next_previous_enter_and_delete(qtbot, window: MainWindow, db_path: Path) -> None:
    ids = make_claims(window, (200, 230), (0, 20), (100, 140))
    in_text_order = [ids[1], ids[2], ids[0]]
    view = window.article.view
    window.controller.set_current_claim(None)
    view.setFocus()
    visited = []
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_N)
        visited.append(window.controller.current_claim_id)
    assert visited == in_text_order
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert window.controller.current_claim_id == in_text_order[1]
    assert window.claims_panel.current_claim_id() == in_text_order[1]
    assert view.current_claim_id() == in_text_order[1]

    # Enter: to the note of the current claim.
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.editor.note.hasFocus()
    assert window.editor.claim is not None and window.editor.claim.id == in_text_order[1]

    # Delete in the claims list; the next claim becomes current; undo brings it back.
    table = window.claims_panel.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    with stored(db_path) as db:
        assert sorted(c.id for c in db.claims(window.controller.document_id)) == sorted(
            [in_text_order[0], in_text_order[2]])
    assert window.controller.current_claim_id == in_text_order[2]
    window.action("undo").trigger()
    with stored(db_path) as db:
        assert len(db.claims(window.controller.document_id)) == 3
    assert window.controller.current_claim_id == in_text_order[1]


def test_clicking_a_highlight_selects_its_claim(qtbot, window: MainWindow) -> None:
    [first, second] = make_claims(window, (0, 30), (150, 190))
    view = window.article.view
    window.controller.set_current_claim(second)
    cursor = view.textCursor()
    cursor.setPosition(view.to_utf16(10))
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.controller.current_claim_id == first
    assert window.claims_panel.current_claim_id() == first
    assert window.editor.claim is not None and window.editor.claim.id == first

    # Picking a row in the claims list outlines the claim in the article.
    window.claims_panel.view.selectRow(
        window.claims_panel.visible_claim_ids().index(second))
    assert window.controller.current_claim_id == second
    assert view.current_claim_id() == second


def test_double_click_in_the_list_jumps_to_the_highlight(qtbot, window: MainWindow) -> None:
    text = window.article.view.article_text()
    late = len(text) - 40
    [claim_id] = make_claims(window, (late, late + 20))
    view = window.article.view
    view.verticalScrollBar().setValue(0)
    window.controller.set_current_claim(None)
    window.claims_panel.claimActivated.emit(claim_id)
    assert window.controller.current_claim_id == claim_id
    assert view.verticalScrollBar().value() > 0


def test_create_claim_needs_a_selection(qtbot, window: MainWindow, db_path: Path) -> None:
    cursor = window.article.view.textCursor()
    cursor.clearSelection()
    window.article.view.setTextCursor(cursor)
    window.action("createClaim").trigger()
    assert "Select the words" in window.statusBar().currentMessage()
    with stored(db_path) as db:
        assert db.claims(window.controller.document_id) == []


def test_keyboard_create_claim(qtbot, window: MainWindow, db_path: Path) -> None:
    view = window.article.view
    view.setFocus()
    start = view.article_text().index("Putin agree to meet")
    view.select_codepoints(start, start + len("Putin agree to meet"))
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with stored(db_path) as db:
        [claim] = db.claims(window.controller.document_id)
    assert claim.exact == "Putin agree to meet"


def test_store_error_shows_a_dialog_and_resyncs(qtbot, window: MainWindow,
                                                db_path: Path) -> None:
    [claim_id] = make_claims(window, (0, 25))
    with stored(db_path) as db:
        db.delete_claim(claim_id)  # gone behind the window's back
    view = window.article.view
    view.setFocus()
    with qtbot.waitSignal(window.notified) as shown:
        qtbot.keyClick(view, Qt.Key.Key_2)
    note = shown.args[0]
    assert note.level == "critical"
    assert "no longer exists" in note.text
    [box] = window.message_boxes
    assert box.icon() == QMessageBox.Icon.Critical and box.isVisible()
    window.close_messages()
    # The window now shows what the file holds.
    assert window.claims_panel.model.rowCount() == 0
    assert window.controller.current_claim_id is None
    assert window.controller.undo_group.undoText() == "Create claim"


def test_unexpected_errors_become_a_dialog(qtbot, window: MainWindow,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        kind, error, tb = sys.exc_info()
    sys.excepthook(kind, error, tb)  # type: ignore[arg-type]
    box = window.findChild(QMessageBox, "unexpectedError")
    assert box is not None and box.isVisible()
    assert "RuntimeError: boom" in box.text()
    assert "Traceback" in box.detailedText()
    box.done(0)


def test_layout_is_remembered(qtbot, db_path: Path, tmp_path: Path) -> None:
    settings = tmp_path / "layout.ini"
    first = build_window(qtbot, db_path, settings_path=settings)
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.claims_dock)
    first.library_dock.hide()
    second_doc = first.library.model.document_at(1)
    assert second_doc is not None
    first.open_document(second_doc.id)
    first.open_beside(first.library.model.document_at(0).id)  # type: ignore[union-attr]
    first.splitter.setSizes([700, 300])
    sizes = first.splitter.sizes()
    close_window(first)

    second = build_window(qtbot, db_path, settings_path=settings)
    assert second.dockWidgetArea(second.claims_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert not second.library_dock.isVisible()
    assert second.controller.document_id == second_doc.id
    assert second.settings.split_sizes == sizes
    close_window(second)


def test_open_beside_and_close(qtbot, window: MainWindow) -> None:
    other = window.library.model.document_at(1)
    assert other is not None
    assert window.open_beside(other.id)
    assert window.beside.isVisible()
    assert window.beside.view.article_text() == window.store.document(other.id).text
    assert window.beside.view.isReadOnly()
    assert window.action("closeBeside").isEnabled()
    window.close_beside()
    assert not window.beside.isVisible()
    assert window.beside_passage() is None


def test_find_opens_the_find_bar(qtbot, window: MainWindow) -> None:
    view = window.article.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.article.find_bar.isVisible()
    assert window.action("find") is window.article.find_action


def test_export_with_progress(qtbot, window: MainWindow, tmp_path: Path) -> None:
    make_claims(window, (0, 25), (40, 60))
    target = tmp_path / "claims.csv"
    summary = window.export_to("csv", target)
    assert summary is not None
    assert target.exists() and "claims.csv" in window.statusBar().currentMessage()
    assert window.notifications == []
    bad = window.export_to("csv", tmp_path / "missing-folder" / "x.csv")
    assert bad is None
    assert window.notifications[-1].level == "critical"
    assert "does not exist" in window.notifications[-1].text
    window.close_messages()


def test_window_title_and_counts(qtbot, window: MainWindow) -> None:
    document = window.controller.document
    assert document is not None
    assert window.windowTitle() == f"{document.title} — Annotator"
    [claim_id] = make_claims(window, (0, 25))
    window.controller.set_verdict(claim_id, Verdict.VERIFIED)
    qtbot.waitUntil(lambda: window.counts_label.text() ==
                    "1 claim: 0 unchecked · 1 verified · 0 disputed")


def test_toolbar_buttons_follow_their_actions_without_piling_up_links(
    qtbot, window: MainWindow
) -> None:
    """Every change of a toolbar action re-applies it to its button; with PySide6 6.11 each
    such pass also connected the action's changed() to the button once more, so a long
    session made every later change slower. The links stay bounded; the buttons still follow."""
    [claim_id] = make_claims(window, (0, 25))
    changed = SIGNAL("changed()")
    delete = window.action("deleteClaim")
    undo = window.action("undo")
    delete_button = window.findChild(QToolButton, "deleteClaimButton")
    undo_button = window.findChild(QToolButton, "undoButton")
    attach = window.beside.attach_button
    assert delete_button is not None and undo_button is not None
    assert delete_button.defaultAction() is delete
    links = {a: a.receivers(changed) for a in (delete, undo, window.action("addPassage"))}

    for _ in range(100):
        window.controller.set_current_claim(None)
        assert not delete_button.isEnabled()
        window.controller.set_current_claim(claim_id)
        assert delete_button.isEnabled()
        window.controller.undo()
        assert not undo_button.isEnabled()
        window.controller.redo()
        assert undo_button.isEnabled()
        assert undo.text() == "&Undo Create claim"
        window.action("addPassage").setEnabled(False)
        assert not attach.isEnabled()
        window.action("addPassage").setEnabled(True)
        assert attach.isEnabled()
    for action, before in links.items():
        assert action.receivers(changed) <= before + 1, action.objectName()
    delete_button.click()
    assert window.controller.claim(claim_id) is None  # the button still triggers its action


def close_active_modal_soon() -> None:
    def close() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(50, close)
        else:
            widget.close()

    QTimer.singleShot(50, close)


def test_run_refuses_a_file_that_is_not_a_database(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are my notes, not a database", encoding="utf-8")
    close_active_modal_soon()
    assert run(str(bad), []) != 0
    assert bad.read_text(encoding="utf-8").startswith("these are my notes")


def test_run_fills_an_empty_library_and_imports_files(qtbot, tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "config"))
    db = tmp_path / "fresh.sqlite3"
    article = tmp_path / "from-cli.txt"
    article.write_text("From the command line\n\nA mayor opened a bridge.\n", encoding="utf-8")
    seen: dict[str, object] = {}

    def inspect() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        job = windows[0].import_job if windows else None
        if not windows or job is None or job.running:
            QTimer.singleShot(50, inspect)
            return
        seen["titles"] = [d.title for d in windows[0].library.model.documents()]
        seen["document"] = windows[0].controller.document
        windows[0].close()

    QTimer.singleShot(50, inspect)
    assert run(str(db), [article]) == 0
    titles = seen["titles"]
    assert isinstance(titles, list) and len(titles) == 3
    assert titles[-1] == "From the command line"
    with stored(db) as store:
        assert len(store.list_documents()) == 3


def test_gui_doc_lists_every_shortcut_and_object_name() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "gui.md").read_text(encoding="utf-8")
    for row in shortcut_rows():
        assert "| " + " | ".join(row) + " |" in doc, row
    for name in OBJECT_NAMES:
        assert f"`{name}`" in doc, name


def reviewer_updates(path: Path, statement: str) -> None:
    """What a reviewer does to the exported file, with nothing but sqlite3."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_review_round_trip_shows_status_and_conflict(qtbot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    [claim_id] = make_claims(window, (0, 25))
    review = tmp_path / "review.sqlite"
    assert window.export_to("review", review) is not None
    window.controller.set_verdict(claim_id, Verdict.DISPUTED)  # changed after the export
    reviewer_updates(review, "UPDATE claims SET review_status = 'approved', "
                             "review_note = 'Checked the wire copy', reviewer = 'Rita' "
                             "WHERE rowid = 1")
    report = window.import_review_from(review)
    assert report is not None
    assert window.notifications[-1].level == "information"
    assert "1 in conflict" in window.notifications[-1].text
    window.close_messages()
    editor = window.editor
    assert editor.claim is not None and editor.claim.id == claim_id
    assert editor.review_box.isVisible()
    assert editor.review_status.text().startswith("Approved")
    assert editor.reviewer.text() == "Rita"
    assert editor.review_note.text() == "Checked the wire copy"
    assert editor.review_conflict.isVisible()
    assert editor.claim.verdict is Verdict.DISPUTED  # the editor's change stays


def test_a_file_that_is_not_a_review_is_refused(qtbot, window: MainWindow,
                                                tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    assert window.import_review_from(bogus) is None
    note = window.notifications[-1]
    assert note.level == "critical" and "notes.sqlite" in note.text
    window.close_messages()


def test_note_typed_just_before_closing_is_saved(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    [claim_id] = make_claims(window, (0, 25))
    window.editor.note.setFocus()
    qtbot.keyClicks(window.editor.note, "last words")
    close_window(window)  # well within the autosave pause
    with stored(db_path) as db:
        assert db.claim(claim_id).note == "last words"


def test_each_article_has_its_own_undo_history(qtbot, window: MainWindow,
                                               db_path: Path) -> None:
    first = window.controller.document_id
    [claim_id] = make_claims(window, (0, 25))
    second = window.library.model.document_at(1)
    assert first is not None and second is not None
    window.open_document(second.id)
    assert not window.action("undo").isEnabled()
    window.action("undo").trigger()  # nothing to undo here
    with stored(db_path) as db:
        assert [c.id for c in db.claims(first)] == [claim_id]
    window.open_document(first)
    assert window.action("undo").isEnabled()
    assert window.action("undo").text() == "&Undo Create claim"
    window.action("undo").trigger()
    with stored(db_path) as db:
        assert db.claims(first) == []
