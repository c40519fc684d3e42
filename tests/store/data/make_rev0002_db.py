"""Recreate library-rev0002.sqlite3: a library frozen at schema revision 0002.

The committed file is the fixture; this script only documents how it was made: the
revision-0001 fixture upgraded to 0002 with Alembic alone (so no application id is set).
Run: python tests/store/data/make_rev0002_db.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library-rev0001.sqlite3"
TARGET = HERE / "library-rev0002.sqlite3"


def main() -> None:
    upgraded_copy(SOURCE, TARGET, "0002")
    db = sqlite3.connect(TARGET)
    with db:
        db.execute("UPDATE claims SET review_status = 'approved', reviewer = 'bob', "
                   "review_note = 'Checked' WHERE id = 1")
        db.execute("PRAGMA user_version = 2")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
