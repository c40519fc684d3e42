"""Evidence searches off the GUI thread.

One private thread pool with one thread runs the requests in order, so the one
EvidenceIndex (not thread-safe) is never used by two threads at once; a newer request
drops the ones still waiting. The pool is waited for before the window goes away.

The worker only reads the library (splitting, stemming, embedding and searching are the
slow parts). What it cut is written here, on the GUI thread, one short transaction per
article: two writers in one process would make SQLite refuse one of them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.evidence.assistant import EvidenceAnswer, EvidenceIndex
from annotator.evidence.passages import Cut, VectorBatch, save_cut, save_vectors
from annotator.store import Store, StoreError


class _Signals(QObject):
    answered = Signal(int, object)  # request, EvidenceAnswer
    indexing = Signal(int, int)  # articles done, articles to index
    failed = Signal(int, str)  # request, message
    analysed = Signal(object, object)  # tuple[Cut, ...], list[VectorBatch]: to store


class _Job(QRunnable):
    def __init__(self, search: EvidenceSearch, request: int, claim_id: int | None) -> None:
        super().__init__()
        self.search = search
        self.request = request
        self.claim_id = claim_id

    def run(self) -> None:
        search = self.search
        try:
            index = search.index()
            report = index.refresh(search.signals.indexing.emit, save=False)
            if (report.pending and not report.read_only) or index.vectors_to_save:
                search.signals.analysed.emit(report.pending, index.vectors_to_save)
            if self.claim_id is not None:
                answer = index.search_claim(self.claim_id)
                search.signals.answered.emit(self.request, answer)
        except (StoreError, ValueError) as exc:
            search.signals.failed.emit(self.request, str(exc))


class EvidenceSearch(QObject):
    """Ask with search_claim(id) or refresh(); answers come back as signals."""

    answered = Signal(object)  # EvidenceAnswer for the latest request only
    indexing = Signal(int, int)  # articles done, articles to index
    failed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._index: EvidenceIndex | None = None
        self._latest = 0
        self.pool = QThreadPool(self)  # created first: destroyed last, after it has waited
        self.pool.setMaxThreadCount(1)
        self.signals = _Signals(self)
        self.signals.answered.connect(self._answered)
        self.signals.indexing.connect(self.indexing)
        self.signals.failed.connect(self._failed)
        self.signals.analysed.connect(self._store_analysis)

    def index(self) -> EvidenceIndex:
        """The index (made on first use, on the worker thread: loading the model is slow)."""
        if self._index is None:
            from annotator.evidence.semantic import load_embedder

            embedder, note = load_embedder()
            self._index = EvidenceIndex(self._store, embedder, note)
        return self._index

    def search_claim(self, claim_id: int | None) -> int:
        """Search for a claim (None: forget the last answer); returns the request number."""
        self._latest += 1
        self.pool.clear()  # requests not started yet are out of date
        self.pool.start(_Job(self, self._latest, claim_id))
        return self._latest

    def refresh(self) -> None:
        """Index new, changed and deleted articles in the background."""
        self.pool.start(_Job(self, 0, None))

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def stop(self) -> None:
        self.pool.clear()
        self.pool.waitForDone()

    def _store_analysis(self, cuts: tuple[Cut, ...], batches: list[VectorBatch]) -> None:
        try:
            for cut in cuts:
                save_cut(self._store, cut)
            for batch in batches:
                save_vectors(self._store, batch)
        except StoreError as exc:  # read-only, locked, full: the index stays in memory
            self.failed.emit(str(exc))

    def _answered(self, request: int, answer: EvidenceAnswer) -> None:
        if request == self._latest:
            self.answered.emit(answer)

    def _failed(self, request: int, message: str) -> None:
        if request in (0, self._latest):
            self.failed.emit(message)
