"""Changes other people made to a shared library, as a window following it sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ChangeKind(StrEnum):
    """What a reader has to re-read to catch up with one change."""

    CLAIM = "claim"  # a claim was created, changed or deleted: re-read it
    SOURCES = "sources"  # a claim's sources changed (and so the claim's version)
    CLAIMS = "claims"  # many claims of one document changed at once (a review merge)
    LIBRARY = "library"  # a document was imported or deleted


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    at: datetime
    origin: str  # the token of the Store that made it (a window skips its own)
    author: str
    kind: ChangeKind
    document_id: int
    claim_id: int | None = None
