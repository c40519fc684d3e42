"""Library-wide search over 100k claims: the store's search vs a raw FTS5 query.

A library of 100 articles of 1,000 claims each, notes drawn from a small vocabulary so that words
range from rare to very common, a fifth of the claims with a source, some reviewed. Each
query runs through Store.search_claims (what the library view and `annotator search` call:
FTS5 MATCH, filters, newest first, the first 500 rows as records, the total count where
the store counts it) and as a
raw sqlite3 FTS5 query returning the same rows as tuples, with the same count; timings are
medians of interleaved pairs. Target: under 50 ms per query.

Run: python bench/bench_search.py
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.domain.library import ClaimQuery, fts5_match
from annotator.domain.verdict import Verdict
from annotator.store import Store
from annotator.store.search import DEFAULT_LIMIT

DOCUMENTS = 100
CLAIMS_PER_DOCUMENT = 1_000
PAIRS = 15
TARGET_MS = 50.0

VOCABULARY = (
    "minister", "figure", "turnout", "budget", "election", "ministry", "report", "official",
    "statement", "police", "court", "hospital", "inflation", "price", "school", "contract",
    "company", "border", "army", "vaccine", "harvest", "river", "bridge", "council", "mayor",
    "union", "strike", "tariff", "export", "import", "energy", "pipeline",
)
RARE = ("zeppelin", "quokka", "marzipan")

QUERIES: tuple[tuple[str, ClaimQuery], ...] = (
    ("rare word", ClaimQuery(text="zeppelin")),
    ("common word", ClaimQuery(text="minister")),
    ("two words", ClaimQuery(text="budget inflation")),
    ("prefix", ClaimQuery(text="vacc")),
    ("word + disputed", ClaimQuery(text="court", verdicts=frozenset({Verdict.DISPUTED}))),
    ("word + rejected", ClaimQuery(text="police", review_statuses=frozenset({"rejected"}))),
)


def build(path: Path) -> None:
    Store.open(path, author="bench").close()
    rng = random.Random(8)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        claim_id = 0
        for number in range(1, DOCUMENTS + 1):
            words = [rng.choice(VOCABULARY) for _ in range(CLAIMS_PER_DOCUMENT * 12)]
            text = " ".join(words)
            db.execute(
                "INSERT INTO documents (id, uuid, title, text, sha256, imported_at) "
                "VALUES (?, ?, ?, ?, ?, '2026-01-01 00:00:00.000000')",
                (number, f"doc-{number}", f"Article {number} on {rng.choice(VOCABULARY)}",
                 text, f"{number:064d}"))
            claims, sources = [], []
            for k in range(CLAIMS_PER_DOCUMENT):
                claim_id += 1
                start = k * 60
                note = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 12)))
                if rng.random() < 0.001:
                    note += " " + rng.choice(RARE)
                status = rng.choice((None, None, None, "approved", "rejected", "needs-work"))
                claims.append((claim_id, f"claim-{claim_id}", number, start, start + 40,
                               text[start:start + 40], rng.choice(list(Verdict)).value, note,
                               status))
                if rng.random() < 0.2:
                    sources.append((claim_id, f"source-{claim_id}",
                                    f"{rng.choice(VOCABULARY).title()} bulletin",
                                    " ".join(rng.choice(VOCABULARY) for _ in range(8))))
            db.executemany(
                "INSERT INTO claims (id, uuid, document_id, start, \"end\", exact, prefix, "
                "suffix, doc_sha256, verdict, note, author, created_at, modified_at, version,"
                " review_status, review_note, reviewer, review_conflict) VALUES (?, ?, ?, ?, ?,"
                " ?, '', '', '', ?, ?, 'bench', '2026-01-02 00:00:00.000000',"
                " '2026-01-02 00:00:00.000000', 1, ?, '', '', 0)", claims)
            db.executemany(
                "INSERT INTO sources (claim_id, uuid, url, title, publisher, excerpt, stance, "
                "accessed_at, created_at) VALUES (?, ?, '', ?, '', ?, 'supports', '', "
                "'2026-01-02 00:00:00.000000')", sources)
    db.execute("PRAGMA optimize")
    db.close()


RAW_ROWS = """
SELECT c.id, c.uuid, c.document_id, c.start, c."end", c.exact, c.prefix, c.suffix,
       c.doc_sha256, c.verdict, c.note, c.author, c.created_at, c.modified_at, c.version,
       c.review_status, c.review_note, c.reviewer, c.reviewed_at, c.review_conflict, d.title,
       (SELECT count(*) FROM sources AS s WHERE s.claim_id = c.id)
FROM claims AS c JOIN documents AS d ON d.id = c.document_id
JOIN claim_search ON claim_search.rowid = c.id
WHERE claim_search MATCH ? {extra}
ORDER BY claim_search.rowid DESC LIMIT ?
"""
RAW_COUNT = "SELECT count(*) FROM claim_search WHERE claim_search MATCH ?"


def raw_query(db: sqlite3.Connection, query: ClaimQuery) -> tuple[int, int]:
    extra, params = "", []
    if query.verdicts:
        extra += f" AND c.verdict IN ({','.join('?' * len(query.verdicts))})"
        params += [v.value for v in query.verdicts]
    if query.review_statuses:
        extra += f" AND c.review_status IN ({','.join('?' * len(query.review_statuses))})"
        params += sorted(query.review_statuses)
    match = fts5_match(query.text)
    rows = db.execute(RAW_ROWS.format(extra=extra), (match, *params, DEFAULT_LIMIT)).fetchall()
    total: int | None = len(rows)
    if len(rows) >= DEFAULT_LIMIT:  # counted like the store: only when there is no filter
        total = None if extra else db.execute(RAW_COUNT, (match,)).fetchone()[0]
    return len(rows), total


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.sqlite3"
        started = time.perf_counter()
        build(path)
        print(f"built {DOCUMENTS * CLAIMS_PER_DOCUMENT:,} claims in "
              f"{time.perf_counter() - started:.1f} s (FTS5 index filled by the triggers)")
        store = Store.open(path)
        raw = sqlite3.connect(path)
        worst = 0.0
        ratios = []
        for name, query in QUERIES:
            ours_times, raw_times = [], []
            result = store.search_claims(query)  # warm both, and check they agree
            assert raw_query(raw, query) == (len(result.hits), result.total), name
            for _ in range(PAIRS):
                t0 = time.perf_counter()
                store.search_claims(query)
                t1 = time.perf_counter()
                raw_query(raw, query)
                t2 = time.perf_counter()
                ours_times.append(t1 - t0)
                raw_times.append(t2 - t1)
            ours = statistics.median(ours_times) * 1000
            base = statistics.median(raw_times) * 1000
            worst = max(worst, ours)
            ratios.append(ours / base)
            total = "many" if result.total is None else f"{result.total:,}"
            print(f"{name:16s} {total:>7s} matches, {len(result.hits):5d} rows: "
                  f"store {ours:6.1f} ms | raw FTS5 {base:6.1f} ms | ratio {ours / base:.2f}x")
        store.close()
        raw.close()
    print(f"slowest query {worst:.1f} ms (target < {TARGET_MS:.0f} ms: "
          f"{'met' if worst < TARGET_MS else 'MISSED'}); median ratio store/raw "
          f"{statistics.median(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
