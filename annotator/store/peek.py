"""A quick, read-only look at one article's text, before the library is fully opened.

The window paints the article a user was reading while SQLAlchemy, the migrations and
the rest of the window load. This reads with the sqlite3 module alone, read-only, and
gives up (None) at anything unusual; the full open that follows reports real problems.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.store.sqlite_file import (
    LIBRARY_ID,
    header_application_id,
    read_header,
    read_only_connection,
)


@dataclass(frozen=True, slots=True)
class ArticlePeek:
    document_id: int
    title: str
    text: str


def peek_article(database: str, document_id: int | None) -> ArticlePeek | None:
    """The article ``document_id`` (else the first one) of the SQLite library at ``database``."""
    if "://" in database:
        return None  # a server database: nothing to gain before the real connection
    path = Path(database).expanduser()
    if not path.is_file():
        return None
    try:  # another program's file is not even opened; ours leaves no side files
        if header_application_id(read_header(path)) not in (0, LIBRARY_ID):
            return None
        with read_only_connection(path, timeout=0.2) as connection:
            return _peek(connection, document_id)
    except (OSError, sqlite3.Error):
        return None


def _peek(connection: sqlite3.Connection, document_id: int | None) -> ArticlePeek | None:
    tables = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"documents", "claims", "alembic_version"} <= tables:
        return None
    row = None
    if document_id is not None:
        row = connection.execute("SELECT id, title, text FROM documents WHERE id = ?",
                                 (document_id,)).fetchone()
    if row is None:
        row = connection.execute(
            "SELECT id, title, text FROM documents ORDER BY id LIMIT 1").fetchone()
    if row is None or not isinstance(row[2], str) or not isinstance(row[1], str):
        return None
    return ArticlePeek(int(row[0]), row[1], row[2])
