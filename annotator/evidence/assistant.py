"""The evidence assistant over one library: keeps the stored index in step with the
documents and answers "which passages settle this claim?"."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from annotator.evidence.conflicts import Conflict, conflicts
from annotator.evidence.passages import (
    Progress,
    Signature,
    StoredPassage,
    SyncReport,
    VectorBatch,
    index_signature,
    load_passages,
    missing_vectors,
    save_vectors,
    sync_index,
    texts_of,
    with_titles,
)
from annotator.evidence.ranking import DEFAULT_TOP, Ranker, no_close_match
from annotator.evidence.text import terms
from annotator.store import Store
from annotator.store.models import Document, DocumentVersion

if TYPE_CHECKING:
    from annotator.evidence.semantic import Embedder

_WORD = re.compile(r"\w+")
EMBEDDING_PENDING = ("Some articles are still being embedded: their passages are ranked by "
                     "their words only until then.")


@dataclass(frozen=True, slots=True)
class EvidenceHit:
    document_id: int
    title: str
    start: int  # code points into the document's text
    end: int
    text: str
    score: float
    closeness: float
    marks: tuple[tuple[int, int], ...]  # the words that match the claim (document offsets)
    conflicts: tuple[Conflict, ...]

    def as_json(self) -> dict[str, object]:
        return {"document_id": self.document_id, "start": self.start, "end": self.end,
                "text": self.text, "score": round(self.score, 4),
                "conflicts": [c.value for c in self.conflicts]}


@dataclass(frozen=True, slots=True)
class EvidenceAnswer:
    results: tuple[EvidenceHit, ...]
    no_evidence: bool  # "no close match in your library" (never "false")
    note: str = ""  # e.g. why the semantic ranking is not used

    def as_json(self) -> dict[str, object]:
        return {"results": [hit.as_json() for hit in self.results],
                "no_evidence": self.no_evidence}


class EvidenceIndex:
    """Refresh, then search. Not thread-safe: give a worker thread its own instance."""

    def __init__(self, store: Store, embedder: Embedder | None = None,
                 note: str = "") -> None:
        """`embedder` (semantic extra) mixes embedding similarity into the ranking; without
        one, `note` says why ranking is lexical only (see semantic.load_embedder)."""
        self.store = store
        self.embedder = embedder
        self._ranker: Ranker | None = None
        self._signature: Signature | None = None
        self._unsaved: list[StoredPassage] = []
        self._unembedded = 0  # passages the ranker has no vector for (semantic extra)
        self.vectors_to_save: list[VectorBatch] = []
        self.note = note

    def refresh(self, progress: Progress | None = None, *, save: bool = True) -> SyncReport:
        """Index what is new or changed, forget what was deleted; rebuild the ranker if
        needed. With an embedder, also embed the passages that lack its vectors (slow: run
        it off the UI thread). With save=False nothing is written (the GUI's worker thread):
        the new cuts are searched from memory, and report.pending and self.vectors_to_save
        are for the caller to store (passages.save_cut, passages.save_vectors)."""
        report = sync_index(self.store, progress, save=save)
        self.vectors_to_save = []
        if self.embedder is not None and not report.read_only:
            batches = missing_vectors(self.store, self.embedder, progress)
            if save:
                for batch in batches:
                    save_vectors(self.store, batch)
            else:
                self.vectors_to_save = batches
        signature = index_signature(self.store)
        unsaved = [p for _id, _sha, cut in report.pending for p in cut]
        if (self._ranker is None or signature != self._signature or unsaved != self._unsaved
                or self.vectors_to_save):
            model = self.embedder.sha256 if self.embedder is not None else None
            passages = load_passages(self.store, model) + with_titles(self.store, unsaved)
            if self.vectors_to_save:  # computed but not stored yet: search with them now
                fresh = {k: v for b in self.vectors_to_save for k, v in b.by_passage().items()}
                passages = [replace(p, vector=fresh.get((p.document_id, p.start), p.vector))
                            for p in passages]
            self._ranker = Ranker(passages, _matrix(passages, self.embedder))
            self._signature, self._unsaved = signature, unsaved
            self._unembedded = sum(p.vector is None for p in passages)
        if report.read_only:
            self.note = "The library is read-only: new documents are indexed in memory only."
        return report

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            self.refresh()
        assert self._ranker is not None
        return self._ranker

    def search(self, text: str, *, exclude: set[int] | frozenset[int] = frozenset(),
               top: int = DEFAULT_TOP) -> EvidenceAnswer:
        ranker = self.ranker
        query_vector = None
        if self.embedder is not None and ranker.vectors is not None:
            query_vector = self.embedder.embed([text])[0]
        ranked = ranker.rank(text, exclude=exclude, top=top, query_vector=query_vector)
        passages = [ranker.passages[r.index] for r in ranked]
        documents = texts_of(self.store, (p.document_id for p in passages))
        hits = []
        for r, p in zip(ranked, passages, strict=True):
            if p.document_id not in documents:
                continue  # deleted since the last refresh
            title, body = documents[p.document_id]
            passage_text = body[p.start:p.end]
            hits.append(EvidenceHit(
                document_id=p.document_id, title=title, start=p.start, end=p.end,
                text=passage_text, score=r.score, closeness=r.closeness,
                marks=_marks(passage_text, p.start, r.matched),
                conflicts=conflicts(text, passage_text),
            ))
        note = self.note
        if not note and self.embedder is not None and self._unembedded:
            note = EMBEDDING_PENDING
        return EvidenceAnswer(tuple(hits), no_close_match(ranked), note)

    def search_claim(self, claim_id: int, *, top: int = DEFAULT_TOP) -> EvidenceAnswer:
        """Evidence for a stored claim, never from its own article (any version of it) or
        a separately imported copy of it (versions_of)."""
        claim = self.store.claim(claim_id)
        return self.search(claim.exact, exclude=versions_of(self.store, claim.document_id),
                           top=top)


def versions_of(store: Store, document_id: int) -> frozenset[int]:
    """The claim's article and every separate copy of it, whose sentences must not be
    offered as evidence for the claim (they are the claim's own words).

    Versions of an article live inside its one document (documents.text is the current
    version; add_version re-cuts its passages), so excluding the document excludes them all.
    What remains are copies imported as separate documents (twice from the same page, or a
    re-import that was not made a new version): documents imported from an origin (web
    address or file) that this article or one of its versions came from, or recorded with
    the same web address."""
    with store.transaction() as s:
        row = s.execute(select(Document.origin, Document.url)
                        .where(Document.id == document_id)).first()
        if row is None:
            return frozenset({document_id})
        origins = {row.origin, *s.scalars(select(DocumentVersion.origin)
                                          .where(DocumentVersion.document_id == document_id))}
        origins = {o for o in origins if o}
        same = [Document.origin.in_(sorted(origins))] if origins else []
        if row.url:
            same.append(Document.url == row.url)
        ids = s.scalars(select(Document.id).where(or_(*same))).all() if same else []
    return frozenset({document_id, *ids})


def _matrix(passages: list[StoredPassage], embedder: Embedder | None) -> Any:
    """The passages' vectors as one (n, d) matrix (zero rows where missing), or None."""
    if embedder is None:
        return None
    import numpy as np

    rows = [np.frombuffer(p.vector, dtype=np.float32) if p.vector else None for p in passages]
    width = next((len(r) for r in rows if r is not None), 0)
    if not width:
        return None
    matrix = np.zeros((len(rows), width), dtype=np.float32)
    for i, row in enumerate(rows):
        if row is not None and len(row) == width:
            matrix[i] = row
    return matrix


def _marks(text: str, offset: int, matched: frozenset[str]) -> tuple[tuple[int, int], ...]:
    if not matched:
        return ()
    marks = []
    for word in _WORD.finditer(text):
        stems = terms(word.group(0))
        if stems and stems[0] in matched:
            marks.append((offset + word.start(), offset + word.end()))
    return tuple(marks)
