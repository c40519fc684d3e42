"""The store: one public method per user action, each run as one transaction.

Methods return immutable records (annotator.domain.records), never ORM objects, so
callers (UI, CLI, exporters) never hold a session. Errors come out as StoreError
subclasses whose text is fit for a dialog.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, Table, func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from annotator.domain.anchor import make_anchor, text_sha256
from annotator.domain.changes import ChangeKind
from annotator.domain.history import SOURCE_FIELDS, HistoryField
from annotator.domain.library import ClaimQuery, DeletionWeight, LibraryCounts, SearchResult
from annotator.domain.records import (
    ClaimRecord,
    ClaimSnapshot,
    DocumentMetadata,
    DocumentRecord,
    DocumentSnapshot,
    DocumentSummary,
    HistoryEntry,
    ImportOutcome,
    SourceInput,
    SourceRecord,
)
from annotator.domain.text import has_visible_text
from annotator.domain.urls import normalise_web_address
from annotator.domain.verdict import Stance, Verdict
from annotator.store import convert, document_ops, reads, search, versions
from annotator.store.engine import make_engine, read_only_url, refuse_writes, sqlite_path, writer
from annotator.store.errors import (
    SQLITE_READONLY,
    ConcurrentEdit,
    DatabaseCorrupt,
    NotFound,
    StoreError,
    classify,
    primary_code,
)
from annotator.store.identify import damaged, inspect_library, quick_check, write_refusal
from annotator.store.migrate import head_revision, upgrade_database
from annotator.store.models import (
    ChangeRow,
    Claim,
    ClaimHistory,
    Document,
    Source,
    new_uuid,
    utcnow,
)

Row = TypeVar("Row")

# Prebuilt statements for the hot path; parameters come at execute time so the compiled
# form is cached once.
_CLAIMS: Table = Claim.__table__  # type: ignore[assignment]
_INSERT_CLAIM = insert(_CLAIMS).returning(_CLAIMS.c.id)
_INSERT_HISTORY = insert(ClaimHistory.__table__)  # type: ignore[arg-type]
_INSERT_CHANGE = insert(ChangeRow.__table__)  # type: ignore[arg-type]


def default_author() -> str:
    name = os.environ.get("ANNOTATOR_AUTHOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "editor"


class Store(versions.VersionActions):
    """A library of documents and their claims in one database (versions of a text:
    annotator.store.versions.VersionActions)."""

    def __init__(self, engine: Engine, *, author: str | None = None,
                 refusal: StoreError | None = None) -> None:
        """``refusal``: the library is read-only, and this says why to every write."""
        self.engine = engine
        self.author = author or default_author()
        self.author_email = ""  # optional, from the app's preferences
        self.label = str(sqlite_path(engine) or engine.url.render_as_string(hide_password=True))
        self.origin = new_uuid()  # marks this Store's rows in the change log
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(writer(engine), expire_on_commit=False)
        self._texts: dict[int, tuple[str, str, int | None]] = {}
        self._refusal = refusal
        self._indexed: bool | None = None  # has the full-text index (store.search_index)

    @property
    def read_only(self) -> bool:
        """Opened for reading only (a read-only medium or file, or a damaged library)."""
        return self._refusal is not None

    @property
    def read_only_reason(self) -> str:
        return str(self._refusal) if self._refusal is not None else ""

    @property
    def path(self) -> Path | None:
        """The library file; None for a database server."""
        return sqlite_path(self.engine)

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

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back and translates errors.

        ``write=True`` for every transaction that may write: on SQLite it takes the write
        lock first (BEGIN IMMEDIATE), waiting up to the busy timeout for other writers,
        instead of failing when a read transaction tries to become a writer. Reads stay
        deferred and never wait.
        """
        sessions = self._writes if write else self._sessions
        try:
            with sessions.begin() as session:
                yield session
        except StaleDataError as exc:
            raise ConcurrentEdit() from exc
        except DBAPIError as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read-only unit on a Core connection (no Session): for the hot reads."""
        try:
            with self.engine.connect() as connection, connection.begin():
                yield connection
        except DBAPIError as exc:
            raise self._translate(exc) from exc

    def _text_of(self, session: Session, document_id: int) -> tuple[str, str]:
        """A document's current (text, sha256), cached per version: a text changes only by
        a new version, and the version number is an index-only read."""
        number = versions.current_number(session, document_id)
        cached = self._texts.get(document_id)
        if cached is None or cached[2] != number:
            row = session.execute(
                select(Document.text, Document.sha256).where(Document.id == document_id)
            ).first()
            if row is None:
                raise NotFound(f"That document (#{document_id}) no longer exists.")
            cached = self._texts[document_id] = (row.text, row.sha256, number)
        elif number is None and session.scalar(
            select(Document.id).where(Document.id == document_id)
        ) is None:
            raise NotFound(f"That document (#{document_id}) no longer exists.")
        return cached[0], cached[1]

    def _translate(self, exc: DBAPIError) -> Exception:
        if self._refusal is not None and primary_code(exc.orig) == SQLITE_READONLY:
            return type(self._refusal)(str(self._refusal))
        error = classify(exc, self.label)
        if isinstance(error, DatabaseCorrupt) and self._refusal is None:
            self._check_health()
        return error or exc

    def _check_health(self) -> None:
        """After a "damaged" error: if quick_check confirms it, refuse every later write."""
        path = sqlite_path(self.engine)
        if path is None:
            return
        try:
            damage = quick_check(path)
        except sqlite3.Error:
            return  # the check itself could not run (locked, ...): the error stands alone
        if damage:
            self._refusal = damaged(path, damage)
            refuse_writes(self.engine)

    def log_change(
        self, session: Session, kind: ChangeKind, document_id: int, claim_id: int | None = None
    ) -> None:
        """Tell other windows (annotator.store.feed) what this transaction changed."""
        session.execute(_INSERT_CHANGE, {
            "at": utcnow(), "origin": self.origin, "author": self.author, "kind": kind.value,
            "document_id": document_id, "claim_id": claim_id,
        })

    def _history(self, session: Session, claim_id: int, field: HistoryField, old: str = "",
                 new: str = "") -> None:
        session.execute(_INSERT_HISTORY, {"claim_id": claim_id, "at": utcnow(),
                                          "author": self.author, "field": field.value,
                                          "old": old, "new": new})

    # -- documents -------------------------------------------------------------------

    def import_document(self, title: str, text: str, origin: str | None = None, *,
                        metadata: DocumentMetadata | None = None) -> ImportOutcome:
        """Add a text (once: the same text again returns the stored one).

        ``metadata`` (from the HTML page, say) fills the article's record; its title, when
        there is one, wins over ``title``.
        """
        _check_text(text)
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
            return convert.document_record(_get(s, Document, document_id, "document"))

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

    # -- claims ----------------------------------------------------------------------

    def create_claim(
        self, document_id: int, start: int, end: int, *, verdict: Verdict = Verdict.UNCHECKED,
        note: str = "", sources: Sequence[SourceInput] = (),
    ) -> ClaimRecord:
        """A new claim on text[start:end] (code points), with any first sources, atomically.

        The hot path of the editor (one per keystroke-made claim), so it writes with Core
        INSERT ... RETURNING instead of the ORM unit of work: about half the time.
        """
        with self.transaction(write=True) as s:
            text, sha = self._text_of(s, document_id)
            anchor = make_anchor(text, start, end, doc_sha256=sha)
            now = utcnow()
            uuid = new_uuid()
            values = {
                "uuid": uuid, "document_id": document_id, "start": anchor.start,
                "end": anchor.end, "exact": anchor.exact, "prefix": anchor.prefix,
                "suffix": anchor.suffix, "doc_sha256": anchor.doc_sha256,
                "verdict": Verdict(verdict).value, "note": note, "author": self.author,
                "created_at": now, "modified_at": now, "version": 1, "review_note": "",
                "reviewer": "", "review_conflict": False, "review_reply": "",
            }
            claim_id = s.execute(_INSERT_CLAIM, values).scalar_one()
            s.execute(_INSERT_HISTORY, {"claim_id": claim_id, "at": now, "author": self.author,
                                        "field": HistoryField.CREATED.value, "old": "",
                                        "new": values["verdict"]})
            for source in sources:
                s.add(_source_row(_complete_passage(s, source), claim_id=claim_id))
            self.log_change(s, ChangeKind.CLAIM, document_id, claim_id)
            s.flush()
            return ClaimRecord(
                id=claim_id, uuid=uuid, document_id=document_id, start=anchor.start,
                end=anchor.end, exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix,
                doc_sha256=anchor.doc_sha256, verdict=Verdict(verdict), note=note,
                author=self.author, created_at=now, modified_at=now, version=1,
                source_count=len(sources),
            )

    def claim(self, claim_id: int) -> ClaimRecord:
        with self.transaction() as s:
            return _claim_with_count(s, _get(s, Claim, claim_id, "claim"))

    def claims(self, document_id: int | None = None) -> list[ClaimRecord]:
        """The claims of a document (all when None) in text order, read as plain rows."""
        with self.reading() as connection:
            return reads.read_claims(connection, document_id)

    def set_verdict(
        self, claim_id: int, verdict: Verdict, *, expected_version: int | None = None
    ) -> ClaimRecord:
        return self._change(claim_id, HistoryField.VERDICT, Verdict(verdict).value,
                            expected_version)

    def set_note(
        self, claim_id: int, note: str, *, expected_version: int | None = None
    ) -> ClaimRecord:
        return self._change(claim_id, HistoryField.NOTE, note, expected_version)

    def _change(
        self, claim_id: int, field: HistoryField, value: str, expected_version: int | None
    ) -> ClaimRecord:
        with self.transaction(write=True) as s:
            row = _claim_for_edit(s, claim_id, expected_version)
            old = getattr(row, field)
            if old != value:
                now = utcnow()
                setattr(row, field, value)
                row.modified_at = now
                row.history.append(ClaimHistory(at=now, author=self.author,
                                                field=field.value, old=old, new=value))
                self.log_change(s, ChangeKind.CLAIM, row.document_id, row.id)
                s.flush()
            return _claim_with_count(s, row)

    def delete_claim(
        self, claim_id: int, *, expected_version: int | None = None
    ) -> ClaimSnapshot:
        """Delete a claim with its sources; the snapshot lets restore_claim undo it."""
        with self.transaction(write=True) as s:
            row = _claim_for_edit(s, claim_id, expected_version)
            snapshot = ClaimSnapshot(
                claim=convert.claim_record(row, len(row.sources)),
                sources=tuple(convert.source_record(src) for src in row.sources),
                history=tuple(convert.history_entry(h) for h in row.history),
            )
            s.delete(row)
            self.log_change(s, ChangeKind.CLAIM, row.document_id, claim_id)
            return snapshot

    def restore_claim(self, snapshot: ClaimSnapshot) -> ClaimRecord:
        """Put a deleted claim back with the same ids, uuid, sources and history."""
        c = snapshot.claim
        with self.transaction(write=True) as s:
            _get(s, Document, c.document_id, "document")
            row = Claim(
                id=c.id, uuid=c.uuid, document_id=c.document_id, start=c.start, end=c.end,
                exact=c.exact, prefix=c.prefix, suffix=c.suffix, doc_sha256=c.doc_sha256,
                verdict=c.verdict.value, note=c.note, author=c.author,
                created_at=c.created_at, modified_at=c.modified_at,
                review_status=c.review_status.value if c.review_status else None,
                review_note=c.review_note, reviewer=c.reviewer, reviewed_at=c.reviewed_at,
                review_conflict=c.review_conflict,
                reviewer_verdict=c.reviewer_verdict.value if c.reviewer_verdict else None,
                review_seen_verdict=(c.review_seen_verdict.value if c.review_seen_verdict
                                     else None),
                review_seen_note=c.review_seen_note, review_seen_at=c.review_seen_at,
                review_reply=c.review_reply,
                anchor_state=c.anchor_state.value,
            )
            row.history = [
                ClaimHistory(id=h.id, at=h.at, author=h.author, field=h.field, old=h.old,
                             new=h.new)
                for h in snapshot.history
            ]
            s.add(row)
            s.flush()
            for src in snapshot.sources:
                s.add(_source_row(src.as_input(), claim_id=row.id, uuid=src.uuid, id=src.id,
                                  created_at=src.created_at))
            s.flush()
            # The ORM numbers a new row's version 1; the restored claim keeps its own so that
            # stale editors and review files still see it as the version they knew.
            s.execute(update(Claim).where(Claim.id == row.id).values(version=c.version)
                      .execution_options(synchronize_session=False))
            s.expire(row)
            self.log_change(s, ChangeKind.CLAIM, c.document_id, c.id)
            return convert.claim_record(row, len(snapshot.sources))

    def history(self, claim_id: int) -> list[HistoryEntry]:
        with self.transaction() as s:
            rows = s.scalars(
                select(ClaimHistory).where(ClaimHistory.claim_id == claim_id)
                .order_by(ClaimHistory.at, ClaimHistory.id)
            ).all()
            return [convert.history_entry(h) for h in rows]

    # -- sources ---------------------------------------------------------------------

    def sources(self, claim_id: int) -> list[SourceRecord]:
        with self.transaction() as s:
            rows = s.scalars(
                select(Source).where(Source.claim_id == claim_id).order_by(Source.id)
            ).all()
            return [convert.source_record(r) for r in rows]

    def add_source(
        self, claim_id: int, source: SourceInput, *, expected_version: int | None = None
    ) -> SourceRecord:
        """Attach a source; ``expected_version`` is the claim's version the editor saw."""
        with self.transaction(write=True) as s:
            claim = _claim_for_edit(s, claim_id, expected_version)
            row = _source_row(_complete_passage(s, source), claim_id=claim.id)
            s.add(row)
            s.flush()
            self._source_changed(s, claim, HistoryField.SOURCE_ADDED, new=_label(row))
            return convert.source_record(row)

    def update_source(
        self, source_id: int, source: SourceInput, *, expected_version: int | None = None
    ) -> SourceRecord:
        """Change a source; ``expected_version`` is the source's version the editor saw."""
        with self.transaction(write=True) as s:
            claim, row = self._source_for_edit(s, source_id, expected_version)
            before = _label(row)
            complete = _complete_passage(s, source)
            for name in ("url", "title", "publisher", "excerpt", "accessed_at",
                         "passage_document_id", "passage_start", "passage_end"):
                setattr(row, name, getattr(complete, name))
            row.stance = Stance(complete.stance).value
            if s.is_modified(row):
                s.flush()
                self._source_changed(s, claim, HistoryField.SOURCE_EDITED, before, _label(row))
            return convert.source_record(row)

    def remove_source(
        self, source_id: int, *, expected_version: int | None = None
    ) -> SourceRecord:
        """Remove a source; the returned record lets restore_source undo it."""
        with self.transaction(write=True) as s:
            claim, row = self._source_for_edit(s, source_id, expected_version)
            record = convert.source_record(row)
            s.delete(row)
            self._source_changed(s, claim, HistoryField.SOURCE_REMOVED, old=_label(row))
            return record

    def restore_source(self, record: SourceRecord) -> SourceRecord:
        """Put a removed source back with the same id, uuid and version (undo of remove)."""
        with self.transaction(write=True) as s:
            claim = _claim_for_edit(s, record.claim_id, None)
            row = _source_row(record.as_input(), claim_id=claim.id, uuid=record.uuid,
                              id=record.id, created_at=record.created_at)
            s.add(row)
            s.flush()
            s.execute(update(Source).where(Source.id == row.id).values(version=record.version)
                      .execution_options(synchronize_session=False))
            s.expire(row)
            self._source_changed(s, claim, HistoryField.SOURCE_ADDED, new=_label(row))
            return convert.source_record(row)

    def _source_for_edit(
        self, session: Session, source_id: int, expected_version: int | None
    ) -> tuple[Claim, Source]:
        # Lock the claim before its source, the order every writer of a claim uses
        # (deleting a claim locks the claim, then cascades to its sources).
        claim_id = session.scalar(select(Source.claim_id).where(Source.id == source_id))
        if claim_id is None:
            raise NotFound(f"That source (#{source_id}) no longer exists; "
                           "it may have been removed.")
        claim = _claim_for_edit(session, claim_id, None)
        row = _get(session, Source, source_id, "source", lock=True)
        if expected_version is not None and row.version != expected_version:
            raise _refusal(session, "source", claim_id, row.version, fields=SOURCE_FIELDS)
        return claim, row

    def _source_changed(self, session: Session, claim: Claim, field: HistoryField,
                        old: str = "", new: str = "") -> None:
        _touch(claim)  # the claim's version moves on with its sources
        self._history(session, claim.id, field, old, new)
        self.log_change(session, ChangeKind.SOURCES, claim.document_id, claim.id)
        session.flush()


# -- helpers -------------------------------------------------------------------------


def _check_text(text: str) -> None:
    if "\r" in text:
        # Qt would count "\r\n" as one character and shift every claim after it.
        raise ValueError("The text has carriage returns; normalise its line endings "
                         "(annotator.io.importers does) before adding it to the library.")
    if not has_visible_text(text):
        raise ValueError("The text is empty or invisible (only spaces, zero-width or "
                         "control characters); there is nothing to fact-check.")


def _get(session: Session, model: type[Row], key: int, what: str, *, lock: bool = False) -> Row:
    # lock: SELECT ... FOR UPDATE on PostgreSQL, so concurrent writers of one row queue up
    # and each reads what the previous one committed (SQLite's write lock already does).
    row = session.get(model, key, with_for_update=lock or None)
    if row is None:
        raise NotFound(f"That {what} (#{key}) no longer exists; it may have been deleted.")
    return row


def _claim_for_edit(session: Session, claim_id: int, expected_version: int | None) -> Claim:
    """The claim, locked for this transaction; refused if it moved past expected_version."""
    row = _get(session, Claim, claim_id, "claim", lock=True)
    if expected_version is not None and row.version != expected_version:
        raise _refusal(session, "claim", claim_id, row.version)
    return row


def _refusal(session: Session, what: str, claim_id: int, version: int,
             fields: frozenset[HistoryField] | None = None) -> ConcurrentEdit:
    """A ConcurrentEdit naming the latest change (author, field, time) of the claim."""
    query = select(ClaimHistory).where(ClaimHistory.claim_id == claim_id)
    if fields is not None:
        query = query.where(ClaimHistory.field.in_([f.value for f in fields]))
    latest = session.scalars(query.order_by(ClaimHistory.id.desc()).limit(1)).first()
    return ConcurrentEdit(what, change=convert.history_entry(latest) if latest else None,
                          claim_id=claim_id, version=version)


def _label(source: Source) -> str:
    """How a source is named in history: its title, else its URL, else its excerpt."""
    return source.title or source.url or source.excerpt or source.publisher


def _touch(claim: Claim) -> None:
    claim.modified_at = utcnow()


def _claim_with_count(session: Session, row: Claim) -> ClaimRecord:
    count = session.scalar(select(func.count(Source.id)).where(Source.claim_id == row.id))
    return convert.claim_record(row, count or 0)


def _summary(session: Session, row: Document) -> DocumentSummary:
    counts = reads.verdict_counts(session, row.id).get(row.id, {})
    return DocumentSummary(id=row.id, uuid=row.uuid, title=row.title,
                           imported_at=row.imported_at, outlet=row.outlet, authors=row.authors,
                           published=row.published, unchecked=counts.get("unchecked", 0),
                           verified=counts.get("verified", 0), disputed=counts.get("disputed", 0))


def _complete_passage(session: Session, source: SourceInput) -> SourceInput:
    """Validate a source, complete its web address, fill a passage's excerpt and title."""
    url = normalise_web_address(source.url)
    if url != source.url:
        source = replace(source, url=url)
    if source.passage_document_id is None:
        if not any((source.url.strip(), source.title.strip(), source.excerpt.strip(),
                    source.publisher.strip())):
            raise ValueError("A source needs at least a URL, a title, an excerpt or a passage.")
        return source
    doc = _get(session, Document, source.passage_document_id, "document")
    start, end = source.passage_start, source.passage_end
    if start is None or end is None or not 0 <= start < end <= len(doc.text):
        raise ValueError("The linked passage is outside the text of its document.")
    return SourceInput(
        url=source.url, title=source.title or doc.title, publisher=source.publisher,
        excerpt=source.excerpt or doc.text[start:end], stance=source.stance,
        accessed_at=source.accessed_at, passage_document_id=doc.id,
        passage_start=start, passage_end=end,
    )


def _source_row(source: SourceInput, *, claim_id: int, **fixed: object) -> Source:
    return Source(
        claim_id=claim_id, url=source.url.strip(), title=source.title.strip(),
        publisher=source.publisher.strip(), excerpt=source.excerpt,
        stance=Stance(source.stance).value, accessed_at=source.accessed_at.strip(),
        passage_document_id=source.passage_document_id, passage_start=source.passage_start,
        passage_end=source.passage_end, **fixed,
    )

