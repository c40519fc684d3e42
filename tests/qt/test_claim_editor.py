"""The claim editor: verdict buttons, note autosave, sources, history and review status."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget

from annotator.domain.records import ClaimRecord, SourceInput
from annotator.domain.verdict import ReviewStatus, Stance, Verdict
from annotator.qt.claim_editor import NOTE_IDLE_MS, ClaimEditor
from annotator.qt.claim_editor.lists import HistoryModel, SourcesModel
from annotator.qt.controller import Controller
from annotator.store import Store
from tests.qt.gui_support import stored

QUOTE = "The two leaders spoke for over an hour"


@pytest.fixture
def controller(qtbot, store: Store, original_text: str) -> Iterator[Controller]:
    doc = store.import_document("Original", original_text).document
    ctl = Controller(store)
    ctl.open_document(doc.id)
    yield ctl
    ctl.deleteLater()


@pytest.fixture
def editor(qtbot, controller: Controller) -> Iterator[ClaimEditor]:
    # A host with a second focusable widget, so the note can lose focus.
    host = QWidget()
    widget = ClaimEditor(controller, host)
    other = QLineEdit(host, objectName="elsewhere")
    widget.resize(380, 620)
    other.move(0, 640)
    host.resize(380, 680)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    yield widget  # the host stays referenced (alive) until the test ends
    host.close()


def second_claim(controller: Controller, original_text: str) -> ClaimRecord:
    other_quote = "Ukrainian President Volodymyr Zelensky"
    start = original_text.index(other_quote)
    other = controller.create_claim(start, start + len(other_quote))
    assert other is not None
    return other


@pytest.fixture
def claim(controller: Controller, original_text: str) -> ClaimRecord:
    start = original_text.index(QUOTE)
    record = controller.create_claim(start, start + len(QUOTE))
    assert record is not None
    return record


def test_placeholder_without_a_claim(editor: ClaimEditor, controller: Controller,
                                     claim: ClaimRecord) -> None:
    controller.set_current_claim(None)
    assert "No claim selected" in editor.quote.text()
    assert not editor.verdict_box.isEnabled() and not editor.note.isEnabled()
    assert editor.checked_verdict() is None
    assert not editor.add_source_button.isEnabled()


def test_shows_the_current_claim(qtbot, editor: ClaimEditor, claim: ClaimRecord) -> None:
    assert editor.verdict_box.isEnabled() and editor.note.isEnabled()
    assert QUOTE in editor.quote.text()
    assert editor.checked_verdict() is Verdict.UNCHECKED
    qtbot.waitUntil(lambda: [e.field for e in editor.history_model.entries()] == ["created"])
    assert "tester: created (unchecked)" in editor.history_model.index(0).data()
    assert not editor.review_box.isVisibleTo(editor)


def test_verdict_buttons(qtbot, editor: ClaimEditor, claim: ClaimRecord,
                         db_path: Path) -> None:
    buttons = editor.verdict_buttons
    assert [b.objectName() for b in buttons.values()] == [
        "verdictUnchecked", "verdictVerified", "verdictDisputed"]
    assert buttons[Verdict.VERIFIED].toolTip().endswith("(2)")
    assert editor.verdict_group.exclusive()
    qtbot.mouseClick(buttons[Verdict.VERIFIED], Qt.MouseButton.LeftButton)
    with stored(db_path) as db:
        assert db.claim(claim.id).verdict is Verdict.VERIFIED
    qtbot.mouseClick(buttons[Verdict.DISPUTED], Qt.MouseButton.LeftButton)
    with stored(db_path) as db:
        assert db.claim(claim.id).verdict is Verdict.DISPUTED
    assert editor.checked_verdict() is Verdict.DISPUTED
    # The history follows on the next turn of the event loop.
    qtbot.waitUntil(lambda: [e.field for e in editor.history_model.entries()] == [
        "verdict", "verdict", "created"])
    # Undo puts the buttons back too.
    editor.controller.undo()
    assert editor.checked_verdict() is Verdict.VERIFIED


def test_note_autosaves_after_a_pause_as_one_step(
    qtbot, editor: ClaimEditor, claim: ClaimRecord, controller: Controller, db_path: Path
) -> None:
    stack = controller.undo_stack()
    assert stack is not None
    before = stack.count()
    editor.note.setFocus()
    qtbot.keyClicks(editor.note, "Confirmed by both")
    assert editor.note_dirty
    with stored(db_path) as db:
        assert db.claim(claim.id).note == ""
    qtbot.wait(NOTE_IDLE_MS + 300)
    with stored(db_path) as db:
        assert db.claim(claim.id).note == "Confirmed by both"
    assert stack.count() == before + 1
    assert stack.undoText() == "Edit note"
    assert not editor.note_dirty


def test_note_saves_on_focus_out(qtbot, editor: ClaimEditor, claim: ClaimRecord,
                                 db_path: Path) -> None:
    editor.note.setFocus()
    qtbot.keyClicks(editor.note, "typed")
    editor.parentWidget().findChild(QLineEdit, "elsewhere").setFocus()
    qtbot.waitUntil(lambda: not editor.note.hasFocus())
    with stored(db_path) as db:
        assert db.claim(claim.id).note == "typed"


def test_note_saves_when_switching_claims(
    qtbot, editor: ClaimEditor, claim: ClaimRecord, controller: Controller, db_path: Path,
    original_text: str,
) -> None:
    other = second_claim(controller, original_text)
    controller.set_current_claim(claim.id)
    editor.note.setFocus()
    qtbot.keyClicks(editor.note, "first claim's note")
    controller.set_current_claim(other.id)  # before the idle timer fires
    with stored(db_path) as db:
        assert db.claim(claim.id).note == "first claim's note"
        assert db.claim(other.id).note == ""
    assert editor.note.toPlainText() == ""
    # Saving the first claim's note does not make it current again.
    assert controller.current_claim_id == other.id
    assert editor.claim is not None and editor.claim.id == other.id


def test_undo_of_note_updates_the_editor(
    qtbot, editor: ClaimEditor, claim: ClaimRecord, controller: Controller
) -> None:
    controller.set_note(claim.id, "one")
    controller.set_note(claim.id, "two")
    assert editor.note.toPlainText() == "two"
    controller.undo()
    assert editor.note.toPlainText() == "one"


def test_add_edit_remove_sources(qtbot, editor: ClaimEditor, claim: ClaimRecord,
                                 db_path: Path) -> None:
    qtbot.mouseClick(editor.add_source_button, Qt.MouseButton.LeftButton)
    dialog = editor.source_dialog
    assert dialog is not None
    assert {w.objectName() for w in (dialog.url, dialog.title, dialog.publisher,
                                     dialog.excerpt, dialog.stance, dialog.accessed)} == {
        "sourceUrl", "sourceTitle", "sourcePublisher", "sourceExcerpt", "sourceStance",
        "sourceAccessed"}
    # Nothing filled in: refused with a message, the dialog stays open.
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisibleTo(dialog)
    with stored(db_path) as db:
        assert db.sources(claim.id) == []
    dialog.title.setText("White House statement")
    dialog.publisher.setText("The White House")
    dialog.excerpt.setPlainText("spoke for well over an hour")
    # No stance chosen yet: asked for, nothing stored.
    dialog.accept()
    assert dialog.isVisible() and "Stance" in dialog.error.text()
    assert dialog.stance.hasFocus() or dialog.focusWidget() is dialog.stance
    with stored(db_path) as db:
        assert db.sources(claim.id) == []
    dialog.stance.setCurrentIndex(dialog.stance.findData(Stance.SUPPORTS))
    dialog.accept()
    with stored(db_path) as db:
        [source] = db.sources(claim.id)
    assert (source.title, source.publisher, source.excerpt) == (
        "White House statement", "The White House", "spoke for well over an hour")
    assert len(source.accessed_at) == 10  # today, ISO
    assert editor.sources_model.rowCount() == 1
    assert "White House statement" in editor.sources_model.index(0).data()

    # Edit: select it, open the dialog pre-filled, change the stance.
    editor.sources_view.setCurrentIndex(editor.sources_model.index(0))
    assert editor.edit_source_button.isEnabled()
    qtbot.mouseClick(editor.edit_source_button, Qt.MouseButton.LeftButton)
    dialog = editor.source_dialog
    assert dialog is not None and dialog.title.text() == "White House statement"
    dialog.stance.setCurrentIndex(dialog.stance.findData(Stance.CONTEXT))
    dialog.accept()
    with stored(db_path) as db:
        [edited] = db.sources(claim.id)
    assert (edited.id, edited.stance) == (source.id, Stance.CONTEXT)

    editor.sources_view.setCurrentIndex(editor.sources_model.index(0))
    qtbot.mouseClick(editor.remove_source_button, Qt.MouseButton.LeftButton)
    with stored(db_path) as db:
        assert db.sources(claim.id) == []
    assert editor.sources_model.rowCount() == 0
    editor.controller.undo()
    assert editor.sources_model.rowCount() == 1


def test_cancelled_dialog_adds_nothing(qtbot, editor: ClaimEditor, claim: ClaimRecord,
                                       db_path: Path) -> None:
    dialog = editor.add_source()
    assert dialog is not None
    dialog.url.setText("https://example.org")
    dialog.reject()
    with stored(db_path) as db:
        assert db.sources(claim.id) == []


def test_passage_button_needs_a_passage(qtbot, editor: ClaimEditor, claim: ClaimRecord,
                                        db_path: Path, original_text: str,
                                        controller: Controller) -> None:
    assert not editor.add_passage_button.isEnabled()
    passage = "Trump has soured in his attitude toward Putin"
    p = original_text.index(passage)
    editor.set_passage_provider(lambda: (controller.document_id, p, p + len(passage)))
    editor.set_passage_available(True)
    assert editor.add_passage_button.isEnabled()
    qtbot.mouseClick(editor.add_passage_button, Qt.MouseButton.LeftButton)
    chooser = editor.stance_chooser
    assert chooser is not None and chooser.isVisible()
    with stored(db_path) as db:
        assert db.sources(claim.id) == []  # nothing until the stance is said
    QTest.keyClick(chooser, Qt.Key.Key_R)
    assert not chooser.isVisible()
    with stored(db_path) as db:
        [source] = db.sources(claim.id)
    assert (source.excerpt, source.passage_start, source.stance) == (
        passage, p, Stance.REFUTES)
    assert controller.undo_group.undoText() == "Attach passage"


def test_review_status_and_conflict_are_shown(editor: ClaimEditor, claim: ClaimRecord) -> None:
    reviewed = dataclasses.replace(claim, review_status=ReviewStatus.NEEDS_WORK,
                                   review_note="Find a second source", reviewer="rita",
                                   review_conflict=True)
    editor.show_claim(reviewed)
    assert editor.review_box.isVisibleTo(editor)
    assert editor.review_status.text().startswith("Needs work")
    assert editor.reviewer.text() == "rita"
    assert editor.review_note.text() == "Find a second source"
    assert editor.review_conflict.isVisibleTo(editor)
    assert "Conflict" in editor.review_conflict.text()

    editor.show_claim(dataclasses.replace(reviewed, review_conflict=False,
                                          review_status=ReviewStatus.APPROVED))
    assert editor.review_status.text().startswith("Approved")
    assert not editor.review_conflict.isVisibleTo(editor)


def test_sources_of_a_claim_with_a_source(controller: Controller, editor: ClaimEditor,
                                          original_text: str) -> None:
    start = original_text.index(QUOTE)
    record = controller.create_claim(start, start + len(QUOTE), sources=[
        SourceInput(url="https://a.example", excerpt="over an hour")])
    assert record is not None
    assert editor.sources_model.rowCount() == 1
    assert "over an hour" in editor.sources_model.index(0).data(Qt.ItemDataRole.ToolTipRole)


def test_models_pass_the_model_tester(qtmodeltester, controller: Controller,
                                      claim: ClaimRecord) -> None:
    controller.set_verdict(claim.id, Verdict.VERIFIED)
    controller.add_source(claim.id, SourceInput(url="https://a.example", title="A"))
    sources = SourcesModel()
    sources.set_sources(controller.sources(claim.id))
    qtmodeltester.check(sources)
    assert sources.index(0).data().startswith("Supports: A")
    history = HistoryModel()
    history.set_entries(controller.history(claim.id))
    qtmodeltester.check(history)
    assert "source added: A" in history.index(0).data()  # newest first
    assert "verdict unchecked → verified" in history.index(1).data()


def test_rating_label_is_one_undoable_step_in_the_history(
    qtbot, editor: ClaimEditor, claim: ClaimRecord, controller: Controller, db_path: Path,
) -> None:
    field = editor.rating_label
    assert field.text() == "" and field.isEnabled()
    field.setFocus()
    qtbot.keyClicks(field, "  Lacks   context")
    QTest.keyClick(field, Qt.Key.Key_Return)
    with stored(db_path) as db:
        assert db.claim(claim.id).rating_label == "Lacks context"
        assert db.history(claim.id)[-1].new == "Lacks context"
    assert controller.undo_group.undoText() == "Set rating label"
    editor.reload_history()
    assert editor.history_model.data(editor.history_model.index(0)).endswith(
        "rating label: Lacks context")
    controller.undo()
    assert field.text() == ""
    with stored(db_path) as db:
        assert db.claim(claim.id).rating_label == ""
    controller.redo()
    assert field.text() == "Lacks context"


def test_rating_label_completes_the_labels_in_use_and_escape_reverts(
    qtbot, editor: ClaimEditor, claim: ClaimRecord, controller: Controller,
    original_text: str,
) -> None:
    other = second_claim(controller, original_text)
    controller.set_rating_label(other.id, "Misleading")
    controller.set_current_claim(claim.id)
    field = editor.rating_label
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    assert field.labels.stringList() == ["Misleading"]
    qtbot.keyClicks(field, "mis")
    completer = field.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "Misleading"
    QTest.keyClick(completer.popup(), Qt.Key.Key_Escape)  # closes the popup
    QTest.keyClick(field, Qt.Key.Key_Escape)  # puts the stored label back
    assert field.text() == ""
    assert controller.claim(claim.id).rating_label == ""  # type: ignore[union-attr]


def test_rating_label_saves_when_switching_claims(
    qtbot, editor: ClaimEditor, claim: ClaimRecord, controller: Controller, db_path: Path,
    original_text: str,
) -> None:
    other = second_claim(controller, original_text)
    controller.set_current_claim(claim.id)
    editor.rating_label.setFocus()
    qtbot.keyClicks(editor.rating_label, "Exaggerated")
    controller.set_current_claim(other.id)
    with stored(db_path) as db:
        assert db.claim(claim.id).rating_label == "Exaggerated"
        assert db.claim(other.id).rating_label == ""
    assert editor.rating_label.text() == ""
    assert controller.current_claim_id == other.id
    assert editor.claim is not None and editor.claim.id == other.id
