"""The current claim as the reviewer sees it: the editor's work, and the reviewer's controls."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import ClaimRecord, SourceRecord
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.qt.widgets import named

DECISIONS: tuple[tuple[ReviewStatus, str, str, str], ...] = (
    # status, objectName, button text, key
    (ReviewStatus.APPROVED, "reviewApproved", "&Approve", "A"),
    (ReviewStatus.REJECTED, "reviewRejected", "&Reject", "R"),
    (ReviewStatus.NEEDS_WORK, "reviewNeedsWork", "Needs &work", "W"),
)
VERDICT_KEYS = {Verdict.UNCHECKED: "1", Verdict.VERIFIED: "2", Verdict.DISPUTED: "3"}
_EXCERPT = 240
KEYS_HINT = ("Keys: A approve · R reject · W needs work · 1/2/3 your verdict · N/P next/previous "
             "unreviewed · E note · Ctrl+Z undo")


def _label(name: str) -> QLabel:
    label = named(QLabel(), name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the file's text is never read as markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReviewDetail(QWidget):
    """Read-only editor's side above, the reviewer's decision, verdict and note below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel(), "reviewClaimTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.quote = _label("reviewQuote")
        self.editor_verdict = _label("reviewEditorVerdict")
        self.editor_note = _label("reviewEditorNote")
        self.sources = _label("reviewSources")
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.sources.setOpenExternalLinks(False)
        self.reply = _label("reviewEditorReply")

        editor_box = named(QGroupBox("The editor's work"), "reviewEditorBox")
        form = QFormLayout(editor_box)
        form.addRow("Quote:", self.quote)
        form.addRow("Verdict:", self.editor_verdict)
        form.addRow("Note:", self.editor_note)
        form.addRow("Sources:", self.sources)
        self.reply_label = QLabel("Reply:")
        form.addRow(self.reply_label, self.reply)

        self.buttons: dict[ReviewStatus, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # a decision can be taken back (undo) to pending
        row = QHBoxLayout()
        for status, name, text, key in DECISIONS:
            button = named(QPushButton(f"{text}  ({key})"), name)
            button.setCheckable(True)
            button.setAccessibleName(text.replace("&", ""))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.buttons[status] = button
            self.group.addButton(button)
            row.addWidget(button)
        self.verdict = named(QComboBox(), "reviewVerdict")
        self.verdict.setAccessibleName("Your own verdict")
        self.verdict.addItem("Your verdict: none", None)
        for verdict, key in VERDICT_KEYS.items():
            self.verdict.addItem(f"Your verdict: {verdict.value} ({key})", verdict.value)
        row.addWidget(self.verdict)
        row.addStretch(1)

        self.note = named(QPlainTextEdit(), "reviewNoteEdit")
        self.note.setPlaceholderText("Your review note (saved as you type)")
        self.note.setAccessibleName("Review note")
        self.note.setTabChangesFocus(True)
        self.progress = named(QLabel(), "reviewProgress")
        self.keys = named(QLabel(KEYS_HINT), "reviewKeys")
        self.keys.setWordWrap(True)
        self.keys.setEnabled(False)  # greyed: a hint, not content

        review_box = named(QGroupBox("Your review"), "reviewDecisionBox")
        inner = QVBoxLayout(review_box)
        inner.addLayout(row)
        inner.addWidget(self.note, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(editor_box)
        layout.addWidget(review_box, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.keys, 1)
        layout.addLayout(bottom)

    def show_claim(self, claim: ClaimRecord | None, article: str,
                   sources: list[SourceRecord]) -> None:
        self.setEnabled(claim is not None)
        if claim is None:
            self.title.setText("No claim")
            for label in (self.quote, self.editor_verdict, self.editor_note, self.sources):
                label.clear()
            self.reply.hide()
            self.reply_label.hide()
            self.show_decision(None)
            return
        self.title.setText(f"Claim {claim.label} in “{article}”")
        self.quote.setText(claim.exact)
        self.editor_verdict.setText(
            f"{claim.verdict.value} — rated “{claim.rating_label}”" if claim.rating_label
            else claim.verdict.value)
        self.editor_note.setText(claim.note or "—")
        self.sources.setText(_sources_html(sources))
        self.reply.setText(claim.review_reply)
        self.reply.setVisible(bool(claim.review_reply))
        self.reply_label.setVisible(bool(claim.review_reply))
        self.show_decision(claim)

    def show_decision(self, claim: ClaimRecord | None) -> None:
        status = claim.review_status if claim is not None else None
        for button_status, button in self.buttons.items():
            button.setChecked(button_status == status)
        own = claim.reviewer_verdict.value if claim and claim.reviewer_verdict else None
        self.verdict.blockSignals(True)
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(own)))
        self.verdict.blockSignals(False)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setText(f"{done} of {total} reviewed")


def _sources_html(sources: list[SourceRecord]) -> str:
    if not sources:
        return "none"
    items = []
    for source in sources:
        name = escape(source.title or source.url or "Source")
        if source.url and source.title:
            name += f" &lt;{escape(source.url)}&gt;"
        text = f"<b>{name}</b> ({escape(source.stance.value)})"
        if source.excerpt:
            excerpt = source.excerpt if len(source.excerpt) <= _EXCERPT \
                else source.excerpt[:_EXCERPT - 1] + "…"
            text += f"<br><i>“{escape(excerpt)}”</i>"
        items.append(f"<li>{text}</li>")
    return f"<ul style='margin-left: -20px'>{''.join(items)}</ul>"
