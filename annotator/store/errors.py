"""Errors the store raises, each with a message a user can act on.

Environmental problems are told to the user, classified by SQLite's result code
(``sqlite_errorcode``), never by the message text: a lock, a read-only medium and a full
disk are not damage, and telling a user to restore a backup for them would make them
overwrite good work. Anything unclassified is a bug and surfaces as such.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from annotator.domain.history import conflict_message
from annotator.domain.records import HistoryEntry

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes carry the
# primary one in their low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# Below this much free space an I/O error while writing is taken for a full disk (SQLite
# reports a full disk met while growing its -shm file as SQLITE_IOERR_SHMSIZE).
_NEARLY_FULL_BYTES = 1024 * 1024
DOCTOR_HINT = "Run 'annotator doctor' to see what is damaged and to recover what can be " \
    "recovered into a new file; the damaged file is left as it is."


class StoreError(Exception):
    """Base class: str(error) is a complete sentence for an error dialog or stderr."""


class NotFound(StoreError):
    pass


class ConcurrentEdit(StoreError):
    """A stale edit was refused: the claim (or source) moved on since the editor read it.

    ``change`` is the colleague's latest change (author, field, time) when known, so the
    message reads "Dana set this claim to Verified at 14:02. Your change was not saved.";
    ``claim_id`` and ``version`` say what to reload and which version a retry is based on.
    """

    def __init__(
        self, what: str = "claim", *, change: HistoryEntry | None = None,
        claim_id: int | None = None, version: int | None = None,
    ) -> None:
        super().__init__(conflict_message(change, what))
        self.what = what
        self.change = change
        self.claim_id = claim_id
        self.version = version  # the current version of the refused claim or source

    @property
    def author(self) -> str | None:
        return self.change.author if self.change else None

    @property
    def field(self) -> str | None:
        return self.change.field if self.change else None

    @property
    def at(self) -> datetime | None:
        return self.change.at if self.change else None


class DatabaseLocked(StoreError):
    pass


class DatabaseCorrupt(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


class DatabaseFull(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    pass


class NotALibrary(DatabaseUnavailable):
    """Another program's file: refused before anything in it is changed."""


def sqlite_code(error: BaseException | None) -> int | None:
    """SQLite's extended result code of a driver error, or None for other drivers."""
    code = getattr(error, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def primary_code(error: BaseException | None) -> int | None:
    code = sqlite_code(error)
    return None if code is None else code & 0xFF


def classify(error: DBAPIError | sqlite3.Error, where: str) -> StoreError | None:
    """Map a driver error to a user-facing StoreError, or None if it looks like a bug.

    ``where`` names the library (its path for SQLite) in the message.
    """
    orig = error.orig if isinstance(error, DBAPIError) else error
    code = primary_code(orig)
    if code is None:
        return _classify_other(error, orig, where)
    name = getattr(orig, "sqlite_errorname", "") or f"SQLite error {code}"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLocked(
            f"The library {where} is locked by another program (or another copy of "
            "Annotator) that is using it. Close that program or wait a moment and try "
            "again; the library is fine and nothing was lost."
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return DatabaseReadOnly(
            f"The library {where} cannot be written: the file or its disk is read-only. "
            "Your last change was not saved; the library itself is fine. Move it to a "
            "writable folder or fix its permissions."
        )
    if code == SQLITE_FULL or (code == SQLITE_IOERR and _disk_nearly_full(where)):
        return DatabaseFull(
            f"The disk holding {where} is full. Free some space and try again; your last "
            "change was not saved and the library is fine."
        )
    if code == SQLITE_IOERR:
        return DatabaseUnavailable(
            f"The disk holding {where} reported an input/output error ({name}); your last "
            "change was not saved. Check that the disk is still connected and working, "
            "then try again. Do not replace the library with a backup before "
            "'annotator doctor' has checked it."
        )
    if code == SQLITE_NOTADB:
        return DatabaseCorrupt(
            f"The file {where} is not an SQLite database (it may be damaged or another kind "
            f"of file); nothing was written to it. {DOCTOR_HINT}"
        )
    if code == SQLITE_CORRUPT:
        return DatabaseCorrupt(
            f"The library {where} is damaged ({name}); nothing more will be written to it. "
            f"{DOCTOR_HINT}"
        )
    if code == SQLITE_CANTOPEN:
        return DatabaseUnavailable(
            f"The library {where} cannot be opened or created ({name}). Check that its "
            "folder exists and that you may read it (and write there, for a new library)."
        )
    if code == SQLITE_NOMEM:
        return DatabaseUnavailable(
            f"Out of memory while using the library {where}. Close other programs and try "
            "again; the library is fine."
        )
    if isinstance(error, OperationalError) or isinstance(orig, sqlite3.OperationalError):
        return DatabaseUnavailable(f"The library {where} reported an error ({name}): {orig}")
    return None


# PostgreSQL SQLSTATE classes (psycopg errors carry ``sqlstate``).
_PG_LOCKED = ("55P03", "40P01", "40001")
_PG_READ_ONLY = "25006"
_PG_RESOURCES = "53"


def _classify_other(error: BaseException, orig: BaseException | None,
                    where: str) -> StoreError | None:
    state = getattr(orig, "sqlstate", None) or ""
    if state in _PG_LOCKED:
        return DatabaseLocked(
            f"The database {where} is busy with another user's change. Try again; "
            "nothing was lost."
        )
    if state == _PG_READ_ONLY:
        return DatabaseReadOnly(
            f"The database {where} is read-only for you. Your last change was not saved."
        )
    if state.startswith(_PG_RESOURCES):
        return DatabaseFull(
            f"The database server of {where} is out of space or resources ({state}). "
            "Your last change was not saved; tell its administrator."
        )
    if isinstance(error, OperationalError):
        return DatabaseUnavailable(f"The database {where} reported an error: {orig}")
    return None


def _disk_nearly_full(where: str) -> bool:
    if "://" in where:
        return False
    try:
        return shutil.disk_usage(Path(where).parent).free < _NEARLY_FULL_BYTES
    except OSError:
        return False
