"""The stored passage index: every library document cut into sentences with their terms.

The index lives in the library database itself (tables passage_sets and passages, migration
0003), so it is as durable, as shared (a desk's PostgreSQL library) and as consistent as the
documents: deleting a document deletes its passages by foreign-key cascade, and a document
whose text (sha256) or analysis scheme differs from what was indexed is cut again. Nothing
hooks into import or delete: sync_index compares the two tables and does only what differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Table, and_, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError

from annotator.evidence.text import SCHEME, split_sentences, terms
from annotator.store import Store
from annotator.store.errors import DatabaseReadOnly
from annotator.store.models import Document, Passage, PassageSet, utcnow

Progress = Callable[[int, int], None]  # (documents done, documents to do)

_PASSAGES: Table = Passage.__table__  # type: ignore[assignment]
_SETS: Table = PassageSet.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class StoredPassage:
    document_id: int
    start: int
    end: int
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyncReport:
    indexed: int  # documents (re-)cut in this sync
    passages: int  # passages written
    saved: bool  # False when the library is read-only: the cut is kept in memory only
    pending: tuple[tuple[int, str, list[StoredPassage]], ...] = ()


def analyse(document_id: int, text: str) -> list[StoredPassage]:
    """Cut one text into passages with their index terms (no database)."""
    return [
        StoredPassage(document_id, s.start, s.end, tuple(terms(text[s.start:s.end])))
        for s in split_sentences(text)
    ]


def stale_documents(store: Store) -> list[tuple[int, str]]:
    """(id, sha256) of documents with no index, or one cut from another text or scheme."""
    with store.transaction() as s:
        rows = s.execute(
            select(Document.id, Document.sha256)
            .outerjoin(PassageSet, PassageSet.document_id == Document.id)
            .where(or_(PassageSet.document_id.is_(None), PassageSet.sha256 != Document.sha256,
                       PassageSet.scheme != SCHEME))
            .order_by(Document.id)
        ).all()
    return [(r.id, r.sha256) for r in rows]


def sync_index(store: Store, progress: Progress | None = None) -> SyncReport:
    """Bring the stored index up to date with the library, one transaction per document."""
    todo = stale_documents(store)
    written = 0
    pending: list[tuple[int, str, list[StoredPassage]]] = []
    for done, (document_id, sha) in enumerate(todo):
        with store.transaction() as s:
            text = s.scalar(select(Document.text).where(Document.id == document_id))
        if text is not None:
            cut = analyse(document_id, text)
            if pending:
                pending.append((document_id, sha, cut))
            else:
                try:
                    written += _save(store, document_id, sha, cut)
                except DatabaseReadOnly:
                    pending.append((document_id, sha, cut))
        if progress is not None:
            progress(done + 1, len(todo))
    return SyncReport(indexed=len(todo), passages=written, saved=not pending,
                      pending=tuple(pending))


def _save(store: Store, document_id: int, sha: str, cut: list[StoredPassage]) -> int:
    try:
        with store.transaction() as s:
            # The text may have changed (or the document gone) since it was read.
            current = s.scalar(select(Document.sha256).where(Document.id == document_id))
            if current != sha:
                return 0
            s.execute(delete(_SETS).where(_SETS.c.document_id == document_id))
            s.execute(insert(_SETS), [{"document_id": document_id, "sha256": sha,
                                       "scheme": SCHEME, "indexed_at": utcnow()}])
            if cut:
                s.execute(insert(_PASSAGES), [
                    {"document_id": p.document_id, "start": p.start, "end": p.end,
                     "terms": " ".join(p.terms)} for p in cut
                ])
    except IntegrityError:
        return 0  # another copy of the app indexed the same document at the same moment
    return len(cut)


def load_passages(store: Store) -> list[StoredPassage]:
    """Every stored passage whose index is current, in document order."""
    with store.transaction() as s:
        rows = s.execute(
            select(_PASSAGES.c.document_id, _PASSAGES.c.start, _PASSAGES.c.end,
                   _PASSAGES.c.terms)
            .join(PassageSet, PassageSet.document_id == _PASSAGES.c.document_id)
            .join(Document, and_(Document.id == PassageSet.document_id,
                                 Document.sha256 == PassageSet.sha256))
            .where(PassageSet.scheme == SCHEME)
            .order_by(_PASSAGES.c.document_id, _PASSAGES.c.start)
        ).all()
    return [StoredPassage(r.document_id, r.start, r.end, tuple(r.terms.split())) for r in rows]


def index_signature(store: Store) -> tuple[tuple[int, str], ...]:
    """What the current index covers: changes whenever a document is indexed or deleted."""
    with store.transaction() as s:
        rows = s.execute(
            select(PassageSet.document_id, PassageSet.sha256).order_by(PassageSet.document_id)
        ).all()
    return tuple((r.document_id, r.sha256) for r in rows)


def texts_of(store: Store, document_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(title, text) of the given documents."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    with store.transaction() as s:
        rows = s.execute(
            select(Document.id, Document.title, Document.text).where(Document.id.in_(ids))
        ).all()
    return {r.id: (r.title, r.text) for r in rows}
