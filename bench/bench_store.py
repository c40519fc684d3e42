"""Foundation benchmark: claim inserts through the service layer vs raw sqlite3, and
anchor resolution for 10k claims on a 1 MB edited text.

Run: python bench/bench_store.py
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import big_article

from annotator.domain.anchor import AnchorState, make_anchor, resolve_many
from annotator.store import Store

CLAIMS = 2_000
ANCHORS = 10_000


def service_inserts(folder: Path, text: str, spans: list[tuple[int, int]]) -> float:
    store = Store.open(folder / "service.sqlite3", author="bench")
    doc = store.import_document("Bench", text).document
    started = time.perf_counter()
    for start, end in spans:
        store.create_claim(doc.id, start, end)  # one transaction each, as a user action
    elapsed = time.perf_counter() - started
    store.close()
    return len(spans) / elapsed


def raw_inserts(folder: Path, text: str, spans: list[tuple[int, int]], *,
                one_transaction_each: bool) -> float:
    db = sqlite3.connect(folder / f"raw-{one_transaction_each}.sqlite3")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE claims (id INTEGER PRIMARY KEY, start INT, \"end\" INT, exact TEXT,"
               " prefix TEXT, suffix TEXT, verdict TEXT)")
    rows = [(s, e, text[s:e], text[max(0, s - 32):s], text[e:e + 32], "unchecked")
            for s, e in spans]
    insert = ("INSERT INTO claims (start, \"end\", exact, prefix, suffix, verdict) "
              "VALUES (?, ?, ?, ?, ?, ?)")
    started = time.perf_counter()
    if one_transaction_each:
        for row in rows:
            with db:
                db.execute(insert, row)
    else:
        with db:
            db.executemany(insert, rows)
    elapsed = time.perf_counter() - started
    db.close()
    return len(spans) / elapsed


def sentence_spans(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 200)
        while text[start] in " \n":
            start += 1
        spans.append((start, start + rng.randrange(30, 150)))
    return spans


def edit(text: str, rng: random.Random) -> str:
    """Insert a paragraph near the top and correct a word every ~5 kB: realistic edits."""
    chars = list("Editor's note: this article was updated.\n\n" + text)
    for position in range(2_000, len(chars), 5_000):
        chars[position:position + 3] = list("xyz")
    return "".join(chars)


def main() -> None:
    rng = random.Random(7)
    text = big_article()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        spans = sentence_spans(text, CLAIMS, rng)
        ours = service_inserts(folder, text, spans)
        raw = raw_inserts(folder, text, spans, one_transaction_each=False)
        raw_each = raw_inserts(folder, text, spans, one_transaction_each=True)
    print(f"claims/s through Store.create_claim (1 transaction each, + history row): {ours:,.0f}")
    print(f"claims/s raw sqlite3 executemany (1 transaction for all):   {raw:,.0f}"
          f"  -> ratio service/raw = {ours / raw:.4f}")
    print(f"claims/s raw sqlite3, 1 transaction per insert:             {raw_each:,.0f}"
          f"  -> ratio service/raw = {ours / raw_each:.3f}")

    anchors = [make_anchor(text, s, e) for s, e in sentence_spans(text, ANCHORS, rng)]
    edited = edit(text, rng)
    started = time.perf_counter()
    results = resolve_many(anchors, edited)
    elapsed = time.perf_counter() - started
    # Baseline: the least any resolver must do, one exact search per quote.
    scan = time.perf_counter()
    for anchor in anchors:
        edited.find(anchor.exact)
    find_each = (time.perf_counter() - scan) / ANCHORS
    states = {state.value: sum(r.state is state for r in results) for state in AnchorState}
    print(f"resolve_many: {ANCHORS:,} anchors on {len(edited) / 1e6:.2f} M chars edited text: "
          f"{elapsed:.2f} s ({elapsed / ANCHORS * 1e6:.0f} µs/anchor); states {states}")
    print(f"baseline: one str.find of a quote over the text = {find_each * 1e6:.0f} µs; "
          f"ratio per-anchor resolve / str.find = {elapsed / ANCHORS / find_each:.2f}x")


if __name__ == "__main__":
    main()
