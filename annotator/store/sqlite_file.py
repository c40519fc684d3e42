"""Reading an SQLite file without changing anything beside it (sqlite3 module only).

A read-only connection to a WAL-mode database still creates its ``-shm`` and ``-wal``
files and leaves them behind. With no ``-wal`` or ``-journal`` beside the file, the file
itself holds everything, so it is opened as *immutable*: no side files, no locks.
Light enough for start-up (no SQLAlchemy).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100  # https://sqlite.org/fileformat.html#the_database_header
LIBRARY_ID = 0x414E4E54  # "ANNT": PRAGMA application_id of an Annotator library
REVIEW_FILE_ID = 0x414E4E52  # "ANNR": a review export (annotator.io.review_export)


def read_header(path: Path) -> bytes:
    """The first 100 bytes (fewer for a short file). Raises OSError."""
    with path.open("rb") as handle:
        return handle.read(HEADER_BYTES)


def header_application_id(header: bytes) -> int:
    return int.from_bytes(header[68:72], "big") if len(header) >= 72 else 0


def has_journal(path: Path) -> bool:
    return any(Path(f"{path}{side}").exists() for side in ("-wal", "-journal"))


@contextmanager
def read_only_connection(path: Path, *, immutable: bool | None = None,
                         timeout: float = 5.0) -> Iterator[sqlite3.Connection]:
    """A query-only connection that leaves no file beside ``path``; ``immutable`` None
    chooses it when no -wal or -journal file exists."""
    if immutable is None:
        immutable = not has_journal(path)
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    with closing(sqlite3.connect(uri, uri=True, timeout=timeout)) as connection:
        connection.execute("PRAGMA query_only = ON")
        yield connection
