"""Recreate library-rev0005.sqlite3: the revision-0002 fixture upgraded to 0005 (application
id, read indexes and evidence tables; the sources have no version yet, no change log).

The committed file is the fixture; this script only documents how it was made.
Run: python tests/store/data/make_rev0005_db.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent


def main() -> None:
    target = HERE / "library-rev0005.sqlite3"
    upgraded_copy(HERE / "library-rev0002.sqlite3", target, "0005")
    db = sqlite3.connect(target)
    with db:
        db.execute("PRAGMA user_version = 5")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
