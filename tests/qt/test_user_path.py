"""The whole path an editor walks, on real widgets and a real database file.

Open the rewrite, mark a sentence as a claim, dispute it, back it with a URL and with a
passage of the original report opened beside it, write a note, walk it all back with undo
and forward with redo, close, reopen: everything is where it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain.positions import codepoint_to_utf16
from annotator.domain.verdict import Stance, Verdict
from annotator.io.importers import from_pasted
from annotator.qt.main_window import MainWindow
from annotator.qt.style import verdict_color
from tests.qt.gui_support import (
    activate,
    build_window,
    close_window,
    document_id_with_text,
    stored,
)

SENTENCE = "Trump did not provide a specific date for the meeting in Budapest."
PASSAGE = "A meeting location is to be determined."
NOTE = "The original report names Budapest; only the date is open."
URL = "https://example.org/kremlin-readout"


def claim_format_at(window: MainWindow, cp: int) -> QTextCharFormat:
    """The format the highlighter gave the character at code point ``cp``."""
    view = window.article.view
    u16 = view.to_utf16(cp)
    block = view.document().findBlock(u16)
    offset = u16 - block.position()
    for fr in block.layout().formats():
        if fr.start <= offset < fr.start + fr.length:
            return QTextCharFormat(fr.format)  # a copy: the range dies with the list
    raise AssertionError(f"no highlight at code point {cp}")


def test_full_editor_path(qtbot, db_path: Path, rewrite_text: str, original_text: str) -> None:
    window = build_window(qtbot, db_path)
    rewrite = document_id_with_text(window.store, rewrite_text)
    original = document_id_with_text(window.store, original_text)
    assert window.open_document(rewrite)
    assert window.windowTitle().endswith("— Annotator")
    assert window.windowTitle().startswith(window.store.document(rewrite).title)
    view = window.article.view

    # Select the sentence and create the claim with the Edit action.
    start = rewrite_text.index(SENTENCE)
    end = start + len(SENTENCE)
    view.select_codepoints(start, end)
    assert window.action("createClaim").isEnabled()
    window.action("createClaim").trigger()
    with stored(db_path) as db:
        [claim] = db.claims(rewrite)
    assert (claim.start, claim.end, claim.exact) == (start, end, SENTENCE)
    assert claim.verdict is Verdict.UNCHECKED
    # Highlighted, selected in the claims list, shown in the editor.
    assert claim_format_at(window, start + 3).background().color() == verdict_color(
        Verdict.UNCHECKED, view.palette())
    assert window.claims_panel.current_claim_id() == claim.id
    assert view.current_claim_id() == claim.id
    assert window.editor.claim is not None and window.editor.claim.id == claim.id
    assert SENTENCE[:30] in window.editor.quote.text()

    # "3" on the article: disputed, in the database and in the highlight.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_3)
    with stored(db_path) as db:
        assert db.claim(claim.id).verdict is Verdict.DISPUTED
    fmt = claim_format_at(window, start + 3)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert fmt.background().color() == verdict_color(Verdict.DISPUTED, view.palette())
    assert window.editor.verdict_buttons[Verdict.DISPUTED].isChecked()

    # A URL source through the source dialog.
    qtbot.mouseClick(window.editor.add_source_button, Qt.MouseButton.LeftButton)
    dialog = window.editor.source_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.url.setText(URL)
    dialog.title.setText("Kremlin readout")
    dialog.stance.setCurrentIndex(dialog.stance.findData(Stance.REFUTES))
    dialog.accept()
    with stored(db_path) as db:
        [url_source] = db.sources(claim.id)
    assert (url_source.url, url_source.title, url_source.stance) == (
        URL, "Kremlin readout", Stance.REFUTES)
    assert window.editor.sources_model.rowCount() == 1
    activate(qtbot, window)

    # The original report beside it; attach a passage of it in one click.
    window.action("openBeside").trigger()
    picker = window.article_picker
    assert picker is not None and picker.isVisible()
    assert picker.proxy.rowCount() == 1  # the other article, never the open one
    QTest.keyClick(picker.filter, Qt.Key.Key_Return)
    assert window.beside.isVisible()
    assert window.beside_document is not None and window.beside_document.id == original
    assert not window.editor.add_passage_button.isEnabled()
    p_start = original_text.index(PASSAGE)
    window.beside.view.select_codepoints(p_start, p_start + len(PASSAGE))
    assert window.editor.add_passage_button.isEnabled()
    qtbot.mouseClick(window.editor.add_passage_button, Qt.MouseButton.LeftButton)
    assert window.editor.stance_chooser is not None
    QTest.keyClick(window.editor.stance_chooser, Qt.Key.Key_S)
    with stored(db_path) as db:
        sources = db.sources(claim.id)
    passage = sources[-1]
    assert len(sources) == 2
    assert passage.passage_document_id == original
    assert (passage.passage_start, passage.passage_end) == (p_start, p_start + len(PASSAGE))
    assert passage.excerpt == PASSAGE

    # A note, saved after a pause in typing.
    window.editor.note.setFocus()
    qtbot.keyClicks(window.editor.note, NOTE)
    with stored(db_path) as db:
        assert db.claim(claim.id).note == ""  # not yet: still typing

    def note_saved() -> None:
        with stored(db_path) as db:
            assert db.claim(claim.id).note == NOTE

    qtbot.waitUntil(note_saved, timeout=3000)
    assert window.library.counts(rewrite) == (0, 0, 1)

    # Undo walks every step back, and the database follows.
    undo, redo = window.action("undo"), window.action("redo")
    expected_after_undo = [
        lambda db: db.claim(claim.id).note == "",
        lambda db: len(db.sources(claim.id)) == 1,
        lambda db: db.sources(claim.id) == [],
        lambda db: db.claim(claim.id).verdict is Verdict.UNCHECKED,
        lambda db: db.claims(rewrite) == [],
    ]
    for check in expected_after_undo:
        assert undo.isEnabled()
        undo.trigger()
        with stored(db_path) as db:
            assert check(db)
    assert not undo.isEnabled()
    assert window.claims_panel.model.rowCount() == 0
    assert view.highlighter.span(claim.id) is None

    for _ in expected_after_undo:
        redo.trigger()
    assert not redo.isEnabled()
    with stored(db_path) as db:
        [again] = db.claims(rewrite)
        again_sources = db.sources(claim.id)
    assert (again.id, again.uuid, again.verdict, again.note) == (
        claim.id, claim.uuid, Verdict.DISPUTED, NOTE)
    assert [s.id for s in again_sources] == [s.id for s in sources]
    assert window.editor.note.toPlainText() == NOTE
    assert window.notifications == []

    close_window(window)

    # A new window on the same file: all of it is still there.
    second = build_window(qtbot, db_path)
    assert second.controller.document_id == rewrite  # the last document opened
    assert [c.id for c in second.controller.claims()] == [claim.id]
    second.claims_panel.select_claim(claim.id)
    second.jump_to_claim(claim.id)
    editor = second.editor
    assert editor.claim is not None and editor.claim.verdict is Verdict.DISPUTED
    assert editor.note.toPlainText() == NOTE
    assert [s.url for s in editor.sources_model.sources()] == [URL, ""]
    assert editor.sources_model.sources()[1].excerpt == PASSAGE
    # The history is an audit trail: undone and redone changes stay in it.
    added, removed = "source added", "source removed"
    qtbot.waitUntil(lambda: editor.history_model.rowCount() == 13)
    assert [e.field for e in reversed(editor.history_model.entries())] == [
        "created", "verdict", added, added, "note",  # done
        "note", removed, removed, "verdict",  # undone (then the claim itself, and back)
        "verdict", added, added, "note"]  # redone
    assert editor.history_view.model().rowCount() == 13
    close_window(second)


def test_claim_after_emoji_lands_on_the_right_characters(qtbot, db_path: Path) -> None:
    text = ("Launch day 🚀🚀 and 👍🏽 cheers: the rocket reached orbit on Tuesday.\n"
            "数据 🧪 Officials said the payload was intact.")
    window = build_window(qtbot, db_path, samples=False)
    imported = from_pasted(text, title="Emoji report")
    document = window.store.import_document(imported.title, imported.text).document
    window.library.refresh()
    assert window.open_document(document.id)
    view = window.article.view

    quote = "reached orbit"
    start = text.index(quote)
    view.select_codepoints(start, start + len(quote))
    assert view.textCursor().selectedText() == quote
    window.action("createClaim").trigger()

    # The same on the second line, selected the way a mouse would: in UTF-16 units.
    second = "payload was intact"
    s2 = text.index(second)
    cursor = QTextCursor(view.document())
    cursor.setPosition(codepoint_to_utf16(text, s2))
    cursor.setPosition(codepoint_to_utf16(text, s2 + len(second)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.action("createClaim").trigger()

    with stored(db_path) as db:
        claims = db.claims(document.id)
    assert [(c.exact, c.start, c.end) for c in claims] == [
        (quote, start, start + len(quote)),
        (second, s2, s2 + len(second)),
    ]
    assert text[claims[0].start:claims[0].end] == quote
    QApplication.processEvents()
    close_window(window)
