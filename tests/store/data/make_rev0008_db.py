"""Recreate library-rev0008.sqlite3: the revision-0005 fixture upgraded to 0008 (source
versions and change log, articles as records, the review loop), the schema before document
versions (0009).

The committed file is the fixture; this script only documents how it was made.
Run (from the repository root): python -m tests.store.data.make_rev0008_db
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent


def main() -> None:
    target = HERE / "library-rev0008.sqlite3"
    upgraded_copy(HERE / "library-rev0005.sqlite3", target, "0008")
    db = sqlite3.connect(target)
    with db:
        db.execute("PRAGMA user_version = 8")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
