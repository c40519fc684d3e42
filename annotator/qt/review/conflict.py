"""In the claim editor: a review conflict side by side with one action each way, and the
editor's reply to the reviewer."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import ClaimRecord
from annotator.domain.review import accepted_values
from annotator.domain.verdict import ReviewStatus
from annotator.qt.controller import Controller
from annotator.qt.widgets import named

REPLY_SAVE_DELAY_MS = 600


def _cell(name: str) -> QLabel:
    label = named(QLabel(), name)
    label.setWordWrap(True)
    # Word-wrapped labels in a squeezed dock would show one line: keep room for three.
    label.setMinimumHeight(4 * label.fontMetrics().lineSpacing())
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


NOTE_PREVIEW = 60
"""Characters of a note shown in a conflict cell; the cell's tooltip has all of it."""


def _state(verdict: str, note: str | None) -> str:
    text = f"<b>{escape(verdict)}</b>"
    if note:
        short = " ".join(note.split())
        if len(short) > NOTE_PREVIEW:
            short = short[:NOTE_PREVIEW - 1] + "…"
        text += f" — {escape(short)}"
    return text


def _show(label: QLabel, verdict: str, note: str | None, prefix: str = "") -> None:
    label.setText(prefix + _state(verdict, note))
    label.setToolTip(note or "")


class ReviewActions(QWidget):
    """Conflict resolution (shown for a claim in conflict) and the reply (shown once reviewed)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewActions")
        self._controller = controller
        self._claim: ClaimRecord | None = None

        self.conflict_box = named(QGroupBox("Resolve the review conflict"), "conflictBox")
        self.seen = _cell("conflictSeen")
        self.mine = _cell("conflictMine")
        self.theirs = _cell("conflictReviewer")
        grid = QGridLayout()
        grid.addWidget(QLabel("<i>Your change after the export</i>"), 0, 0)
        grid.addWidget(QLabel("<i>The reviewer decided</i>"), 0, 1)
        changed = QVBoxLayout()
        changed.addWidget(self.seen)
        changed.addWidget(self.mine)
        grid.addLayout(changed, 1, 0)
        grid.addWidget(self.theirs, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.accept_button = named(QPushButton("Accept the reviewer's decision"),
                                   "acceptReviewButton")
        self.keep_button = named(QPushButton("Keep my change, mark resolved"),
                                 "keepMineButton")
        for button in (self.accept_button, self.keep_button):
            button.setAutoDefault(False)
        self.accept_button.clicked.connect(lambda: self._resolve(accept=True))
        self.keep_button.clicked.connect(lambda: self._resolve(accept=False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(self.conflict_box)
        inner.addLayout(grid)
        inner.addLayout(buttons)

        self.reply = named(QLineEdit(), "reviewReplyEdit")
        self.reply.setPlaceholderText("Your reply to the reviewer (goes into the next "
                                      "review file)")
        self.reply.setAccessibleName("Reply to the reviewer")
        self.reply.setMaxLength(10_000)
        self._reply_timer = QTimer(self, singleShot=True, interval=REPLY_SAVE_DELAY_MS)
        self._reply_timer.timeout.connect(self.commit_reply)
        self.reply.textEdited.connect(lambda _text: self._reply_timer.start())
        self.reply.editingFinished.connect(self.commit_reply)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.conflict_box)
        layout.addWidget(self.reply)
        self.show_claim(None)

    def show_claim(self, claim: ClaimRecord | None) -> None:
        if self._claim is not None and (claim is None or claim.id != self._claim.id):
            self.commit_reply()
        self._claim = claim
        reviewed = claim is not None and claim.review_status is not None
        self.reply.setVisible(reviewed)
        if claim is not None and self.reply.text() != claim.review_reply \
                and not self._reply_timer.isActive():
            self.reply.setText(claim.review_reply)
        conflict = claim is not None and claim.review_conflict
        self.conflict_box.setVisible(conflict)
        self.setVisible(reviewed or conflict)
        if claim is None or not conflict:
            return
        _show(self.seen, (claim.review_seen_verdict or claim.verdict).value,
              claim.review_seen_note, "was: ")
        _show(self.mine, claim.verdict.value, claim.note, "now: ")
        status = (claim.review_status or ReviewStatus.PENDING).value
        own = f" (their verdict: {claim.reviewer_verdict.value})" if claim.reviewer_verdict \
            else ""
        _show(self.theirs, f"{status}{own}", claim.review_note)
        verdict, note = accepted_values(claim)
        result = f"verdict {verdict.value}" + ("" if note == claim.note else ", the note they saw")
        self.accept_button.setToolTip(f"Take the reviewer's side: {result}. Undoable.")
        self.keep_button.setToolTip("Keep your verdict and note; the reviewer sees them in the "
                                    "next review file. Undoable.")

    def commit_reply(self) -> None:
        self._reply_timer.stop()
        claim = self._claim
        if claim is not None and claim.review_status is not None \
                and self.reply.text() != claim.review_reply:
            self._controller.set_review_reply(claim.id, self.reply.text())

    def _resolve(self, *, accept: bool) -> None:
        if self._claim is not None:
            self._controller.resolve_conflict(self._claim.id, accept=accept)
