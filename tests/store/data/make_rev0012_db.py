"""Recreate library-rev0012.sqlite3: the revision-0010 fixture upgraded to 0012 (publisher
settings, kept document counts), with some claims' places fuzzy and orphaned as after a new
version: the schema before the attention index (0013).

The committed file is the fixture; this script only documents how it was made.
Run (from the repository root): python -m tests.store.data.make_rev0012_db
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent


def main() -> None:
    target = HERE / "library-rev0012.sqlite3"
    upgraded_copy(HERE / "library-rev0010.sqlite3", target, "0012")
    db = sqlite3.connect(target)
    with db:
        db.execute("UPDATE claims SET anchor_state = CASE id % 2 WHEN 0 THEN 'fuzzy' "
                   "ELSE 'orphaned' END WHERE id % 3 = 0")
        db.execute("PRAGMA user_version = 12")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
