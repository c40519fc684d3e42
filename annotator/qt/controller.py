"""The document session: the store, the open document, its claims and its undo stack.

Views never call the store to change anything. They ask the controller, which pushes an
undoable command (annotator.qt.commands); the command calls the store and reports the
record it got back, and the controller's signals update every view. One QUndoStack per
document lives in a QUndoGroup whose active stack follows the open document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from annotator.domain.changes import Change, ChangeKind
from annotator.domain.library import ClaimQuery, DeletionWeight, LibraryCounts, SearchResult
from annotator.domain.records import (
    ClaimRecord,
    DocumentMetadata,
    DocumentRecord,
    DocumentSummary,
    HistoryEntry,
    ImportOutcome,
    SourceInput,
    SourceRecord,
    VersionOutcome,
    VersionRecord,
)
from annotator.domain.verdict import Verdict
from annotator.qt import commands, document_commands
from annotator.store import ConcurrentEdit, NotFound, Store, StoreError

if TYPE_CHECKING:  # the exporters load when an export runs, not at start-up
    from annotator.domain.publishing import PublisherKey, PublisherSettings
    from annotator.io.export import ExportSummary, ProgressCallback
    from annotator.io.formats import ExportFormat
    from annotator.io.importers import ImportedText
    from annotator.io.review_import import ReviewImportReport

T = TypeVar("T")
# More claims than this changed by others at once: re-read the document instead.
REMOTE_RELOAD_THRESHOLD = 50
# Opening an article reads the claims starting in its first FIRST_SCREEN code points (what
# the first paint shows, and at least the highlighter's eager part), then the rest once
# the article is painted: a 10k-claim article appears at once and fills in.
FIRST_SCREEN = 20_000


@dataclasses.dataclass(frozen=True)
class Conflict:
    """A step refused because a colleague changed the claim first (the fresh state is shown).

    ``apply_anyway`` makes the same step again, based on what is stored now: itself a
    versioned edit, refused in turn if yet another change came in between.
    """

    action: str  # the step's text: "Mark verified", "Edit note"
    undoing: bool  # the refused step was an undo
    error: ConcurrentEdit
    apply_anyway: Callable[[], bool] | None  # None: nothing left to apply (claim deleted)

    @property
    def message(self) -> str:
        return str(self.error)


class Controller(QObject):
    """Owns the Store for the window; emits what changed, never touches widgets."""

    aboutToChange = Signal()  # views holding unsaved input (a note being typed) save it now
    documentOpened = Signal(object)  # DocumentRecord | None
    claimsReset = Signal(list)  # list[ClaimRecord] of the open document
    claimsAppended = Signal(list)  # list[ClaimRecord]: the rest, read after the first paint
    claimChanged = Signal(object)  # ClaimRecord, created or changed
    claimRemoved = Signal(int)  # claim id
    sourcesChanged = Signal(int)  # claim id
    currentClaimChanged = Signal(object)  # int | None
    documentsChanged = Signal()  # titles or verdict counts in the library changed
    documentStored = Signal(object)  # DocumentRecord whose title or details changed
    documentDeleted = Signal(int)  # document id
    # The open document's verdict counts changed: (document id, dict[Verdict, int]).
    # Cheaper than documentsChanged, which makes the library re-read every document.
    documentCountsChanged = Signal(int, object)
    errorOccurred = Signal(str)  # a sentence for an error dialog
    conflictOccurred = Signal(object)  # Conflict: a colleague's change came first
    remoteChangesApplied = Signal(list)  # list[Change] others made, now shown

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._document: DocumentRecord | None = None
        self._claims: dict[int, ClaimRecord] = {}
        self._counts = dict.fromkeys(Verdict, 0)  # of _claims by verdict, kept in step
        self._current: int | None = None
        self._failure: str | None = None
        self.last_conflict: Conflict | None = None  # of the last step pushed, if refused
        # Undo/redo bases: the version our own latest step left per claim or source, and
        # per claim how many times a colleague's change to it was seen (see commands).
        self._own: dict[commands.Key, int] = {}
        self._epochs: dict[int, int] = {}
        self._bulk_epoch = 0
        self._pushing = False
        # While views follow a change of the current claim, what they save for the claim
        # shown before (a note, a rating label) must not make that claim current again.
        self._switching = False
        self._rest = QTimer(self)  # reads the open document's claims past its first screen
        self._rest.setSingleShot(True)
        self._rest.setInterval(0)
        self._rest.timeout.connect(self._read_rest)

    # -- state -------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store

    @property
    def document(self) -> DocumentRecord | None:
        return self._document

    @property
    def document_id(self) -> int | None:
        return self._document.id if self._document else None

    @property
    def loading_rest(self) -> bool:
        """The open document's claims past its first screen are still to be read."""
        return self._rest.isActive()

    def claims(self) -> list[ClaimRecord]:
        """The open document's claims in reading order."""
        return sorted(self._claims.values(), key=lambda c: (c.start, c.end, c.id))

    def claim(self, claim_id: int | None) -> ClaimRecord | None:
        return self._claims.get(claim_id) if claim_id is not None else None

    @property
    def current_claim_id(self) -> int | None:
        return self._current

    def current_claim(self) -> ClaimRecord | None:
        return self.claim(self._current)

    def undo_stack(self, document_id: int | None = None) -> QUndoStack | None:
        key = self.document_id if document_id is None else document_id
        return self._stacks.get(key) if key is not None else None

    # -- documents ---------------------------------------------------------------------

    def open_document(self, document_id: int) -> bool:
        loaded = self._read(lambda: (
            self._store.document(document_id),
            self._store.claims(document_id, starts=(None, FIRST_SCREEN))))
        if loaded is None:
            return False
        document, claims = loaded
        self.aboutToChange.emit()
        self._document = document
        self._set_claims(claims)
        self._rest.start()  # after the views have shown (and painted) the first screen
        self._current = None
        self.undo_group.setActiveStack(self._stack_for(document.id))
        self.documentOpened.emit(document)
        self.claimsReset.emit(self.claims())
        self.currentClaimChanged.emit(None)
        return True

    def read_rest_now(self) -> None:
        """Read the claims past the first screen now, if they are still to be read."""
        if self._rest.isActive():
            self._rest.stop()
            self._read_rest()

    def _read_rest(self) -> None:
        document = self._document
        if document is None:
            return
        rest = self._read(lambda: self._store.claims(document.id, starts=(FIRST_SCREEN, None)))
        # Claims made or changed meanwhile (here or by a colleague) are already shown.
        new = [claim for claim in rest or () if claim.id not in self._claims]
        for claim in new:
            self._put(claim)
        if new:
            self.claimsAppended.emit(new)

    def close_document(self) -> None:
        self._rest.stop()
        self.aboutToChange.emit()
        self._document = None
        self._set_claims([])
        self._current = None
        # With no article open, the library's own stack (deleted articles) is the one undone.
        self.undo_group.setActiveStack(self._stack_for(None))
        self.documentOpened.emit(None)
        self.claimsReset.emit([])
        self.currentClaimChanged.emit(None)

    def reload(self) -> None:
        """Re-read the open document's claims (after a review import or an error)."""
        self.documentsChanged.emit()
        document = self._document
        if document is None:
            return
        claims = self._read(lambda: self._store.claims(document.id))
        if claims is None:
            return
        self._rest.stop()  # every claim is read now
        current = self._current
        self._set_claims(claims)
        self.claimsReset.emit(self.claims())
        self._current = current if current in self._claims else None
        self.currentClaimChanged.emit(self._current)

    def list_documents(self) -> list[DocumentSummary]:
        return self._read(self._store.list_documents) or []

    def fetch_document(self, document_id: int) -> DocumentRecord | None:
        return self._read(lambda: self._store.document(document_id))

    def fetch_claims(self, document_id: int) -> list[ClaimRecord]:
        return self._read(lambda: self._store.claims(document_id)) or []

    def export(self, fmt: ExportFormat, path: Path, *,
               document_ids: Sequence[int] | None = None, claims: ClaimQuery | None = None,
               progress: ProgressCallback | None = None) -> ExportSummary:
        """Write an export file; raises ExportCancelled, StoreError, ValueError or OSError."""
        from annotator.io.export import export_library

        self.aboutToChange.emit()  # the note being typed goes into the export
        return export_library(self._store, fmt, path, document_ids=document_ids,
                              claims=claims, progress=progress)

    def import_review(self, path: Path, *,
                      progress: ProgressCallback | None = None) -> ReviewImportReport:
        """Merge a reviewer's decisions; raises ReviewImportCancelled (nothing changed),
        StoreError, ValueError, OSError, LookupError."""
        from annotator.io.review_import import import_review

        self.aboutToChange.emit()
        report = import_review(self._store, path, progress=progress)
        self.reload()
        return report

    def import_text(self, title: str, text: str, origin: str | None = None, *,
                    metadata: DocumentMetadata | None = None) -> ImportOutcome:
        """One import, one transaction. Raises StoreError for the caller to collect."""
        outcome = self._store.import_document(title, text, origin, metadata=metadata)
        self.documentsChanged.emit()
        return outcome

    def article_at(self, imported: ImportedText) -> tuple[int, str] | None:
        """``(id, title)`` of the article in the library whose web address is the imported
        page's (URL, canonical URL or origin), unless it already holds this very text."""
        from annotator.domain.anchor import text_sha256

        metadata = imported.metadata
        match = self._read(lambda: self._store.article_at(
            metadata.url if metadata else None, imported.origin))
        if match is None:
            return None
        document = self.fetch_document(match[0])
        if document is None or document.sha256 == text_sha256(imported.text):
            return None
        return match

    # -- the library as a whole (annotator.qt.library_claims, the dashboard) ------------

    def search_claims(self, query: ClaimQuery) -> SearchResult | None:
        return self._read(lambda: self._store.search_claims(query))

    def library_counts(self) -> LibraryCounts | None:
        return self._read(self._store.library_counts)

    def claim_authors(self) -> list[str]:
        return self._read(self._store.claim_authors) or []

    def deletion_weight(self, document_id: int) -> DeletionWeight | None:
        return self._read(lambda: self._store.deletion_weight(document_id))

    def update_document(self, document_id: int, metadata: DocumentMetadata) -> bool:
        """Change an article's title or details, undoably. False if refused (reported)."""
        document = self.fetch_document(document_id)
        if document is None:
            return False
        try:
            clean = metadata.cleaned()
        except ValueError as exc:
            self._report(str(exc))
            return False
        if clean == document.metadata:
            return True
        return self.push(document_commands.EditDocument(self, document, clean))

    def update_title(self, document_id: int, title: str) -> bool:
        """Rename an article (F2 in the library), undoably."""
        document = self.fetch_document(document_id)
        if document is None:
            return False
        return self.update_document(document_id, dataclasses.replace(document.metadata,
                                                                     title=title))

    def delete_document(self, document_id: int) -> bool:
        """Delete an article with its claims, undoably (Ctrl+Z in this session)."""
        document = self.fetch_document(document_id)
        if document is None:
            return False
        if document_id == self.document_id:
            self.close_document()  # its claims leave the views before its rows go
        return self.push(document_commands.DeleteDocument(self, document))

    def document_stored(self, record: DocumentRecord) -> None:
        if self._document is not None and self._document.id == record.id:
            self._document = record
        self.documentStored.emit(record)
        self.documentsChanged.emit()

    def document_deleted(self, document_id: int) -> None:
        if document_id == self.document_id:
            self.close_document()
        self.documentDeleted.emit(document_id)
        self.documentsChanged.emit()

    def document_restored(self, record: DocumentRecord) -> None:
        self.documentStored.emit(record)
        self.documentsChanged.emit()

    # -- the current claim -------------------------------------------------------------

    def set_current_claim(self, claim_id: int | None) -> None:
        if claim_id is not None and claim_id not in self._claims:
            self.read_rest_now()  # a claim past the first screen, asked for at once
        if claim_id is not None and claim_id not in self._claims:
            claim_id = None
        if claim_id == self._current:
            return
        self._current = claim_id
        self._switching = True
        try:
            self.currentClaimChanged.emit(claim_id)
        finally:
            self._switching = False

    # -- reads for the editor ----------------------------------------------------------

    def sources(self, claim_id: int) -> list[SourceRecord]:
        return self._read(lambda: self._store.sources(claim_id)) or []

    def history(self, claim_id: int) -> list[HistoryEntry]:
        return self._read(lambda: self._store.history(claim_id)) or []

    # -- undoable actions --------------------------------------------------------------

    def create_claim(
        self, start: int, end: int, *, verdict: Verdict = Verdict.UNCHECKED, note: str = "",
        sources: Sequence[SourceInput] = (),
    ) -> ClaimRecord | None:
        if self._document is None:
            self._report("Open an article before creating a claim.")
            return None
        command = commands.CreateClaim(self, self._document.id, start, end, verdict=verdict,
                                       note=note, sources=sources)
        return command.record if self.push(command) else None

    def set_verdict(self, claim_id: int, verdict: Verdict) -> bool:
        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        if claim.verdict == verdict:
            return True
        return self.push(commands.SetVerdict(self, claim, verdict))

    def set_note(self, claim_id: int, note: str, *, base_version: int | None = None,
                 base_note: str | None = None) -> bool:
        """Save a note typed since the claim was at ``base_version`` with ``base_note``
        (default: the claim as shown now); refused if a colleague changed it since."""
        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        if claim.note == note and base_version in (None, claim.version):
            return True
        return self.push(commands.SetNote(self, claim, note, base_version=base_version,
                                          old=base_note))

    def set_rating_label(self, claim_id: int, label: str) -> bool:
        """The claim's finer rating label, one undoable step (ValueError when too long)."""
        from annotator.domain.publishing import clean_rating_label

        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        label = clean_rating_label(label)
        if claim.rating_label == label:
            return True
        return self.push(commands.SetRatingLabel(self, claim, label))

    def rating_labels(self) -> list[str]:
        """The finer rating labels used in the library so far, most used first."""
        from annotator.store.publishing import rating_labels_in_use

        return self._read(lambda: rating_labels_in_use(self._store)) or []

    def publisher_settings(self) -> PublisherSettings | None:
        """The library's publisher settings; None when they cannot be read (said)."""
        from annotator.store.publishing import publisher_settings

        return self._read(lambda: publisher_settings(self._store))

    def change_publisher_settings(self, changes: Mapping[PublisherKey, str | None]
                                  ) -> PublisherSettings:
        """Set or unset publisher settings in one transaction (not undoable: they are the
        desk's, not a document's). Raises ValueError (a value refused) or StoreError."""
        from annotator.store.publishing import change_settings

        return change_settings(self._store, changes)

    def delete_claim(self, claim_id: int) -> bool:
        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        return self.push(commands.DeleteClaim(self, claim))

    def add_source(self, claim_id: int, source: SourceInput, *, text: str = "Add source") -> bool:
        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        return self.push(commands.AddSource(self, claim, source, text))

    def edit_source(self, old: SourceRecord, new: SourceInput) -> bool:
        claim = self._claims.get(old.claim_id)
        if claim is None:
            return False
        return self.push(commands.EditSource(self, claim.document_id, old, new))

    def remove_source(self, source: SourceRecord) -> bool:
        claim = self._claims.get(source.claim_id)
        if claim is None:
            return False
        return self.push(commands.RemoveSource(self, claim.document_id, source))

    def resolve_conflict(self, claim_id: int, *, accept: bool) -> bool:
        """Accept the reviewer's decision, or keep the change and mark it resolved (undoable)."""
        from annotator.qt.review.editor_commands import ResolveConflict

        claim = self._claims.get(claim_id)
        if claim is None or not claim.review_conflict:
            return False
        self.aboutToChange.emit()
        return self.push(ResolveConflict(self, claim, accept=accept))

    def set_review_reply(self, claim_id: int, reply: str) -> bool:
        """The editor's answer to the reviewer, carried in the next review file (undoable)."""
        from annotator.qt.review.editor_commands import SetReviewReply

        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        if claim.review_reply == reply:
            return True
        return self.push(SetReviewReply(self, claim, reply))

    def reattach_claim(self, claim_id: int, start: int, end: int) -> bool:
        """Re-attach a claim to text[start:end] of the current version (undoable)."""
        from annotator.qt.versions import ReattachClaim

        claim = self._claims.get(claim_id)
        if claim is None:
            return False
        return self.push(ReattachClaim(self, claim, start, end))

    # -- versions (annotator.qt.versions) ------------------------------------------------

    def add_version(self, text: str, note: str) -> VersionOutcome | None:
        """Make ``text`` the open article's new version; every claim is re-anchored. Not
        undoable (nothing is lost: the old version stays), so the article's undo steps,
        which name positions in the old text, are dropped."""
        document = self._document
        if document is None:
            return None
        self.aboutToChange.emit()
        try:
            outcome = self._store.add_version(document.id, text, note=note)
        except (StoreError, ValueError) as exc:
            self._report(str(exc))
            return None
        if outcome.created:
            self._stack_for(document.id).clear()
            self.open_document(document.id)
            self.documentsChanged.emit()
        return outcome

    def versions(self) -> list[VersionRecord]:
        document = self._document
        if document is None:
            return []
        return self._read(lambda: self._store.versions(document.id)) or []

    def version(self, document_id: int, number: int) -> tuple[str, list[ClaimRecord]] | None:
        """A version's text and its claims where they sat in it."""
        return self._read(lambda: (self._store.version_text(document_id, number),
                                   self._store.claims_in_version(document_id, number)))

    def push(self, command: QUndoCommand) -> bool:
        """Run a command onto its document's stack; False (and nothing stacked) if it failed.

        A command that fails on its first redo marks itself obsolete, and QUndoStack.push
        then deletes it instead of stacking it, so the stack never holds a step that did
        not happen.
        """
        document_id = getattr(command, "document_id", self.document_id)
        stack = self._stack_for(document_id)
        self._failure = None
        self.last_conflict = None
        stack.push(command)
        return self._failure is None

    def undo(self) -> None:
        self.aboutToChange.emit()  # a note being typed becomes the step to undo
        self.undo_group.undo()

    def redo(self) -> None:
        self.aboutToChange.emit()
        self.undo_group.redo()

    def verdict_counts(self) -> dict[Verdict, int]:
        """The open document's claims by verdict (kept up to date, not counted per call)."""
        return dict(self._counts)

    # -- called by commands ------------------------------------------------------------

    def step_base(self, command: commands.StoreCommand, key: commands.Key, seen: int) -> int:
        """The version a step of ``command`` expects (see annotator.qt.commands)."""
        if not command.applied:
            return seen
        last = command.versions.get(key, seen)
        if command.epoch != self._epoch(command.claim_id):
            return last  # a colleague changed the claim since: let the store say who
        return self._own.get(key, last)

    def stepped(self, command: commands.StoreCommand, key: commands.Key, version: int) -> None:
        command.applied = True
        command.versions[key] = version
        command.epoch = self._epoch(command.claim_id)
        self._own[key] = version

    def _epoch(self, claim_id: int | None) -> int:
        return self._bulk_epoch + (self._epochs.get(claim_id, 0) if claim_id is not None else 0)

    def _colleague_changed(self, claim_id: int | None) -> None:
        if claim_id is None:
            self._bulk_epoch += 1
        else:
            self._epochs[claim_id] = self._epochs.get(claim_id, 0) + 1

    def claim_stored(self, record: ClaimRecord, *, focus: bool = False) -> None:
        if self._document is not None and record.document_id == self._document.id:
            self._put(record)
            self.claimChanged.emit(record)
            if focus and not self._switching:
                self.set_current_claim(record.id)
            self.documentCountsChanged.emit(record.document_id, dict(self._counts))
        else:
            self.documentsChanged.emit()

    def claim_deleted(self, claim_id: int, document_id: int) -> None:
        if self._forget(claim_id):
            self.documentCountsChanged.emit(document_id, dict(self._counts))
        else:
            self.documentsChanged.emit()

    def _forget(self, claim_id: int) -> bool:
        """Drop a deleted claim from the open document; False if it was not in it."""
        gone = self._claims.pop(claim_id, None)
        if gone is None:
            return False
        self._counts[gone.verdict] -= 1
        if self._current == claim_id:
            self.set_current_claim(None)
        self.claimRemoved.emit(claim_id)
        return True

    def sources_stored(self, claim_id: int, document_id: int, *, delta: int,
                       bumped: bool = True) -> None:
        """Our own source change is stored; ``bumped``: it moved the claim's version on."""
        claim = self._claims.get(claim_id)
        if claim is not None:
            if delta or bumped:
                # A source change moves the claim's version on by one, so the next edit is
                # based on it (not refused as if a colleague had made this change).
                claim = dataclasses.replace(
                    claim, source_count=max(0, claim.source_count + delta),
                    version=claim.version + (1 if bumped else 0))
                self._own[("claim", claim_id)] = claim.version
                self._put(claim)
                self.claimChanged.emit(claim)
            self.set_current_claim(claim_id)
        self.sourcesChanged.emit(claim_id)

    def command_failed(self, command: QUndoCommand, error: BaseException | None, *,
                       undoing: bool = False) -> None:
        """A command's store call raised: report it and show what the database holds."""
        message = str(error) if error is not None else "An unexpected error stopped that action."
        self._failure = message
        conflict = None
        if isinstance(error, ConcurrentEdit):
            self._colleague_changed(error.claim_id)
            conflict = Conflict(command.text(), undoing, error,
                                self._retry_of(command, undoing))
        elif error is not None:
            self._report(f"{command.text()} failed. {message}")
        # Views may have been told about part of it; show what is really stored.
        self.reload()
        if conflict is not None:
            self.last_conflict = conflict
            self.conflictOccurred.emit(conflict)

    def _retry_of(self, command: QUndoCommand, undoing: bool) -> Callable[[], bool] | None:
        if not isinstance(command, commands.StoreCommand):
            return None
        again = command.retry(undoing)
        if again is None:
            return None
        return lambda: self.push(again)

    # -- changes made by others --------------------------------------------------------

    def apply_remote_changes(self, changes: Sequence[Change]) -> None:
        """Show what colleagues committed: re-read only the claims they changed.

        The current claim, the views' selection and scroll position and a note being
        typed stay as they are (the editor keeps unsaved text; saving it later is based on
        the version it was typed against).
        """
        if not changes:
            return
        document_id = self.document_id
        library = reload = False
        touched: dict[int, bool] = {}  # claim id -> its sources changed
        for change in changes:
            if change.kind is ChangeKind.LIBRARY or change.document_id != document_id:
                library = True
            elif change.kind is ChangeKind.CLAIMS or change.claim_id is None:
                reload = True
                self._colleague_changed(None)
            else:
                self._colleague_changed(change.claim_id)
                touched[change.claim_id] = (touched.get(change.claim_id, False)
                                            or change.kind is ChangeKind.SOURCES)
        if document_id is not None and library and not self._document_exists(document_id):
            self.close_document()
        elif reload or len(touched) > REMOTE_RELOAD_THRESHOLD:
            self.reload()
        elif touched and document_id is not None:
            for claim_id, sources in touched.items():
                self._refresh_claim(claim_id, sources=sources)
            self.documentCountsChanged.emit(document_id, dict(self._counts))
        if library:
            self.documentsChanged.emit()
        self.remoteChangesApplied.emit(list(changes))

    def _refresh_claim(self, claim_id: int, *, sources: bool) -> None:
        try:
            record = self._store.claim(claim_id)
        except NotFound:
            self._forget(claim_id)
            return
        except StoreError:
            return  # a busy moment; the next change brings it
        if record.document_id != self.document_id:
            return
        self._put(record)
        self.claimChanged.emit(record)
        if sources:
            self.sourcesChanged.emit(claim_id)

    def _document_exists(self, document_id: int) -> bool:
        try:
            self._store.document(document_id)
        except NotFound:
            return False
        except StoreError:
            return True
        return True

    # -- helpers -----------------------------------------------------------------------

    def _set_claims(self, claims: Sequence[ClaimRecord]) -> None:
        self._claims = {c.id: c for c in claims}
        self._counts = dict.fromkeys(Verdict, 0)
        for claim in self._claims.values():
            self._counts[claim.verdict] += 1

    def _put(self, record: ClaimRecord) -> None:
        old = self._claims.get(record.id)
        if old is not None:
            self._counts[old.verdict] -= 1
        self._claims[record.id] = record
        self._counts[record.verdict] += 1

    def _stack_for(self, document_id: int | None) -> QUndoStack:
        key = -1 if document_id is None else document_id
        stack = self._stacks.get(key)
        if stack is None:
            stack = QUndoStack(self.undo_group)
            self._stacks[key] = stack
        return stack

    def _read(self, call: Callable[[], T]) -> T | None:
        try:
            return call()
        except StoreError as exc:
            self._report(str(exc))
            return None

    def _report(self, message: str) -> None:
        self.errorOccurred.emit(message)
