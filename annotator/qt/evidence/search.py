"""Evidence searches off the GUI thread.

One private thread pool with one thread runs the requests in order, so the one
EvidenceIndex (not thread-safe) is never used by two threads at once; a newer request
drops the ones still waiting. The pool is waited for before the window goes away.

The worker also writes what it analyses (passages, vectors) on its own pooled connection
of the store, one short write transaction per batch of articles (BEGIN IMMEDIATE: an edit
on the GUI thread waits for that batch, well within the busy timeout), so the GUI thread
never writes the index, and each document's vectors are stored before the next ones are
computed: a later run finds them and computes nothing twice. The ranker is kept in the user's cache
folder (annotator.evidence.index_files) and mapped back after a restart.

Nothing runs until the evidence pane needs an answer: the flow asks for the first search
(or refresh) after the window's first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.evidence.assistant import EvidenceAnswer, EvidenceIndex
from annotator.store import Store, StoreError


class _Signals(QObject):
    answered = Signal(int, object)  # request, EvidenceAnswer
    indexing = Signal(int, int)  # articles done, articles to index
    failed = Signal(int, str)  # request, message


class _Stopped(Exception):
    """The window is closing: the job ends between two articles (what is written stays)."""


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
            index.refresh(search.progress)
            if self.claim_id is not None:
                answer = index.search_claim(self.claim_id)
                search.signals.answered.emit(self.request, answer)
        except _Stopped:
            return
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
        self.started = False  # asked for anything yet (the index is made on first use)
        self.stopping = False

    def index(self) -> EvidenceIndex:
        """The index (made on first use, on the worker thread: loading the model is slow)."""
        if self._index is None:
            from annotator.evidence.index_files import cache_root
            from annotator.evidence.semantic import load_embedder

            embedder, note = load_embedder()
            self._index = EvidenceIndex(self._store, embedder, note, cache=cache_root())
        return self._index

    def forget(self) -> None:
        """No claim: answers still on their way are dropped."""
        self._latest += 1
        self.pool.clear()

    def search_claim(self, claim_id: int | None) -> int:
        """Search for a claim (None: forget the last answer); returns the request number."""
        self._latest += 1
        self.started = True
        self.pool.clear()  # requests not started yet are out of date
        self.pool.start(_Job(self, self._latest, claim_id))
        return self._latest

    def refresh(self) -> None:
        """Index new, changed and deleted articles in the background."""
        self.started = True
        self.pool.start(_Job(self, 0, None))

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def progress(self, done: int, total: int) -> None:
        """Called by the worker between articles: reports, and ends the job on stop()."""
        if self.stopping:
            raise _Stopped
        self.signals.indexing.emit(done, total)

    def stop(self) -> None:
        """Drop waiting jobs; the running one ends after its current article (or batch of
        vectors), with what it wrote committed."""
        self.stopping = True
        self.pool.clear()
        self.pool.waitForDone()

    def _answered(self, request: int, answer: EvidenceAnswer) -> None:
        if request == self._latest:
            self.answered.emit(answer)

    def _failed(self, request: int, message: str) -> None:
        if request in (0, self._latest):
            self.failed.emit(message)
