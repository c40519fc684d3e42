"""Recreate library-rev0010.sqlite3: the revision-0009 fixture upgraded to 0010 (claim
numbers), its claims given every verdict, the schema before kept document counts (0011).

The committed file is the fixture; this script only documents how it was made.
Run (from the repository root): python -m tests.store.data.make_rev0010_db
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent


def main() -> None:
    target = HERE / "library-rev0010.sqlite3"
    upgraded_copy(HERE / "library-rev0009.sqlite3", target, "0010")
    db = sqlite3.connect(target)
    with db:
        db.execute("UPDATE claims SET verdict = CASE id % 3 WHEN 0 THEN 'unchecked' "
                   "WHEN 1 THEN 'verified' ELSE 'disputed' END")
        db.execute("PRAGMA user_version = 10")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
