"""Recreate library-rev0001.sqlite3: a library frozen at schema revision 0001.

The committed file is the fixture; this script only documents how it was made. It uses
raw SQL so that it keeps working whatever the current models look like.
Run from the repository root: python -m tests.store.data.make_rev0001_db
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import empty_library_at

HERE = Path(__file__).resolve().parent
TARGET = HERE / "library-rev0001.sqlite3"
TEXT = "Officials said 👍🏽 the “summit” will be held in Budapest — next week.\n事实核查 matters."


def main() -> None:
    empty_library_at(TARGET, "0001")
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    quote = "the “summit” will be held in Budapest"
    start = TEXT.index(quote)
    db = sqlite3.connect(TARGET)
    with db:
        db.execute(
            "INSERT INTO documents VALUES (1, 'a0000000-0000-4000-8000-000000000001', "
            "'Summit report', ?, ?, NULL, '2026-01-02 03:04:05.000000')", (TEXT, sha))
        db.execute(
            "INSERT INTO claims VALUES (1, 'c0000000-0000-4000-8000-000000000001', 1, ?, ?, ?,"
            " ?, ?, ?, 'disputed', 'Date unconfirmed', 'alice', '2026-01-02 03:05:00.000000',"
            " '2026-01-02 03:06:00.000000', 3)",
            (start, start + len(quote), quote, TEXT[max(0, start - 32):start],
             TEXT[start + len(quote):start + len(quote) + 32], sha))
        db.execute(
            "INSERT INTO sources VALUES (1, 'b0000000-0000-4000-8000-000000000001', 1, "
            "'https://example.org/report', 'Original report', 'Example News', "
            "'will meet in Budapest', 'refutes', '2026-01-02', NULL, NULL, NULL,"
            " '2026-01-02 03:05:30.000000')")
        db.executemany(
            "INSERT INTO claim_history (claim_id, at, author, field, old, new) "
            "VALUES (1, ?, 'alice', ?, ?, ?)",
            [("2026-01-02 03:05:00.000000", "created", "", "unchecked"),
             ("2026-01-02 03:06:00.000000", "verdict", "unchecked", "disputed")])
    db.close()


if __name__ == "__main__":
    main()
