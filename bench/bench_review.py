"""The review loop at 10k claims: open the file in the reviewer window, import it back.

    python bench/bench_review.py [--claims 10000] [--pairs 5]

Builds a library of N claims (one source and one history row each, bench_export's builder),
exports it for review, and marks every claim reviewed in the file with plain sqlite3 (so the
import has N decisions to merge). Then, in interleaved pairs (raw, ours), it times:

* open: ``ReviewSession.open`` (the untrusted-file checks, then every document, claim and
  source read and type-checked) plus building and showing ``ReviewWindow`` until the first
  paint, against a raw stdlib sqlite3 ``SELECT`` of the same documents, claims and sources
  rows (``fetchall``);
* import: ``import_review`` into a fresh copy of the library (checks, per-value type and
  size checks, one merge transaction with a history row per decision), against a raw
  sqlite3 ``SELECT`` of the same claims columns the import reads.

Each line prints the medians and the median of the per-pair ratios ours/raw.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import build_library
from PySide6.QtWidgets import QApplication

from annotator.io.export import export_library
from annotator.io.review_import import import_review
from annotator.io.review_session import ReviewSession
from annotator.qt.review.window import ReviewWindow
from annotator.qt.settings import Settings
from annotator.store import Store

RAW_OPEN = (
    "SELECT id, title, text, sha256, origin, imported_at FROM documents",
    'SELECT number, id, document_id, start, "end", quote, prefix, suffix, verdict, note, '
    "author, created_at, modified_at, exported_version, review_status, review_note, reviewer, "
    "reviewed_at, reviewer_verdict, editor_reply FROM claims ORDER BY number",
    "SELECT id, claim_id, url, title, publisher, excerpt, stance, accessed_at, "
    "passage_document_id, passage_start, passage_end, created_at FROM sources "
    "ORDER BY claim_id, position",
)
RAW_IMPORT = ("SELECT number, id, modified_at, review_status, review_note, reviewer, "
              "reviewed_at, verdict, note, reviewer_verdict FROM claims ORDER BY rowid",)


def raw_read(path: Path, queries: tuple[str, ...]) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        return sum(len(db.execute(query).fetchall()) for query in queries)


def open_window(app: QApplication, review: Path, settings: Settings) -> None:
    window = ReviewWindow(ReviewSession.open(review), settings)
    window.show()
    window.repaint()
    app.processEvents()
    window.close()
    window.deleteLater()
    app.processEvents()


def pairs(count: int, raw: Callable[[], object], ours: Callable[[], object],
          prepare: Callable[[], object] = lambda: None) -> tuple[float, float, float]:
    """Medians of raw and ours, and the median ratio ours/raw over interleaved pairs."""
    raws, ourses, ratios = [], [], []
    for _ in range(count):
        started = time.perf_counter()
        raw()
        raw_time = time.perf_counter() - started
        prepare()
        started = time.perf_counter()
        ours()
        our_time = time.perf_counter() - started
        raws.append(raw_time)
        ourses.append(our_time)
        ratios.append(our_time / raw_time)
    return statistics.median(raws), statistics.median(ourses), statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        library = base / "library.sqlite3"
        review = base / "review.sqlite"
        store = build_library(library, args.claims)
        export_library(store, "review", review)
        store.close()
        with closing(sqlite3.connect(review)) as db, db:
            db.execute("UPDATE claims SET review_status = CASE number % 3 WHEN 0 THEN "
                       "'approved' WHEN 1 THEN 'rejected' ELSE 'needs-work' END, "
                       "review_note = 'checked ' || number, reviewer = 'Rita', "
                       "reviewer_verdict = CASE number % 2 WHEN 0 THEN 'verified' "
                       "ELSE 'disputed' END")
        settings = Settings(base / "settings.ini")
        settings.reviewer_name = "Rita"
        open_window(app, review, settings)  # warm-up: imports, fonts, caches

        raw, ours, ratio = pairs(args.pairs, lambda: raw_read(review, RAW_OPEN),
                                 lambda: open_window(app, review, settings))
        print(f"open {args.claims} claims in the reviewer window: {ours:.3f} s | raw sqlite3 "
              f"read of the same rows: {raw:.3f} s | ratio ours/raw = {ratio:.1f}x")

        work = base / "work.sqlite3"
        stores: list[Store] = []

        def fresh_library() -> None:
            for opened in stores:
                opened.close()
            stores.clear()
            shutil.copyfile(library, work)
            stores.append(Store.open(work, author="editor"))

        def do_import() -> None:
            report = import_review(stores[0], review)
            assert report.applied == args.claims, report

        raw, ours, ratio = pairs(args.pairs, lambda: raw_read(review, RAW_IMPORT), do_import,
                                 prepare=fresh_library)
        for opened in stores:
            opened.close()
        print(f"import-review of {args.claims} decisions: {ours:.3f} s | raw sqlite3 read of "
              f"the same columns: {raw:.3f} s | ratio ours/raw = {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
