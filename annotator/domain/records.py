"""Plain, immutable views of stored rows that the store hands to the UI, the CLI and exporters.

They carry no database session, so they can cross threads and outlive a transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from annotator.domain.anchor import AnchorState
from annotator.domain.claim_number import claim_label
from annotator.domain.urls import normalise_web_address
from annotator.domain.verdict import ReviewStatus, Stance, Verdict

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """What is known about an article besides its text; every field but the title optional."""

    title: str
    url: str = ""
    outlet: str = ""  # the site or publication name
    authors: str = ""  # as printed in the byline; several names separated by "; "
    published: str = ""  # ISO date YYYY-MM-DD, or empty when unknown
    language: str = ""  # BCP 47 tag such as "en" or "pt-BR", or empty
    note: str = ""

    def cleaned(self) -> DocumentMetadata:
        """The same fields trimmed and checked; raises ValueError with a sentence to show."""
        title = " ".join(self.title.split())
        if not title:
            raise ValueError("An article needs a title.")
        published = self.published.strip()
        if published:
            published = parse_published(published).isoformat()
        language = self.language.strip()
        if language and not _LANGUAGE_TAG.fullmatch(language):
            raise ValueError(f"{language!r} is not a language tag; use one such as en or pt-BR.")
        return DocumentMetadata(
            title=title, url=normalise_web_address(self.url), outlet=" ".join(self.outlet.split()),
            authors="; ".join(a for a in (" ".join(p.split()) for p in
                                           re.split(r"[;\n]", self.authors)) if a),
            published=published, language=language, note=self.note.strip(),
        )


def parse_published(text: str) -> date:
    """A publication date given as YYYY-MM-DD (what the editor and the CLI accept)."""
    value = text.strip()
    if _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14.")


class DocumentSummary(NamedTuple):
    """One row of the library list. A named tuple, not a frozen dataclass: the list makes
    thousands of them per refresh, and a tuple is built in a quarter of the time."""

    id: int
    uuid: str
    title: str
    imported_at: datetime
    unchecked: int = 0
    verified: int = 0
    disputed: int = 0
    outlet: str = ""
    authors: str = ""
    published: str = ""
    attention: int = 0
    """Claims whose anchor needs an editor's look (fuzzy, orphaned or ambiguous)."""

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
    url: str = ""
    outlet: str = ""
    authors: str = ""
    published: str = ""
    language: str = ""
    note: str = ""

    @property
    def metadata(self) -> DocumentMetadata:
        return DocumentMetadata(title=self.title, url=self.url, outlet=self.outlet,
                                authors=self.authors, published=self.published,
                                language=self.language, note=self.note)


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
    reviewer_verdict: Verdict | None = None  # the reviewer's own verdict, if they gave one
    review_seen_verdict: Verdict | None = None  # the claim as the reviewer saw it
    review_seen_note: str | None = None
    review_seen_at: datetime | None = None
    review_reply: str = ""  # the editor's answer to the reviewer, carried in the next export
    # How the claim sits in the current version of its text. ORPHANED: start/end/exact are
    # those of the last version that held it, not positions in the current text.
    anchor_state: AnchorState = AnchorState.ANCHORED
    # The claim's number within its article (#1, #2, ...; annotator.domain.claim_number),
    # the same in the app, the CLI and every export. 0 only for a claim not in a library.
    number: int = 0
    # The newsroom's finer rating ("Misleading", "Lacks context"), or "" for the verdict's.
    rating_label: str = ""

    @property
    def placed(self) -> bool:
        """Whether start/end are positions in the document's current text."""
        return self.anchor_state is not AnchorState.ORPHANED

    @property
    def label(self) -> str:
        """``#7``: how the claim is named to people (annotator.domain.claim_number)."""
        return claim_label(self.number)


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One version of a document's text (numbered from 1); the last one is current."""

    document_id: int
    number: int
    sha256: str
    origin: str | None
    created_at: datetime
    author: str
    note: str
    current: bool


@dataclass(frozen=True, slots=True)
class VersionOutcome:
    """What adding a version did: its number and how many claims ended in each state."""

    document_id: int
    number: int
    created: bool  # False when the text was already the current version
    states: dict[AnchorState, int] = field(default_factory=dict)


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


@dataclass(frozen=True, slots=True)
class DocumentSnapshot:
    """An article with everything that went with it when deleted (undo of delete).

    ``passages`` are (source id, start, end) of sources on other articles' claims that quoted
    this article: deleting it unlinked them, restoring links them again.
    """

    document: DocumentRecord
    claims: tuple[ClaimSnapshot, ...] = ()
    passages: tuple[tuple[int, int, int], ...] = ()
    last_claim_number: int = 0  # numbers up to it stay used when the article comes back
    # Its versions and where each claim sat in the superseded ones, as the store's rows
    # (column name -> value; annotator.store.document_ops puts them back as they were).
    versions: tuple[Mapping[str, object], ...] = ()
    placements: tuple[Mapping[str, object], ...] = ()
