"""Follow what other people commit to a shared library, without re-reading it.

Every write transaction of the Store adds rows to the ``changes`` table (one per claim, or
per document for bulk changes). A feed hands out the rows other Stores committed since it
last looked:

- SQLite: ``PRAGMA data_version`` on a connection of its own tells, for almost nothing,
  whether anyone committed since the last poll; only then are the new rows read.
- PostgreSQL: a trigger on ``changes`` sends every committed row on a ``NOTIFY`` channel
  the feed ``LISTEN``s to; ``fileno()`` lets a GUI wake up when one arrives. When the
  server drops the connection (a restart, a network cut) the next polls reconnect and
  read what was committed meanwhile from the table, so nothing is missed.

``poll()`` never blocks. The feed skips the changes of its own Store (``store.origin``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import delete, func, select

from annotator.domain.changes import Change, ChangeKind
from annotator.store.engine import BUSY_TIMEOUT_MS, sqlite_path
from annotator.store.errors import DatabaseUnavailable, StoreError
from annotator.store.models import ChangeRow

if TYPE_CHECKING:
    from annotator.store.service import Store

CHANNEL = "annotator_changes"  # as in migration 0006's trigger
KEEP_CHANGES = 10_000  # rows kept in the log when a feed opens; older ones are pruned
FEED_APPLICATION = "annotator-feed"  # the feed's connection, as pg_stat_activity shows it
CONNECT_TIMEOUT_S = 3  # a reconnect runs on the GUI thread's timer: never wait long
RETRY_FIRST_S = 1.0  # after a failed reconnect, wait this long, doubling up to the longest
RETRY_LONGEST_S = 30.0


class ChangeFeed(Protocol):
    def poll(self) -> list[Change]:
        """Changes committed by other Stores since the last poll, oldest first."""
        ...

    def fileno(self) -> int | None:
        """A socket that becomes readable when a change arrives, or None (poll on a timer)."""
        ...

    def close(self) -> None: ...


def open_feed(store: Store) -> ChangeFeed:
    """A feed of the changes others make to the store's library, from now on.

    Raises StoreError if the library cannot be followed (the window then works without
    live updates); a feed's poll() raises StoreError when the database fails meanwhile.
    """
    _prune(store)
    try:
        if store.engine.url.get_backend_name() == "postgresql":
            return _Guarded(_PostgresFeed(store), store.label)
        return _Guarded(_SqliteFeed(store), store.label)
    except Exception as exc:  # sqlite3.Error, psycopg.Error: driver errors, not bugs
        raise DatabaseUnavailable(
            f"Changes others make to {store.label} cannot be followed ({exc}); "
            "reopen the library to see them.") from exc


class _Guarded:
    """A feed whose driver errors come out as StoreError."""

    def __init__(self, inner: ChangeFeed, label: str) -> None:
        self._inner = inner
        self._label = label

    def poll(self) -> list[Change]:
        try:
            return self._inner.poll()
        except (sqlite3.Error, OSError) as exc:
            raise DatabaseUnavailable(f"Following {self._label} failed: {exc}") from exc
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise DatabaseUnavailable(f"Following {self._label} failed: {exc}") from exc
            raise

    def fileno(self) -> int | None:
        return self._inner.fileno()

    def close(self) -> None:
        self._inner.close()


def _prune(store: Store) -> None:
    """Keep the log short; best effort (a read-only or busy library keeps it as it is)."""
    if store.read_only:
        return
    try:
        with store.transaction(write=True) as session:
            newest = session.scalar(select(func.max(ChangeRow.id)))
            if newest is not None and newest > KEEP_CHANGES:
                session.execute(delete(ChangeRow).where(ChangeRow.id <= newest - KEEP_CHANGES))
    except StoreError:
        pass


def _change(row: Any) -> Change:
    at = row["at"]
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return Change(id=int(row["id"]), at=at.replace(tzinfo=UTC), origin=row["origin"],
                  author=row["author"], kind=ChangeKind(row["kind"]),
                  document_id=int(row["document_id"]),
                  claim_id=None if row["claim_id"] is None else int(row["claim_id"]))


_COLUMNS = "id, at, origin, author, kind, document_id, claim_id"
_CATCH_UP = f"SELECT {_COLUMNS} FROM changes WHERE id > %s ORDER BY id"


class _SqliteFeed:
    _QUERY = f"SELECT {_COLUMNS} FROM changes WHERE id > ? ORDER BY id"

    def __init__(self, store: Store) -> None:
        path = sqlite_path(store.engine)
        if path is None:
            raise ValueError("an in-memory SQLite library has no other writers to follow")
        self._origin = store.origin
        # Autocommit: every statement sees the latest commit, and data_version compares
        # against this connection's previous read.
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._connection.row_factory = sqlite3.Row
        self._connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._version = self._data_version()  # before the newest id: nothing slips between
        self._last = int(self._connection.execute(
            "SELECT coalesce(max(id), 0) FROM changes").fetchone()[0])

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> list[Change]:
        version = self._data_version()
        if version == self._version:
            return []
        self._version = version
        rows = self._connection.execute(self._QUERY, (self._last,)).fetchall()
        if not rows:
            return []
        self._last = int(rows[-1]["id"])
        return [c for c in map(_change, rows) if c.origin != self._origin]

    def fileno(self) -> int | None:
        return None

    def close(self) -> None:
        self._connection.close()


class _PostgresFeed:
    """LISTENs on its own connection; reconnects when the server drops it.

    Notifications sent while the connection was down are lost, so after a reconnect the
    rows committed meanwhile are read from the ``changes`` table itself. Ids come from a
    sequence and a transaction may commit after one with a higher id, so the catch-up reads
    a little below the newest id seen and skips ids already handed out.
    """

    CATCH_UP_SLACK = 200  # ids below the newest seen that are read again after a reconnect
    REMEMBERED = 2_000  # ids handed out that are remembered to skip repeats

    def __init__(self, store: Store) -> None:
        self._origin = store.origin
        url = store.engine.url.set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._retry_at = 0.0
        self._retry_delay = RETRY_FIRST_S
        self._seen: dict[int, None] = {}  # insertion-ordered: the oldest are dropped first
        self._newest = 0
        self._connection = self._listen()
        self._newest = self._newest_id()

    def _listen(self) -> Any:
        import psycopg
        from psycopg.rows import dict_row

        connection = psycopg.connect(self._dsn, autocommit=True, row_factory=dict_row,
                                     connect_timeout=CONNECT_TIMEOUT_S,
                                     application_name=FEED_APPLICATION)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _newest_id(self) -> int:
        row = self._connection.execute("SELECT coalesce(max(id), 0) AS id FROM changes").fetchone()
        return int(row["id"])

    @property
    def lost(self) -> bool:
        return bool(self._connection.closed or self._connection.broken)

    def poll(self) -> list[Change]:
        rows: list[Any] = []
        if self.lost:
            rows = self._reconnect()
        try:
            rows += [json.loads(note.payload) for note in self._connection.notifies(timeout=0)]
        except Exception:
            self._connection.close()  # the next poll reconnects
            raise
        return [c for c in map(_change, rows)
                if self._first_time(c.id) and c.origin != self._origin]

    def _reconnect(self) -> list[Any]:
        """A new connection LISTENing, and the changes committed while there was none."""
        now = time.monotonic()
        if now < self._retry_at:
            raise ConnectionError("the database server is still out of reach; retrying")
        try:
            self._connection = self._listen()
        except Exception:
            self._retry_at = now + self._retry_delay
            self._retry_delay = min(self._retry_delay * 2, RETRY_LONGEST_S)
            raise
        self._retry_delay = RETRY_FIRST_S
        floor = max(self._newest - self.CATCH_UP_SLACK, 0)
        return list(self._connection.execute(_CATCH_UP, (floor,)).fetchall())

    def _first_time(self, change_id: int) -> bool:
        if change_id in self._seen:
            return False
        self._seen[change_id] = None
        if len(self._seen) > self.REMEMBERED:
            del self._seen[next(iter(self._seen))]
        self._newest = max(self._newest, change_id)
        return True

    def fileno(self) -> int | None:
        return None if self.lost else int(self._connection.fileno())

    def close(self) -> None:
        self._connection.close()
