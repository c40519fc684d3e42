"""Round trip: export, a "reviewer" UPDATEs the file with sqlite3, import-review merges it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.export import export_library
from annotator.io.review_export import REVIEW_FORMAT_VERSION
from annotator.io.review_import import (
    ReviewFileError,
    ReviewImportCancelled,
    import_review,
    read_review_file,
)
from annotator.store import Store
from annotator.store.review_merge import resolve_review_conflict
from tests.conftest import Backend
from tests.io.export_support import Library


def reviewer(path: Path, *statements: str) -> None:
    """What a reviewer does with nothing but sqlite3."""
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def library_rows(backend: Backend) -> list[tuple[object, ...]]:
    return (backend.raw("SELECT * FROM claims ORDER BY id")
            + backend.raw("SELECT * FROM claim_history ORDER BY id"))


def review_history(store: Store, claim_id: int) -> list[tuple[str, str, str]]:
    return [(h.author, h.old, h.new) for h in store.history(claim_id) if h.field == "review"]


# As the file's README tells a reviewer: a claim by its number in its article (#1 and #2
# of the emoji article; the "Original" article has a #1 too).
APPROVE_1 = ("UPDATE claims SET review_status = 'approved', review_note = 'Figures match', "
             "reviewer = 'Alex' WHERE number = 1 AND document_id = "
             "(SELECT id FROM documents WHERE title = 'Emoji 🧪 article')")
# Elsewhere the tests name claims by rowid: the file's claims in order (article, then text).
REJECT_2 = "UPDATE claims SET review_status = 'rejected' WHERE rowid = 2"


def test_reviewer_decisions_are_merged_by_uuid(store: Store, library: Library,
                                               review: Path) -> None:
    reviewer(review, APPROVE_1, REJECT_2)

    report = import_review(store, review)

    assert (report.applied, report.conflicts, report.unchanged, report.unknown) == (2, 0, 0, 0)
    assert report.not_reviewed == 3
    assert set(report.changed_claim_ids) == {library.emoji.id, library.overlap.id}
    assert str(report) == ("Imported review review.sqlite: 2 decisions applied, 0 in conflict "
                           "with later edits (both kept), 0 unchanged, 0 unknown claims; "
                           "3 not reviewed yet.")
    approved = store.claim(library.emoji.id)
    assert approved.review_status is ReviewStatus.APPROVED
    assert (approved.review_note, approved.reviewer) == ("Figures match", "Alex")
    assert approved.reviewed_at is not None and approved.reviewed_at.tzinfo is not None
    assert not approved.review_conflict
    # The editor's fields are untouched.
    assert (approved.verdict, approved.note) == (library.emoji.verdict, library.emoji.note)
    assert approved.modified_at == library.emoji.modified_at
    assert store.claim(library.overlap.id).review_status is ReviewStatus.REJECTED
    assert store.claim(library.formula.id).review_status is None
    assert review_history(store, library.emoji.id) == [("Alex", "none", "approved: Figures match")]
    assert review_history(store, library.overlap.id) == [("tester", "none", "rejected")]


def test_reimporting_the_same_file_changes_nothing(store: Store, library: Library,
                                                   review: Path, backend: Backend) -> None:
    reviewer(review, APPROVE_1, REJECT_2)
    import_review(store, review)
    before = library_rows(backend)

    again = import_review(store, review)

    assert (again.applied, again.conflicts, again.unchanged, again.unknown) == (0, 0, 2, 0)
    assert library_rows(backend) == before


def test_import_does_not_modify_the_review_file(store: Store, library: Library,
                                                review: Path) -> None:
    reviewer(review, APPROVE_1)
    before = review.read_bytes()
    import_review(store, review)
    assert review.read_bytes() == before


def test_editor_change_after_export_is_a_conflict_kept_side_by_side(
    store: Store, library: Library, review: Path
) -> None:
    store.set_verdict(library.emoji.id, Verdict.DISPUTED)  # after the export
    reviewer(review, APPROVE_1, REJECT_2)

    report = import_review(store, review)

    assert (report.applied, report.conflicts) == (1, 1)
    assert "1 in conflict with later edits (both kept)" in str(report)
    assert report.conflict_claim_ids == (library.emoji.id,)
    claim = store.claim(library.emoji.id)
    assert claim.verdict is Verdict.DISPUTED  # the editor's change stays
    assert claim.review_status is ReviewStatus.APPROVED  # and so does the reviewer's
    assert claim.review_conflict
    (_, _, new), = review_history(store, library.emoji.id)
    assert "conflict" in new
    assert not store.claim(library.overlap.id).review_conflict

    again = import_review(store, review)
    assert (again.applied, again.conflicts, again.unchanged) == (0, 0, 2)
    assert store.claim(library.emoji.id).review_conflict


def test_a_changed_decision_in_the_same_file_is_no_conflict(store: Store, library: Library,
                                                            review: Path) -> None:
    reviewer(review, APPROVE_1)
    import_review(store, review)
    reviewer(review, "UPDATE claims SET review_status = 'needs-work' WHERE rowid = 1")

    report = import_review(store, review)

    assert (report.applied, report.conflicts, report.unchanged) == (1, 0, 0)
    claim = store.claim(library.emoji.id)
    assert claim.review_status is ReviewStatus.NEEDS_WORK and not claim.review_conflict


def test_resolving_a_conflict_clears_the_flag_once(store: Store, library: Library,
                                                   review: Path) -> None:
    store.set_note(library.emoji.id, "rewritten after export")
    reviewer(review, APPROVE_1)
    import_review(store, review)
    assert resolve_review_conflict(store, library.emoji.id)
    assert not store.claim(library.emoji.id).review_conflict
    assert not resolve_review_conflict(store, library.emoji.id)


def test_claims_deleted_since_the_export_are_counted_unknown(store: Store, library: Library,
                                                             review: Path) -> None:
    store.delete_claim(library.formula.id)
    reviewer(review, "UPDATE claims SET review_status = 'approved' WHERE rowid = 3", APPROVE_1)

    report = import_review(store, review)

    assert (report.applied, report.unknown) == (1, 1)
    assert "1 unknown claim;" in str(report)


def test_untouched_claims_are_not_decisions(store: Store, library: Library,
                                            review: Path) -> None:
    report = import_review(store, review)
    assert (report.applied, report.unchanged, report.not_reviewed) == (0, 0, 5)
    assert all(c.review_status is None for c in store.claims())


def test_a_previous_decision_is_exported_and_kept(store: Store, library: Library,
                                                  review: Path, tmp_path: Path) -> None:
    reviewer(review, APPROVE_1)
    import_review(store, review)
    second = tmp_path / "second-round.sqlite"
    export_library(store, "review", second)
    with closing(sqlite3.connect(second)) as db, db:
        assert db.execute("SELECT review_status, reviewer FROM claims WHERE rowid = 1"
                          ).fetchone() == ("approved", "Alex")
    report = import_review(store, second)
    assert (report.applied, report.unchanged) == (0, 1)


# --- files that are refused ------------------------------------------------------------------


def refused(store: Store, path: Path, backend: Backend) -> str:
    before = library_rows(backend)
    with pytest.raises(ReviewFileError) as info:
        import_review(store, path)
    assert library_rows(backend) == before  # nothing written
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_text_file_is_refused(store: Store, library: Library, tmp_path: Path,
                                backend: Backend) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database", encoding="utf-8")
    assert "not an SQLite file" in refused(store, path, backend)


def test_an_empty_file_is_refused(store: Store, library: Library, tmp_path: Path,
                                  backend: Backend) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    assert "not a review export" in refused(store, path, backend)


def test_a_missing_file_is_refused(store: Store, tmp_path: Path, backend: Backend) -> None:
    assert "There is no file" in refused(store, tmp_path / "absent.sqlite", backend)


def test_another_sqlite_database_is_refused(store: Store, library: Library, tmp_path: Path,
                                            backend: Backend) -> None:
    # The library itself is the likeliest wrong SQLite file to be picked.
    copy = tmp_path / "copy-of-library.sqlite"
    with Store.open(copy) as other:
        other.import_document("A library", "Not a review export at all.")
    message = refused(store, copy, backend)
    assert "not an Annotator review export" in message and "README" in message


def test_a_file_from_a_newer_version_is_refused(store: Store, library: Library, review: Path,
                                                backend: Backend) -> None:
    newer = REVIEW_FORMAT_VERSION + 1
    reviewer(review, APPROVE_1,
             f"UPDATE export_info SET value = {newer} WHERE key = 'schema_version'")
    message = refused(store, review, backend)
    assert "newer version of Annotator" in message and f"review format {newer}" in message


def test_a_newer_user_version_alone_is_refused(store: Store, library: Library, review: Path,
                                               backend: Backend) -> None:
    reviewer(review, APPROVE_1, "PRAGMA user_version = 7")
    assert "review format 7" in refused(store, review, backend)


def test_a_foreign_export_info_is_refused(store: Store, library: Library, review: Path,
                                          backend: Backend) -> None:
    reviewer(review, "UPDATE export_info SET value = 'something-else' WHERE key = 'format'")
    assert "not an Annotator review export" in refused(store, review, backend)


def test_an_invalid_status_refuses_the_whole_file(store: Store, library: Library,
                                                  review: Path, backend: Backend) -> None:
    reviewer(review, APPROVE_1, "PRAGMA ignore_check_constraints = ON",
             "UPDATE claims SET review_status = 'maybe' WHERE rowid = 2")
    message = refused(store, review, backend)
    assert "Claim #2" in message and "'maybe'" in message and "Nothing was imported" in message


def test_a_damaged_file_is_refused(store: Store, library: Library, review: Path,
                                   backend: Backend) -> None:
    data = bytearray(review.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    review.write_bytes(bytes(data))
    assert "damaged" in refused(store, review, backend)


def test_reading_never_writes(review: Path) -> None:
    reviewer(review, APPROVE_1)
    before = review.read_bytes()
    parsed = read_review_file(review)
    assert [d.status for d in parsed.decisions] == [ReviewStatus.APPROVED]
    assert parsed.exported_by == "tester"
    assert review.read_bytes() == before


def test_a_file_name_with_spaces_and_hashes(store: Store, library: Library,
                                            review: Path) -> None:
    odd = review.with_name("Alex's review #1 (final?).sqlite")
    review.rename(odd)
    reviewer(odd, APPROVE_1)
    assert import_review(store, odd).applied == 1


def test_review_import_reports_progress_to_the_total(store: Store, library: Library,
                                                     review: Path) -> None:
    reviewer(review, APPROVE_1)
    calls: list[tuple[int, int]] = []
    import_review(store, review, progress=lambda done, total: calls.append((done, total)) is None)
    assert calls[0] == (0, 1) and calls[-1] == (1, 1)  # one decision to merge


def test_cancelled_review_import_changes_nothing(store: Store, library: Library, review: Path,
                                                 backend: Backend) -> None:
    reviewer(review, APPROVE_1, REJECT_2)
    before = library_rows(backend)
    with pytest.raises(ReviewImportCancelled, match="not changed"):
        import_review(store, review, progress=lambda done, total: done < total)
    assert library_rows(backend) == before


def test_a_write_during_the_progress_callback_does_not_break_the_import(
    store: Store, library: Library, review: Path, backend: Backend
) -> None:
    """A GUI's progress callback runs the event loop, where another action may write to the
    library (the evidence index saving its cuts): the import must still go through."""
    reviewer(review, APPROVE_1, REJECT_2)
    other = backend.open("elsewhere")
    try:
        def progress(done: int, total: int) -> bool:
            other.set_note(library.formula.id, f"edited at {done} of {total}")
            return True

        report = import_review(store, review, progress=progress)
    finally:
        other.close()
    assert report.applied == 2
    assert store.claim(library.formula.id).note.startswith("edited at")
