"""What a claim's history records, and how a change reads to a colleague.

One vocabulary (HistoryField) for the store that writes history rows, the editor that
lists them, the exports and the conflict messages ("Dana set this claim to Verified at
14:02").
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from annotator.domain.records import HistoryEntry


class HistoryField(StrEnum):
    CREATED = "created"
    VERDICT = "verdict"
    NOTE = "note"
    REVIEW = "review"
    REPLY = "reply"  # the editor's answer to a review (annotator.store.review_merge)
    SOURCE_ADDED = "source added"
    SOURCE_EDITED = "source edited"
    SOURCE_REMOVED = "source removed"
    DELETED = "deleted"
    RESTORED = "restored"
    ANCHOR = "anchor"  # re-anchored into a new version of the text, or re-attached
    RATING_LABEL = "rating_label"  # the newsroom's finer rating ("Misleading")


SOURCE_FIELDS = frozenset(
    {HistoryField.SOURCE_ADDED, HistoryField.SOURCE_EDITED, HistoryField.SOURCE_REMOVED}
)
_QUOTE_LIMIT = 60


def clock(at: datetime, *, now: datetime | None = None) -> str:
    """'14:02' in local time for today, '3 Dec 14:02' for another day."""
    local = at.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


def quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1].rstrip() + "…"
    return f"“{text}”"


def describe_change(entry: HistoryEntry, *, subject: str = "this claim") -> str:
    """A sentence without the time: 'Dana set this claim to Verified'."""
    who = entry.author or "Someone"
    match entry.field:
        case HistoryField.CREATED:
            return f"{who} created {subject}"
        case HistoryField.VERDICT:
            return f"{who} set {subject} to {entry.new.capitalize()}"
        case HistoryField.NOTE if not entry.new:
            return f"{who} cleared the note of {subject}"
        case HistoryField.NOTE:
            return f"{who} changed the note of {subject} to {quoted(entry.new)}"
        case HistoryField.RATING_LABEL if not entry.new:
            return f"{who} cleared the rating label of {subject}"
        case HistoryField.RATING_LABEL:
            return f"{who} labelled {subject} {quoted(entry.new)}"
        case HistoryField.REVIEW:
            return f"{who} recorded a review of {subject} ({entry.new})"
        case HistoryField.SOURCE_ADDED:
            return f"{who} added the source {quoted(entry.new)} to {subject}"
        case HistoryField.SOURCE_EDITED:
            return f"{who} edited the source {quoted(entry.new)} of {subject}"
        case HistoryField.SOURCE_REMOVED:
            return f"{who} removed the source {quoted(entry.old)} from {subject}"
        case HistoryField.ANCHOR if entry.new.startswith("version "):
            return f"{who} made a new version of the text: {subject} is now {entry.new}"
        case HistoryField.ANCHOR:
            return f"{who} moved {subject} ({entry.old} → {entry.new})"
    return f"{who} changed {subject} ({entry.field})"


def conflict_message(entry: HistoryEntry | None, what: str = "claim") -> str:
    """The sentence a refused stale edit shows: who changed what and when."""
    if entry is None:
        return (f"This {what} was changed by someone else since you opened it. "
                "Reload it to see their change, then try again.")
    return f"{describe_change(entry)} at {clock(entry.at)}. Your change was not saved."
