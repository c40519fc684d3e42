"""Calibrate NO_CLOSE_MATCH_BELOW (annotator/evidence/ranking.py) on data built here.

The library is Climate-FEVER's evidence sentences, pooled (5,240 distinct Wikipedia
sentences on one topic, so every claim has many near neighbours), each ranked with its
article's title as the app ranks passages. Two sets of claims are built from it, each
in two conditions, "present" (the library as it is) and "absent" (the same library without
the sentences that settle the claim):
  restated   - 1,000 sentences picked at random (seed 0), each restated as a claim the way a
               rewrite restates its source: a window of 60 % of its words, with one word in
               three swapped for a word from another sentence; absent = without that sentence.
  paraphrase - Climate-FEVER's own claims with supporting or refuting evidence, which
               Wikipedia states in other words; absent = without the claim's five sentences.
The score is the best closeness among the top 10 passages. The threshold printed flags at
most 5 % of the *restated, present* claims (a false "no close match" sends an editor away
from evidence they have); the script prints what it flags in every condition and the ROC
AUC of closeness for each set. Lexical closeness cannot see a paraphrase (AUC near 0.5 on
that set): that is what the semantic extra is for.
Run: python bench/calibrate_no_match.py [--data DIR]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evidence_data import CLIMATE_FEVER, climate_fever_pooled, data_file, data_folder_argument

from annotator.evidence.passages import StoredPassage
from annotator.evidence.ranking import Ranker
from annotator.evidence.text import terms


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2
        rank_sum += average * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def main() -> int:
    path = data_file(CLIMATE_FEVER, data_folder_argument(__doc__))
    if path is None:
        return 0
    pooled = climate_fever_pooled(path)
    ranker = Ranker([StoredPassage(i, 0, 1, tuple(terms(s)), title_terms=tuple(terms(t)))
                     for i, (s, t) in enumerate(zip(pooled.sentences, pooled.titles,
                                                     strict=True))])

    def best(claim: str, exclude: set[int]) -> float:
        return max((r.closeness for r in ranker.rank(claim, exclude=exclude, top=10)),
                   default=0.0)

    sets = {"restated": restated(pooled.sentences), "paraphrase": list(
        zip(pooled.claims, pooled.own, strict=True))}
    scores = {name: ([best(c, set()) for c, _ in pairs], [best(c, own) for c, own in pairs])
              for name, pairs in sets.items()}
    present = scores["restated"][0]
    threshold = max(t for t in sorted(set(present))
                    if sum(p < t for p in present) <= 0.05 * len(present))
    print(f"threshold {threshold:.3f} (flags at most 5% of restated claims whose source "
          "is present)")
    for name, (here, gone) in scores.items():
        print(f"  {name:10s} {len(here)} claims: ROC AUC {auc(here, gone):.3f}; flagged "
              f"{sum(p < threshold for p in here) / len(here):.1%} when present, "
              f"{sum(a < threshold for a in gone) / len(gone):.1%} when absent")
    return 0


def restated(sentences: list[str], count: int = 1000) -> list[tuple[str, set[int]]]:
    rng = random.Random(0)
    vocabulary = [w for s in rng.sample(sentences, 500) for w in s.split()]
    pairs = []
    for i in rng.sample(range(len(sentences)), count):
        words = sentences[i].split()
        width = max(3, round(0.6 * len(words)))
        start = rng.randrange(0, max(1, len(words) - width + 1))
        window = words[start:start + width]
        claim = [rng.choice(vocabulary) if rng.random() < 1 / 3 else w for w in window]
        twins = {j for j, s in enumerate(sentences) if s == sentences[i]}
        pairs.append((" ".join(claim), twins))
    return pairs


if __name__ == "__main__":
    raise SystemExit(main())
