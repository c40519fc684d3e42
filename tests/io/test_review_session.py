"""The reviewer's side of a review file, without Qt: decisions saved at once, file kept plain."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.review import ReviewState
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.review_file import ReviewFileError
from annotator.io.review_session import ReviewSession
from tests.io.export_support import EMOJI_QUOTE, Library
from tests.io.test_review_import import reviewer

DATA = Path(__file__).with_name("data")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reads_the_file_and_saves_each_decision_at_once(library: Library,
                                                        review: Path) -> None:
    session = ReviewSession.open(review)
    try:
        claims = session.claims()
        assert [c.id for c in claims] == [1, 2, 3, 4, 5]
        assert claims[0].exact == EMOJI_QUOTE and claims[0].verdict is Verdict.VERIFIED
        assert [s.title for s in session.sources(1)] == ["GDP 2023", "Blog post"]
        assert session.documents[claims[0].document_id].title == "Emoji 🧪 article"
        assert session.progress() == (0, 5)
        stored = session.set_review(2, ReviewState(ReviewStatus.REJECTED, "Wrong year\r\n",
                                                   "Rita", Verdict.UNCHECKED))
        assert stored.review_note == "Wrong year\n"
        assert session.progress() == (1, 5)
        # Saved before close: another reader sees it now.
        with closing(sqlite3.connect(review)) as db:
            assert db.execute("SELECT review_status, review_note, reviewer, reviewer_verdict, "
                              "reviewed_at IS NOT NULL FROM claims WHERE number = 2"
                              ).fetchone() == ("rejected", "Wrong year\n", "Rita", "unchecked", 1)
        with pytest.raises(ValueError, match="limit is 10,000"):
            session.set_review(1, ReviewState(ReviewStatus.APPROVED, "x" * 10_001, "Rita"))
    finally:
        session.close()
    with closing(sqlite3.connect(review)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
            db.execute("UPDATE claims SET verdict = 'verified' WHERE number = 2")
    assert not Path(f"{review}-journal").exists() and not Path(f"{review}-wal").exists()
    reopened = ReviewSession.open(review)
    assert reopened.claim(2).review_status is ReviewStatus.REJECTED
    reopened.close()


def test_format_1_files_are_reviewed_without_a_reviewer_verdict(tmp_path: Path) -> None:
    path = Path(shutil.copy(DATA / "v1-review.sqlite", tmp_path / "v1.sqlite"))
    session = ReviewSession.open(path)
    assert not session.has_reviewer_verdict
    session.set_review(3, ReviewState(ReviewStatus.NEEDS_WORK, "Source?", "Rita",
                                      Verdict.VERIFIED))
    assert session.claim(3).reviewer_verdict is None
    session.close()


def test_refused_files_are_left_untouched(library: Library, review: Path,
                                          tmp_path: Path) -> None:
    other = tmp_path / "contacts.sqlite"
    with closing(sqlite3.connect(other)) as db, db:
        db.execute("CREATE TABLE people (name TEXT)")
    newer = review
    reviewer(newer, "PRAGMA user_version = 99")
    for path, message in ((other, "not an Annotator review export"),
                          (newer, "newer version of Annotator")):
        before = digest(path)
        listing = sorted(p.name for p in path.parent.iterdir())
        with pytest.raises(ReviewFileError, match=message):
            ReviewSession.open(path)
        assert digest(path) == before
        assert sorted(p.name for p in path.parent.iterdir()) == listing
