"""Which of the window's actions are enabled, and what Undo and Redo say, from the state of
the controller, the editor and the article beside."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.qt.action_helpers import set_enabled, set_text
from annotator.qt.window_actions import VERDICT_ACTIONS

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow

CLAIM_ACTIONS = ("deleteClaim", "editNote", "addSource", "reattachClaim", *VERDICT_ACTIONS)
"""Enabled while a claim is current."""

DOCUMENT_ACTIONS = ("createClaim", "nextClaim", "previousClaim", "openBeside", "correctText",
                    "importVersion", "showVersions")
"""Enabled while an article is open."""


class ActionState:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._undo_state: tuple[bool, bool, str, str, bool] | None = None  # as last shown

    def update(self) -> None:
        window = self.window
        controller = window.controller
        has_doc = controller.document is not None
        has_claim = controller.current_claim_id is not None
        wanted = dict.fromkeys(DOCUMENT_ACTIONS, has_doc)
        wanted.update(dict.fromkeys(CLAIM_ACTIONS, has_claim))
        wanted["addPassage"] = has_claim and window.beside.passage() is not None
        wanted["closeBeside"] = window.beside.document is not None
        wanted["articleDetails"] = window.chosen_document_id() is not None
        for name, enabled in wanted.items():
            set_enabled(window.action(name), enabled)
        self.update_undo()

    def update_undo(self) -> None:
        # One push or undo emits four of the signals connected to this; only the first of
        # them finds anything to change.
        group = self.window.controller.undo_group
        dirty = self.window.editor.note_dirty
        state = (group.canUndo(), group.canRedo(), group.undoText(), group.redoText(), dirty)
        if state == self._undo_state:
            return
        self._undo_state = state
        can_undo, can_redo, undo_text, redo_text, _ = state
        undo, redo = self.window.action("undo"), self.window.action("redo")
        set_enabled(undo, can_undo or dirty)
        set_enabled(redo, can_redo and not dirty)
        undo_text = "Edit note" if dirty else undo_text
        set_text(undo, f"&Undo {undo_text}" if undo_text else "&Undo")
        set_text(redo, f"&Redo {redo_text}" if redo_text else "&Redo")
