"""Open a review file that came back from someone else's machine: untrusted, never changed.

A review file is input from outside. Before a single row is read it must be an SQLite file
whose tables, views and triggers are exactly those an Annotator review export writes (no
generated or virtual columns, nothing added), and every value read is checked for its type
and size by the caller. Reading never writes anything beside the file:

- a file in rollback-journal mode (what the exporter and the reviewer window leave) is read
  through a ``mode=ro`` URI, which takes a shared lock and so never sees half a save;
- a file in WAL mode sent *with* its ``-wal`` is copied, with the ``-wal``, into a private
  temporary folder and read there, so the reviewer's last decisions are seen and no
  ``-shm`` appears beside the original;
- a file in WAL mode sent *without* its ``-wal`` is read ``immutable`` and a warning says that
  decisions saved since its last checkpoint may be missing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.store.sqlite_file import SQLITE_HEADER

MAX_NOTE_CHARS = 10_000
"""The longest review note (and editor's reply) a review file may carry, in characters."""
MAX_NAME_CHARS = 200
"""The longest reviewer name."""
MAX_VALUE_BYTES = 32 * 1024 * 1024
"""SQLite's length limit while reading a review file: no single value can be larger."""
READ_TIMEOUT_S = 5.0
"""How long a read waits for a reviewer window (or sqlite3) to finish saving the file."""

_HEADER_SIZE = 100
_WAL = 2  # header bytes 18/19: file format write/read version 2 means WAL mode
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ReviewFileError(ValueError):
    """The file cannot be used as a review; str() says why, in one sentence or two."""


@dataclass(frozen=True, slots=True)
class Opened:
    connection: sqlite3.Connection
    warnings: tuple[str, ...]


def check_header(path: Path) -> bytes:
    """The file's first 100 bytes; ReviewFileError unless it is an SQLite file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except FileNotFoundError as exc:
        raise ReviewFileError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise ReviewFileError(f"{path} is a folder, not a review export.") from exc
    except OSError as exc:
        raise ReviewFileError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not header.startswith(SQLITE_HEADER) or len(header) < _HEADER_SIZE:
        raise ReviewFileError(
            f"{path} is not a review export: it is not an SQLite file. Choose the .sqlite "
            "file made by 'annotator export --format review'."
        )
    return header


def is_wal(header: bytes) -> bool:
    return _WAL in (header[18], header[19])


def wal_companion(path: Path) -> Path:
    return Path(f"{path}-wal")


@contextmanager
def open_untrusted(path: Path) -> Iterator[Opened]:
    """A read-only, size-limited connection to the review file at ``path`` (see above)."""
    path = Path(path)
    header = check_header(path)
    companion = wal_companion(path)
    if not is_wal(header):
        with _connect(f"{path.resolve().as_uri()}?mode=ro") as connection:
            yield Opened(connection, ())
        return
    if companion.exists() and companion.stat().st_size > 0:
        with tempfile.TemporaryDirectory(prefix="annotator-review-") as folder:
            copy = Path(folder) / "review.sqlite"
            shutil.copyfile(path, copy)
            shutil.copyfile(companion, wal_companion(copy))
            with _connect(f"{copy.as_uri()}?mode=rw") as connection:
                connection.execute("PRAGMA query_only = ON")
                yield Opened(connection, ())
        return
    warning = (
        f"{path.name} is in WAL mode and came without its companion file {companion.name}: "
        "decisions saved since its last checkpoint may be missing. If the reviewer's program "
        f"was still open when the file was sent, ask for both {path.name} and {companion.name}."
    )
    with _connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1") as connection:
        yield Opened(connection, (warning,))


@contextmanager
def _connect(uri: str) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_S,
                                 isolation_level=None)) as connection:
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        connection.text_factory = _strict_text
        # Functions with side effects must not run from a schema we did not write.
        connection.execute("PRAGMA trusted_schema = OFF")
        yield connection


def _strict_text(raw: bytes) -> str:
    return raw.decode("utf-8")  # UnicodeDecodeError is reported by the caller


def clean_text(value: str) -> str | None:
    """A note or name with Windows line ends made plain; None if it holds control characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return None if _CONTROL.search(value) else value


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time (Z or offset; naive means UTC) as aware UTC, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def schema_fingerprint(connection: sqlite3.Connection) -> dict[str, str]:
    """Every table, index, view and trigger, by "type name", with a hash of its SQL."""
    prints: dict[str, str] = {}
    for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master"):
        if str(name).lower().startswith("sqlite_stat"):
            continue  # ANALYZE statistics some tools add; they hold no data we read
        normal = " ".join(str(sql or "").split())
        prints[f"{kind} {str(name).lower()}"] = hashlib.sha256(normal.encode()).hexdigest()[:16]
    return prints


def refuse_hidden_columns(connection: sqlite3.Connection, path: Path) -> None:
    """Generated columns and virtual tables compute values on read: refuse them unread."""
    tables = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
    ).fetchall()
    for name, sql in tables:
        if str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
            raise ReviewFileError(
                f"{path} has a virtual table {name!r}, which no review export has. It was "
                "not written by Annotator; nothing was read from it."
            )
        quoted = str(name).replace('"', '""')
        for column in connection.execute(f'PRAGMA table_xinfo("{quoted}")'):
            if column[6]:  # hidden: 2 or 3 = generated column
                raise ReviewFileError(
                    f"{path} has a generated column {column[1]!r} in table {name!r}, which no "
                    "review export has. It was not written by Annotator; nothing was read "
                    "from it."
                )


def sqlite_error_message(exc: sqlite3.Error, path: Path) -> str:
    """A sentence for a driver error while reading a review file, chosen by its error code."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path} is being saved by another program (the reviewer window or sqlite3?). "
                "Try again in a moment; nothing was changed.")
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return (f"{path} was left in the middle of a save (its -journal file is beside it). "
                "Open it once in the reviewer window or with sqlite3 to finish that save, then "
                "try again; nothing was changed.")
    if name == "SQLITE_TOOBIG":
        return (f"{path} holds a value larger than {MAX_VALUE_BYTES // (1024 * 1024)} MB, which "
                "no review export has; nothing was read from it.")
    return (f"{path} cannot be read as a review export ({exc}); it may be damaged. Ask the "
            "reviewer to send it again.")


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    version: int
    exported_by: str
    exported_at: str


def check_review_file(connection: sqlite3.Connection, path: Path) -> ReviewInfo:
    """Refuse anything but an unaltered review export of a version this Annotator reads."""
    from annotator.io.review_export import REQUIRED_TABLES, REVIEW_FORMAT, REVIEW_FORMAT_VERSION
    from annotator.io.review_formats import KNOWN_SCHEMAS

    tables = {str(name).lower() for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [table for table in REQUIRED_TABLES if table.lower() not in tables]
    if missing:
        raise ReviewFileError(
            f"{path} is an SQLite database but not an Annotator review export (it has no "
            f"{missing[0]} table). Choose the file made by 'annotator export --format review'."
        )
    refuse_hidden_columns(connection, path)
    info = _export_info(connection)
    if info.get("format") != REVIEW_FORMAT:
        raise ReviewFileError(
            f"{path} is not an Annotator review export (its export_info names no "
            f"{REVIEW_FORMAT!r} format)."
        )
    user_version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    try:
        version = max(int(str(info.get("schema_version"))), user_version)
    except ValueError:
        raise ReviewFileError(
            f"{path} has an unreadable schema_version in export_info; it may be damaged."
        ) from None
    if version > REVIEW_FORMAT_VERSION:
        raise ReviewFileError(
            f"{path} was written by a newer version of Annotator (review format {version}; "
            f"this version reads up to {REVIEW_FORMAT_VERSION}). Update Annotator to open "
            "it; nothing was changed."
        )
    expected = KNOWN_SCHEMAS.get(version)
    if expected is None:
        raise ReviewFileError(f"{path} names review format {version}, which never existed; "
                              "it may be damaged.")
    _compare_schema(schema_fingerprint(connection), expected, path)
    return ReviewInfo(version, str(info.get("exported_by", "")),
                      str(info.get("exported_at", "")))


def _export_info(connection: sqlite3.Connection) -> dict[str, str]:
    rows = connection.execute(
        "SELECT key, CASE WHEN typeof(value) IN ('text', 'integer', 'real') "
        "AND length(value) <= ? THEN value END FROM export_info WHERE typeof(key) = 'text' "
        "AND length(key) <= 64", (MAX_NAME_CHARS,)
    )
    return {key: "" if value is None else str(value) for key, value in rows}


def _compare_schema(actual: dict[str, str], expected: dict[str, str], path: Path) -> None:
    changed = sorted(name for name in expected.keys() & actual.keys()
                     if expected[name] != actual[name])
    added = sorted(actual.keys() - expected.keys())
    dropped = sorted(expected.keys() - actual.keys())
    for names, what in ((changed, "was altered"), (added, "was added"),
                        (dropped, "was dropped")):
        if names:
            raise ReviewFileError(
                f"{path} is not a review file as Annotator wrote it: the {names[0]} {what} "
                "after the export. Only the review columns of an export may change; ask the "
                "reviewer for the file as exported."
            )
