"""The editor for the current claim (editor.ClaimEditor), its source and history lists
(lists) and its review part (review_box)."""

from annotator.qt.claim_editor.editor import NOTE_IDLE_MS, ClaimEditor

__all__ = ["NOTE_IDLE_MS", "ClaimEditor"]
