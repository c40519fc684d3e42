"""Wires the evidence pane into the window: searches follow the current claim, the index
follows the library, Enter opens a passage beside, Attach adds it as an undoable source.

The index costs nothing until the pane needs an answer: no search (and no indexing) while
the evidence dock is hidden, and the first one is asked for after the window's next paint
(a zero-delay timer), never inside the opening of an article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Stance
from annotator.evidence.assistant import EvidenceHit
from annotator.qt.evidence.search import EvidenceSearch

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow


class EvidenceFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.pane = window.evidence_pane
        self.search = EvidenceSearch(self.controller.store, self)
        self.search.answered.connect(self.pane.show_answer)
        self.search.indexing.connect(self.pane.show_indexing)
        self.search.failed.connect(self.pane.show_error)
        self._wanted: int | None = None  # the claim whose passages the pane should show
        self._shown: int | None = None  # the claim last searched for
        self.controller.currentClaimChanged.connect(self.claim_changed)
        self.controller.documentsChanged.connect(self._documents_changed)
        window.evidence_dock.visibilityChanged.connect(lambda _visible: self._later())
        self.pane.openRequested.connect(self.open_passage)
        self.pane.attachRequested.connect(self.attach)

    def needed(self) -> bool:
        """Whether the pane can be seen (a hidden or closed dock needs no answer)."""
        return self.window.evidence_dock.isVisible()

    def claim_changed(self, claim_id: int | None) -> None:
        self._wanted = claim_id
        if claim_id is None:
            self.search.forget()
            self._shown = None
            self.pane.show_no_claim()
            return
        self.pane.show_searching()
        self._later()

    def _later(self) -> None:
        QTimer.singleShot(0, self, self._search_if_needed)

    def _search_if_needed(self) -> None:
        if self._wanted is not None and self._wanted != self._shown and self.needed():
            self._shown = self._wanted
            self.search.search_claim(self._wanted)

    def _documents_changed(self) -> None:
        """A new or changed article: index it in the background once the index is in use."""
        if self.search.started:
            self.search.refresh()

    def open_passage(self, hit: EvidenceHit) -> bool:
        """The passage's article beside the open one, with the passage selected."""
        if not self.window.open_beside(hit.document_id):
            return False
        view = self.window.beside.view
        view.select_codepoints(hit.start, hit.end)
        view.ensureCursorVisible()
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def attach(self, hit: EvidenceHit, stance: Stance) -> bool:
        claim = self.controller.current_claim()
        if claim is None:
            return False
        self.window.editor.commit_note()
        attached = self.controller.add_source(
            claim.id,
            SourceInput(passage_document_id=hit.document_id, passage_start=hit.start,
                        passage_end=hit.end, stance=stance),
            text="Attach evidence",
        )
        if attached:
            self.window.show_status(f"Attached the passage from “{hit.title}” as "
                                    f"{stance.value}; Ctrl+Z undoes it.", 4000)
        return attached

    def stop(self) -> None:
        self.search.stop()
