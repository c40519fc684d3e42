"""The reviewer's window: a review file's articles and claims, and one key per decision.

It needs no library. The file is opened through the Qt-free ReviewSession, which saves each
decision at once; this window only shows and asks. Keys (in the window, not while typing a
note): A approve, R reject, W needs work, 1/2/3 the reviewer's own verdict, N / P next /
previous unreviewed claim, E the note, Ctrl+Z / Ctrl+Shift+Z undo / redo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QSplitter, QWidget

from annotator.domain.records import ClaimRecord
from annotator.domain.review import ReviewFilter, ReviewState, is_reviewed
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.review_file import ReviewFileError
from annotator.io.review_session import ReviewSession
from annotator.qt.article_view import ArticleView
from annotator.qt.claims_panel import ClaimsPanel
from annotator.qt.messages import Notifier
from annotator.qt.review.commands import SetReview
from annotator.qt.review.detail import DECISIONS, VERDICT_KEYS, ReviewDetail
from annotator.qt.settings import Settings
from annotator.qt.widgets import named

NOTE_SAVE_DELAY_MS = 600
_REVIEWER_FILTERS = (ReviewFilter.ALL, ReviewFilter.NOT_REVIEWED, ReviewFilter.APPROVED,
                     ReviewFilter.REJECTED, ReviewFilter.NEEDS_WORK)
_STATUS_TEXT = {ReviewStatus.APPROVED: "Approve", ReviewStatus.REJECTED: "Reject",
                ReviewStatus.NEEDS_WORK: "Needs work", ReviewStatus.PENDING: "Back to pending"}


class ReviewWindow(QMainWindow):
    def __init__(self, session: ReviewSession, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, parent is not None)
        self.session = session
        self.settings = settings
        self.notifier = Notifier(self)
        self.undo_stack = QUndoStack(self)
        self.name_dialog: QInputDialog | None = None
        self._pending: Callable[[], None] | None = None  # waits for the reviewer's name
        self._current: int | None = None
        self._document_id: int | None = None
        self._closed = False
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)

        self.article = named(ArticleView(), "reviewArticleView")
        self.panel = ClaimsPanel()
        self.panel.view.setObjectName("reviewClaimsView")
        self.panel.view.setAccessibleName("Claims to review")
        self.panel.review_combo.clear()
        for review in _REVIEWER_FILTERS:
            self.panel.review_combo.addItem(review.label, review.value)
        self.detail = ReviewDetail()
        self.detail.verdict.setVisible(session.has_reviewer_verdict)
        right = named(QSplitter(Qt.Orientation.Vertical), "reviewRightSplitter")
        right.addWidget(self.panel)
        right.addWidget(self.detail)
        right.setSizes([300, 500])
        splitter = named(QSplitter(Qt.Orientation.Horizontal), "reviewSplitter")
        splitter.addWidget(self.article)
        splitter.addWidget(right)
        splitter.setSizes([700, 600])
        self.setCentralWidget(splitter)
        self.setWindowTitle(f"Review — {session.path.name}")
        self.resize(1300, 820)

        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self.panel.set_claims(session.claims())
        self.panel.currentClaimChanged.connect(self._on_table_claim)
        self.article.claimClicked.connect(self.go_to)
        self.detail.note.textChanged.connect(self._note_edited)
        self.detail.verdict.currentIndexChanged.connect(self._verdict_chosen)
        for status, button in self.detail.buttons.items():
            button.clicked.connect(lambda _checked=False, s=status: self.decide(s))
        self._update_progress()
        first = self._next_unreviewed(0, 1) or (session.claims()[0].id
                                                if session.claims() else None)
        self.go_to(first)

    # -- actions -------------------------------------------------------------------

    def _build_actions(self) -> None:
        specs: list[tuple[str, str, str, Callable[[], object]]] = [
            (name, text.replace("&", ""), key, partial(self.decide, status))
            for status, name, text, key in DECISIONS
        ]
        specs += [
            (f"reviewVerdict{verdict.value.capitalize()}", f"Your verdict: {verdict.value}",
             key, partial(self.set_own_verdict, verdict))
            for verdict, key in VERDICT_KEYS.items()
        ]
        specs += [
            ("reviewNextUnreviewed", "Next unreviewed claim", "N", lambda: self.step(1)),
            ("reviewPreviousUnreviewed", "Previous unreviewed claim", "P",
             lambda: self.step(-1)),
            ("reviewEditNote", "Edit the review note", "E", self.detail.note.setFocus),
            ("reviewUndo", "Undo", QKeySequence(QKeySequence.StandardKey.Undo).toString(),
             self.undo),
            ("reviewRedo", "Redo", "Ctrl+Shift+Z", self.redo),
            ("reviewClose", "Close", "Ctrl+W", self.close),
        ]
        for name, text, key, slot in specs:
            action = QAction(text, self)
            action.setObjectName(f"{name}Action")
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_by_name[name] = action
        self.undo_stack.canUndoChanged.connect(self.actions_by_name["reviewUndo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.actions_by_name["reviewRedo"].setEnabled)
        self.actions_by_name["reviewUndo"].setEnabled(False)
        self.actions_by_name["reviewRedo"].setEnabled(False)

    # -- navigation ----------------------------------------------------------------

    def current_claim(self) -> ClaimRecord | None:
        return None if self._current is None else self.session.claim(self._current)

    def go_to(self, number: int | None) -> None:
        """Make claim ``number`` current: its article, its row, its details."""
        self.save_note()
        self._current = number
        claim = self.current_claim()
        if claim is None:
            self.detail.show_claim(None, "", [])
            return
        if claim.document_id != self._document_id:
            self._document_id = claim.document_id
            text = self.session.documents[claim.document_id].text
            self.article.set_article(text, [c for c in self.session.claims()
                                            if c.document_id == claim.document_id])
        self.article.scroll_to_claim(claim.id)
        self.panel.select_claim(claim.id)
        self._show_detail(claim)

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) claim without a decision, in the table's order."""
        found = self._next_unreviewed(self._current, direction)
        if found is None:
            self.statusBar().showMessage("No more unreviewed claims that way.", 4000)
            return
        self.go_to(found)

    def _next_unreviewed(self, start: int | None, direction: int) -> int | None:
        order = self.panel.visible_claim_ids() or [c.id for c in self.session.claims()]
        if start in order:
            index = order.index(start)
            candidates = order[index + 1:] if direction > 0 else order[:index][::-1]
        else:
            candidates = order if direction > 0 else order[::-1]
        return next((n for n in candidates if not is_reviewed(self.session.claim(n))), None)

    def _on_table_claim(self, number: int | None) -> None:
        if number is not None and number != self._current:
            self.go_to(number)

    # -- decisions -----------------------------------------------------------------

    def decide(self, status: ReviewStatus) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        old = self._state_with_note(claim)
        # The same key again takes the decision back to pending.
        new_status = ReviewStatus.PENDING if claim.review_status == status else status
        self._push(claim.id, replace(old, status=new_status), _STATUS_TEXT[new_status])

    def set_own_verdict(self, verdict: Verdict | None) -> None:
        claim = self.current_claim()
        if claim is None or not self.session.has_reviewer_verdict:
            return
        old = self._state_with_note(claim)
        chosen = None if claim.reviewer_verdict == verdict else verdict
        self._push(claim.id, replace(old, verdict=chosen),
                   f"Your verdict: {chosen.value if chosen else 'none'}")

    def save_note(self) -> None:
        """Save the note being typed (called after a pause, on leaving the claim, on close)."""
        self._note_timer.stop()
        claim = self.current_claim()
        if claim is None or self._closed:
            return
        text = self.detail.note.toPlainText()
        if text == claim.review_note:
            return
        old = ReviewState(claim.review_status or ReviewStatus.PENDING, claim.review_note,
                          claim.reviewer, claim.reviewer_verdict)
        self._push(claim.id, replace(old, note=text), "Edit review note", note_edit=True)

    def undo(self) -> None:
        self.save_note()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.save_note()
        self.undo_stack.redo()

    def apply_review(self, number: int, state: ReviewState) -> bool:
        """Called by the undo commands: save into the file, then show it."""
        try:
            claim = self.session.set_review(number, state)
        except (ReviewFileError, ValueError) as exc:
            self.notifier.notify("critical", "Not saved", str(exc))
            return False
        self.panel.upsert_claim(claim)
        if claim.document_id == self._document_id:
            self.article.upsert_claim(claim)
        if number != self._current:
            self.go_to(number)  # undo brings the claim it changes into view
        else:
            self.detail.show_decision(claim)
            if self.detail.note.toPlainText() != claim.review_note:
                self._set_note_text(claim.review_note)
        self._update_progress()
        return True

    def _push(self, number: int, new: ReviewState, text: str, *, note_edit: bool = False
              ) -> None:
        name = self.reviewer_name()
        if name is None:
            self._pending = lambda: self._push(number, new, text, note_edit=note_edit)
            return
        claim = self.session.claim(number)
        old = ReviewState(claim.review_status or ReviewStatus.PENDING, claim.review_note,
                          claim.reviewer, claim.reviewer_verdict)
        new = replace(new, reviewer=name)
        if new != old:
            self.undo_stack.push(SetReview(self, number, old, new, text, note_edit=note_edit))

    def _state_with_note(self, claim: ClaimRecord) -> ReviewState:
        """The claim's state with the note as typed so far (one step saves both)."""
        self._note_timer.stop()
        return ReviewState(claim.review_status or ReviewStatus.PENDING,
                           self.detail.note.toPlainText(), claim.reviewer,
                           claim.reviewer_verdict)

    # -- the reviewer's name -------------------------------------------------------

    def reviewer_name(self) -> str | None:
        """The remembered name, or None while the name dialog is asking for it."""
        name = self.settings.reviewer_name
        if name:
            return name
        if self.name_dialog is None:
            dialog = named(QInputDialog(self), "reviewerNameDialog")
            dialog.setWindowTitle("Your name")
            dialog.setLabelText("Your name, recorded with each decision (asked only once):")
            dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
            dialog.textValueSelected.connect(self._name_given)
            dialog.rejected.connect(self._name_refused)
            self.name_dialog = dialog
            dialog.open()
        return None

    def _name_given(self, name: str) -> None:
        self.name_dialog = None
        if not name.strip():
            self._name_refused()
            return
        self.settings.reviewer_name = name.strip()
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()

    def _name_refused(self) -> None:
        self.name_dialog = None
        self._pending = None
        self.statusBar().showMessage("Nothing saved: a decision needs your name.", 5000)

    # -- helpers -------------------------------------------------------------------

    def _show_detail(self, claim: ClaimRecord) -> None:
        article = self.session.documents[claim.document_id].title
        try:
            sources = self.session.sources(claim.id)
        except ReviewFileError as exc:
            self.notifier.notify("warning", "Sources not shown", str(exc))
            sources = []
        self.detail.show_claim(claim, article, sources)
        self._set_note_text(claim.review_note)

    def _set_note_text(self, text: str) -> None:
        self.detail.note.blockSignals(True)
        self.detail.note.setPlainText(text)
        self.detail.note.blockSignals(False)

    def _note_edited(self) -> None:
        self._note_timer.start()

    def _verdict_chosen(self, index: int) -> None:
        value = self.detail.verdict.itemData(index)
        claim = self.current_claim()
        if claim is None:
            return
        own = claim.reviewer_verdict.value if claim.reviewer_verdict else None
        if value != own:
            self.set_own_verdict(Verdict(value) if value else claim.reviewer_verdict)

    def _update_progress(self) -> None:
        self.detail.set_progress(*self.session.progress())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_note()
        self._closed = True
        self.session.close()
        super().closeEvent(event)
