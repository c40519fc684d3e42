"""The Store's foundation: the engine, one transaction per user action, error
translation, and the change log and claim history every action writes.

The actions themselves live in mixins by subject (annotator.store.claim_actions,
source_actions, versions) and are put together in annotator.store.service.Store.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sqlalchemy import Connection, Engine, Table, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from annotator.domain.changes import ChangeKind
from annotator.domain.history import HistoryField
from annotator.store import versions
from annotator.store.engine import refuse_writes, sqlite_path, writer
from annotator.store.errors import (
    SQLITE_READONLY,
    ConcurrentEdit,
    DatabaseCorrupt,
    NotFound,
    StoreError,
    classify,
    primary_code,
)
from annotator.store.identify import damaged, quick_check
from annotator.store.models import ChangeRow, Claim, ClaimHistory, Document, new_uuid, utcnow

# Prebuilt statements for the hot path; parameters come at execute time so the compiled
# form is cached once.
CLAIMS_TABLE: Table = Claim.__table__  # type: ignore[assignment]
INSERT_HISTORY = insert(ClaimHistory.__table__)  # type: ignore[arg-type]
_INSERT_CHANGE = insert(ChangeRow.__table__)  # type: ignore[arg-type]


def default_author() -> str:
    name = os.environ.get("ANNOTATOR_AUTHOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "editor"


class StoreCore:
    """What every action of the Store stands on (see annotator.store.service.Store)."""

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

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
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
                raise NotFound(f"That document (id {document_id}) no longer exists.")
            cached = self._texts[document_id] = (row.text, row.sha256, number)
        elif number is None and session.scalar(
            select(Document.id).where(Document.id == document_id)
        ) is None:
            raise NotFound(f"That document (id {document_id}) no longer exists.")
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
        session.execute(INSERT_HISTORY, {"claim_id": claim_id, "at": utcnow(),
                                          "author": self.author, "field": field.value,
                                          "old": old, "new": new})
