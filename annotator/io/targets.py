"""The files exports write: what may be replaced, and the leftovers of killed exports.

An export writes ``.<name>.<pid>.<random>.part`` beside the target and renames it over the
target when complete. Only a regular, writable file (or no file) is ever replaced: a named
pipe, a device or a socket would be swapped for a regular file under its name, and a
read-only file is read-only on purpose. A killed export leaves its ``.part`` file (and,
for a review file, SQLite's side files); the next export to the same name removes those
whose process is gone.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import sys
from contextlib import suppress
from pathlib import Path

SIDE_FILES = ("-journal", "-wal", "-shm")
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")


def check_replaceable(path: Path) -> None:
    """Refuse a target that is not a regular file we may write; a missing one is fine."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ValueError(f"Cannot export to {path}: {exc.strerror}.") from exc
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise ValueError(f"Cannot export to {path}: it is {kind}, not a file; "
                             "choose a file name.")
    if stat.S_ISDIR(info.st_mode):
        raise ValueError(f"Cannot export to {path}: it is a folder; give a file name.")
    # Root may write anything: the permission bits say what the owner meant.
    if not os.access(path, os.W_OK) or not info.st_mode & 0o222:
        raise ValueError(f"Cannot export to {path}: the file is read-only; choose another "
                         "name, or make it writable first.")


def refuse_library_files(path: Path, library: Path) -> None:
    """The library and SQLite's files beside it (WAL, shared memory, journal)."""
    target = path.resolve()
    library = library.resolve()
    if target == library:
        raise ValueError(f"Cannot export to {path}: that is the library itself; "
                         "choose another file name.")
    if any(target == Path(f"{library}{side}") for side in SIDE_FILES):
        raise ValueError(f"Cannot export to {path}: that is one of the library's own "
                         "working files (SQLite needs it); choose another file name.")


def remove_leftovers(path: Path) -> list[Path]:
    """Remove what killed exports to ``path`` left behind; the files removed."""
    if sys.platform == "win32":  # no cheap way to tell a live process by id
        return []
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.[0-9a-f]+\.part$")
    removed: list[Path] = []
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        match = pattern.match(candidate.name)
        if match is None or _alive(int(match.group(1))):
            continue
        for leftover in (candidate, *(Path(f"{candidate}{side}") for side in SIDE_FILES)):
            with suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another export of this process, still running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
