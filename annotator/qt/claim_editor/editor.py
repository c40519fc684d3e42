"""The editor for the current claim: verdict, note, sources, review status and history.

Every change goes through the controller as one undoable command. The note is saved
after a short pause in typing, when the note loses focus, and before another claim is
shown, so typing is never lost and each save is one step on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import ClaimRecord, SourceInput, SourceRecord
from annotator.domain.verdict import Stance, Verdict
from annotator.qt.claim_editor.lists import HistoryModel, SourcesModel
from annotator.qt.claim_editor.rating_label import RatingLabelField
from annotator.qt.claim_editor.review_box import ReviewBox
from annotator.qt.claim_editor.verdict_box import VerdictBox
from annotator.qt.controller import Controller
from annotator.qt.shortcuts import spec
from annotator.qt.source_dialog import SourceDialog, StanceChooser
from annotator.qt.widgets import named

ModelIndex = QModelIndex | QPersistentModelIndex
NOTE_IDLE_MS = 800
NO_CLAIM = ("No claim selected. Select words in the article and press Ctrl+Enter to create "
            "one, or pick one in the article or the claims list.")

PassageProvider = Callable[[], tuple[int, int, int] | None]
"""Returns (document_id, start, end) of the passage selected beside, or None."""



class ClaimEditor(QWidget):
    """Shows and edits the controller's current claim."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimEditor")
        self.controller = controller
        self._claim: ClaimRecord | None = None
        self._note_dirty = False
        # The claim's (version, note) when typing began: saving is based on it, so a note
        # typed while a colleague changed the same note is refused, not silently written.
        self._note_base: tuple[int, str] | None = None
        self._loading = False
        self._passage_provider: PassageProvider | None = None
        self._passage_available = False
        self.source_dialog: SourceDialog | None = None
        self.stance_chooser: StanceChooser | None = None

        # One page whatever is shown: without a claim the controls are disabled and the
        # quote explains what to do (hiding and showing pages costs a relayout each time).
        page = self._build_editor()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_IDLE_MS)
        self._note_timer.timeout.connect(self.commit_note)
        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.setInterval(0)
        self._history_timer.timeout.connect(self.reload_history)

        controller.aboutToChange.connect(self.commit_note)
        controller.currentClaimChanged.connect(self._current_changed)
        controller.claimChanged.connect(self._claim_changed)
        controller.sourcesChanged.connect(self._sources_changed)
        controller.claimsReset.connect(lambda _claims: self.show_claim(
            controller.current_claim(), reload=True))
        self.show_claim(None)

    # -- construction ------------------------------------------------------------------

    def _build_editor(self) -> QWidget:
        page = QWidget()
        self.quote = named(QLabel(), "claimQuote")
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setAccessibleName("Claim text")
        self.quote.setFrameShape(QFrame.Shape.StyledPanel)
        self.quote.setMargin(6)
        self.quote.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.meta = named(QLabel(), "claimMeta")
        self.meta.setWordWrap(True)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # secondary text

        self.verdict_box = VerdictBox()
        self.verdict_box.chosen.connect(self.choose_verdict)
        self.verdict_group = self.verdict_box.group
        self.verdict_buttons = self.verdict_box.buttons
        self.rating_label = RatingLabelField(self.controller)

        self.review_box = ReviewBox(self.controller)
        # The review part's fields, by the names the rest of the editor's users know.
        self.review_status = self.review_box.status
        self.reviewer = self.review_box.reviewer
        self.review_note = self.review_box.note
        self.review_conflict = self.review_box.conflict
        self.review_actions = self.review_box.review_actions

        self.note = named(QPlainTextEdit(), "noteEdit")
        self.note.setPlaceholderText("Why this verdict? Saved as you type.")
        self.note.setAccessibleName("Note")
        self.note.setToolTip("The reasoning behind the verdict; saved automatically")
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(self._note_edited)
        self.note.installEventFilter(self)

        self.sources_model = SourcesModel(self)
        self.sources_view = named(QListView(), "sourcesView")
        self.sources_view.setModel(self.sources_model)
        self.sources_view.setAccessibleName("Sources")
        self.sources_view.setWordWrap(True)
        self.sources_view.setUniformItemSizes(False)
        self.sources_view.setAlternatingRowColors(True)
        self.sources_view.setSpacing(2)
        self.sources_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sources_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sources_view.doubleClicked.connect(lambda _index: self.edit_source())
        self.sources_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.sources_view.setMinimumHeight(60)
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.sources_view)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_source)

        self.add_source_button = self._button("addSourceButton", "&Add…",
                                              spec("addSource").tooltip(), self.add_source)
        self.edit_source_button = self._button("editSourceButton", "&Edit…",
                                               "Edit the selected source", self.edit_source)
        self.open_source_button = self._button(
            "openSourceButton", "&Open link", "Open the selected source's web address in the "
            "browser", self.open_source_link,
        )
        self.remove_source_button = self._button(
            "removeSourceButton", "&Remove", "Remove the selected source (Delete)",
            self.remove_source,
        )
        self.add_passage_button = self._button(
            "addPassageButton", "Attach &passage", spec("addPassage").tooltip(),
            self.add_passage,
        )
        # Two rows, so the editor stays narrow enough to leave the article room on small
        # or scaled screens.
        buttons = QGridLayout()
        buttons.setSpacing(4)
        for i, push in enumerate((self.add_source_button, self.edit_source_button,
                                  self.remove_source_button, self.open_source_button,
                                  self.add_passage_button)):
            buttons.addWidget(push, i // 3, i % 3)
        buttons.setColumnStretch(3, 1)

        self.history_model = HistoryModel(self)
        self.history_view = named(QListView(), "historyView")
        self.history_view.setModel(self.history_model)
        self.history_view.setAccessibleName("History")
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setMinimumHeight(40)

        note_part = _section("&Note", self.note)
        sources_part = _section("&Sources", self.sources_view, buttons)
        history_part = _section("History", self.history_view)
        self.splitter = named(QSplitter(Qt.Orientation.Vertical), "editorSplitter")
        self.splitter.setChildrenCollapsible(False)
        for part in (note_part, sources_part, history_part):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.quote)
        layout.addWidget(self.meta)
        layout.addWidget(self.verdict_box)
        layout.addLayout(self.rating_label.row("Ra&ting:"))
        layout.addWidget(self.review_box)
        layout.addWidget(self.splitter, 1)
        return page

    def _button(self, name: str, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = named(QPushButton(text), name)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.clicked.connect(lambda _checked=False: slot())
        button.setAutoDefault(False)
        return button

    # -- showing a claim ---------------------------------------------------------------

    @property
    def claim(self) -> ClaimRecord | None:
        return self._claim

    def show_claim(self, claim: ClaimRecord | None, *, reload: bool = False) -> None:
        """Show another claim (or none); a pending note for the previous one is saved first.

        The same claim again (after a change) keeps its sources: sourcesChanged reloads them
        when they change, unless ``reload`` asks for everything to be read again. The history
        is read on the next turn of the event loop, so creating or changing a claim never
        waits for it.
        """
        previous = self._claim
        if previous is not None and (claim is None or claim.id != previous.id):
            self.commit_note()
        same = claim is not None and previous is not None and claim.id == previous.id
        self._claim = claim
        self.rating_label.show_claim(claim)
        for widget in (self.verdict_box, self.note, self.sources_view, self.history_view):
            if widget.isEnabled() != (claim is not None):
                widget.setEnabled(claim is not None)
        if claim is None:
            self.quote.setText(NO_CLAIM)
            self.quote.setToolTip("")
            self.meta.setText("")
            self.review_box.show_claim(None)
            self.verdict_box.show_verdict(None)
            self._history_timer.stop()
            self._set_note_text("")
            self.sources_model.set_sources([])
            self.history_model.set_entries([])
            self._update_buttons()
            return
        self._show_fields(claim)
        if not (same and self._note_dirty):
            self._set_note_text(claim.note)
        elif self._note_base is not None and claim.note == self._note_base[1]:
            # Someone changed the claim but not its note: the text typed still applies.
            self._note_base = (claim.version, claim.note)
        if reload or not same:
            if claim.source_count or reload:
                self.reload_sources()
            else:
                self.sources_model.set_sources([])  # known empty: no need to ask the store
                self._update_buttons()
        if not same:
            self.history_model.set_entries([])
        self._history_timer.start()

    def _show_fields(self, claim: ClaimRecord) -> None:
        quote = " ".join(claim.exact.split())
        self.quote.setText(f"“{quote}”")
        self.quote.setToolTip(claim.exact)
        created = claim.created_at.strftime("%Y-%m-%d %H:%M")
        count = claim.source_count
        self.meta.setText(f"Claim {claim.label} by {claim.author}, {created} · "
                          f"{count} source{'s' if count != 1 else ''}")
        self.verdict_box.show_verdict(claim.verdict)
        self.review_box.show_claim(claim)
        self._update_buttons()

    def reload_sources(self) -> None:
        if self._claim is None:
            return
        selected = self.selected_source()
        sources = self.controller.sources(self._claim.id)
        self.sources_model.set_sources(sources)
        if selected is not None:
            for row, source in enumerate(sources):
                if source.id == selected.id:
                    self.sources_view.setCurrentIndex(self.sources_model.index(row))
        self._update_buttons()

    def reload_history(self) -> None:
        self._history_timer.stop()
        if self._claim is not None:
            self.history_model.set_entries(self.controller.history(self._claim.id))

    def _current_changed(self, claim_id: int | None) -> None:
        self.show_claim(self.controller.claim(claim_id))

    def _claim_changed(self, claim: ClaimRecord) -> None:
        if self._claim is not None and claim.id == self._claim.id:
            self.show_claim(claim)

    def _sources_changed(self, claim_id: int) -> None:
        if self._claim is not None and claim_id == self._claim.id:
            self.reload_sources()

    # -- verdict -----------------------------------------------------------------------

    def choose_verdict(self, verdict: Verdict) -> None:
        if self._claim is None:
            return
        self.commit_note()
        if not self.controller.set_verdict(self._claim.id, verdict) and self._claim:
            self.verdict_buttons[self._claim.verdict].setChecked(True)

    def checked_verdict(self) -> Verdict | None:
        return self.verdict_box.checked_verdict()

    # -- note --------------------------------------------------------------------------

    @property
    def note_dirty(self) -> bool:
        return self._note_dirty

    def _set_note_text(self, text: str) -> None:
        if self.note.toPlainText() == text:
            self._note_dirty = False
            return
        self._loading = True
        try:
            self.note.setPlainText(text)
            self.note.moveCursor(self.note.textCursor().MoveOperation.End)
        finally:
            self._loading = False
        self._note_dirty = False
        self._note_timer.stop()

    def _note_edited(self) -> None:
        if self._loading or self._claim is None:
            return
        if not self._note_dirty:
            self._note_base = (self._claim.version, self._claim.note)
        self._note_dirty = True
        self._note_timer.start()

    def commit_note(self) -> bool:
        """Save the note being typed as one undoable step; True if nothing is left unsaved."""
        self._note_timer.stop()
        if not self._note_dirty or self._claim is None:
            return True
        self._note_dirty = False
        version, before = self._note_base or (self._claim.version, self._claim.note)
        if self.controller.set_note(self._claim.id, self.note.toPlainText(),
                                    base_version=version, base_note=before):
            return True
        if self.controller.last_conflict is not None:
            return False  # the colleague's note is shown; "apply mine anyway" has the text
        self._note_dirty = True  # keep the text; it is saved again on the next edit or exit
        return False

    def focus_chain(self) -> list[QWidget]:
        """The editor's controls in Tab order."""
        return [*self.verdict_buttons.values(), self.rating_label, self.note, self.sources_view,
                self.add_source_button, self.edit_source_button, self.open_source_button,
                self.remove_source_button, self.add_passage_button, self.history_view]

    def first_focus_widget(self) -> QWidget:
        """Where F6 lands: the note when a claim is shown, else the first enabled control."""
        if self._claim is not None:
            return self.note
        return next((w for w in self.focus_chain() if w.isEnabled()), self.note)

    def focus_note(self) -> None:
        if self._claim is None:
            return
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.moveCursor(self.note.textCursor().MoveOperation.End)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.commit_note()
        return super().eventFilter(watched, event)

    # -- sources -----------------------------------------------------------------------

    def selected_source(self) -> SourceRecord | None:
        index = self.sources_view.currentIndex()
        if not index.isValid() or not self.sources_view.selectionModel().isSelected(index):
            return None
        return self.sources_model.source_at(index.row())

    def add_source(self) -> SourceDialog | None:
        """Open the source dialog (non-blocking); the source is added when it is accepted."""
        claim = self._claim
        if claim is None:
            return None
        self.commit_note()
        dialog = SourceDialog(self.window(), claim_text=claim.exact)
        dialog.accepted.connect(
            lambda: self.controller.add_source(claim.id, dialog.source_input())
        )
        return self._open_dialog(dialog)

    def edit_source(self) -> SourceDialog | None:
        source = self.selected_source()
        if source is None or self._claim is None:
            return None
        dialog = SourceDialog(self.window(), source=source, claim_text=self._claim.exact)
        dialog.accepted.connect(
            lambda: self.controller.edit_source(source, dialog.source_input())
        )
        return self._open_dialog(dialog)

    def _open_dialog(self, dialog: SourceDialog) -> SourceDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "source_dialog", None))
        self.source_dialog = dialog
        dialog.open()
        return dialog

    def open_source_link(self) -> bool:
        """Open the selected source's URL in the user's browser."""
        source = self.selected_source()
        if source is None or not source.url:
            return False
        return QDesktopServices.openUrl(QUrl(source.url))

    def remove_source(self) -> None:
        source = self.selected_source()
        if source is not None:
            self.controller.remove_source(source)

    def set_passage_provider(self, provider: PassageProvider | None) -> None:
        self._passage_provider = provider

    def set_passage_available(self, available: bool) -> None:
        self._passage_available = available
        self._update_buttons()

    def add_passage(self) -> StanceChooser | None:
        """Ask how the passage selected beside bears on the claim, then attach it."""
        claim = self._claim
        if claim is None or self._passage_provider is None or self._passage_provider() is None:
            return None
        chooser = StanceChooser(self.window(), what="passage")
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.chosen.connect(self.attach_passage)
        chooser.finished.connect(lambda _result: setattr(self, "stance_chooser", None))
        self.stance_chooser = chooser
        chooser.open()
        return chooser

    def attach_passage(self, stance: Stance) -> bool:
        """Attach the passage selected in the article beside as a source, in one step."""
        if self._claim is None or self._passage_provider is None:
            return False
        passage = self._passage_provider()
        if passage is None:
            return False
        document_id, start, end = passage
        self.commit_note()
        return self.controller.add_source(
            self._claim.id,
            SourceInput(passage_document_id=document_id, passage_start=start, passage_end=end,
                        stance=stance),
            text="Attach passage",
        )

    def _update_buttons(self, *_args: object) -> None:
        has_claim = self._claim is not None
        has_source = has_claim and self.selected_source() is not None
        self.add_source_button.setEnabled(has_claim)
        self.edit_source_button.setEnabled(has_source)
        self.remove_source_button.setEnabled(has_source)
        source = self.selected_source() if has_source else None
        self.open_source_button.setEnabled(source is not None and bool(source.url))
        self.add_passage_button.setEnabled(has_claim and self._passage_available)

    def sizeHint(self) -> QSize:
        return QSize(340, 560)


def _section(title: str, widget: QWidget, extra: QLayout | None = None) -> QWidget:
    part = QWidget()
    layout = QVBoxLayout(part)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setBuddy(widget)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    if extra is not None:
        layout.addLayout(extra)
    return part

