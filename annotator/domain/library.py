"""Questions asked of the whole library (search, filters, counts).

Pure Python: the store answers these questions, the UI and the CLI ask them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from annotator.domain.claim_number import split_claim_label
from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import ReviewStatus, Verdict

UNREVIEWED = "unreviewed"
"""The review-status filter value for claims no reviewer has decided on."""

REVIEW_FILTERS: tuple[str, ...] = (UNREVIEWED, *(s.value for s in ReviewStatus))

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """Which claims of the library to show, search or export. Empty fields filter nothing."""

    text: str = ""  # words searched in quotes, notes, sources and article titles; "#7": number
    verdicts: frozenset[Verdict] = frozenset()
    review_statuses: frozenset[str] = frozenset()  # ReviewStatus values or UNREVIEWED
    conflict: bool | None = None  # True: only claims changed after their review export
    authors: frozenset[str] = frozenset()  # who made the claim
    document_ids: frozenset[int] = frozenset()
    changed_from: date | None = None  # the claim's last change, inclusive, UTC days
    changed_to: date | None = None
    claim_ids: frozenset[int] | None = None  # an explicit selection (export of a selection)

    def __post_init__(self) -> None:
        unknown = set(self.review_statuses) - set(REVIEW_FILTERS)
        if unknown:
            raise ValueError(f"Unknown review status {sorted(unknown)[0]!r}; choose one of "
                             f"{', '.join(REVIEW_FILTERS)}.")

    @property
    def words(self) -> list[str]:
        return search_words(split_claim_label(self.text)[1])

    @property
    def number(self) -> int | None:
        """7 when the text holds ``#7``: the claim numbered 7 in its article."""
        return split_claim_label(self.text)[0]


def search_words(text: str) -> list[str]:
    """The words of a search, as the full-text index splits them (letters and digits)."""
    return _WORD.findall(text)


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word must occur, each also as a prefix ("verif*").

    Words are quoted, so nothing the user types is read as FTS5 syntax (NEAR, OR, "-").
    """
    return " ".join(f'"{word}"*' for word in words)


@dataclass(frozen=True, slots=True)
class ClaimHit:
    """A claim found across the library, with what the list shows about its article."""

    claim: ClaimRecord
    document_title: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[ClaimHit, ...]  # newest claims first, at most the search's limit
    total: int | None  # all matching claims; None: more than ``hits``, not counted

    @property
    def truncated(self) -> bool:
        return self.total is None or self.total > len(self.hits)

    def describe(self) -> str:
        """"3 claims", "1,000 of 35,510 claims", "the first 1,000 claims"."""
        shown = len(self.hits)
        if self.total is None:
            return f"the newest {shown:,} matching claims (narrow the search to see the rest)"
        noun = "claim" if self.total == 1 else "claims"
        if shown < self.total:
            return f"{shown:,} of {self.total:,} {noun}"
        return f"{self.total:,} {noun}"


@dataclass(frozen=True, slots=True)
class DocumentCounts:
    """One article's claims counted by verdict and by review status (UNREVIEWED included)."""

    document_id: int
    title: str
    verdicts: dict[Verdict, int] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0

    @property
    def total(self) -> int:
        return sum(self.verdicts.values())


@dataclass(frozen=True, slots=True)
class LibraryCounts:
    documents: tuple[DocumentCounts, ...]

    @property
    def verdicts(self) -> dict[Verdict, int]:
        return {v: sum(d.verdicts.get(v, 0) for d in self.documents) for v in Verdict}

    @property
    def reviews(self) -> dict[str, int]:
        return {r: sum(d.reviews.get(r, 0) for d in self.documents) for r in REVIEW_FILTERS}

    @property
    def conflicts(self) -> int:
        return sum(d.conflicts for d in self.documents)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.documents)


@dataclass(frozen=True, slots=True)
class DeletionWeight:
    """What deleting an article takes with it, for the confirmation."""

    claims: int
    sources: int
    passages_elsewhere: int  # sources of other articles' claims that quote this article
