"""Recreate v2-library.sqlite3 and v2-review.sqlite: a library at schema 0009 and its review
export in format 2 (claims numbered 1, 2, ... across the whole file), with two decisions
and a reviewer's verdict set by "a reviewer" with sqlite3.

Format 2 is no longer written, so this must run from a checkout of the commit that still
wrote it (8d6d134, before claim numbers):
    git worktree add /tmp/v2 8d6d134 && cd /tmp/v2 && python tests/io/data/make_v2_review.py OUT
(copy this script there first). The committed files are the fixture.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from annotator.domain.verdict import Verdict
from annotator.io.export import export_library
from annotator.store import Store

FIRST = "The mayor said the new bridge cost 40 million. Critics say it cost 55 million."
SECOND = "Unemployment fell to 4 percent in March, the lowest rate since 2008."


def main(folder: Path) -> None:
    library = folder / "v2-library.sqlite3"
    review = folder / "v2-review.sqlite"
    for path in (library, review):
        path.unlink(missing_ok=True)
    with Store.open(library, author="editor") as store:
        first = store.import_document("Bridge", FIRST).document.id
        second = store.import_document("Jobs", SECOND).document.id
        # Made out of text order: in the library these are #1 "Critics..." and #2 "The mayor".
        store.create_claim(first, FIRST.index("Critics"), len(FIRST) - 1,
                           verdict=Verdict.DISPUTED)
        store.create_claim(first, 0, FIRST.index(" Critics") - 1, verdict=Verdict.VERIFIED)
        store.create_claim(second, 0, SECOND.index(" in March"), verdict=Verdict.VERIFIED)
        export_library(store, "review", review)
    db = sqlite3.connect(review)
    with db:
        # File numbers (format 2): 1 "The mayor", 2 "Critics", 3 "Unemployment".
        db.execute("UPDATE claims SET review_status = 'approved', reviewer = 'Alex', "
                   "reviewer_verdict = 'verified' WHERE number = 1")
        db.execute("UPDATE claims SET review_status = 'rejected', review_note = 'Source?', "
                   "reviewer = 'Alex' WHERE number = 3")
    db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
