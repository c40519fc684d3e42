"""What the window does to claims: create from the selection, set verdicts, delete, step
through them, jump to the note or a new source, and the article's context menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from annotator.domain.verdict import Verdict
from annotator.qt.action_helpers import popup_with
from annotator.qt.article_view import ArticlePane
from annotator.qt.claim_editor import ClaimEditor
from annotator.qt.claims_panel import ClaimsPanel
from annotator.qt.controller import Controller
from annotator.qt.messages import StatusCallback


class ClaimActions(QObject):
    def __init__(self, parent: QWidget, controller: Controller, article: ArticlePane,
                 claims_panel: ClaimsPanel, editor: ClaimEditor, editor_dock: QDockWidget,
                 status: StatusCallback) -> None:
        super().__init__(parent)
        self._controller = controller
        self._article = article
        self._claims = claims_panel
        self._editor = editor
        self._editor_dock = editor_dock
        self._status = status

    def create_from_selection(self) -> int | None:
        """Create a claim on the article's selection; returns its id."""
        selection = self._article.view.selected_codepoints()
        if self._controller.document is None or selection is None:
            self._status("Select the words of the claim in the article first.", 4000)
            return None
        claim = self._controller.create_claim(*selection)
        if claim is None:
            return None
        view = self._article.view
        cursor = view.textCursor()
        cursor.clearSelection()  # so the new highlight shows instead of the selection
        view.setTextCursor(cursor)
        self._status("Claim created; press 1, 2 or 3 to set its verdict.", 4000)
        return claim.id

    def set_verdict(self, verdict: Verdict) -> None:
        claim = self._controller.current_claim()
        if claim is None:
            self._status("Select a claim first.", 3000)
            return
        self._controller.set_verdict(claim.id, verdict)

    def delete_current(self) -> None:
        claim_id = self._controller.current_claim_id
        if claim_id is None:
            return
        visible = self._claims.visible_claim_ids()
        following = None
        if claim_id in visible:
            position = visible.index(claim_id)
            rest = visible[position + 1:] + visible[:position][::-1]
            following = rest[0] if rest else None
        if self._controller.delete_claim(claim_id):
            self._controller.set_current_claim(following)
            self._status("Claim deleted (Ctrl+Z brings it back).", 4000)

    def step(self, step: int) -> None:
        ids = self._claims.visible_claim_ids()
        if not ids:
            return
        current = self._controller.current_claim_id
        if current in ids:
            target = ids[(ids.index(current) + step) % len(ids)]
        else:
            target = ids[0] if step > 0 else ids[-1]
        self.jump_to(target)

    def jump_to(self, claim_id: int) -> None:
        self._controller.set_current_claim(claim_id)
        self._article.view.scroll_to_claim(claim_id)

    def edit_note(self) -> None:
        claim_id = self._controller.current_claim_id
        if claim_id is None:
            return
        self._article.view.scroll_to_claim(claim_id)
        self._editor_dock.show()
        self._editor_dock.raise_()
        self._editor.focus_note()

    def add_source(self) -> None:
        if self._controller.current_claim() is None:
            self._status("Select a claim first.", 3000)
            return
        self._editor_dock.show()
        self._editor.add_source()

    def article_menu(self, pos: QPoint, actions: dict[str, QAction]) -> None:
        view = self._article.view
        menu = view.createStandardContextMenu(pos)
        ours = [actions["createClaim"]]
        cursor = view.cursorForPosition(pos)
        under = view.claim_ids_at(view.to_codepoint(cursor.position()))
        if under:
            self._controller.set_current_claim(under[0])
            ours += [actions[name] for name in (
                "verdictUnchecked", "verdictVerified", "verdictDisputed", "editNote",
                "addSource", "deleteClaim")]
        popup_with(menu, ours, view.viewport().mapToGlobal(pos))
