"""Recreate library-rev0002.sqlite3: a library frozen at schema revision 0002.

The committed file is the fixture; this script only documents how it was made. It uses
raw SQL so that it keeps working whatever the current models look like.
Run from the repository root: python -m tests.store.data.make_rev0002_db
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import empty_library_at

HERE = Path(__file__).resolve().parent
TARGET = HERE / "library-rev0002.sqlite3"
TEXTS = (
    "Officials said 👍🏽 the “summit” will be held in Budapest — next week.\n事实核查 matters.",
    "Growth was 3.4% in 2023, the minister said.\n",
)


def main() -> None:
    empty_library_at(TARGET, "0002")
    db = sqlite3.connect(TARGET)
    with db:
        for n, text in enumerate(TEXTS, 1):
            sha = hashlib.sha256(text.encode()).hexdigest()
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, NULL, ?)",
                (n, f"a0000000-0000-4000-8000-00000000000{n}", f"Report {n}", text, sha,
                 f"2026-01-0{n} 03:04:05.000000"))
            quote = text.split()[1]
            start = text.index(quote)
            verdict, status = ("disputed", "approved") if n == 1 else ("verified", None)
            db.execute(
                "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'note', 'alice',"
                " '2026-01-02 03:05:00.000000', '2026-01-02 03:06:00.000000', 2, ?, ?, ?,"
                " ?, ?)",
                (n, f"c0000000-0000-4000-8000-00000000000{n}", n, start, start + len(quote),
                 quote, text[max(0, start - 32):start],
                 text[start + len(quote):start + len(quote) + 32], sha, verdict, status,
                 "fine" if status else "", "bob" if status else "",
                 "2026-01-03 00:00:00.000000" if status else None, 0))
            db.execute(
                "INSERT INTO sources VALUES (?, ?, ?, 'https://example.org/report', "
                "'Original report', 'Example News', 'an excerpt', 'refutes', '2026-01-02',"
                " NULL, NULL, NULL, '2026-01-02 03:05:30.000000')",
                (n, f"b0000000-0000-4000-8000-00000000000{n}", n))
            db.execute(
                "INSERT INTO claim_history (claim_id, at, author, field, old, new) "
                "VALUES (?, '2026-01-02 03:05:00.000000', 'alice', 'created', '', ?)",
                (n, verdict))
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
