"""The evidence assistant over one library: keeps the stored index in step with the
documents and answers "which passages settle this claim?"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from annotator.evidence.conflicts import Conflict, conflicts
from annotator.evidence.passage_table import PassageTable, read_vectors
from annotator.evidence.passages import (
    Cut,
    Progress,
    Signature,
    SyncReport,
    VectorBatch,
    index_signature,
    iter_missing_vectors,
    save_vectors,
    sync_index,
    texts_of,
)
from annotator.evidence.ranking import DEFAULT_TOP, Ranker, no_close_match
from annotator.evidence.text import terms
from annotator.store import Store
from annotator.store.errors import DatabaseReadOnly
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
                 note: str = "", *, cache: Path | None = None) -> None:
        """`embedder` (semantic extra) mixes embedding similarity into the ranking; without
        one, `note` says why ranking is lexical only (see semantic.load_embedder). With a
        `cache` folder (index_files.cache_root()) the ranker is kept on disk and mapped
        back after a restart instead of being built again."""
        self.store = store
        self.embedder = embedder
        self.cache = cache
        self._ranker: Ranker | None = None
        self._state: tuple[Signature, tuple[Cut, ...]] | None = None
        self._unembedded = 0  # passages the ranker has no vector for (semantic extra)
        # Vectors computed but not storable (read-only library): {(document, key): batch}.
        self._kept_vectors: dict[tuple[int, str], VectorBatch] = {}
        self.note = note

    def refresh(self, progress: Progress | None = None, *, embed: bool = True) -> SyncReport:
        """Index what is new or changed, forget what was deleted (the passages are written
        to the library a batch at a time), embed what lacks vectors (semantic extra; slow:
        run it off the UI thread) and store each document's vectors before the next is
        computed; then load, or build and save, the ranker if the index changed. With
        embed=False the embedding waits for a later refresh (searches say so meanwhile)."""
        report = sync_index(self.store, progress)
        if self.embedder is not None and embed and not report.read_only:
            for batch in iter_missing_vectors(self.store, self.embedder, progress,
                                              skip=self._kept_vectors):
                try:
                    save_vectors(self.store, batch)
                except DatabaseReadOnly:
                    self._kept_vectors[batch.document_id, batch.model] = batch
        state = (index_signature(self.store), report.pending)
        if self._ranker is None or state != self._state:
            self._ranker = self._load_or_build(state)
            self._state = state
        if report.read_only:
            self.note = "The library is read-only: new documents are indexed in memory only."
        return report

    def _load_or_build(self, state: tuple[Signature, tuple[Cut, ...]]) -> Ranker:
        from annotator.evidence import index_files

        signature, pending = state
        model = self.embedder.sha256 if self.embedder is not None else None
        folder = None
        if self.cache is not None and not pending and not self._kept_vectors:
            folder = index_files.library_folder(self.cache, self.store.label) / \
                index_files.state_name(signature, model)
            loaded = index_files.load(folder)
            if loaded is not None:
                ranker, self._unembedded = loaded
                return ranker
        table = PassageTable.read(self.store, [p for _i, _sha, cut in pending for p in cut])
        vectors, self._unembedded = None, 0
        if self.embedder is not None and model is not None:
            vectors, self._unembedded = read_vectors(self.store, table, model,
                                                     self._kept_vectors.values())
        ranker = Ranker(table, vectors)
        if folder is not None and index_files.save(folder, ranker, self._unembedded):
            # Searched from the mapped files: what was built goes back to the system.
            loaded = index_files.load(folder)
            if loaded is not None:
                ranker = loaded[0]
        del table
        _give_back_memory()
        return ranker

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


def _give_back_memory() -> None:
    """Hand the memory freed after a build back to the system (glibc keeps freed heap
    for reuse; the build's temporaries would otherwise stay in the window's RSS)."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:  # not glibc: nothing to do
        pass


def _marks(text: str, offset: int, matched: frozenset[str]) -> tuple[tuple[int, int], ...]:
    if not matched:
        return ()
    marks = []
    for word in _WORD.finditer(text):
        stems = terms(word.group(0))
        if stems and stems[0] in matched:
            marks.append((offset + word.start(), offset + word.end()))
    return tuple(marks)
