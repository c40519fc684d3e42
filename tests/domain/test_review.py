"""What accepting a reviewer's decision does, and the review filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from annotator.domain.records import ClaimRecord
from annotator.domain.review import ReviewFilter, accepted_values, is_reviewed
from annotator.domain.verdict import ReviewStatus, Verdict

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CLAIM = ClaimRecord(
    id=1, uuid="u", document_id=1, start=0, end=3, exact="abc", prefix="", suffix="",
    doc_sha256="0", verdict=Verdict.DISPUTED, note="mine now", author="e", created_at=NOW,
    modified_at=NOW, version=2, review_seen_verdict=Verdict.VERIFIED, review_seen_note="seen",
)


@pytest.mark.parametrize(("status", "own", "expected"), [
    (ReviewStatus.REJECTED, None, (Verdict.UNCHECKED, "mine now")),
    (ReviewStatus.REJECTED, Verdict.VERIFIED, (Verdict.VERIFIED, "mine now")),
    (ReviewStatus.APPROVED, None, (Verdict.VERIFIED, "seen")),  # what they approved
    (ReviewStatus.APPROVED, Verdict.DISPUTED, (Verdict.DISPUTED, "seen")),
    (ReviewStatus.NEEDS_WORK, None, (Verdict.DISPUTED, "mine now")),
])
def test_accepted_values(status: ReviewStatus, own: Verdict | None,
                         expected: tuple[Verdict, str]) -> None:
    claim = replace(CLAIM, review_status=status, reviewer_verdict=own)
    assert accepted_values(claim) == expected


def test_filters() -> None:
    never = CLAIM
    pending = replace(CLAIM, review_status=ReviewStatus.PENDING)
    todo = replace(CLAIM, review_status=ReviewStatus.NEEDS_WORK)
    answered = replace(todo, review_reply="done")
    conflict = replace(CLAIM, review_status=ReviewStatus.APPROVED, review_conflict=True)
    assert not is_reviewed(never) and not is_reviewed(pending) and is_reviewed(todo)
    shown = {f: [c for c in (never, pending, todo, answered, conflict) if f.accepts(c)]
             for f in ReviewFilter}
    assert shown[ReviewFilter.ALL] == [never, pending, todo, answered, conflict]
    assert shown[ReviewFilter.NOT_REVIEWED] == [never, pending]
    assert shown[ReviewFilter.TO_DO] == [todo]
    assert shown[ReviewFilter.NEEDS_WORK] == [todo, answered]
    assert shown[ReviewFilter.CONFLICT] == [conflict]
    assert shown[ReviewFilter.APPROVED] == [conflict]
    assert all(f.label for f in ReviewFilter)
