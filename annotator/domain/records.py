"""Plain, immutable views of stored rows that the store hands to the UI, the CLI and exporters.

They carry no database session, so they can cross threads and outlive a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from annotator.domain.verdict import ReviewStatus, Stance, Verdict


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: int
    uuid: str
    title: str
    imported_at: datetime
    unchecked: int = 0
    verified: int = 0
    disputed: int = 0

    @property
    def claim_count(self) -> int:
        return self.unchecked + self.verified + self.disputed


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: int
    uuid: str
    title: str
    text: str
    sha256: str
    origin: str | None
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    document: DocumentSummary
    created: bool  # False when identical text was already in the library


@dataclass(frozen=True, slots=True)
class SourceInput:
    """What a user types (or picks) for a source; every field is optional but one."""

    url: str = ""
    title: str = ""
    publisher: str = ""
    excerpt: str = ""
    stance: Stance = Stance.SUPPORTS
    accessed_at: str = ""  # ISO date (YYYY-MM-DD) or empty
    passage_document_id: int | None = None
    passage_start: int | None = None  # code points into the passage document's text
    passage_end: int | None = None


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: int
    uuid: str
    claim_id: int
    url: str
    title: str
    publisher: str
    excerpt: str
    stance: Stance
    accessed_at: str
    passage_document_id: int | None
    passage_start: int | None
    passage_end: int | None
    created_at: datetime
    version: int = 1  # moves on with every edit; a stale edit is refused

    def as_input(self) -> SourceInput:
        return SourceInput(
            url=self.url,
            title=self.title,
            publisher=self.publisher,
            excerpt=self.excerpt,
            stance=self.stance,
            accessed_at=self.accessed_at,
            passage_document_id=self.passage_document_id,
            passage_start=self.passage_start,
            passage_end=self.passage_end,
        )


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: int
    uuid: str
    document_id: int
    start: int  # code points
    end: int
    exact: str
    prefix: str
    suffix: str
    doc_sha256: str
    verdict: Verdict
    note: str
    author: str
    created_at: datetime
    modified_at: datetime
    version: int
    source_count: int = 0
    review_status: ReviewStatus | None = None
    review_note: str = ""
    reviewer: str = ""
    reviewed_at: datetime | None = None
    review_conflict: bool = False


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    claim_id: int
    at: datetime
    author: str
    field: str  # an annotator.domain.history.HistoryField value
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ClaimSnapshot:
    """Everything needed to bring a deleted claim back exactly (undo of delete)."""

    claim: ClaimRecord
    sources: tuple[SourceRecord, ...] = field(default_factory=tuple)
    history: tuple[HistoryEntry, ...] = field(default_factory=tuple)
