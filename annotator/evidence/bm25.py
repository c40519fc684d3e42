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
rescale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Parameters:
    k1: float = 1.5
    b: float = 0.75
    title_weight: float = 0.5
    title_b: float = 0.75


def idf(passages: int, df: int) -> float:
    """BM25's IDF as Lucene computes it (never negative)."""
    return math.log(1 + (passages - df + 0.5) / (df + 0.5))


class BM25F:
    """Eager BM25F scores of (term, passage), rows compressed by term."""

    def __init__(self, bodies: Sequence[Sequence[str]],
                 titles: Sequence[Sequence[str]] | None = None,
                 parameters: Parameters = Parameters()) -> None:
        import numpy as np

        self._np = np
        self.parameters = parameters
        count = len(bodies)
        self.vocabulary: dict[str, int] = {}
        body_terms, body_rows = self._ids(bodies)
        body_length = np.bincount(body_rows, minlength=count).astype(np.float32)
        self.df = _document_frequency(np, body_terms, body_rows, len(self.vocabulary))
        keys = [body_terms]
        contributions = [self._field_tf(body_terms, body_rows, body_length, parameters.b,
                                        1.0)]
        if titles is not None and parameters.title_weight > 0:
            title_terms, title_rows = self._ids(titles)
            title_length = np.bincount(title_rows, minlength=count).astype(np.float32)
            keys.append(title_terms)
            contributions.append(self._field_tf(title_terms, title_rows, title_length,
                                                parameters.title_b,
                                                parameters.title_weight))
        self.df = np.pad(self.df, (0, len(self.vocabulary) - len(self.df)))
        # One entry per (term, passage): the fields' normalised frequencies added up.
        rows = np.concatenate([r for r, _ in contributions])
        terms = np.concatenate(keys)
        weights = np.concatenate([w for _, w in contributions])
        pair = terms.astype(np.int64) * max(count, 1) + rows
        unique, inverse = np.unique(pair, return_inverse=True)
        tf = np.bincount(inverse, weights=weights).astype(np.float32)
        term_of, self._passage = np.divmod(unique, max(count, 1))
        self._passage = self._passage.astype(np.int32)
        idfs = np.log1p((count - self.df + 0.5) / (self.df + 0.5)).astype(np.float32)
        k1 = parameters.k1
        self._score = idfs[term_of] * tf * (k1 + 1) / (k1 + tf)
        self._start = np.searchsorted(term_of, np.arange(len(self.vocabulary) + 1))
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
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        return np.asarray(ids, dtype=np.int64), rows

    def _field_tf(self, terms: Any, rows: Any, length: Any, b: float,
                  weight: float) -> tuple[Any, Any]:
        """(passage of each token, its weight in tf'): each occurrence counts
        weight / (1 - b + b * field length / average field length)."""
        np = self._np
        average = float(length.mean()) if len(length) else 0.0
        if average <= 0:
            return rows, np.zeros(len(terms), dtype=np.float32)
        norm = 1 - b + b * length / average
        return rows, (weight / norm[rows]).astype(np.float32)

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


def _document_frequency(np: Any, terms: Any, rows: Any, vocabulary: int) -> Any:
    """In how many passages each term occurs."""
    if not len(terms):
        return np.zeros(vocabulary, dtype=np.float32)
    count = int(rows.max()) + 1
    unique = np.unique(terms * count + rows)
    return np.bincount(unique // count, minlength=vocabulary).astype(np.float32)
