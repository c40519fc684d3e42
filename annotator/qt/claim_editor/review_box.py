"""The claim editor's review part: the reviewer's decision, note and any conflict, with the
actions that resolve a conflict or answer a "needs work" (annotator.qt.review.conflict)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import ReviewStatus
from annotator.qt.controller import Controller
from annotator.qt.review.conflict import ReviewActions
from annotator.qt.widgets import named

REVIEW_TEXT = {
    ReviewStatus.PENDING: "Pending review",
    ReviewStatus.APPROVED: "Approved",
    ReviewStatus.REJECTED: "Rejected",
    ReviewStatus.NEEDS_WORK: "Needs work",
}


class ReviewBox(QGroupBox):
    """Shown only for a claim that has been reviewed or is in conflict."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("reviewBox")
        grid = QGridLayout(self)
        self.status = named(QLabel(), "reviewStatus")
        self.reviewer = named(QLabel(), "reviewer")
        self.note = named(QLabel(), "reviewNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflict = named(QLabel(), "reviewConflict")
        self.conflict.setWordWrap(True)
        self.conflict.setText(
            "⚠ Conflict: this claim was changed here after it was exported for review, so "
            "the reviewer saw an older version. Compare below and resolve it one way or the "
            "other."
        )
        self.conflict.setStyleSheet(
            "QLabel { background: #fff3cd; color: #6b4c00; border: 1px solid #e0b000;"
            " border-radius: 3px; padding: 4px; }"
        )
        self.conflict.setAccessibleName("Review conflict")
        grid.addWidget(QLabel("Status:"), 0, 0)
        grid.addWidget(self.status, 0, 1)
        grid.addWidget(QLabel("Reviewer:"), 1, 0)
        grid.addWidget(self.reviewer, 1, 1)
        grid.addWidget(QLabel("Note:"), 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.note, 2, 1)
        grid.addWidget(self.conflict, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        for label in (self.status, self.reviewer, self.note):
            label.setAccessibleName(f"Review {label.objectName()}")
        self.review_actions = ReviewActions(controller)
        grid.addWidget(self.review_actions, 4, 0, 1, 2)

    def show_claim(self, claim: ClaimRecord | None) -> None:
        if claim is None:
            self.hide()
            self.review_actions.show_claim(None)
            return
        self.setVisible(claim.review_status is not None or claim.review_conflict)
        status = REVIEW_TEXT[claim.review_status] if claim.review_status else "Not reviewed"
        if claim.reviewed_at is not None:
            status += f" ({claim.reviewed_at.strftime('%Y-%m-%d')})"
        self.status.setText(status)
        self.reviewer.setText(claim.reviewer or "—")
        self.note.setText(claim.review_note or "—")
        self.conflict.setVisible(claim.review_conflict)
        self.review_actions.show_claim(claim)
