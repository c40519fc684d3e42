"""The review loop's vocabulary: a reviewer's decision on a claim, and filters by review."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import ReviewStatus, Verdict


@dataclass(frozen=True, slots=True)
class ReviewState:
    """What a reviewer sets on one claim: the only columns a review file lets them change."""

    status: ReviewStatus = ReviewStatus.PENDING
    note: str = ""
    reviewer: str = ""
    verdict: Verdict | None = None  # the reviewer's own verdict, if they give one


def review_state(claim: ClaimRecord) -> ReviewState:
    return ReviewState(claim.review_status or ReviewStatus.PENDING, claim.review_note,
                       claim.reviewer, claim.reviewer_verdict)


def is_reviewed(claim: ClaimRecord) -> bool:
    """A decision other than pending has been made on the claim."""
    return claim.review_status not in (None, ReviewStatus.PENDING)


class ReviewFilter(StrEnum):
    """Filters by review for claims tables (the editor's, the library's, the reviewer's)."""

    ALL = "all"
    NOT_REVIEWED = "not-reviewed"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_WORK = "needs-work"
    TO_DO = "to-do"  # needs work and not answered yet
    CONFLICT = "conflict"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def accepts(self, claim: ClaimRecord) -> bool:
        if self is ReviewFilter.ALL:
            return True
        if self is ReviewFilter.NOT_REVIEWED:
            return not is_reviewed(claim)
        if self is ReviewFilter.CONFLICT:
            return claim.review_conflict
        if self is ReviewFilter.TO_DO:
            return claim.review_status is ReviewStatus.NEEDS_WORK and not claim.review_reply
        return claim.review_status is ReviewStatus(self.value)


_LABELS = {
    ReviewFilter.ALL: "Any review",
    ReviewFilter.NOT_REVIEWED: "Not reviewed",
    ReviewFilter.APPROVED: "Approved",
    ReviewFilter.REJECTED: "Rejected",
    ReviewFilter.NEEDS_WORK: "Needs work",
    ReviewFilter.TO_DO: "Needs work, not answered",
    ReviewFilter.CONFLICT: "In conflict",
}


def accepted_values(claim: ClaimRecord) -> tuple[Verdict, str]:
    """The verdict and note a claim gets when the editor accepts the reviewer's decision.

    The reviewer's own verdict wins when they gave one. Otherwise a rejection sends the
    claim back to unchecked, an approval restores the verdict and note the reviewer saw and
    approved, and needs-work leaves both as they are (the claim stays on the to-do list).
    """
    if claim.reviewer_verdict is not None:
        verdict = claim.reviewer_verdict
    elif claim.review_status is ReviewStatus.REJECTED:
        verdict = Verdict.UNCHECKED
    elif claim.review_status is ReviewStatus.APPROVED and claim.review_seen_verdict:
        verdict = claim.review_seen_verdict
    else:
        verdict = claim.verdict
    note = claim.note
    if claim.review_status is ReviewStatus.APPROVED and claim.review_seen_note is not None:
        note = claim.review_seen_note
    return verdict, note
