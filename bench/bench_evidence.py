"""Evidence assistant benchmark, in one run:

- index build for 20k sentences in 500 articles of 1-4-sentence paragraphs (split, stem,
  store in the library, BM25), and the reload
  after a restart, against bm25s's own tokenizer and index on the same sentences in memory;
- query latency (p95 over 200 claims on that library) against a bare bm25s retrieve;
- pooled Climate-FEVER MRR and Recall@10 (every claim's evidence sentences form the corpus;
  relevant = the claim's SUPPORTS/REFUTES sentences) against a plain BM25 (bm25s, no stemmer);
  with the semantic extra too when $ANNOTATOR_EMBEDDING_MODEL names a model folder;
- check-worthiness ROC AUC on the held-out 20 % of ClaimBuster against hand-written rules.

Timings are medians of interleaved pairs (ours, baseline). The data sets are not committed:
see bench/data/README.md (--data DIR or $ANNOTATOR_EVIDENCE_DATA); parts without data skip.
Run: python bench/bench_evidence.py [--data DIR]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLE
from calibrate_no_match import auc
from evidence_data import (
    CLAIMBUSTER,
    CLIMATE_FEVER,
    PooledSet,
    claimbuster,
    climate_fever_pooled,
    data_file,
    data_folder_argument,
    held_out,
)

from annotator.evidence.assistant import EvidenceIndex
from annotator.evidence.checkworthy import features, model
from annotator.evidence.passages import StoredPassage
from annotator.evidence.ranking import Ranker
from annotator.evidence.semantic import load_embedder
from annotator.evidence.text import split_sentences, terms
from annotator.store import Store

SENTENCES = 20_000
PER_DOCUMENT = 40
QUERIES = 200
REPEATS = 3


def corpus_sentences(pooled: PooledSet | None, debates: list[str]) -> list[str]:
    """20k real sentences: Climate-FEVER evidence, ClaimBuster debate sentences, then the
    sample report's sentences numbered to fill up."""
    found = list(pooled.sentences if pooled else []) + debates
    sample = SAMPLE.read_text(encoding="utf-8")
    base = [sample[s.start:s.end] for s in split_sentences(sample)]
    copy = 0
    while len(found) < SENTENCES:
        found += [f"{sentence} ({copy})" for sentence in base]
        copy += 1
    return [s.replace("\n", " ").replace("\r", " ") for s in found[:SENTENCES]]


def as_article(sentences: list[str]) -> str:
    """Paragraphs of 1, 2, 3, 4, 1, 2, ... sentences, as news text has them."""
    paragraphs, i, size = [], 0, 1
    while i < len(sentences):
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
        size = size % 4 + 1
    return "\n\n".join(paragraphs)


def build_library(folder: Path, sentences: list[str]) -> Path:
    path = folder / "template.sqlite3"
    with Store.open(path, author="bench") as store:
        for i in range(0, len(sentences), PER_DOCUMENT):
            store.import_document(f"Doc {i // PER_DOCUMENT}",
                                  as_article(sentences[i:i + PER_DOCUMENT]))
    return path


def time_build(template: Path, folder: Path, run: int) -> tuple[float, float, float]:
    """(first index of a fresh library, its CPU time, reload of the stored index after a
    restart). CPU time is printed too: on a shared machine wall time also counts waiting."""
    path = folder / f"run{run}.sqlite3"
    shutil.copyfile(template, path)
    with Store.open(path) as store:
        started, cpu = time.perf_counter(), time.process_time()
        EvidenceIndex(store).refresh()
        first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    with Store.open(path) as store:
        started = time.perf_counter()
        EvidenceIndex(store).refresh()
        reload = time.perf_counter() - started
    return first, first_cpu, reload


def bare_bm25s(sentences: list[str]) -> Any:
    import bm25s
    import Stemmer

    retriever = bm25s.BM25()
    tokens = bm25s.tokenize(sentences, stopwords="en", stemmer=Stemmer.Stemmer("english"),
                            show_progress=False)
    retriever.index(tokens, show_progress=False)
    return retriever


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def bench_index_and_queries(sentences: list[str], queries: list[str]) -> None:
    import bm25s
    import Stemmer

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = build_library(folder, sentences)
        ours, cpus, reloads, bases = [], [], [], []
        for run in range(REPEATS):
            first, cpu, reload = time_build(template, folder, run)
            ours.append(first)
            cpus.append(cpu)
            reloads.append(reload)
            started = time.perf_counter()
            bare_bm25s(sentences)
            bases.append(time.perf_counter() - started)
        build, cpu, reload, base = (statistics.median(v) for v in (ours, cpus, reloads, bases))
        print(f"index build, {len(sentences)} sentences in {len(sentences) // PER_DOCUMENT} "
              f"documents: {build:.2f} s wall, {cpu:.2f} s CPU (target < 5 s); reload after "
              f"restart {reload:.2f} s  |  bare bm25s tokenize+index in memory: {base:.2f} s  |"
              f"  ratio {build / base:.2f}x (reload {reload / base:.2f}x)")

        stemmer = Stemmer.Stemmer("english")
        retriever = bare_bm25s(sentences)
        with Store.open(folder / "run0.sqlite3") as store:
            index = EvidenceIndex(store)
            index.refresh()
            exclude = frozenset({1})
            ours, bases = [], []
            for query in queries:
                started = time.perf_counter()
                index.search(query, exclude=exclude, top=10)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                retriever.retrieve(bm25s.tokenize([query], stopwords="en", stemmer=stemmer,
                                                  show_progress=False), k=10,
                                   show_progress=False)
                bases.append(time.perf_counter() - started)
        print(f"query latency over {len(queries)} claims, p95: {p95(ours) * 1000:.1f} ms "
              f"(median {statistics.median(ours) * 1000:.1f} ms; target < 50 ms)  |  bare "
              f"bm25s retrieve p95: {p95(bases) * 1000:.1f} ms  |  ratio "
              f"{p95(ours) / p95(bases):.2f}x")


def ranking_quality(pooled: PooledSet, sentences: list[str]) -> None:
    import bm25s

    ranker = Ranker([StoredPassage(i, 0, 1, tuple(terms(s)))
                     for i, s in enumerate(pooled.sentences)])
    plain = bm25s.BM25()
    plain.index(bm25s.tokenize(pooled.sentences, stopwords="en", show_progress=False),
                show_progress=False)

    def ours(claim: str) -> list[int]:
        return [ranker.passages[r.index].document_id for r in ranker.rank(claim, top=100)]

    def baseline(claim: str) -> list[int]:
        tokens = bm25s.tokenize([claim], stopwords="en", show_progress=False)
        found, scores = plain.retrieve(tokens, k=100, show_progress=False)
        return [int(i) for i, s in zip(found[0], scores[0], strict=True) if s > 0]

    for name, rank in (("bm25s + PyStemmer (ours)", ours), ("plain BM25 (baseline)", baseline)):
        mrr, recall = score_rankings(pooled, rank)
        print(f"Climate-FEVER pooled ({len(pooled.claims)} claims, {len(pooled.sentences)} "
              f"sentences), {name}: MRR {mrr:.3f}, Recall@10 {recall:.3f}")
    semantic_quality(pooled, sentences)


def score_rankings(pooled: PooledSet, rank: Any) -> tuple[float, float]:
    mrr = recall = 0.0
    for claim, relevant in zip(pooled.claims, pooled.relevant, strict=True):
        found = rank(claim)
        first = next((i for i, doc in enumerate(found) if doc in relevant), None)
        mrr += 0 if first is None else 1 / (first + 1)
        recall += len(relevant & set(found[:10])) / len(relevant)
    return mrr / len(pooled.claims), recall / len(pooled.claims)


def semantic_quality(pooled: PooledSet, sentences: list[str]) -> None:
    """MRR/Recall@10 with the semantic extra, and its query latency on the 20k library
    (the 20k passages get the real vectors of the pooled sentences, repeated: the cost of
    ranking does not depend on the values, and embedding 20k sentences takes ~15 min)."""
    import numpy as np

    embedder, note = load_embedder()
    if embedder is None:
        print(f"semantic re-ranking: skipped. {note}")
        return
    started = time.perf_counter()
    vectors = embedder.embed(pooled.sentences)
    elapsed = time.perf_counter() - started
    print(f"semantic ({embedder.files.name}): embedded {len(pooled.sentences)} sentences "
          f"in {elapsed:.0f} s ({len(pooled.sentences) / elapsed:.0f} sentences/s)")
    ranker = Ranker([StoredPassage(i, 0, 1, tuple(terms(s)))
                     for i, s in enumerate(pooled.sentences)], vectors)

    def rank(claim: str) -> list[int]:
        query = embedder.embed([claim])[0]
        found = ranker.rank(claim, top=100, query_vector=query)
        return [ranker.passages[r.index].document_id for r in found]

    mrr, recall = score_rankings(pooled, rank)
    print(f"Climate-FEVER pooled, BM25 + semantic: MRR {mrr:.3f}, Recall@10 {recall:.3f}")
    tiled = np.resize(vectors, (len(sentences), vectors.shape[1]))
    big = Ranker([StoredPassage(i // PER_DOCUMENT, 0, 1, tuple(terms(s)))
                  for i, s in enumerate(sentences)], tiled)
    lexical, mixed = [], []
    for claim in pooled.claims[:QUERIES]:
        started = time.perf_counter()
        big.rank(claim, exclude=frozenset({1}), top=10)
        lexical.append(time.perf_counter() - started)
        started = time.perf_counter()
        big.rank(claim, exclude=frozenset({1}), top=10,
                 query_vector=embedder.embed([claim])[0])
        mixed.append(time.perf_counter() - started)
    print(f"query latency with the semantic re-ranker over {QUERIES} claims on "
          f"{len(sentences)} passages, p95: {p95(mixed) * 1000:.1f} ms (target < 150 ms)  |  "
          f"lexical ranking alone p95: {p95(lexical) * 1000:.1f} ms  |  ratio "
          f"{p95(mixed) / p95(lexical):.2f}x")


def rule_score(sentence: str) -> float:
    """Hand-written check-worthiness rules: count the factual cues, minus questions."""
    found = set(features(sentence))
    cues = ("f:number", "f:percent", "f:year", "f:month", "f:scale", "f:money",
            "f:comparative", "f:attribution")
    return (sum(c in found for c in cues) + ("f:names0" not in found)
            - 2 * ("f:question" in found) - ("f:opinion" in found))


def checkworthiness(rows: list[tuple[int, str, int]]) -> None:
    scorer = model()
    test = [(text, label) for sid, text, label in rows if held_out(sid)]
    for name, score in (("shipped model", scorer.score), ("hand-written rules", rule_score)):
        scores = [(score(text), label) for text, label in test]
        value = auc([s for s, y in scores if y], [s for s, y in scores if not y])
        print(f"check-worthiness ROC AUC on the held-out {len(test)} ClaimBuster sentences, "
              f"{name}: {value:.3f}" + (" (target >= 0.90)" if name == "shipped model" else ""))


def main() -> int:
    folder = data_folder_argument(__doc__)
    fever_path = data_file(CLIMATE_FEVER, folder)
    buster_path = data_file(CLAIMBUSTER, folder)
    pooled = climate_fever_pooled(fever_path) if fever_path else None
    rows = claimbuster(buster_path) if buster_path else []
    sentences = corpus_sentences(pooled, [text for _, text, _ in rows])
    queries = (pooled.claims[:QUERIES] if pooled else
               [s[:80] for s in sentences[::SENTENCES // QUERIES]][:QUERIES])
    bench_index_and_queries(sentences, queries)
    if pooled:
        ranking_quality(pooled, sentences)
    if rows:
        checkworthiness(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
