"""The store: one public method per user action, each run as one transaction.

Methods return immutable records (annotator.domain.records), never ORM objects, so
callers (UI, CLI, exporters) never hold a session. Errors come out as StoreError
subclasses whose text is fit for a dialog.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from annotator.domain.anchor import text_sha256
from annotator.domain.changes import ChangeKind
from annotator.domain.library import ClaimQuery, DeletionWeight, LibraryCounts, SearchResult
from annotator.domain.records import (
    DocumentMetadata,
    DocumentRecord,
    DocumentSnapshot,
    DocumentSummary,
    ImportOutcome,
)
from annotator.store import convert, document_ops, reads, search, versions
from annotator.store.claim_actions import ClaimActions
from annotator.store.core import default_author
from annotator.store.engine import make_engine, read_only_url
from annotator.store.errors import NotFound, StoreError
from annotator.store.identify import inspect_library, write_refusal
from annotator.store.migrate import head_revision, upgrade_database
from annotator.store.models import Document
from annotator.store.rows import check_text, get_row
from annotator.store.source_actions import SourceActions

__all__ = ["Store", "default_author"]


class Store(ClaimActions, SourceActions, versions.VersionActions):
    """A library of documents and their claims in one database: opening it and the actions
    on articles and across the library here; claims (annotator.store.claim_actions),
    sources (source_actions) and versions of a text (versions.VersionActions) in their own
    modules, on the foundation in annotator.store.core."""

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path, *, author: str | None = None) -> Store:
        """Open (creating if needed) and migrate the database at a path or URL.

        A library file is identified and checked through a read-only connection first;
        on a read-only medium, or when damaged, it is opened for reading only.
        """
        text = str(target)
        if "://" not in text:
            path = Path(text).expanduser()
            found = inspect_library(path, head_revision())
            refusal = write_refusal(found, path)
            if refusal is not None:
                if found.revision != head_revision():
                    raise type(refusal)(
                        f"{refusal} It was also made by an older version (schema "
                        f"{found.revision}) and must be upgraded before use, which needs "
                        "writing to it."
                    )
                engine = make_engine(read_only_url(path, immutable=found.immutable),
                                     read_only=True)
                return cls(engine, author=author, refusal=refusal)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the folder for {path}: {exc.strerror}. Choose another "
                    "location with --db or ANNOTATOR_DB."
                ) from exc
        engine = make_engine(target)
        store = cls(engine, author=author)
        try:
            upgrade_database(engine, label=store.label)
        except DBAPIError as exc:
            engine.dispose()
            raise store._translate(exc) from exc
        except BaseException:
            engine.dispose()
            raise
        return store

    # -- documents -------------------------------------------------------------------

    def import_document(self, title: str, text: str, origin: str | None = None, *,
                        metadata: DocumentMetadata | None = None) -> ImportOutcome:
        """Add a text (once: the same text again returns the stored one).

        ``metadata`` (from the HTML page, say) fills the article's record; its title, when
        there is one, wins over ``title``.
        """
        check_text(text)
        sha = text_sha256(text)
        with self.transaction(write=True) as s:
            existing = s.scalars(select(Document).where(Document.sha256 == sha)).first()
            if existing is not None:
                return ImportOutcome(_summary(s, existing), created=False)
            fields = {}
            if metadata is not None:
                metadata = replace(metadata, title=metadata.title.strip() or title or "Untitled")
                fields = {name: getattr(metadata.cleaned(), name)
                          for name in document_ops.METADATA_FIELDS}
            fields.setdefault("title", title.strip() or "Untitled")
            row = Document(text=text, sha256=sha, origin=origin, **fields)
            s.add(row)
            s.flush()
            self.log_change(s, ChangeKind.LIBRARY, row.id)
            versions.current_version(s, row)  # its version 1
            return ImportOutcome(_summary(s, row), created=True)

    def list_documents(self) -> list[DocumentSummary]:
        with self.reading() as connection:
            return reads.document_summaries(connection)

    def document(self, document_id: int) -> DocumentRecord:
        with self.transaction() as s:
            return convert.document_record(get_row(s, Document, document_id, "document"))

    def find_document(self, key: str) -> DocumentRecord:
        """By id, uuid, or unique title (for the CLI)."""
        with self.transaction() as s:
            query = select(Document).where(
                (Document.uuid == key) | (Document.title == key)
                | (Document.id == (int(key) if key.isdigit() else -1))
            )
            rows = s.scalars(query).all()
            if not rows:
                raise NotFound(f"No document matches {key!r}. Run 'annotator list' to see them.")
            if len(rows) > 1:
                raise NotFound(f"{len(rows)} documents match {key!r}; use the id instead.")
            return convert.document_record(rows[0])

    def update_document(self, document_id: int, metadata: DocumentMetadata) -> DocumentRecord:
        """Set an article's title, URL, outlet, authors, date, language and note."""
        with self.transaction(write=True) as s:
            record = document_ops.update_metadata(s, document_id, metadata)
            self.log_change(s, ChangeKind.LIBRARY, document_id)
            return record

    def deletion_weight(self, document_id: int) -> DeletionWeight:
        """How many claims and sources deleting the article takes with it."""
        with self.transaction() as s:
            return document_ops.deletion_weight(s, document_id)

    def delete_document(self, document_id: int) -> DocumentSnapshot:
        """Delete an article with its claims; the snapshot lets restore_document undo it."""
        with self.transaction(write=True) as s:
            snapshot = document_ops.delete_document(s, document_id)
            self.log_change(s, ChangeKind.LIBRARY, document_id)
        self._texts.pop(document_id, None)
        return snapshot

    def restore_document(self, snapshot: DocumentSnapshot) -> DocumentRecord:
        with self.transaction(write=True) as s:
            record = document_ops.restore_document(s, snapshot)
            self.log_change(s, ChangeKind.LIBRARY, record.id)
            return record

    # -- across the library ----------------------------------------------------------

    def search_claims(self, query: ClaimQuery, *, limit: int = search.DEFAULT_LIMIT
                      ) -> SearchResult:
        """Claims of the whole library matching the query, best first (at most ``limit``)."""
        with self.transaction() as s:
            return search.search(s.connection(), query, indexed=self.has_search_index(s),
                                 limit=limit)

    def library_counts(self) -> LibraryCounts:
        with self.transaction() as s:
            return search.library_counts(s.connection())

    def claim_authors(self) -> list[str]:
        with self.transaction() as s:
            return search.claim_authors(s.connection())

    def has_search_index(self, session: Session | None = None) -> bool:
        if self._indexed is None:
            from annotator.store.search_index import installed

            if session is not None:
                self._indexed = installed(session.connection())
            else:
                with self.engine.connect() as connection:
                    self._indexed = installed(connection)
        return self._indexed


def _summary(session: Session, row: Document) -> DocumentSummary:
    counts = reads.verdict_counts(session, row.id).get(row.id, {})
    return DocumentSummary(id=row.id, uuid=row.uuid, title=row.title,
                           imported_at=row.imported_at, outlet=row.outlet, authors=row.authors,
                           published=row.published, unchecked=counts.get("unchecked", 0),
                           verified=counts.get("verified", 0), disputed=counts.get("disputed", 0),
                           attention=reads.attention_counts(session, row.id).get(row.id, 0))
