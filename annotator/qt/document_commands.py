"""Undoable actions on whole articles: edit the record (rename), delete with everything.

They go on the undo stack that is active when they are made (the open article's, or the
library's when none is open), so Ctrl+Z right after them undoes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.records import DocumentMetadata, DocumentRecord, DocumentSnapshot
from annotator.qt.commands import StoreCommand

if TYPE_CHECKING:
    from annotator.qt.controller import Controller


class EditDocument(StoreCommand):
    def __init__(self, controller: Controller, document: DocumentRecord,
                 metadata: DocumentMetadata) -> None:
        text = ("Rename article" if metadata.title != document.title
                and _same_but_title(document.metadata, metadata) else "Edit article details")
        super().__init__(controller, controller.document_id, text)  # type: ignore[arg-type]
        self.target_id = document.id
        self.old, self.new = document.metadata, metadata
        self.record: DocumentRecord | None = None

    def _do(self) -> None:
        self.record = self.store.update_document(self.target_id, self.new)
        self.controller.document_stored(self.record)

    def _undo(self) -> None:
        self.record = self.store.update_document(self.target_id, self.old)
        self.controller.document_stored(self.record)


class DeleteDocument(StoreCommand):
    """Undo puts the article back with the same ids, claims, sources and history."""

    def __init__(self, controller: Controller, document: DocumentRecord) -> None:
        super().__init__(controller, controller.document_id,  # type: ignore[arg-type]
                         f"Delete article “{_short(document.title)}”")
        self.target_id = document.id
        self._snapshot: DocumentSnapshot | None = None

    def _do(self) -> None:
        self._snapshot = self.store.delete_document(self.target_id)
        self.controller.document_deleted(self.target_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        record = self.store.restore_document(self._snapshot)
        self.controller.document_restored(record)


def _same_but_title(old: DocumentMetadata, new: DocumentMetadata) -> bool:
    return (old.url, old.outlet, old.authors, old.published, old.language, old.note) == (
        new.url, new.outlet, new.authors, new.published, new.language, new.note)


def _short(title: str) -> str:
    return title if len(title) <= 40 else title[:39] + "…"
