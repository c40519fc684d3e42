"""Recreate library-rev0003.sqlite3: the revision-0002 fixture upgraded to 0003.

The committed file is the fixture; this script only documents how it was made.
Run: python tests/store/data/make_rev0003_db.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent


def main() -> None:
    target = HERE / "library-rev0003.sqlite3"
    upgraded_copy(HERE / "library-rev0002.sqlite3", target, "0003")
    db = sqlite3.connect(target)
    with db:
        db.execute("PRAGMA user_version = 3")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
