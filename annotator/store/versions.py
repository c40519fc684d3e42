"""Versions of a document: a new text, every claim re-anchored into it, old versions kept.

Session-level functions behind the Store methods (annotator.store.service); each runs inside
the caller's transaction. The current version's text is ``documents.text`` (so every reader,
exporter and the evidence index, which re-cuts a document whose sha256 changed, see the
current text with nothing else to do); superseded versions keep their text in
``document_versions`` and their claims' places in ``claim_placements``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.domain.anchor import Anchor, AnchorState, make_anchor, text_sha256
from annotator.domain.changes import ChangeKind
from annotator.domain.reanchor import reanchor_all
from annotator.domain.records import ClaimRecord, VersionOutcome, VersionRecord
from annotator.domain.urls import address_key
from annotator.store.anchor_writes import ANCHOR_FIELD, Placed, keep_placements, write_reanchored
from annotator.store.errors import ConcurrentEdit, NotFound
from annotator.store.models import (
    Claim,
    ClaimHistory,
    ClaimPlacement,
    Document,
    DocumentVersion,
    utcnow,
)
from annotator.store.rows import check_text, claim_with_count, get_row

__all__ = ["ANCHOR_FIELD", "VersionActions"]


class VersionActions:
    """The Store's actions on versions, one transaction each (mixed into Store)."""

    if TYPE_CHECKING:  # provided by Store
        author: str
        _texts: dict[int, tuple[str, str, int | None]]

        def transaction(self, *, write: bool = False) -> AbstractContextManager[Session]: ...
        def log_change(self, session: Session, kind: ChangeKind, document_id: int,
                       claim_id: int | None = None) -> None: ...
        def _text_of(self, session: Session, document_id: int) -> tuple[str, str]: ...
        def claims(self, document_id: int | None = None) -> list[ClaimRecord]: ...

    def add_version(
        self, document_id: int, text: str, *, note: str = "new version",
        origin: str | None = None,
    ) -> VersionOutcome:
        """Make ``text`` the document's current version (a re-imported or corrected text)
        and re-anchor every claim into it, all in one transaction. The old version stays
        readable with its claims where they were (version_text, claims_in_version)."""
        check_text(text)
        with self.transaction(write=True) as s:
            document = get_row(s, Document, document_id, "document")
            outcome = _make_version(s, document, text, author=self.author, note=note,
                                           origin=origin)
            if outcome.created:  # other windows re-read the text and every claim
                self.log_change(s, ChangeKind.LIBRARY, document_id)
                self.log_change(s, ChangeKind.CLAIMS, document_id)
        self._texts.pop(document_id, None)
        return outcome

    def article_at(self, *addresses: str | None) -> tuple[int, str] | None:
        """``(id, title)`` of the article in the library whose web address (its URL or an
        http(s) origin) is one of ``addresses`` (an imported page's URL, its canonical URL,
        where it came from), compared by :func:`annotator.domain.urls.address_key`; the
        most recently imported one if several are."""
        keys = {key for key in map(address_key, filter(None, addresses)) if key}
        if not keys:
            return None
        with self.transaction() as s:
            rows = s.execute(
                select(Document.id, Document.title, Document.url, Document.origin)
                .where((Document.url != "") | Document.origin.like("http%"))
                .order_by(Document.imported_at.desc(), Document.id.desc())
            )
            for doc_id, title, url, origin in rows:
                if address_key(url) in keys or address_key(origin or "") in keys:
                    return doc_id, title
        return None

    def versions(self, document_id: int) -> list[VersionRecord]:
        """Every version of a document, oldest first; the last one is current."""
        with self.transaction() as s:
            return _list_versions(s, get_row(s, Document, document_id, "document"))

    def version_text(self, document_id: int, number: int) -> str:
        with self.transaction() as s:
            document = get_row(s, Document, document_id, "document")
            row = version_row(s, document, number)
            return document.text if row.text is None else row.text

    def claims_in_version(self, document_id: int, number: int) -> list[ClaimRecord]:
        """The claims a version held, where they sat in it, in text order (orphaned claims
        are not held by the current version, claims made later not by older ones)."""
        with self.transaction() as s:
            document = get_row(s, Document, document_id, "document")
            row = version_row(s, document, number)
            superseded = row.text is not None
            places = placements(s, row) if superseded else {}
        claims = self.claims(document_id)
        if not superseded:
            return [c for c in claims if c.placed]
        text = row.text or ""
        held = []
        for claim in claims:
            if claim.id in places:
                start, end, state = places[claim.id]
                held.append(replace(claim, start=start, end=end, exact=text[start:end],
                                    anchor_state=AnchorState(state)))
        return sorted(held, key=lambda c: (c.start, c.end, c.id))

    def reattach_claim(
        self, claim_id: int, start: int, end: int, *, expected_version: int | None = None
    ) -> ClaimRecord:
        """Anchor a claim (orphaned, fuzzy, ambiguous or any) on text[start:end] of its
        document's current version; restore_claim_anchor with the old record undoes it."""
        with self.transaction(write=True) as s:
            row = get_row(s, Claim, claim_id, "claim", lock=True)
            if expected_version is not None and row.version != expected_version:
                raise ConcurrentEdit()
            text, sha = self._text_of(s, row.document_id)
            reattach(s, row, text, sha, start, end, author=self.author)
            s.flush()
            self.log_change(s, ChangeKind.CLAIM, row.document_id, row.id)
            return claim_with_count(s, row)

    def restore_claim_anchor(self, previous: ClaimRecord) -> ClaimRecord:
        """Put a claim's anchor and state back as ``previous`` had them (undo)."""
        with self.transaction(write=True) as s:
            row = get_row(s, Claim, previous.id, "claim", lock=True)
            anchor = Anchor(previous.start, previous.end, previous.exact, previous.prefix,
                            previous.suffix, previous.doc_sha256)
            old = f"{row.anchor_state} [{row.start}, {row.end})"
            set_anchor(row, anchor, previous.anchor_state)
            now = utcnow()
            row.modified_at = now
            row.history.append(ClaimHistory(
                at=now, author=self.author, field=ANCHOR_FIELD, old=old,
                new=f"{previous.anchor_state.value} [{anchor.start}, {anchor.end}) (undone)",
            ))
            s.flush()
            self.log_change(s, ChangeKind.CLAIM, row.document_id, row.id)
            return claim_with_count(s, row)


def current_version(session: Session, document: Document) -> DocumentVersion:
    """The document's current version row, made (as version 1) if the document has none."""
    row = session.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    ).first()
    if row is None:
        row = DocumentVersion(
            document_id=document.id, number=1, text=None, sha256=document.sha256,
            origin=document.origin, created_at=document.imported_at, author="",
            note="imported",
        )
        session.add(row)
        session.flush()
    return row


def current_number(session: Session, document_id: int) -> int | None:
    """The current version's number (an index-only read), None for a deleted document."""
    return session.scalar(
        select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document_id)
    )


def _make_version(
    session: Session, document: Document, text: str, *, author: str, note: str,
    origin: str | None,
) -> VersionOutcome:
    """Make ``text`` the document's current version and re-anchor every claim into it."""
    sha = text_sha256(text)
    current = current_version(session, document)
    if sha == document.sha256:
        return VersionOutcome(document.id, current.number, created=False)
    other = session.scalar(select(Document.id).where(Document.sha256 == sha))
    if other is not None:
        raise ValueError(
            f"This text is already in the library as document #{other}; a version must be "
            "a text the library does not hold yet."
        )
    old_text = document.text
    now = utcnow()
    claims = session.execute(
        select(
            Claim.id, Claim.start, Claim.end, Claim.exact, Claim.prefix, Claim.suffix,
            Claim.doc_sha256, Claim.anchor_state,
        ).where(Claim.document_id == document.id)
    ).all()
    placed = [
        Placed(row.id, Anchor(row.start, row.end, row.exact, row.prefix, row.suffix,
                               row.doc_sha256), AnchorState(row.anchor_state))
        for row in claims
    ]
    # The superseded version keeps its text and where each claim it held sat in it.
    current.text = old_text
    session.flush()
    keep_placements(session, document.id, current.id)
    outcome = reanchor_all(
        [p.anchor for p in placed], old_text, text, old_sha256=document.sha256
    )
    number = current.number + 1
    write_reanchored(
        session, document.id, placed, outcome, text=text, sha=sha, old_sha=document.sha256,
        at=now, author=author, old_number=current.number, new_number=number,
    )
    document.text, document.sha256 = text, sha
    if origin:
        document.origin = origin
    session.add(DocumentVersion(
        document_id=document.id, number=number, text=None, sha256=sha,
        origin=document.origin, created_at=now, author=author, note=note,
    ))
    session.flush()
    return VersionOutcome(document.id, number, created=True, states=dict(outcome.states()))


def _list_versions(session: Session, document: Document) -> list[VersionRecord]:
    current = current_version(session, document)
    rows = session.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number)
    ).all()
    return [
        VersionRecord(
            document_id=row.document_id, number=row.number, sha256=row.sha256,
            origin=row.origin, created_at=row.created_at, author=row.author, note=row.note,
            current=row.id == current.id,
        )
        for row in rows
    ]


def version_row(session: Session, document: Document, number: int) -> DocumentVersion:
    row = session.scalars(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.number == number
        )
    ).first()
    if row is None:
        raise NotFound(f"Document #{document.id} has no version {number}.")
    return row


def placements(session: Session, version: DocumentVersion) -> dict[int, tuple[int, int, str]]:
    """claim id -> (start, end, state) in a superseded version."""
    rows = session.execute(
        select(ClaimPlacement.claim_id, ClaimPlacement.start, ClaimPlacement.end,
               ClaimPlacement.state)
        .where(ClaimPlacement.version_id == version.id)
    ).all()
    return {row.claim_id: (row.start, row.end, row.state) for row in rows}


def reattach(session: Session, claim: Claim, text: str, sha: str, start: int, end: int,
             *, author: str) -> None:
    """Anchor a claim on ``text[start:end]`` of its current version, as the user chose."""
    anchor = make_anchor(text, start, end, doc_sha256=sha)
    old = f"{claim.anchor_state} [{claim.start}, {claim.end})"
    set_anchor(claim, anchor, AnchorState.ANCHORED)
    now = utcnow()
    claim.modified_at = now
    claim.history.append(ClaimHistory(
        at=now, author=author, field=ANCHOR_FIELD, old=old,
        new=f"re-attached [{anchor.start}, {anchor.end})",
    ))


def set_anchor(claim: Claim, anchor: Anchor, state: AnchorState) -> None:
    claim.start, claim.end, claim.exact = anchor.start, anchor.end, anchor.exact
    claim.prefix, claim.suffix, claim.doc_sha256 = anchor.prefix, anchor.suffix, anchor.doc_sha256
    claim.anchor_state = state.value
