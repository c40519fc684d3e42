"""BM25F ranking of stored passages (Snowball stems; bm25.BM25F), optional semantic mixing,
and the calibrated "no close match" flag.

A passage is scored with two fields, its own words and its article's title (BM25F: each
field normalised by its own length, title weight 1, mixed before BM25's saturation; IDF from
the passages' own words, so a title's words keep their rarity in a library of two articles
on one story). Claims, passages and titles get one analysis (text.terms: NFKC with accents
folded, NLTK's English function words dropped, Snowball stems); a claim is searched with
each of its terms once. k1 = 1.5 as Lucene and bm25s default it; b = 0.5 for the sentence.

Chosen on the even half of the pooled Climate-FEVER claims (bench/bench_evidence.py,
protocol in bench/data/README.md), MRR / Recall@10, even | odd | all claims:
- before (bm25s over sentence + title terms, title columns rescaled): 0.418 / 0.465 |
  0.415 / 0.456 | 0.416 / 0.460
- BM25F, title weight 1: 0.420 / 0.471 | 0.417 / 0.471 | 0.419 / 0.471 (weights 0.5 and 1.5
  gave 0.412 / 0.461 and 0.420 / 0.473 on the even half; title b 0 was worse there)
- + each query term once: 0.428 / 0.480 | 0.422 / 0.481 | 0.425 / 0.481
- + NLTK's function words dropped from the query: 0.438 / 0.499 | 0.417 / 0.476 | 0.428 /
  0.487. The stop words alone gained on the even half (0.432 / 0.487) and lost on the odd
  one (0.412 / 0.471), as they did for the previous ranker; kept because they were chosen on
  the even half before the odd half was looked at, and because they still gain on all.
- + NFKC and accent folding ("CO₂" is "CO2"): 0.438 / 0.500 | 0.419 / 0.477 | 0.429 / 0.489
- + the same function words dropped from passages and titles too (they only lengthened the
  passages, never matched): 0.441 / 0.505 | 0.424 / 0.468 | 0.432 / 0.486
- + b 0.5 instead of 0.75 (as shipped; grid k1 0.9-2.0 x b 0.3-0.9 on the even half, k1
  1.2 and 1.5 tied at b 0.5, so k1 kept): 0.449 / 0.506 | 0.428 / 0.489 | 0.438 / 0.498.
Not adopted, on the even half (against 0.438 / 0.499 then): numbers with separators or
decimals as one term ("2,000", "1.5": 0.436 / 0.488; the joined number added to its parts,
with folding: 0.439 / 0.497 against 0.438 / 0.500), hyphenated compounds also indexed
joined ("sea-level" + "sealevel": 0.436 / 0.503). Possessives need nothing: the "s" of
"Earth's" (straight or curly apostrophe) is a one-letter word, dropped.
Other BM25 variants (bm25s's robertson, atire, bm25l, bm25+ over the same terms) were no
better than lucene on the even half (0.405-0.413 MRR with titles merged, vs 0.413), nor was
the textbook BM25F IDF over either field (0.438 / 0.499 -> 0.437 / 0.498), nor the fp32
MiniLM instead of int8 for the semantic mix (0.507 / 0.594 vs 0.505 / 0.590 at weight 0.7).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.evidence.bm25 import BM25F, Parameters
from annotator.evidence.text import SCHEME, terms

if TYPE_CHECKING:
    from annotator.evidence.passage_table import PassageTable
    from annotator.evidence.passages import StoredPassage

# Best closeness among the top results below which the answer is "no close match".
# bench/calibrate_no_match.py (the ranking below): 0.399 flags 5 % of restated claims whose
# source is in the library and 62 % of those whose source is not (ROC AUC 0.88; with the
# analysis keeping function words in passages, 0.398, 69 % and 0.90: b 0.5 alone changes
# nothing, 0.396 / 62 % / 0.88 at b 0.75); lexical closeness cannot tell a paraphrase apart
# (AUC 0.57 on Climate-FEVER's own claims).
NO_CLOSE_MATCH_BELOW = 0.40
# Weight of the semantic similarity in the mixed score (BM25 normalised to the best hit),
# over every passage. Chosen on the even half of Climate-FEVER's claims; passages embedded
# as "title. sentence" (passages.embedding_text), all-MiniLM-L6-v2 int8. With the BM25F
# ranking above, even half: 0.5 -> MRR 0.494 / Recall@10 0.569, 0.6 -> 0.499 / 0.579,
# 0.7 -> 0.506 / 0.589, 0.8 -> 0.505 / 0.585, 0.9 -> 0.484 / 0.547; at 0.7 odd half 0.496 /
# 0.563, all claims 0.501 / 0.576 (0.505 / 0.590 | 0.481 / 0.558 | 0.493 / 0.574 with the
# earlier analysis and b 0.75). Not adopted, on the even half: embedding the sentence alone
# (best 0.488 / 0.556, weight 0.5); mixing into the lexical top 50 / 100 / 200 / 500 only
# (0.501 / 0.503 / 0.505 / 0.506 MRR, never better than all); BM25 normalised by the
# query's highest possible score instead of the best hit (0.509 / 0.588 at weight 0.3 but
# 0.504 at 0.25 and 0.502 at 0.35: a peak within noise); earlier, min-max or z-score
# normalisation of both scores (within 0.003) and reciprocal-rank fusion (at most 0.500).
SEMANTIC_WEIGHT = 0.7
DEFAULT_TOP = 10
# BM25F: k1 as Lucene and bm25s default it; b 0.5 rather than their 0.75 for the sentence
# (chosen on the even half; a sentence's length says less about verbosity than a
# document's); the title's words count as much as the sentence's (weight 1), normalised by
# the title's own length with b 0.75.
BM25_PARAMETERS = Parameters(k1=1.5, b=0.5, title_weight=1.0, title_b=0.75)
# What a built Ranker depends on besides the stored passages (their documents' ids, text
# SHA-256s, titles and, for the semantic mix, vectors and the model's SHA-256): the term
# analysis (which also analyses the titles when passages are loaded) and BM25F's parameters.
# A cache of rankers or of their arrays must be keyed on this as well.
ANALYSIS_KEY = f"{SCHEME} {BM25_PARAMETERS!r}"


@dataclass(frozen=True, slots=True)
class Ranked:
    index: int  # position in the ranker's passages
    score: float
    closeness: float
    matched: frozenset[str]  # the claim's stems found in the passage


class Ranker:
    """An in-memory BM25F index over passages; rebuilt when the stored index changes.

    The passages are held in columns (passage_table.PassageTable: a StoredPassage is made
    only for the ones returned); ``state()`` and ``restore()`` give the arrays that
    index_files keeps on disk and maps back after a restart."""

    def __init__(self, passages: Sequence[StoredPassage],
                 vectors: Any | None = None) -> None:
        from annotator.evidence.passage_table import PassageTable

        table = passages if isinstance(passages, PassageTable) else \
            PassageTable.from_passages(passages)
        self._set(table, BM25F.from_columns(table.columns, table.vocabulary, BM25_PARAMETERS),
                  vectors)

    def _set(self, table: PassageTable, bm25: BM25F, vectors: Any | None) -> None:
        import numpy as np

        self._np = np
        self.passages: Sequence[StoredPassage] = table
        self.table = table
        self.document_ids = table.columns.document_ids
        self.vectors = vectors  # (n, d) float32, L2-normalised rows, or None
        self._bm25 = bm25

    def state(self) -> dict[str, Any]:
        return self._bm25.state()

    @classmethod
    def restore(cls, table: PassageTable, arrays: dict[str, Any],
                vectors: Any | None = None) -> Ranker:
        """A ranker from a table and state() arrays, as saved: nothing is recomputed."""
        ranker = cls.__new__(cls)
        ranker._set(table, BM25F.restore(arrays, table.vocabulary, len(table),
                                         BM25_PARAMETERS), vectors)
        return ranker

    def __len__(self) -> int:
        return len(self.passages)

    def idf(self, term: str) -> float:
        """BM25's IDF over the passages' own words (the index's)."""
        return self._bm25.idf(term)

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
        if query:
            scores = self._bm25.scores(query)
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


def no_close_match(ranked: Sequence[Ranked]) -> bool:
    return max((r.closeness for r in ranked), default=0.0) < NO_CLOSE_MATCH_BELOW
