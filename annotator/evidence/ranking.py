"""BM25 ranking of stored passages (bm25s, Snowball stems), optional semantic mixing, and the
calibrated "no close match" flag.

A passage is indexed with its article title's terms (StoredPassage.title_terms), each term
weighed by its rarity in the passages' own words (see Ranker._weigh_by_passage_text). On the
pooled Climate-FEVER set (bench/bench_evidence.py, protocol in bench/data/README.md) this
lifts MRR / Recall@10 from 0.391 / 0.422 to 0.416 / 0.461 (even half of the claims 0.418 /
0.466, odd half 0.414 / 0.456); titles merged as plain terms gave 0.412 / 0.459 there, but
made a title's words count for nothing in a library of two articles on one story. BM25's
k1 and b stay at bm25s's defaults (1.5, 0.75): every k1 in 0.9-2.0 and b in 0.5-0.9 moved
either half by less than 0.015, so there was nothing worth tuning. bm25s's longer English
stop list (STOPWORDS_EN_PLUS, 179 words) gained 0.022 / 0.020 on the even half and nothing
on the odd half (0.413 / 0.455), so the 33-word Lucene list stays.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.evidence.text import terms

if TYPE_CHECKING:
    from annotator.evidence.passages import StoredPassage

# Best closeness among the top results below which the answer is "no close match".
# bench/calibrate_no_match.py (passages ranked with their titles): 0.407 flags 5 % of
# restated claims whose source is in the library and 70 % of those whose source is not
# (ROC AUC 0.90); lexical closeness cannot tell a paraphrase apart (AUC 0.57 on
# Climate-FEVER's own claims).
NO_CLOSE_MATCH_BELOW = 0.40
# Weight of the semantic similarity in the mixed score (BM25 normalised to the best hit).
# Chosen on the even half of Climate-FEVER's claims and checked on the odd half; passages
# embedded as "title. sentence" (passages.embedding_text), all-MiniLM-L6-v2 int8: even 0.6
# -> MRR 0.491 / Recall@10 0.558, 0.7 -> 0.501 / 0.569, 0.8 -> 0.495 / 0.570; odd 0.7 ->
# 0.477 / 0.544 (the sentence alone embedded: 0.478 / 0.551 even, 0.474 / 0.525 odd).
SEMANTIC_WEIGHT = 0.7
DEFAULT_TOP = 10


@dataclass(frozen=True, slots=True)
class Ranked:
    index: int  # position in the ranker's passages
    score: float
    closeness: float
    matched: frozenset[str]  # the claim's stems found in the passage


class Ranker:
    """An in-memory BM25 index over passages; rebuilt (fast) when the stored index changes."""

    def __init__(self, passages: Sequence[StoredPassage],
                 vectors: Any | None = None) -> None:
        import bm25s
        import numpy as np

        self.passages = list(passages)
        self._np = np
        self.document_ids = np.fromiter((p.document_id for p in self.passages), dtype=np.int64,
                                        count=len(self.passages))
        self.vectors = vectors  # (n, d) float32, L2-normalised rows, or None
        self._df: Counter[str] = Counter()
        for p in self.passages:
            self._df.update(set(p.terms))
        self._bm25: Any = None
        if self.passages:
            self._bm25 = bm25s.BM25()
            self._bm25.index([list(p.terms + p.title_terms) for p in self.passages],
                             show_progress=False)
            self._weigh_by_passage_text()

    def _weigh_by_passage_text(self) -> None:
        """Give every term the rarity it has in the passages' own words.

        A title's words are in every passage of its article, so indexed as they are they
        would look common: in a library of two articles on one story (the bundled samples),
        "Trump" and "Putin" would count for nothing. Each term's column of bm25s's score
        matrix (compressed by term: the values of term j are data[indptr[j]:indptr[j+1]])
        is scaled from the IDF bm25s computed with the titles to the IDF of the passages'
        own words, which _df counts; term frequency and length keep the title.
        """
        with_titles: Counter[str] = Counter()
        for p in self.passages:
            if p.title_terms:
                with_titles.update(set(p.terms) | set(p.title_terms))
            else:
                with_titles.update(set(p.terms))
        if with_titles == self._df:
            return
        data = self._bm25.scores["data"]
        pointers = self._bm25.scores["indptr"]
        for term, j in self._bm25.vocab_dict.items():
            indexed = with_titles.get(term, 0)
            if indexed and indexed != self._df.get(term, 0):
                data[pointers[j]:pointers[j + 1]] *= self.idf(term) / _idf(len(self), indexed)

    def __len__(self) -> int:
        return len(self.passages)

    def idf(self, term: str) -> float:
        """BM25's IDF (as bm25s's "lucene" method) over the passages' own words."""
        return _idf(len(self.passages), self._df.get(term, 0))

    def closeness(self, claim_terms: set[str], passage_terms: set[str]) -> float:
        """Share of the claim's rarity-weighted terms in the passage's own words (not its
        title's: the flag is about what the passage says)."""
        total = sum(self.idf(t) for t in claim_terms)
        if total == 0:
            return 0.0
        return sum(self.idf(t) for t in claim_terms & passage_terms) / total

    def rank(self, text: str, *, exclude: set[int] | frozenset[int] = frozenset(),
             top: int = DEFAULT_TOP, query_vector: Any | None = None) -> list[Ranked]:
        np = self._np
        query = terms(text)
        if not self.passages or top <= 0:
            return []
        scores = np.zeros(len(self.passages), dtype=np.float32)
        if query and self._bm25 is not None:
            ids = self._bm25.get_tokens_ids(query)
            if ids:
                scores = np.asarray(self._bm25.get_scores(ids), dtype=np.float32)
        similarity = None
        if query_vector is not None and self.vectors is not None:
            similarity = self.vectors @ query_vector
            best = float(scores.max(initial=0.0))
            lexical = scores / best if best > 0 else scores
            scores = (1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * similarity
        if exclude:
            scores[np.isin(self.document_ids, list(exclude))] = -np.inf
        k = min(top, len(scores))
        candidates = np.argpartition(-scores, k - 1)[:k]
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        claim_terms = set(query)
        ranked = []
        for i in order:
            score = float(scores[i])
            if score == -math.inf or score <= 0:
                break
            passage_terms = set(self.passages[i].terms)
            close = self.closeness(claim_terms, passage_terms)
            if similarity is not None:
                close = (close + max(0.0, float(similarity[i]))) / 2
            ranked.append(Ranked(int(i), score, close, frozenset(claim_terms & passage_terms)))
        return ranked


def _idf(passages: int, df: int) -> float:
    return math.log(1 + (passages - df + 0.5) / (df + 0.5))


def no_close_match(ranked: Sequence[Ranked]) -> bool:
    return max((r.closeness for r in ranked), default=0.0) < NO_CLOSE_MATCH_BELOW
