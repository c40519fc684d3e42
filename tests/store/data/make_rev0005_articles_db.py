"""Recreate library-rev0005-articles.sqlite3: articles frozen at schema revision 0005.

The committed file is the fixture; this script only documents how it was made. It uses
raw SQL so that it keeps working whatever the current models look like. Two articles, a
reviewed claim with a conflict, and a source quoting a passage of the other article.
Run: python tests/store/data/make_rev0005_articles_db.py
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import empty_library_at

HERE = Path(__file__).resolve().parent
TARGET = HERE / "library-rev0005-articles.sqlite3"
TEXTS = (
    "Officials said 👍🏽 the “summit” will be held in Budapest — next week.\n事实核查 matters.",
    "The ministry denied that the summit had a date. Turnout was 64 per cent.",
)


def main() -> None:
    empty_library_at(TARGET, "0005")
    db = sqlite3.connect(TARGET)
    with db:
        for number, (title, text) in enumerate(zip(("Summit report", "Ministry denial"),
                                                   TEXTS, strict=True), 1):
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (number, f"a0000000-0000-4000-8000-00000000000{number}", title, text,
                 hashlib.sha256(text.encode()).hexdigest(),
                 f"/tmp/article{number}.txt" if number == 2 else None,
                 f"2026-01-0{number} 03:04:05.000000"))
        claims = (
            (1, 1, "the “summit” will be held in Budapest", "disputed", "Date unconfirmed",
             "rejected", "No second source", "bob", "2026-01-03 10:00:00.000000", 1),
            (2, 2, "Turnout was 64 per cent", "verified", "Electoral office figure",
             None, "", "", None, 0),
        )
        for (claim_id, doc, quote, verdict, note, status, review_note, reviewer, reviewed,
             conflict) in claims:
            text = TEXTS[doc - 1]
            start = text.index(quote)
            end = start + len(quote)
            db.execute(
                "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'alice', "
                "'2026-01-02 03:05:00.000000', '2026-01-02 03:06:00.000000', 3, "
                "?, ?, ?, ?, ?)",
                (claim_id, f"c0000000-0000-4000-8000-00000000000{claim_id}", doc, start, end,
                 quote, text[max(0, start - 32):start], text[end:end + 32],
                 hashlib.sha256(text.encode()).hexdigest(), verdict, note,
                 status, review_note, reviewer, reviewed, conflict))
        passage = TEXTS[1].index("denied that the summit had a date")
        db.execute(
            "INSERT INTO sources VALUES (1, 'b0000000-0000-4000-8000-000000000001', 1, "
            "'https://example.org/report', 'Original report', 'Example News', "
            "'will meet in Budapest', 'refutes', '2026-01-02', NULL, NULL, NULL,"
            " '2026-01-02 03:05:30.000000')")
        db.execute(
            "INSERT INTO sources VALUES (2, 'b0000000-0000-4000-8000-000000000002', 1, "
            "'', 'Ministry denial', '', 'denied that the summit had a date', 'refutes', '', "
            "2, ?, ?, '2026-01-02 03:05:40.000000')", (passage, passage + 33))
        db.executemany(
            "INSERT INTO claim_history (claim_id, at, author, field, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(1, "2026-01-02 03:05:00.000000", "alice", "created", "", "unchecked"),
             (1, "2026-01-02 03:06:00.000000", "alice", "verdict", "unchecked", "disputed"),
             (1, "2026-01-03 10:00:00.000000", "bob", "review", "", "rejected"),
             (2, "2026-01-02 03:05:00.000000", "alice", "created", "", "verified")])
        db.execute("PRAGMA user_version = 5")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
