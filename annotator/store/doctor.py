"""Check a library's health and recover what can be recovered into a new file.

The library itself is never opened: its bytes (and its -wal file, if any) are copied into
a private temporary folder and every check and recovery works on that copy, so the
original stays byte-for-byte as it was. Recovery has two stages:

1. *salvage* the rows from the damaged copy: SQLite's own ``.recover`` through the
   ``sqlite3`` command when it is installed (it reads every page it can, even of damaged
   tables), else row by row in Python, skipping over unreadable parts of each table;
2. *rebuild* a fresh library (current schema, application id) from those rows, parents
   first with foreign keys on, so a claim whose document was lost is left out rather than
   left dangling; a document whose text no longer matches its checksum is left out too.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.anchor import text_sha256
from annotator.store.errors import SQLITE_CORRUPT, SQLITE_NOTADB, StoreError, primary_code
from annotator.store.sqlite_file import SQLITE_HEADER, read_header

# Parents before children: a row is put back only if what it points at came back.
TABLES = ("documents", "claims", "sources", "claim_history")
_MAX_PROBLEMS = 20
_SCAN_BATCH = 500
_SKIP_LIMIT = 1 << 40  # rowids beyond this are not searched for past a damaged page


@dataclass(frozen=True, slots=True)
class Diagnosis:
    path: Path
    problems: tuple[str, ...]  # what integrity_check reported (the first few)
    damaged_tables: tuple[str, ...]  # tables (or their indexes) with problems

    @property
    def healthy(self) -> bool:
        return not self.problems


@dataclass(slots=True)
class Recovery:
    target: Path
    method: str
    restored: dict[str, int] = field(default_factory=dict)  # rows per table in the target
    left_out: dict[str, int] = field(default_factory=dict)  # salvaged but not put back

    def __str__(self) -> str:
        kept = ", ".join(f"{self.restored.get(t, 0)} {t.replace('_', ' ')}" for t in TABLES)
        text = f"Recovered into {self.target} ({self.method}): {kept}."
        dropped = {t: n for t, n in self.left_out.items() if n}
        if dropped:
            text += " Left out because what they belong to was lost or damaged: " + ", ".join(
                f"{n} {t.replace('_', ' ')}" for t, n in dropped.items()) + "."
        return text


def check(path: Path) -> Diagnosis:
    """``PRAGMA integrity_check`` on a private copy of the library."""
    with _private_copy(path) as copy:
        return _diagnose(copy, path)


def recover(path: Path, target: Path, *, use_sqlite3_command: bool = True) -> Recovery:
    """Salvage the library at ``path`` into a new library at ``target`` (which must not
    exist); the original is only read. ``use_sqlite3_command``: try ``sqlite3 .recover``
    first when that program is installed."""
    if target.exists():
        raise StoreError(f"{target} already exists; choose a new file for the recovery.")
    if target.resolve() == path.resolve():
        raise StoreError("The recovery must go to a new file, not over the library.")
    with _private_copy(path) as copy:
        salvage = copy.with_name("salvaged.sqlite3")
        method = _salvage(copy, salvage, use_sqlite3_command)
        fresh = copy.with_name("recovered.sqlite3")
        recovery = _rebuild(salvage, fresh, target, method)
        part = target.with_name(f".{target.name}.part")
        try:
            shutil.copyfile(fresh, part)
            part.replace(target)
        finally:
            part.unlink(missing_ok=True)
    return recovery


# -- checking -----------------------------------------------------------------------------


@contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    """The library's bytes (and its WAL) copied into a temporary folder of our own."""
    try:
        header = read_header(path)
    except OSError as exc:
        raise StoreError(f"Cannot read the library {path}: {exc.strerror}.") from exc
    if not header.startswith(SQLITE_HEADER):
        raise StoreError(f"{path} is not an SQLite database at all (its first bytes are "
                         "not SQLite's); there is nothing to check or recover in it.")
    with tempfile.TemporaryDirectory(prefix="annotator-doctor-") as folder:
        copy = Path(folder) / "library.sqlite3"
        shutil.copyfile(path, copy)
        wal = Path(f"{path}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        yield copy


def _diagnose(copy: Path, label: Path) -> Diagnosis:
    with closing(sqlite3.connect(copy)) as connection:
        problems = _pragma_lines(connection, f"PRAGMA integrity_check({_MAX_PROBLEMS})")
        damaged = [table for table in _tables(connection) if problems
                   and _pragma_lines(connection, f'PRAGMA quick_check("{table}")')]
    return Diagnosis(label, tuple(problems), tuple(damaged))


def _pragma_lines(connection: sqlite3.Connection, pragma: str) -> list[str]:
    """The problems a check reports; SQLite may stop with an error after some of them."""
    lines: list[str] = []
    cursor = connection.cursor()
    try:
        cursor.execute(pragma)
        for (line,) in cursor:
            if line != "ok":
                lines.append(str(line))
    except sqlite3.DatabaseError as exc:
        if primary_code(exc) not in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise
        lines.append(str(exc))
    return lines


def _tables(connection: sqlite3.Connection) -> list[str]:
    try:
        return [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    except sqlite3.DatabaseError:
        return []


# -- stage 1: salvage -----------------------------------------------------------------------


def _salvage(copy: Path, salvage: Path, use_command: bool) -> str:
    sqlite3_command = shutil.which("sqlite3") if use_command else None
    if sqlite3_command is not None and _recover_with_command(sqlite3_command, copy, salvage):
        return "SQLite's .recover"
    salvage.unlink(missing_ok=True)
    _salvage_in_python(copy, salvage)
    return "row by row"


def _recover_with_command(command: str, copy: Path, salvage: Path) -> bool:
    """``sqlite3 copy .recover | sqlite3 salvage``; False if this sqlite3 cannot."""
    try:
        dump = subprocess.run([command, str(copy), ".recover"], capture_output=True,
                              check=False, timeout=3600)
        if dump.returncode != 0 or not dump.stdout.strip():
            return False
        load = subprocess.run([command, str(salvage)], input=dump.stdout,
                              capture_output=True, check=False, timeout=3600)
    except (OSError, subprocess.SubprocessError):
        return False
    if load.returncode != 0 or not salvage.is_file():
        return False
    with closing(sqlite3.connect(salvage)) as connection:
        return bool(set(_tables(connection)) & set(TABLES))


def _salvage_in_python(copy: Path, salvage: Path) -> None:
    with closing(sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)) as source, \
            closing(sqlite3.connect(salvage)) as target:
        for table in TABLES:
            try:
                columns = [r[1] for r in source.execute(f'PRAGMA table_info("{table}")')]
            except sqlite3.DatabaseError:
                continue  # the schema itself is unreadable
            if not columns:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            target.execute(f'CREATE TABLE "{table}" ({names})')
            marks = ", ".join("?" for _ in columns)
            for rows in _readable_rows(source, table, names):
                target.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        target.commit()


def _readable_rows(source: sqlite3.Connection, table: str,
                   names: str) -> Iterator[list[tuple[object, ...]]]:
    """Batches of rows in rowid order; past an unreadable page, the first rowid that can be
    read again is searched for (growing steps, then bisection back to it)."""
    query = f'SELECT rowid, {names} FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT ?'
    last = 0
    while True:
        try:
            batch = source.execute(query, (last + 1, _SCAN_BATCH)).fetchall()
        except sqlite3.DatabaseError:
            batch = _rows_from(source, query, last + 1) or _skip_damage(source, query, last)
        if not batch:
            return
        yield [row[1:] for row in batch]
        last = int(batch[-1][0])


def _skip_damage(source: sqlite3.Connection, query: str,
                 last: int) -> list[tuple[object, ...]]:
    # A seek to rowid >= x fails while x falls in the damaged page's range: find the first
    # x past it. (rowid > x would seek to x and fail for x at the page's last rowid.)
    step = 1
    while not _rows_from(source, query, last + 1 + step):
        step *= 2
        if last + step >= _SKIP_LIMIT:
            return []
    low, high = last + 1 + step // 2, last + 1 + step  # from low fails, from high works
    while high - low > 1:
        middle = (low + high) // 2
        if _rows_from(source, query, middle):
            high = middle
        else:
            low = middle
    return _rows_from(source, query, high)


def _rows_from(source: sqlite3.Connection, query: str,
               first: int) -> list[tuple[object, ...]]:
    try:
        return source.execute(query, (first, 1)).fetchall()
    except sqlite3.DatabaseError:
        return []


# -- stage 2: rebuild ---------------------------------------------------------------------


def _rebuild(salvage: Path, fresh: Path, target: Path, method: str) -> Recovery:
    from annotator.store.service import Store

    Store.open(fresh).close()  # current schema and application id
    recovery = Recovery(target=target, method=method)
    with closing(sqlite3.connect(fresh, isolation_level=None)) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("ATTACH DATABASE ? AS salvaged", (str(salvage),))
        salvaged_tables = {r[0] for r in connection.execute(
            "SELECT name FROM salvaged.sqlite_master WHERE type = 'table'")}
        connection.execute("BEGIN")
        for table in TABLES:
            restored = left_out = 0
            if table in salvaged_tables:
                restored, left_out = _put_back(connection, table)
            recovery.restored[table] = restored
            recovery.left_out[table] = left_out
        connection.execute("COMMIT")
        if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise StoreError("The recovered rows do not fit together; nothing was written.")
    return recovery


def _put_back(connection: sqlite3.Connection, table: str) -> tuple[int, int]:
    wanted = [r[1] for r in connection.execute(f'PRAGMA main.table_info("{table}")')]
    present = {r[1] for r in connection.execute(f'PRAGMA salvaged.table_info("{table}")')}
    columns = [c for c in wanted if c in present]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    insert = f'INSERT INTO main."{table}" ({names}) VALUES ({marks})'
    restored = left_out = 0
    rows = connection.execute(f'SELECT {names} FROM salvaged."{table}"').fetchall()
    for row in rows:
        if table == "documents" and not _text_matches(dict(zip(columns, row, strict=True))):
            left_out += 1
            continue
        connection.execute("SAVEPOINT row")
        try:
            connection.execute(insert, row)
        except sqlite3.IntegrityError:
            connection.execute("ROLLBACK TO row")
            left_out += 1
        else:
            restored += 1
        connection.execute("RELEASE row")
    return restored, left_out


def _text_matches(document: dict[str, object]) -> bool:
    text, sha = document.get("text"), document.get("sha256")
    if not isinstance(text, str) or not isinstance(sha, str):
        return False
    return text_sha256(text) == sha
