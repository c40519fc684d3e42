"""Recreate library-rev0009.sqlite3: the revision-0008 fixture upgraded to 0009 (document
versions), plus two articles written with plain SQL whose claims test the numbering of
migration 0010:

* "Four claims" (one version): claims made out of text order, one deleted (a gap in the
  ids), two on the same words (made one after the other);
* "Corrected" (two versions): three claims made on version 1 (one of them orphaned by
  version 2, which moved the others around) and two made on version 2;
* "No claims yet".

The committed file is the fixture; this script only documents how it was made.
Run (from the repository root): python -m tests.store.data.make_rev0009_db
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.store.data.frozen_schema import upgraded_copy

HERE = Path(__file__).resolve().parent

FOUR = "Alpha one. Beta two. Gamma three. Delta four."
OLD = "Old: A says x. B says y. Gone words here."
NEW = "New: B says y. C says z. A says x."
EMPTY = "Nothing has been marked in this article."


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def main() -> None:
    target = HERE / "library-rev0009.sqlite3"
    upgraded_copy(HERE / "library-rev0008.sqlite3", target, "0009")
    db = sqlite3.connect(target)
    with db:
        for doc_id, title, text, at in ((2, "Four claims", FOUR, "2026-02-01 09:00:00.000000"),
                                        (3, "Corrected", NEW, "2026-02-02 09:00:00.000000"),
                                        (4, "No claims yet", EMPTY,
                                         "2026-02-03 09:00:00.000000")):
            db.execute("INSERT INTO documents (id, uuid, title, text, sha256, origin, "
                       "imported_at) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                       (doc_id, f"00000000-0000-4000-8000-00000000000{doc_id}", title, text,
                        sha(text), at))
        db.execute("INSERT INTO document_versions (document_id, number, text, sha256, origin, "
                   "created_at, author, note) VALUES (2, 1, NULL, ?, NULL, "
                   "'2026-02-01 09:00:00.000000', '', 'imported')", (sha(FOUR),))
        db.execute("INSERT INTO document_versions (document_id, number, text, sha256, origin, "
                   "created_at, author, note) VALUES (3, 1, ?, ?, NULL, "
                   "'2026-02-02 09:00:00.000000', '', 'imported')", (OLD, sha(OLD)))
        db.execute("INSERT INTO document_versions (document_id, number, text, sha256, origin, "
                   "created_at, author, note) VALUES (3, 2, NULL, ?, NULL, "
                   "'2026-02-05 09:00:00.000000', 'Dana', 'corrected')", (sha(NEW),))
        db.execute("INSERT INTO document_versions (document_id, number, text, sha256, origin, "
                   "created_at, author, note) VALUES (4, 1, NULL, ?, NULL, "
                   "'2026-02-03 09:00:00.000000', '', 'imported')", (sha(EMPTY),))
        # (id, document, text it sits in, quote, occurrence start, created, state)
        claims = [
            (10, 2, FOUR, "Gamma three", "2026-02-01 10:00:00.000000", "anchored"),
            (11, 2, FOUR, "Alpha one", "2026-02-01 10:01:00.000000", "anchored"),
            # 12 was deleted
            (13, 2, FOUR, "Beta two", "2026-02-01 10:03:00.000000", "anchored"),
            (14, 2, FOUR, "Alpha one", "2026-02-01 10:04:00.000000", "anchored"),
            (20, 3, NEW, "B says y", "2026-02-02 10:00:00.000000", "moved"),
            (21, 3, NEW, "A says x", "2026-02-02 10:01:00.000000", "moved"),
            (22, 3, OLD, "Gone words", "2026-02-02 10:02:00.000000", "orphaned"),
            (23, 3, NEW, "C says z", "2026-02-06 10:00:00.000000", "anchored"),
            (24, 3, NEW, "New", "2026-02-06 10:01:00.000000", "anchored"),
        ]
        for claim_id, doc_id, text, quote, created, state in claims:
            start = text.index(quote)
            end = start + len(quote)
            db.execute(
                "INSERT INTO claims (id, uuid, document_id, start, \"end\", exact, prefix, "
                "suffix, doc_sha256, verdict, note, author, created_at, modified_at, version, "
                "review_note, reviewer, review_conflict, review_reply, anchor_state) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'unchecked', ?, 'Alice', ?, ?, 1, '', '', 0, '', ?)",
                (claim_id, f"00000000-0000-4000-9000-0000000000{claim_id}", doc_id, start, end,
                 quote, text[max(0, start - 32):start], text[end:end + 32], sha(text),
                 f"note on {quote}", created, created, state))
            db.execute("INSERT INTO claim_history (claim_id, at, author, field, old, new) "
                       "VALUES (?, ?, 'Alice', 'created', '', 'unchecked')", (claim_id, created))
        db.execute("INSERT INTO sources (uuid, claim_id, url, title, publisher, excerpt, "
                   "stance, accessed_at, created_at) VALUES ('00000000-0000-4000-a000-"
                   "000000000001', 13, 'https://example.org/beta', 'Beta', '', '', "
                   "'supports', '', '2026-02-01 10:05:00.000000')")
        # Where the claims made on version 1 sat in it.
        (old_version,) = db.execute("SELECT id FROM document_versions WHERE document_id = 3 "
                                    "AND number = 1").fetchone()
        for claim_id, quote in ((20, "B says y"), (21, "A says x"), (22, "Gone words")):
            start = OLD.index(quote)
            db.execute("INSERT INTO claim_placements (claim_id, version_id, start, \"end\", "
                       "state) VALUES (?, ?, ?, ?, 'anchored')",
                       (claim_id, old_version, start, start + len(quote)))
        db.execute("PRAGMA user_version = 9")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
