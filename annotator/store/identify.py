"""Before anything touches a library file: is it ours, can it be written, is it healthy?

Everything here reads through a read-only connection (or plain file reads), so a file that
turns out to be someone else's, or damaged, or on a read-only medium, is left byte-for-byte
as it was. A library is identified positively: SQLite's ``application_id`` header field
(set on creation and by migration 0003) or, for libraries made before that, the Alembic
revision of a known schema plus the tables of the schema.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from annotator.store import engine
from annotator.store.errors import (
    DOCTOR_HINT,
    SQLITE_CANTOPEN,
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotALibrary,
    StoreError,
    classify,
    primary_code,
)
from annotator.store.sqlite_file import (
    LIBRARY_ID,
    REVIEW_FILE_ID,
    SQLITE_HEADER,
    has_journal,
    header_application_id,
    read_header,
    read_only_connection,
)

APPLICATION_ID = LIBRARY_ID  # in the header of every library file
LIBRARY_TABLES = frozenset({"documents", "claims", "sources", "claim_history", "alembic_version"})
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
"""Libraries up to this size (file plus WAL) get ``PRAGMA quick_check`` on every open
(about 1 s per 100 MB here); bigger ones when an error says "damaged", and by
``annotator doctor``."""
_DAMAGE_LINES = 3


@dataclass(frozen=True, slots=True)
class Inspection:
    """What the read-only look at a library file found."""

    new: bool = False  # no library yet: it will be created
    revision: str | None = None  # its Alembic revision
    read_only: bool = False  # the file or its folder cannot be written
    immutable: bool = False  # a read-only medium where even the WAL index cannot be made
    damage: str = ""  # what quick_check reported, "" when healthy or not checked


def inspect_library(path: Path, head: str) -> Inspection:
    """Identify the file at ``path``; raise a StoreError if it must not be opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Inspection(new=True)
    except OSError as exc:
        raise StoreError(f"Cannot read the library {path}: {exc.strerror}.") from exc
    if not stat.S_ISREG(info.st_mode):
        raise NotALibrary(f"{path} is not a file; choose a library file with --db.")
    read_only = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    if info.st_size == 0:
        if read_only:
            raise DatabaseReadOnly(f"The library {path} is empty and cannot be written "
                                   "(read-only file or disk); choose another file with --db.")
        return Inspection(new=True)
    _check_foreign_header(path)
    # With no -wal or -journal beside it, the main file holds everything: read it as an
    # immutable file, which creates no -shm/-wal beside it and takes no lock.
    immutable = not has_journal(path)
    try:
        facts = _read_facts(path, immutable=immutable)
    except sqlite3.Error as exc:
        if not (read_only and primary_code(exc) == SQLITE_CANTOPEN):
            raise _refusal(exc, path) from exc
        # A WAL library on a read-only medium whose -shm cannot be made: read it as is.
        immutable = True
        try:
            facts = _read_facts(path, immutable=True)
        except sqlite3.Error as again:
            raise _refusal(again, path) from again
    revision = _identify(path, facts, head)
    if revision is None:
        if read_only:
            raise DatabaseReadOnly(f"The library {path} is empty and cannot be written "
                                   "(read-only file or disk); choose another file with --db.")
        return Inspection(new=True)
    damage = ""
    size = info.st_size + _size(Path(f"{path}-wal"))
    if size <= QUICK_CHECK_MAX_BYTES:
        try:
            damage = quick_check(path, immutable=immutable)
        except sqlite3.Error as exc:
            raise _refusal(exc, path) from exc
    return Inspection(revision=revision, read_only=read_only, immutable=immutable,
                      damage=damage)


@dataclass(frozen=True, slots=True)
class _Facts:
    application_id: int
    tables: frozenset[str]
    revision: str | None


def _check_foreign_header(path: Path) -> None:
    """Refuse what is not SQLite, or is SQLite marked by another program, from its header
    bytes alone."""
    try:
        header = read_header(path)
    except OSError as exc:
        raise StoreError(f"Cannot read the library {path}: {exc.strerror}.") from exc
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseCorrupt(
            f"The file {path} is not an SQLite database (it may be damaged or another kind "
            "of file). It was left untouched; choose another file with --db."
        )
    _refuse_foreign(path, header_application_id(header))


def _refuse_foreign(path: Path, application_id: int) -> None:
    if application_id == REVIEW_FILE_ID:
        raise NotALibrary(
            f"The file {path} is a review file exported by Annotator, not a library. It was "
            "left untouched; merge a reviewer's decisions with 'annotator import-review'."
        )
    if application_id not in (0, APPLICATION_ID):
        raise NotALibrary(
            f"The file {path} belongs to another program (its SQLite application id is "
            f"{application_id:#010x}), not an Annotator library. It was left untouched; "
            "choose another file with --db."
        )


def _read_facts(path: Path, *, immutable: bool) -> _Facts:
    with read_only_connection(path, immutable=immutable,
                              timeout=engine.BUSY_TIMEOUT_MS / 1000) as connection:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = frozenset(r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    return _Facts(application_id, tables, revision)


def _identify(path: Path, facts: _Facts, head: str) -> str | None:
    """The library's revision; None for an empty SQLite file (a library to create)."""
    _refuse_foreign(path, facts.application_id)
    ours = facts.application_id == APPLICATION_ID
    if not facts.tables and not ours:
        return None
    if not facts.tables >= LIBRARY_TABLES:
        if ours:
            raise DatabaseCorrupt(
                f"The library {path} is damaged: tables are missing "
                f"({', '.join(sorted(LIBRARY_TABLES - facts.tables))}). {DOCTOR_HINT}"
            )
        raise NotALibrary(
            f"The file {path} is an SQLite database of another program, not an Annotator "
            "library (it has other tables). It was left untouched; choose another file "
            "with --db."
        )
    revision = facts.revision
    if revision is None or not (revision.isdigit() and len(revision) == len(head)):
        if not ours:
            raise NotALibrary(
                f"The file {path} is an SQLite database of another program (schema "
                f"{revision!r}), not an Annotator library. It was left untouched; choose "
                "another file with --db."
            )
        raise DatabaseCorrupt(f"The library {path} has no readable schema revision. "
                              f"{DOCTOR_HINT}")
    if int(revision) > int(head):
        raise DatabaseTooNew(
            f"The database {path} was written by a newer version of Annotator "
            f"(schema {revision}; this version knows up to {head}). "
            "Update Annotator to open it; the file was left untouched."
        )
    return revision


def quick_check(path: Path, *, immutable: bool = False) -> str:
    """SQLite's quick_check through a read-only connection: "" if healthy, else the
    first problems it reports."""
    try:
        with read_only_connection(path, immutable=immutable,
                                  timeout=engine.BUSY_TIMEOUT_MS / 1000) as connection:
            rows = connection.execute(f"PRAGMA quick_check({_DAMAGE_LINES})").fetchall()
    except sqlite3.DatabaseError as exc:
        if primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return str(exc)
        raise
    problems = [str(r[0]) for r in rows]
    return "" if problems == ["ok"] else "; ".join(problems)


def _refusal(exc: sqlite3.Error, path: Path) -> StoreError:
    return classify(exc, str(path)) or DatabaseCorrupt(
        f"The file {path} cannot be read as an Annotator library ({exc}). {DOCTOR_HINT}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def write_refusal(found: Inspection, path: Path) -> StoreError | None:
    """Why the library must be opened for reading only, or None if it may be written."""
    if found.damage:
        return damaged(path, found.damage)
    if found.read_only:
        return DatabaseReadOnly(
            f"The library {path} is on a read-only disk or is a read-only file, so it was "
            "opened for reading only and nothing in it was changed. To edit it, copy it to "
            "a writable folder (or fix its permissions) and open the copy."
        )
    return None


def damaged(path: Path, detail: str) -> DatabaseCorrupt:
    return DatabaseCorrupt(
        f"The library {path} is damaged ({detail}), so it was opened for reading only and "
        f"nothing will be written to it. {DOCTOR_HINT}"
    )
