"""Recreate library-rev0007.sqlite3: the revision-0005 articles fixture upgraded to 0007
(articles as records), the schema before the review loop (0008).

The committed file is the fixture; this script only documents how it was made.
Run (from the repository root): python -m tests.store.data.make_rev0007_db
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent


def main() -> None:
    target = HERE / "library-rev0007.sqlite3"
    upgraded_copy(HERE / "library-rev0005-articles.sqlite3", target, "0007")
    db = sqlite3.connect(target)
    with db:
        db.execute("PRAGMA user_version = 7")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
