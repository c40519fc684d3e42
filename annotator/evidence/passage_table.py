"""The library's passages as a few numpy columns instead of one Python object each.

A StoredPassage costs about a kilobyte in Python (the object, a tuple of terms, a string per
term); a library of 500k claims has about 700k passages. The ranker needs every passage's
document, span and terms only while it is built, and afterwards the terms of the ten it
returns. So the passages are read from the library in one streamed query into columns:
document ids, starts and ends, and every passage's term ids one after another
(``term_ids[offsets[i]:offsets[i + 1]]``), with the article titles' term ids per document.
Item i is made into a StoredPassage only when asked for (``table[i]``). The columns are
what index_files writes to disk and maps back after a restart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import Table, select

from annotator.evidence.passages import (
    StoredPassage,
    VectorBatch,
    current_passages,
    vector_key,
)
from annotator.evidence.text import terms
from annotator.store import Store
from annotator.store.models import Document, Passage, PassageSet

if TYPE_CHECKING:
    import numpy as np

_PASSAGES: Table = Passage.__table__  # type: ignore[assignment]
READ_ROWS = 5_000  # rows fetched at a time while the table is read


@dataclass(frozen=True, slots=True)
class Columns:
    """The arrays of a table (what is saved and mapped back)."""

    document_ids: np.ndarray  # int32, one per passage
    starts: np.ndarray  # int32
    ends: np.ndarray  # int32
    offsets: np.ndarray  # int64, passages + 1: where each passage's term ids begin
    term_ids: np.ndarray  # int32
    title_documents: np.ndarray  # int32, sorted: the documents with a title
    title_offsets: np.ndarray  # int64, len(title_documents) + 1
    title_ids: np.ndarray  # int32


class PassageTable(Sequence[StoredPassage]):
    """Passages in columns; ``vocabulary[term]`` is a term's id (terms of passages and of
    titles alike)."""

    def __init__(self, columns: Columns, vocabulary: dict[str, int]) -> None:
        self.columns = columns
        self.vocabulary = vocabulary
        self._words: list[str] | None = None  # id -> term, made on first use

    # -- building ------------------------------------------------------------------

    @classmethod
    def from_passages(cls, passages: Iterable[StoredPassage]) -> PassageTable:
        builder = _Builder()
        for p in passages:
            builder.add(p.document_id, p.start, p.end, p.terms)
            if p.document_id not in builder.titles:
                builder.titles[p.document_id] = builder.ids(p.title_terms)
        return builder.table()

    @classmethod
    def read(cls, store: Store, extra: Iterable[StoredPassage] = ()) -> PassageTable:
        """Every stored passage whose index is current, in document order, then `extra`
        (passages cut but not stored: a read-only library); titles as they are now."""
        builder = _Builder()
        with store.reading() as connection:
            rows = connection.execution_options(yield_per=READ_ROWS).execute(
                current_passages(_PASSAGES.c.document_id, _PASSAGES.c.start,
                                 _PASSAGES.c.end, _PASSAGES.c.terms))
            for document_id, start, end, words in rows:
                builder.add(document_id, start, end, words.split())
        extra = list(extra)
        for p in extra:
            builder.add(p.document_id, p.start, p.end, p.terms)
        with store.reading() as connection:
            documents = sorted(builder.documents)
            for at in range(0, len(documents), READ_ROWS):
                for document_id, title in connection.execute(
                        select(Document.id, Document.title)
                        .where(Document.id.in_(documents[at:at + READ_ROWS]))):
                    builder.titles[document_id] = builder.ids(terms(title))
        return builder.table()

    # -- reading -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.columns.document_ids)

    @overload
    def __getitem__(self, index: int) -> StoredPassage: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[StoredPassage]: ...

    def __getitem__(self, index: int | slice) -> StoredPassage | Sequence[StoredPassage]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        c = self.columns
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        document_id = int(c.document_ids[index])
        return StoredPassage(document_id, int(c.starts[index]), int(c.ends[index]),
                             self._terms(c.term_ids[c.offsets[index]:c.offsets[index + 1]]),
                             None, self.title_terms(document_id))

    def __iter__(self) -> Iterator[StoredPassage]:
        return (self[i] for i in range(len(self)))

    def title_terms(self, document_id: int) -> tuple[str, ...]:
        import numpy as np

        c = self.columns
        at = int(np.searchsorted(c.title_documents, document_id))
        if at == len(c.title_documents) or c.title_documents[at] != document_id:
            return ()
        return self._terms(c.title_ids[c.title_offsets[at]:c.title_offsets[at + 1]])

    def _terms(self, ids: Any) -> tuple[str, ...]:
        if self._words is None:
            words = [""] * (max(self.vocabulary.values(), default=-1) + 1)
            for word, i in self.vocabulary.items():
                words[i] = word
            self._words = words
        return tuple(self._words[i] for i in ids.tolist())


class _Builder:
    """Collects the columns in compact arrays (no Python object per passage)."""

    def __init__(self) -> None:
        from array import array

        self.vocabulary: dict[str, int] = {}
        self.document_ids = array("i")
        self.starts = array("i")
        self.ends = array("i")
        self.offsets = array("q", [0])
        self.term_ids = array("i")
        self.documents: set[int] = set()
        self.titles: dict[int, list[int]] = {}

    def ids(self, words: Iterable[str]) -> list[int]:
        vocabulary = self.vocabulary
        return [vocabulary.setdefault(w, len(vocabulary)) for w in words]

    def add(self, document_id: int, start: int, end: int, words: Iterable[str]) -> None:
        self.document_ids.append(document_id)
        self.documents.add(document_id)
        self.starts.append(start)
        self.ends.append(end)
        self.term_ids.extend(self.ids(words))
        self.offsets.append(len(self.term_ids))

    def table(self) -> PassageTable:
        import numpy as np

        titled = sorted(self.titles)
        title_offsets = np.zeros(len(titled) + 1, dtype=np.int64)
        title_offsets[1:] = np.cumsum([len(self.titles[d]) for d in titled])
        title_ids = [i for d in titled for i in self.titles[d]]
        return PassageTable(Columns(
            document_ids=np.frombuffer(self.document_ids, dtype=np.int32).copy(),
            starts=np.frombuffer(self.starts, dtype=np.int32).copy(),
            ends=np.frombuffer(self.ends, dtype=np.int32).copy(),
            offsets=np.frombuffer(self.offsets, dtype=np.int64).copy(),
            term_ids=np.frombuffer(self.term_ids, dtype=np.int32).copy(),
            title_documents=np.asarray(titled, dtype=np.int32),
            title_offsets=title_offsets,
            title_ids=np.asarray(title_ids, dtype=np.int32),
        ), self.vocabulary)


def read_vectors(store: Store, table: PassageTable, model: str,
                 kept: Iterable[VectorBatch] = ()) -> tuple[Any, int]:
    """The table's vectors under an embedding model (SHA-256) as one (n, d) float32 matrix,
    zero rows where a passage has none for its document's current title, streamed from the
    library (plus `kept`: vectors computed but not stored); also how many rows are zero.
    (None, n) when no passage has a vector."""
    import numpy as np

    c = table.columns
    keys = (c.document_ids.astype(np.int64) << 32) | c.starts.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    matrix: Any = None
    filled = np.zeros(len(table), dtype=bool)

    def put(document_id: int, start: int, vector: bytes) -> None:
        nonlocal matrix
        row = np.frombuffer(vector, dtype=np.float32)
        if matrix is None:
            matrix = np.zeros((len(table), len(row)), dtype=np.float32)
        at = int(np.searchsorted(ordered, (document_id << 32) | start))
        if at < len(ordered) and ordered[at] == (document_id << 32) | start \
                and len(row) == matrix.shape[1]:
            matrix[order[at]] = row
            filled[order[at]] = True

    with store.reading() as connection:
        titles = dict(connection.execute(
            select(PassageSet.document_id, Document.title)
            .join(Document, Document.id == PassageSet.document_id)).all())
        current = {d for d, model_key in connection.execute(
            select(PassageSet.document_id, PassageSet.vector_model)).all()
            if model_key is not None and model_key == vector_key(model, titles.get(d, ""))}
        rows = connection.execution_options(yield_per=READ_ROWS).execute(
            select(_PASSAGES.c.document_id, _PASSAGES.c.start, _PASSAGES.c.vector)
            .where(_PASSAGES.c.vector.is_not(None)))
        for document_id, start, vector in rows:
            if document_id in current:
                put(document_id, start, vector)
    for batch in kept:
        for (document_id, start), vector in batch.by_passage().items():
            put(document_id, start, vector)
    missing = int(len(table) - filled.sum())
    return matrix, missing
