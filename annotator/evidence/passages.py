"""The stored passage index: every library document cut into sentences with their terms.

A passage is searched together with its article's title (title_terms, and the title
before the sentence in what is embedded): a sentence like "It opened in June" says what
"it" is only through its article. Titles are read when the index is loaded, never stored
with the passages, so renaming an article needs no re-cut; its vectors are keyed by model
and title (vector_key) and are computed again after a rename.

The index lives in the library database itself (tables passage_sets and passages, migration
0003), so it is as durable, as shared (a desk's PostgreSQL library) and as consistent as the
documents: deleting a document deletes its passages by foreign-key cascade, and a document
whose text (sha256) or analysis scheme differs from what was indexed is cut again. Nothing
hooks into import or delete: sync_index compares the two tables and does only what differs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, Table, and_, bindparam, delete, insert, null, or_, select, update
from sqlalchemy.exc import IntegrityError

from annotator.evidence.text import SCHEME, split_sentences, terms, terms_of_each
from annotator.store import Store
from annotator.store.errors import DatabaseReadOnly
from annotator.store.models import Document, Passage, PassageSet, utcnow

if TYPE_CHECKING:
    from annotator.evidence.semantic import Embedder

Progress = Callable[[int, int], None]  # (documents done, documents to do)

_PASSAGES: Table = Passage.__table__  # type: ignore[assignment]
_SETS: Table = PassageSet.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class StoredPassage:
    document_id: int
    start: int
    end: int
    terms: tuple[str, ...]
    vector: bytes | None = None  # float32 embedding (semantic extra), when loaded
    title_terms: tuple[str, ...] = ()  # the article title's terms, searched with the passage


Cut = tuple[int, str, list[StoredPassage]]  # (document id, its text's sha256, passages)


@dataclass(frozen=True, slots=True)
class VectorBatch:
    """The vectors of one document's passages under one model, to be stored together."""

    document_id: int
    model: str  # vector_key of the model and the document's title
    rows: tuple[tuple[int, bytes], ...]  # (passage id, float32 vector)
    starts: tuple[int, ...] = ()  # each row's passage start, to use the vectors unsaved

    def by_passage(self) -> dict[tuple[int, int], bytes]:
        """{(document id, passage start): vector}, as StoredPassage names a passage."""
        return {(self.document_id, start): vector
                for start, (_id, vector) in zip(self.starts, self.rows, strict=True)}


@dataclass(frozen=True, slots=True)
class SyncReport:
    indexed: int  # documents (re-)cut in this sync
    passages: int  # passages written
    pending: tuple[Cut, ...] = ()  # cut but not written (kept in memory by the index)
    read_only: bool = False  # writing was refused: the library is read-only


def embedding_text(title: str, sentence: str) -> str:
    """What is embedded for a passage: its article's title, then the sentence."""
    title = " ".join(title.split())
    return f"{title}. {sentence}" if title else sentence


def vector_key(model_sha256: str, title: str) -> str:
    """What a document's stored vectors were computed from: the model and the title
    (passage_sets.vector_model holds it; 64 hex characters, like a model's SHA-256)."""
    return hashlib.sha256(f"{model_sha256}\n{title}".encode()).hexdigest()


def analyse(document_id: int, text: str) -> list[StoredPassage]:
    """Cut one text into passages with their index terms (no database)."""
    sentences = split_sentences(text)
    words = terms_of_each([text[s.start:s.end] for s in sentences])
    return [StoredPassage(document_id, s.start, s.end, tuple(w))
            for s, w in zip(sentences, words, strict=True)]


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


# How many passages go into one write transaction when the library is indexed: few commits
# (each is a disk flush) and write locks short enough that an editor's save never waits long.
BATCH_PASSAGES = 2_000
_READ_DOCUMENTS = 32  # texts read per query


def sync_index(store: Store, progress: Progress | None = None) -> SyncReport:
    """Bring the stored index up to date with the library: the documents are read a few at
    a time and their passages written in batches (one write transaction per batch of about
    BATCH_PASSAGES), so neither the memory nor the number of commits grows with the library.
    On a read-only library the cuts come back as pending, to be searched from memory."""
    todo = stale_documents(store)
    written = 0
    read_only = False
    pending: list[Cut] = []
    batch: list[Cut] = []

    def flush() -> None:
        nonlocal written, read_only
        if batch and not read_only:
            try:
                written += save_cuts(store, batch)
            except DatabaseReadOnly:
                read_only = True
        if read_only:
            pending.extend(batch)
        batch.clear()

    for at in range(0, len(todo), _READ_DOCUMENTS):
        chunk = todo[at:at + _READ_DOCUMENTS]
        with store.transaction() as s:
            texts = dict(s.execute(select(Document.id, Document.text)
                                   .where(Document.id.in_([i for i, _ in chunk]))).all())
        for done, (document_id, sha) in enumerate(chunk, start=at + 1):
            text = texts.get(document_id)
            if text is not None:
                batch.append((document_id, sha, analyse(document_id, text)))
                if sum(len(cut) for _i, _s, cut in batch) >= BATCH_PASSAGES:
                    flush()
            if progress is not None:
                progress(done, len(todo))
    flush()
    return SyncReport(indexed=len(todo), passages=written, pending=tuple(pending),
                      read_only=read_only)


def save_cut(store: Store, cut: Cut) -> int:
    """Store one document's passages in one transaction; the number written."""
    return save_cuts(store, [cut])


def save_cuts(store: Store, cuts: list[Cut]) -> int:
    """Store the passages of a few documents in one transaction; the number written. A
    document whose text changed (or that was deleted) since it was cut is left out."""
    try:
        with store.transaction(write=True) as s:
            ids = [document_id for document_id, _sha, _cut in cuts]
            current = dict(s.execute(select(Document.id, Document.sha256)
                                     .where(Document.id.in_(ids))).all())
            fresh = [(i, sha, cut) for i, sha, cut in cuts if current.get(i) == sha]
            if not fresh:
                return 0
            fresh_ids = [i for i, _sha, _cut in fresh]
            s.execute(delete(_SETS).where(_SETS.c.document_id.in_(fresh_ids)))
            now = utcnow()
            s.execute(insert(_SETS), [{"document_id": i, "sha256": sha, "scheme": SCHEME,
                                       "indexed_at": now} for i, sha, _cut in fresh])
            rows = [{"document_id": p.document_id, "start": p.start, "end": p.end,
                     "terms": " ".join(p.terms)} for _i, _sha, cut in fresh for p in cut]
            if rows:
                s.execute(insert(_PASSAGES), rows)
    except IntegrityError:
        # Another copy of the app indexed one of them at the same moment: one at a time.
        return sum(save_cut(store, cut) for cut in cuts) if len(cuts) > 1 else 0
    return len(rows)


def current_passages(*columns: Any) -> Select[Any]:
    """SELECT ``columns`` of every stored passage whose index is current (cut from the
    document's present text under this analysis scheme), in document order."""
    return (select(*columns)
            .join(PassageSet, PassageSet.document_id == _PASSAGES.c.document_id)
            .join(Document, and_(Document.id == PassageSet.document_id,
                                 Document.sha256 == PassageSet.sha256))
            .where(PassageSet.scheme == SCHEME)
            .order_by(_PASSAGES.c.document_id, _PASSAGES.c.start))


def load_passages(store: Store, vectors_of: str | None = None) -> list[StoredPassage]:
    """Every stored passage whose index is current, in document order, with its article
    title's terms; with the vectors of the embedding model whose SHA-256 is `vectors_of`,
    where they were computed for the document's current title."""
    vector = _PASSAGES.c.vector if vectors_of else null()
    with store.transaction() as s:
        rows = s.execute(current_passages(
            _PASSAGES.c.document_id, _PASSAGES.c.start, _PASSAGES.c.end, _PASSAGES.c.terms,
            vector.label("vector"), PassageSet.vector_model, Document.title)).all()
    titles: dict[int, tuple[tuple[str, ...], bool]] = {}
    passages = []
    for r in rows:
        if r.document_id not in titles:
            current = bool(vectors_of) and r.vector_model == vector_key(vectors_of or "",
                                                                        r.title)
            titles[r.document_id] = (tuple(terms(r.title)), current)
        title_terms, current = titles[r.document_id]
        passages.append(StoredPassage(r.document_id, r.start, r.end, tuple(r.terms.split()),
                                      r.vector if current else None, title_terms))
    return passages


def missing_vectors(store: Store, embedder: Embedder,
                    progress: Progress | None = None) -> list[VectorBatch]:
    """Compute (without storing) the vectors of every indexed document lacking this model's
    for its current title."""
    return list(iter_missing_vectors(store, embedder, progress))


def iter_missing_vectors(store: Store, embedder: Embedder, progress: Progress | None = None,
                         *, skip: Container[tuple[int, str]] = ()) -> Iterator[VectorBatch]:
    """The vectors missing for this model, one document at a time (store each before the
    next is computed: the library's vectors are never all in memory). `skip` holds
    (document id, vector key) pairs already computed and kept elsewhere."""
    with store.transaction() as s:
        rows = s.execute(
            select(PassageSet.document_id, PassageSet.vector_model, Document.title)
            .join(Document, Document.id == PassageSet.document_id)
            .order_by(PassageSet.document_id)
        ).all()
    todo = [(r.document_id, vector_key(embedder.sha256, r.title)) for r in rows
            if r.vector_model != vector_key(embedder.sha256, r.title)]
    todo = [item for item in todo if item not in skip]
    for count, (document_id, key) in enumerate(todo):
        with store.transaction() as s:
            document = s.execute(select(Document.title, Document.text)
                                 .where(Document.id == document_id)).first()
            rows = s.execute(
                select(_PASSAGES.c.id, _PASSAGES.c.start, _PASSAGES.c.end)
                .where(_PASSAGES.c.document_id == document_id).order_by(_PASSAGES.c.id)
            ).all()
        if document is not None and key == vector_key(embedder.sha256, document.title):
            texts = [embedding_text(document.title, document.text[r.start:r.end])
                     for r in rows]
            vectors = embedder.embed(texts) if rows else []
            yield VectorBatch(document_id, key, tuple(
                (row.id, vector.tobytes()) for row, vector in zip(rows, vectors, strict=True)),
                tuple(row.start for row in rows))
        if progress is not None:
            progress(count + 1, len(todo))


def save_vectors(store: Store, batch: VectorBatch) -> None:
    with store.transaction(write=True) as s:
        if batch.rows:  # one executemany, not a statement per passage
            s.execute(update(_PASSAGES).where(_PASSAGES.c.id == bindparam("passage_id"))
                      .values(vector=bindparam("new_vector")),
                      [{"passage_id": passage_id, "new_vector": vector}
                       for passage_id, vector in batch.rows])
        s.execute(update(_SETS).where(_SETS.c.document_id == batch.document_id)
                  .values(vector_model=batch.model))


Signature = tuple[tuple[int, str, str | None, str], ...]


def index_signature(store: Store) -> Signature:
    """What the stored index holds: changes when a document is indexed, deleted, embedded
    or renamed."""
    with store.transaction() as s:
        rows = s.execute(
            select(PassageSet.document_id, PassageSet.sha256, PassageSet.vector_model,
                   Document.title)
            .join(Document, Document.id == PassageSet.document_id)
            .order_by(PassageSet.document_id)
        ).all()
    return tuple((r.document_id, r.sha256, r.vector_model, r.title) for r in rows)


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
