"""BM25F over two fields, a passage's own words and its article's title, in numpy.

A passage's score for a query is the sum, over the query's terms, of

    idf(t) * tf'(t) * (k1 + 1) / (k1 + tf'(t)),
    tf'(t) = tf_body(t) / (1 - b + b * len_body / avg_body)
             + title_weight * tf_title(t) / (1 - b_title + b_title * len_title / avg_title)

(Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009,
section 3.4): each field's term frequency is normalised by that field's own length, the
fields are mixed before the saturation, so a word found in the sentence and in the title
counts more than once but less than twice; idf is that of the passages' own words (a title's
words are in every passage of its article and would otherwise look common).

The per-(term, passage) contributions do not depend on the query, so they are computed once
(as bm25s does, "eager" scoring) and kept compressed by term; a query sums the rows of its
terms. This replaces bm25s's index, whose internal score layout the title weighting used to
rescale. The index is built from flat arrays of term ids (from_columns: a passage table's
columns, no Python object per token) a range of terms at a time, so that a library of 500k
claims (700k passages, 8M tokens) is indexed in seconds with temporaries of tens of MiB;
its arrays are what index_files keeps on disk (state, restore).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.evidence.passage_table import Columns


@dataclass(frozen=True, slots=True)
class Parameters:
    k1: float = 1.5
    b: float = 0.75
    title_weight: float = 0.5
    title_b: float = 0.75


def idf(passages: int, df: int) -> float:
    """BM25's IDF as Lucene computes it (never negative)."""
    return math.log(1 + (passages - df + 0.5) / (df + 0.5))


# Tokens whose (term, passage) keys are sorted at a time while the index is built: the
# vocabulary is cut into ranges of about this many tokens, so the temporary arrays stay at a
# few tens of MiB however big the library (the index itself, 8 bytes per distinct (term,
# passage) pair, is what remains).
CHUNK_TOKENS = 1_000_000


class BM25F:
    """Eager BM25F scores of (term, passage), rows compressed by term."""

    def __init__(self, bodies: Sequence[Sequence[str]],
                 titles: Sequence[Sequence[str]] | None = None,
                 parameters: Parameters = Parameters()) -> None:
        import numpy as np

        self._np = np
        self.parameters = parameters
        self.vocabulary: dict[str, int] = {}
        body_terms, body_rows = self._ids(bodies)
        title_terms, title_rows = self._ids(titles if titles is not None else [])
        self._build(body_terms, body_rows, title_terms, title_rows, len(bodies))

    @classmethod
    def from_columns(cls, columns: Columns, vocabulary: dict[str, int],
                     parameters: Parameters = Parameters()) -> BM25F:
        """The index of a passage table's columns (passage_table: term ids one passage
        after another, and each article's title once), without a Python object per token;
        each passage takes its article's title. `vocabulary` (term -> id) is shared."""
        import numpy as np

        index = cls.__new__(cls)
        index._np = np
        index.parameters = parameters
        index.vocabulary = vocabulary
        c = columns
        n = len(c.document_ids)
        body_rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(c.offsets))
        title_terms, title_rows = _title_tokens(np, c, n)
        index._build(c.term_ids[:len(body_rows)], body_rows, title_terms, title_rows, n)
        return index

    def state(self) -> dict[str, Any]:
        """The arrays of the index (index_files saves them; restore maps them back)."""
        return {"score": self._score, "passage": self._passage, "start": self._start,
                "df": self.df}

    @classmethod
    def restore(cls, arrays: dict[str, Any], vocabulary: dict[str, int], count: int,
                parameters: Parameters = Parameters()) -> BM25F:
        import numpy as np

        index = cls.__new__(cls)
        index._np = np
        index.parameters = parameters
        index.vocabulary = vocabulary
        index._score, index._passage = arrays["score"], arrays["passage"]
        index._start, index.df = arrays["start"], arrays["df"]
        index.count = count
        return index

    def _build(self, body_terms: Any, body_rows: Any, title_terms: Any, title_rows: Any,
               count: int) -> None:
        """The scores, a range of terms at a time: each range's (term, passage) keys are
        sorted, equal keys add up their weights into tf', and the range's document
        frequencies (from the passages' own words) are complete for its IDFs."""
        np = self._np
        p = self.parameters
        width = len(self.vocabulary)
        n = max(count, 1)
        # Each field's weight of one occurrence in a passage (weight / length norm).
        body_weight = self._field_weights(body_rows, count, p.b, 1.0)
        if len(title_terms) and p.title_weight > 0:
            title_weight = self._field_weights(title_rows, count, p.title_b, p.title_weight)
        else:
            title_terms, title_rows = title_terms[:0], title_rows[:0]
            title_weight = body_weight
        body_count = len(body_terms)
        terms = np.concatenate([body_terms, title_terms]).astype(np.int32, copy=False)
        rows = np.concatenate([body_rows, title_rows]).astype(np.int32, copy=False)
        df = np.zeros(width, dtype=np.float32)
        per_term = np.zeros(width, dtype=np.int64)
        found: list[tuple[Any, Any]] = []  # (scores, passages) of each range of terms
        k1 = p.k1
        cumulative = np.cumsum(np.bincount(terms, minlength=width)) if width else terms[:0]
        cuts = np.searchsorted(cumulative, np.arange(CHUNK_TOKENS, len(terms), CHUNK_TOKENS))
        bounds = [0, *sorted({int(x) + 1 for x in cuts if 0 <= x < width - 1}), width]
        for lo, hi in pairwise(bounds):
            at = np.flatnonzero((terms >= lo) & (terms < hi))
            keys = terms[at].astype(np.int64) * n + rows[at]
            # Distinct (term, passage) pairs of the passages' own words, by sorting (numpy
            # 2's hashing np.unique is far slower on millions of keys).
            own = np.sort(keys[at < body_count])
            distinct = own[np.concatenate(([True], own[1:] != own[:-1]))] if len(own) else own
            df += np.bincount(distinct // n, minlength=width)
            order = np.argsort(keys, kind="stable")
            rows_at = rows[at]
            mine = np.where(at < body_count, body_weight[rows_at], title_weight[rows_at])
            keys, mine = keys[order], mine[order].astype(np.float64)
            del at, own, distinct, order, rows_at
            if not len(keys):
                continue
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            tf = np.add.reduceat(mine, starts).astype(np.float32)
            term, passage = np.divmod(keys[starts], n)
            del keys, mine, starts
            per_term += np.bincount(term, minlength=width)
            idf = np.log1p((count - df[term] + 0.5) / (df[term] + 0.5)).astype(np.float32)
            found.append(((idf * tf * (k1 + 1) / (k1 + tf)).astype(np.float32),
                          passage.astype(np.int32)))
            del term, passage, tf, idf
        del terms, rows
        self._score = np.concatenate([s for s, _p in found]) if found else \
            np.zeros(0, np.float32)
        self._passage = np.concatenate([r for _s, r in found]) if found else \
            np.zeros(0, np.int32)
        self._start = np.zeros(width + 1, dtype=np.int64)
        np.cumsum(per_term, out=self._start[1:])
        self.df = df
        self.count = count

    def _ids(self, texts: Iterable[Sequence[str]]) -> tuple[Any, Any]:
        """Every token's term id and its passage's position, as two flat arrays."""
        np = self._np
        vocabulary = self.vocabulary
        ids: list[int] = []
        lengths: list[int] = []
        for text in texts:
            lengths.append(len(text))
            for term in text:
                j = vocabulary.get(term)
                if j is None:
                    j = vocabulary[term] = len(vocabulary)
                ids.append(j)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        return np.asarray(ids, dtype=np.int32), rows

    def _field_weights(self, rows: Any, count: int, b: float, weight: float) -> Any:
        """Per passage, the weight in tf' of one occurrence in this field: weight / (1 - b +
        b * field length / average field length), the length being the passage's token
        count in the field (`rows`: the passage of each token)."""
        np = self._np
        length = np.bincount(rows, minlength=count).astype(np.float32)
        average = float(length.mean()) if len(length) else 0.0
        if average <= 0:
            return np.zeros(count, dtype=np.float32)
        return (weight / (1 - b + b * length / average)).astype(np.float32)

    def idf(self, term: str) -> float:
        """The term's IDF over the passages' own words (0 document frequency if unknown)."""
        j = self.vocabulary.get(term)
        return idf(self.count, int(self.df[j]) if j is not None else 0)

    def term_ids(self, query: Iterable[str]) -> list[int]:
        """The query's known terms, each once: a claim that repeats a word is not asking
        for it twice (Robertson's query-term frequency with k3 = 0)."""
        return [self.vocabulary[t] for t in dict.fromkeys(query) if t in self.vocabulary]

    def scores(self, query: Iterable[str]) -> Any:
        """One float32 score per passage (0 where no query term occurs)."""
        np = self._np
        ids = self.term_ids(query)
        if not ids:
            return np.zeros(self.count, dtype=np.float32)
        spans = [slice(self._start[j], self._start[j + 1]) for j in ids]
        passages = np.concatenate([self._passage[s] for s in spans])
        values = np.concatenate([self._score[s] for s in spans])
        return np.bincount(passages, weights=values, minlength=self.count).astype(np.float32)


def _title_tokens(np: Any, c: Columns, n: int) -> tuple[Any, Any]:
    """The term id and passage of every title term of every passage (a passage takes its
    article's title, stored once per article in the columns)."""
    if not len(c.title_documents):
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    lengths = np.diff(c.title_offsets)
    where = np.minimum(np.searchsorted(c.title_documents, c.document_ids),
                       len(c.title_documents) - 1)
    counts = np.where(c.title_documents[where] == c.document_ids, lengths[where], 0)
    passage = np.repeat(np.arange(n, dtype=np.int32), counts)
    # Position of each term inside its passage's title: 0, 1, ... counts[p] - 1.
    within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts)
    ids = c.title_ids[np.repeat(c.title_offsets[where], counts) + within]
    return ids.astype(np.int32), passage
