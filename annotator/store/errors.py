"""Errors the store raises, each with a message a user can act on.

Environmental problems (locked, read-only, corrupt, too new) are told to the user;
anything else is a bug and should surface as such.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, OperationalError


class StoreError(Exception):
    """Base class: str(error) is a complete sentence for an error dialog or stderr."""


class NotFound(StoreError):
    pass


class ConcurrentEdit(StoreError):
    def __init__(self, what: str = "claim") -> None:
        super().__init__(
            f"This {what} was changed by someone else since you opened it. "
            "Reload it to see their change, then try again."
        )


class DatabaseLocked(StoreError):
    pass


class DatabaseCorrupt(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    pass


def classify(error: DBAPIError, where: str) -> StoreError | None:
    """Map a driver error to a user-facing StoreError, or None if it looks like a bug."""
    orig = error.orig
    text = str(orig).lower() if orig is not None else str(error).lower()
    if "database is locked" in text or "database table is locked" in text or "busy" in text:
        return DatabaseLocked(
            f"The database {where} is locked by another program. "
            "Close other copies of Annotator (or wait a moment) and try again; nothing was lost."
        )
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return DatabaseReadOnly(
            f"The database {where} cannot be written (read-only file or disk). "
            "Move it to a writable folder or fix its permissions; your last change was not saved."
        )
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return DatabaseCorrupt(
            f"The file {where} is not a readable Annotator database (it may be damaged). "
            "Restore it from a backup, or start with a new database using --db."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DatabaseReadOnly(
            f"The disk holding {where} is full. Free some space and try again; "
            "your last change was not saved."
        )
    if "unable to open" in text:
        return DatabaseUnavailable(
            f"The database {where} cannot be opened. Check that its folder exists and is writable."
        )
    if isinstance(error, OperationalError) or isinstance(orig, sqlite3.OperationalError):
        return DatabaseUnavailable(f"The database {where} reported an error: {orig}")
    return None
