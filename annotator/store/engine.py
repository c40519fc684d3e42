"""Engine creation: SQLite pragmas on every connection, PostgreSQL passes through."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from annotator.store.sqlite_file import SQLITE_HEADER

BUSY_TIMEOUT_MS = 5000
# FULL: each commit is synced to the disk before it returns, so a committed action survives
# a power loss too (NORMAL only survives an application crash in WAL mode). The cost was
# measured with bench/bench_synchronous.py; see the README's "Safety of your work".
SYNCHRONOUS = "FULL"
# Execution option of an engine (or connection) whose transactions write. On SQLite they
# begin with BEGIN IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before
# anything is read. A deferred transaction that reads first and then writes cannot wait:
# once another writer has committed, its upgrade to a writer fails at once with
# "database is locked" (SQLITE_BUSY_SNAPSHOT), whatever the busy timeout.
WRITES = "annotator_writes"


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


def read_only_url(path: Path, *, immutable: bool = False) -> URL:
    """A URL that opens the file for reading only (``immutable`` also skips locking: only
    for a read-only medium whose WAL index cannot be created)."""
    query = {"mode": "ro", "uri": "true", **({"immutable": "1"} if immutable else {})}
    return URL.create("sqlite", database=Path(path).expanduser().resolve().as_uri(),
                      query=query)


def _pragmas(busy_timeout_ms: int, read_only: bool) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        if read_only:
            _set_read_only_pragmas(dbapi_connection, busy_timeout_ms)
        else:
            _set_sqlite_pragmas(dbapi_connection, busy_timeout_ms)

    return set_pragmas


def _set_read_only_pragmas(dbapi_connection: Any, busy_timeout_ms: int) -> None:
    # Nothing that writes (no journal mode switch); query_only turns any write into
    # SQLITE_READONLY, which the store reports with the reason it was opened read-only.
    dbapi_connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    dbapi_connection.execute("PRAGMA query_only = ON")


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
        cursor.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    finally:
        cursor.close()


def _begin_sqlite(conn: Any) -> None:
    # pysqlite's own transaction handling is disabled; emit BEGIN so each session is atomic.
    # Reads stay deferred (they never block a writer in WAL mode); writes begin IMMEDIATE.
    writes = conn.get_execution_options().get(WRITES, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions take the write lock up front."""
    return engine.execution_options(**{WRITES: True})


def make_engine(
    target: str | Path | URL, *, busy_timeout_ms: int | None = None,
    read_only: bool = False, **kwargs: Any
) -> Engine:
    """``read_only``: the connections never write (for a URL from read_only_url)."""
    if busy_timeout_ms is None:
        busy_timeout_ms = BUSY_TIMEOUT_MS
    url = target if isinstance(target, URL) else database_url(target)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "isolation_level": None},
        **kwargs,
    )
    event.listen(engine, "connect", _pragmas(busy_timeout_ms, read_only))
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def refuse_writes(engine: Engine) -> None:
    """From now on every connection of ``engine`` is query-only (e.g. damage was found)."""
    def query_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(engine, "connect", query_only)
    engine.dispose()  # pooled connections are replaced by query-only ones


def sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database:
        return None
    if database.startswith("file:"):  # a URI filename (read-only opens)
        return Path(unquote(urlsplit(database).path))
    return Path(database)
