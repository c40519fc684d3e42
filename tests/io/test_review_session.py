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
                              "reviewed_at IS NOT NULL FROM claims WHERE rowid = 2"
                              ).fetchone() == ("rejected", "Wrong year\n", "Rita", "unchecked", 1)
        with pytest.raises(ValueError, match="limit is 10,000"):
            session.set_review(1, ReviewState(ReviewStatus.APPROVED, "x" * 10_001, "Rita"))
    finally:
        session.close()
    with closing(sqlite3.connect(review)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
            db.execute("UPDATE claims SET verdict = 'verified' WHERE rowid = 2")
    assert not Path(f"{review}-journal").exists() and not Path(f"{review}-wal").exists()
    reopened = ReviewSession.open(review)
    assert reopened.claim(2).review_status is ReviewStatus.REJECTED
    reopened.close()


def test_claims_carry_their_article_numbers(library: Library, review: Path) -> None:
    session = ReviewSession.open(review)
    try:
        shown = [(c.uuid, c.number, c.label) for c in session.claims()]
        # Two claims numbered #1 (one per article): the session keys claims by row, not number.
        assert shown == [(c.uuid, c.number, f"#{c.number}") for c in library.claims]
        original = session.claims()[-1]
        session.set_review(original.id, ReviewState(ReviewStatus.APPROVED, "", "Rita"))
    finally:
        session.close()
    with closing(sqlite3.connect(review)) as db:
        assert db.execute("SELECT id FROM claims WHERE review_status = 'approved'"
                          ).fetchall() == [(library.original.uuid,)]


def test_the_rating_label_is_read_and_older_formats_have_none(
        library: Library, review: Path, tmp_path: Path) -> None:
    from tests.io.test_review_formats import as_older_format

    with closing(sqlite3.connect(review)) as db:
        rated = dict(db.execute("SELECT id, rating_label FROM claims WHERE rating_label <> ''"))
    assert rated  # the library marks one claim "Misleading"
    session = ReviewSession.open(review)
    try:
        assert {c.uuid: c.rating_label for c in session.claims() if c.rating_label} == rated
    finally:
        session.close()
    older = ReviewSession.open(as_older_format(review, tmp_path / "v4.sqlite", 4))
    try:
        assert older.version == 4 and not older.has_rating_label
        assert {c.rating_label for c in older.claims()} == {""}
    finally:
        older.close()


def test_a_format_2_file_shows_the_numbers_it_was_written_with(tmp_path: Path) -> None:
    path = Path(shutil.copy(DATA / "v2-review.sqlite", tmp_path / "v2.sqlite"))
    session = ReviewSession.open(path)
    try:
        assert [(c.number, c.exact.split()[0]) for c in session.claims()] == [
            (1, "The"), (2, "Critics"), (3, "Unemployment")]
        critics = session.claims()[1]
        session.set_review(critics.id, ReviewState(ReviewStatus.NEEDS_WORK, "Which?", "Rita"))
    finally:
        session.close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT review_status FROM claims WHERE number = 2"
                          ).fetchone() == ("needs-work",)


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
