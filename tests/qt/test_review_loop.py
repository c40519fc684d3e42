"""The whole loop: a reviewer reviews a real exported file with keys, the editor imports it,
sees the decisions and κ, resolves two conflicts in the GUI (one each way, undoable), answers a
needs-work claim, and the file imports again without change."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.domain.review import ReviewFilter
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.export import export_library
from annotator.io.review_session import ReviewSession
from annotator.qt.main_window import MainWindow
from annotator.qt.settings import Settings
from annotator.store import Store
from tests.io.export_support import Library
from tests.qt.gui_support import build_window, close_window
from tests.qt.test_review_window import open_window, press

Key = Qt.Key


def reviewer_pass(qtbot: object, path: Path, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "reviewer.ini")
    settings.reviewer_name = "Rita"
    window = open_window(qtbot, path, settings)
    press(Key.Key_A)  # claim 1 (editor: verified): approved, reviewer says verified
    press(Key.Key_2)
    press(Key.Key_N)
    press(Key.Key_R)  # claim 2 (editor: disputed): rejected, reviewer says verified
    press(Key.Key_2)
    press(Key.Key_N)
    press(Key.Key_W)  # claim 3 (editor: unchecked): needs work, reviewer says unchecked
    press(Key.Key_1)
    window.close()


def select(window: MainWindow, document_id: int, claim_id: int) -> None:
    window.controller.open_document(document_id)
    window.controller.set_current_claim(claim_id)


def test_the_editor_acts_on_a_review(qtbot: object, store: Store, library: Library,
                                     review: Path, db_path: Path, tmp_path: Path) -> None:
    reviewer_pass(qtbot, review, tmp_path)
    # Meanwhile the editor changed claims 1 and 2: both come back in conflict.
    store.set_note(library.emoji.id, "Rewritten after the export")
    store.set_verdict(library.overlap.id, Verdict.UNCHECKED)

    window = build_window(qtbot, db_path, samples=False)
    try:
        # The reviewer window open on the same file while the editor imports it.
        reading = ReviewSession.open(review)
        report = window.exchange.import_review_from(review)
        reading.close()
        assert report is not None, window.notifier.notifications
        assert (report.applied, report.conflicts) == (1, 2)
        note = window.notifier.notifications[-1]
        assert note.level == "information" and "Cohen's κ" in note.text
        assert "agree on 2 of 3 verdicts" in note.text
        assert "editor \\ reviewer" in note.details
        window.notifier.close_all()

        editor = window.editor
        actions = editor.review_actions
        # Claim 2, rejected with the reviewer's verdict "verified": accept it.
        select(window, library.emoji_doc.id, library.overlap.id)
        assert actions.conflict_box.isVisible()
        assert "unchecked" in actions.mine.text() and "disputed" in actions.seen.text()
        assert "rejected" in actions.theirs.text()
        qtbot.mouseClick(actions.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        accepted = store.claim(library.overlap.id)
        assert accepted.verdict is Verdict.VERIFIED and not accepted.review_conflict
        assert not actions.conflict_box.isVisible()
        window.controller.undo()
        reopened = store.claim(library.overlap.id)
        assert reopened.verdict is Verdict.UNCHECKED and reopened.review_conflict
        window.controller.redo()
        assert store.claim(library.overlap.id).verdict is Verdict.VERIFIED
        history = [h.new for h in store.history(library.overlap.id) if h.field == "review"]
        assert history[-1].startswith("conflict resolved: accepted the reviewer's decision")

        # Claim 1, approved before the editor rewrote its note: keep the change.
        select(window, library.emoji_doc.id, library.emoji.id)
        assert actions.conflict_box.isVisible()
        qtbot.mouseClick(actions.keep_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        kept = store.claim(library.emoji.id)
        assert kept.note == "Rewritten after the export" and not kept.review_conflict

        # Needs work: the to-do filter, and a reply that the next review file carries.
        window.claims_panel.set_review_filter(ReviewFilter.TO_DO)
        assert window.claims_panel.visible_claim_ids() == [library.formula.id]
        select(window, library.emoji_doc.id, library.formula.id)
        assert actions.reply.isVisible()
        actions.reply.setFocus()
        QTest.keyClicks(actions.reply, "Added the source")
        QTest.keyClick(actions.reply, Key.Key_Return)
        assert store.claim(library.formula.id).review_reply == "Added the source"
        assert window.claims_panel.visible_claim_ids() == []
        window.claims_panel.set_review_filter(ReviewFilter.CONFLICT)
        assert window.claims_panel.visible_claim_ids() == []

        again = window.exchange.import_review_from(review)
        assert again is not None and (again.applied, again.conflicts) == (0, 0)
        assert again.unchanged == 3
        assert store.claim(library.overlap.id).review_status is ReviewStatus.REJECTED
    finally:
        window.notifier.close_all()
        close_window(window)

    second = tmp_path / "round-2.sqlite"
    export_library(store, "review", second, changed_since_review=True)
    with closing(sqlite3.connect(second)) as db:
        rows = dict(db.execute("SELECT id, editor_reply FROM claims"))
    # Kept change (1) and the replied claim (3) go back; the accepted one (2) does not.
    assert library.emoji.uuid in rows and library.overlap.uuid not in rows
    assert rows[library.formula.uuid] == "Added the source"
