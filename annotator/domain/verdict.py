"""Verdicts and source stances: the fixed vocabularies of a fact-check."""

from enum import StrEnum


class Verdict(StrEnum):
    UNCHECKED = "unchecked"
    VERIFIED = "verified"
    DISPUTED = "disputed"


class Stance(StrEnum):
    """How a source bears on the claim it is attached to."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class ReviewStatus(StrEnum):
    """A reviewer's decision on a claim, filled in an exported review file."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_WORK = "needs-work"
