"""Wires the evidence pane into the window: searches follow the current claim, the index
follows the library, Enter opens a passage beside, Attach adds it as an undoable source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

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
        self.controller.currentClaimChanged.connect(self.claim_changed)
        self.controller.documentsChanged.connect(self.search.refresh)
        self.pane.openRequested.connect(self.open_passage)
        self.pane.attachRequested.connect(self.attach)
        self.search.refresh()  # index what was imported since the last run, in the background

    def claim_changed(self, claim_id: int | None) -> None:
        if claim_id is None:
            self.search.search_claim(None)
            self.pane.show_no_claim()
            return
        self.pane.show_searching()
        self.search.search_claim(claim_id)

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
