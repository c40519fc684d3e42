"""What a claim's history records: one name per kind of change."""

from enum import StrEnum


class HistoryField(StrEnum):
    """The ``field`` of a history entry: which part of the claim changed."""

    CREATED = "created"
    VERDICT = "verdict"
    NOTE = "note"
    REVIEW = "review"
    DELETED = "deleted"
    RESTORED = "restored"
