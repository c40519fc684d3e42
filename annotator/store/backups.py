"""Backups made before a schema upgrade: beside the library, at most MAX_BACKUPS kept.

``library.sqlite3.schema-<revision>-<UTC time>.bak`` is a complete copy (SQLite's online
backup) of the library as it was before the upgrade to a new schema. Older ones beyond
the newest MAX_BACKUPS are deleted when a new one is made; a backup whose upgrade failed
and was rolled back is deleted at once (the library is unchanged).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

MAX_BACKUPS = 3


def backup_before_upgrade(path: Path, revision: str) -> Path | None:
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    backup = path.with_name(f"{path.name}.schema-{revision}-{stamp}.bak")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(backup)) as target:
        source.backup(target)
    prune_backups(path)
    return backup


def backups_of(path: Path) -> list[Path]:
    """The library's upgrade backups, oldest first (the time stamp sorts)."""
    return sorted(path.parent.glob(f"{_glob_escape(path.name)}.schema-*-*.bak"),
                  key=lambda p: p.name.rsplit("-", 1)[-1])


def prune_backups(path: Path, keep: int = MAX_BACKUPS) -> None:
    for old in backups_of(path)[:-keep]:
        with suppress(OSError):
            old.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
