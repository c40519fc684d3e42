"""Engine creation: SQLite pragmas on every connection, PostgreSQL passes through."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts with SQLite's magic header. Raises OSError if unreadable."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a file path or an existing URL (postgresql+psycopg://...)."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        _set_sqlite_pragmas(dbapi_connection, busy_timeout_ms)

    return set_pragmas


def _set_sqlite_pragmas(dbapi_connection: Any, busy_timeout_ms: int) -> None:
    # The connection is opened in autocommit mode (isolation_level=None below) so that
    # journal_mode can be changed; SQLAlchemy then issues BEGIN itself for each session.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            # On a read-only medium keep the current journal mode: reads still work.
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_sqlite(conn: Any) -> None:
    # pysqlite's own transaction handling is disabled; emit BEGIN so each session is atomic.
    conn.exec_driver_sql("BEGIN")


def make_engine(
    target: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    url = database_url(target)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "isolation_level": None},
        **kwargs,
    )
    event.listen(engine, "connect", _pragmas(busy_timeout_ms))
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def sqlite_path(engine: Engine) -> Path | None:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)
