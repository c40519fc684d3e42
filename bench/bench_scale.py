"""A newsroom's years of work in one library: each action beside raw SQLite on the same file.

    python bench/bench_scale.py [--sizes 100000 500000] [--repeats 5] [--export-repeats 3]

Builds a library of the first size (about 100 claims per article, one article of ~1 MB
with 10k claims, the rest ~12k characters; one source and one history row per claim) with
bulk inserts into a file the Store created, measures, then grows the same file to the next
size and measures again. For every action it prints our time, the raw baseline on the same
file and rows, their ratio (medians of interleaved pairs: the machine is shared, read the
ratios), the growth from the first size to the last, and for exports the peak RSS of a
fresh process running only that export (ours and the baseline's). The window's memory is
given with the big article open, and after the evidence pane's first answer (a first run
indexes the library and builds the ranker; a restart maps the ranker kept in the cache),
next to a bare window showing the same text.

Baselines: reads run the same SQL through the stdlib ``sqlite3`` and fetch tuples (the
library list: its listing query with the kept counts; a search: bench_search's raw FTS5
query); opening the big article until its first paint is ``setPlainText`` into a
QPlainTextEdit with an empty highlighter and a ``repaint`` (ours: ``open_document`` and a
``repaint``; the window reads the claims past the first screen after that paint, and the
line below it gives the time until every claim is in); the review export is ``ATTACH`` +
``INSERT ... SELECT``; CSV and HTML are ``sqlite3 -csv`` of the claims joined with their
documents and sources, W3C and ClaimReview ``sqlite3 -json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._common import big_article  # noqa: E402

BIG_CLAIMS = 10_000
PER_ARTICLE = 100
ARTICLE_CHARS = 12_000
EXPORTS = ("review", "csv", "html", "w3c", "claimreview")
STAMP = datetime(2024, 1, 1, tzinfo=UTC)

# Searches of the library (issue #8's FTS5 index) against the same FTS5 query in raw
# sqlite3 (bench/bench_search.py): a rare word of the quotes, a word in half the notes, a
# word with a verdict filter.
SEARCHES = (
    ("rare word", "budapest", ()),
    ("common word", "figures", ()),
    ("word + disputed", "putin", ("disputed",)),
)

# -- building ---------------------------------------------------------------------------


def _stored(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _article(rng: random.Random, words: list[str], n: int) -> str:
    lines = [f"Article {n}"]
    size = len(lines[0])
    while size < ARTICLE_CHARS:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(12, 40))) + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def grow_library(path: Path, claims: int) -> float:
    """Add articles (the first one big) until the library holds ``claims``; seconds taken."""
    import hashlib
    import uuid

    from annotator.domain.publishing import PublisherKey
    from annotator.store import Store
    from annotator.store.publishing import change_settings

    with Store.open(path, author="bench") as store:  # creates and migrates
        change_settings(store, {  # ClaimReview needs a publisher
            PublisherKey.ORGANISATION: "Bench Fact Check",
            PublisherKey.URL_TEMPLATE: "https://bench.example/{article_slug}#claim-{number}"})
    began = time.perf_counter()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(claims)
    words = big_article(20_000).split()
    have = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    doc_id = db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
    claim_id = db.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
    db.execute("BEGIN")
    while have < claims:
        doc_id += 1
        big = doc_id == 1
        text = big_article() if big else _article(rng, words, doc_id)
        count = BIG_CLAIMS if big else min(PER_ARTICLE + rng.randint(-10, 10), claims - have)
        sha = hashlib.sha256(text.encode()).hexdigest()
        moment = STAMP + timedelta(minutes=doc_id)
        db.execute("INSERT INTO documents (id, uuid, title, text, sha256, origin, imported_at)"
                   " VALUES (?, ?, ?, ?, ?, NULL, ?)",
                   (doc_id, str(uuid.uuid4()), f"Article {doc_id}", text, sha, _stored(moment)))
        db.execute("INSERT INTO document_versions (document_id, number, text, sha256, origin, "
                   "created_at, author, note) VALUES (?, 1, NULL, ?, NULL, ?, '', 'imported')",
                   (doc_id, sha, _stored(moment)))
        step = (len(text) - 100) // count
        rows, sources, history = [], [], []
        for k in range(count):
            claim_id += 1
            start = 10 + k * step + rng.randrange(max(1, step // 3))
            end = start + rng.randint(20, 90)
            when = _stored(moment + timedelta(seconds=k))
            verdict = ("unchecked", "verified", "disputed")[k % 3]
            rows.append((claim_id, k + 1, str(uuid.uuid4()), doc_id, start, end, text[start:end],
                         text[max(0, start - 32):start], text[end:end + 32], sha, verdict,
                         "checked against the figures" if k % 2 else "", "bench", when, when,
                         1, None, "", "", None, 0))
            sources.append((str(uuid.uuid4()), claim_id, f"https://example.org/{claim_id}",
                            f"Source {claim_id}", "Example", "an excerpt", "supports",
                            "2024-01-02", None, None, None, when))
            history.append((claim_id, when, "bench", "created", "", verdict))
        db.executemany(
            'INSERT INTO claims (id, number, uuid, document_id, start, "end", exact, prefix, '
            "suffix, doc_sha256, verdict, note, author, created_at, modified_at, version, "
            "review_status, review_note, reviewer, reviewed_at, review_conflict) "
            f"VALUES ({', '.join('?' * 21)})", rows)
        db.execute("INSERT INTO claim_counters (document_id, last_number) VALUES (?, ?)",
                   (doc_id, count))
        db.executemany(
            "INSERT INTO sources (uuid, claim_id, url, title, publisher, excerpt, stance, "
            "accessed_at, passage_document_id, passage_start, passage_end, created_at) "
            f"VALUES ({', '.join('?' * 12)})", sources)
        db.executemany("INSERT INTO claim_history (claim_id, at, author, field, old, new) "
                       "VALUES (?, ?, ?, ?, ?, ?)", history)
        have += count
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - began


# -- measuring --------------------------------------------------------------------------


def pairs(repeats: int, ours: Callable[[], object], raw: Callable[[], object]
          ) -> tuple[float, float]:
    """Medians of ``repeats`` interleaved (ours, raw) timings, after one warm-up each."""
    ours()
    raw()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for side, action in enumerate((ours, raw)):
            began = time.perf_counter()
            action()
            times[side].append(time.perf_counter() - began)
    return statistics.median(times[0]), statistics.median(times[1])


def measure_reads(path: Path, repeats: int) -> dict[str, tuple[float, float]]:
    from annotator.domain.library import ClaimQuery
    from annotator.domain.verdict import Verdict
    from annotator.store import Store, reads
    from bench.bench_search import raw_query

    store = Store.open(path, author="bench")
    raw = sqlite3.connect(path)
    claims_sql = str(reads.claims_query(0, sqlite=True).compile(dialect=store.engine.dialect))
    listing_sql = str(reads.listing_query(sqlite=True).compile(dialect=store.engine.dialect))

    def raw_claims(document_id: int) -> list[object]:
        return raw.execute(claims_sql, (document_id,)).fetchall()

    def raw_list() -> None:
        raw.execute(listing_sql).fetchall()

    def raw_search(query: ClaimQuery) -> object:
        return raw_query(raw, query)

    searches = {f"search: {name}": ClaimQuery(text=words, verdicts=frozenset(map(Verdict, only)))
                for name, words, only in SEARCHES}
    try:
        return {
            **{name: pairs(repeats, lambda q=query: store.search_claims(q),
                           lambda q=query: raw_search(q))
               for name, query in searches.items()},
            "claims of a typical article (~100)": pairs(
                repeats, lambda: store.claims(2), lambda: raw_claims(2)),
            "claims of the 10k-claim article": pairs(
                repeats, lambda: store.claims(1), lambda: raw_claims(1)),
            "library list (list_documents)": pairs(repeats, store.list_documents, raw_list),
        }
    finally:
        raw.close()
        store.close()


def run_child(args: list[str]) -> dict[str, float]:
    """Run this script in a fresh interpreter for one measurement; its JSON result."""
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True,
                          text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def child_export(fmt: str, library: str, out: str) -> None:
    from annotator.io.export import export_library
    from annotator.store import Store

    with Store.open(library, author="bench") as store:
        began, cpu = time.perf_counter(), time.process_time()
        export_library(store, fmt, Path(out))
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mib": _peak_mib()}))


RAW_JOIN = (
    "SELECT d.title, c.exact, c.verdict, c.note, c.author, c.created_at, c.modified_at, "
    "(SELECT group_concat(s.title || ' <' || s.url || '> (' || s.stance || ')', ' | ') "
    "FROM sources AS s WHERE s.claim_id = c.id) AS sources, c.review_status, "
    'c.review_note, c.reviewer, c.uuid, d.uuid, c.start, c."end" '
    "FROM documents AS d JOIN claims AS c ON c.document_id = d.id "
    'ORDER BY d.imported_at, d.id, c.start, c."end", c.id'
)


def child_raw(fmt: str, library: str, out: str) -> None:
    began, cpu = time.perf_counter(), time.process_time()
    if fmt == "review":
        raw_review_copy(Path(library), Path(out))
        peak = _peak_mib()
        cpu = time.process_time() - cpu
    else:
        mode = "-csv" if fmt in ("csv", "html") else "-json"
        with open(out, "wb") as handle:
            subprocess.run(["sqlite3", mode, library, RAW_JOIN], stdout=handle, check=True)
        peak = _peak_mib(resource.RUSAGE_CHILDREN)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = used.ru_utime + used.ru_stime  # the sqlite3 process's
    print(json.dumps({"seconds": time.perf_counter() - began, "cpu": cpu, "peak_mib": peak}))


def raw_review_copy(library: Path, out: Path) -> None:
    from annotator.io.review_export import SCHEMA

    target = sqlite3.connect(out, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -65536"):
        target.execute(f"PRAGMA {pragma}")
    target.executescript(SCHEMA)
    target.execute("ATTACH DATABASE ? AS lib", (str(library),))
    target.execute("BEGIN")
    target.execute("INSERT INTO documents SELECT uuid, title, text, sha256, origin, "
                   "imported_at FROM lib.documents")
    target.execute(
        'INSERT INTO claims SELECT c.uuid, c.number, d.uuid, c.start, c."end", c.exact, '
        "c.prefix, c.suffix, c.verdict, c.note, c.author, c.created_at, c.modified_at, "
        "c.version, coalesce(c.review_status, 'pending'), c.review_note, c.reviewer, "
        "c.reviewed_at, c.reviewer_verdict, coalesce(c.review_reply, ''), "
        "CASE WHEN c.anchor_state = 'orphaned' THEN NULL ELSE (SELECT coalesce(max(v.number), "
        "1) FROM lib.document_versions AS v WHERE v.document_id = c.document_id) END, "
        "c.rating_label FROM lib.claims AS c JOIN lib.documents AS d ON d.id = c.document_id")
    target.execute(
        "INSERT INTO sources SELECT s.uuid, c.uuid, 1, s.url, s.title, s.publisher, "
        "s.excerpt, s.stance, s.accessed_at, NULL, s.passage_start, s.passage_end, "
        "s.created_at FROM lib.sources AS s JOIN lib.claims AS c ON c.id = s.claim_id")
    target.execute(
        "INSERT INTO verdict_history (claim_id, at, author, field, old, new) SELECT c.uuid, "
        "h.at, h.author, h.field, h.old, h.new FROM lib.claim_history AS h "
        "JOIN lib.claims AS c ON c.id = h.claim_id")
    target.execute("COMMIT")
    target.close()


def measure_export(fmt: str, path: Path, folder: Path, repeats: int) -> dict[str, float]:
    ours: list[dict[str, float]] = []
    raw: list[dict[str, float]] = []
    for n in range(repeats):  # interleaved, each in a fresh process
        ours.append(run_child(["--child-export", fmt, str(path), str(folder / f"o{n}")]))
        raw.append(run_child(["--child-raw", fmt, str(path), str(folder / f"r{n}")]))
        for leftover in folder.glob("[or][0-9]*"):
            leftover.unlink()
    return {
        "ours": statistics.median(r["seconds"] for r in ours),
        "raw": statistics.median(r["seconds"] for r in raw),
        "ours_cpu": statistics.median(r["cpu"] for r in ours),
        "raw_cpu": statistics.median(r["cpu"] for r in raw),
        "ours_mib": max(r["peak_mib"] for r in ours),
        "raw_mib": max(r["peak_mib"] for r in raw),
    }


def note(name: str, size: int, pair: tuple[float, float]) -> tuple[float, float]:
    """Print one measurement as soon as it is made (a long run is never all lost)."""
    ours, raw = pair
    print(f"  {name:42} {size // 1000:>5}k {fmt_time(ours)} {fmt_time(raw)} "
          f"{ours / raw:6.2f}x", flush=True)
    return pair


def child_gui(library: str, repeats: str) -> None:
    """Open the 10k-claim article in the main window, against setPlainText."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QSyntaxHighlighter
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.qt.main_window import MainWindow
    from annotator.qt.settings import Settings
    from annotator.store import Store

    class Empty(QSyntaxHighlighter):
        def highlightBlock(self, text: str) -> None:
            pass

    app = QApplication.instance() or QApplication([])
    store = Store.open(library, author="bench")
    text = store.document(1).text
    window = MainWindow(store, settings=Settings(Path(library).with_name("settings.ini")))
    window.resize(1200, 800)
    window.show()
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    Empty(bare.document())
    bare.resize(900, 700)
    bare.show()
    app.processEvents()
    view = window.article.view
    paints = paint_counter()
    view.viewport().installEventFilter(paints)

    def settle() -> None:
        """Let background work finish (the evidence index of a new library) between runs."""
        window.evidence.search.wait()
        app.processEvents()
        window.evidence.search.wait()
        app.processEvents()

    def ours() -> None:
        window.open_document(2)  # a small one in between, so each time is a real open
        settle()
        painted = paints.count
        began = time.perf_counter()
        window.open_document(1)  # paints the first screen before it returns
        times[0].append(time.perf_counter() - began)
        assert paints.count > painted, "open_document returned before the first paint"
        while window.controller.loading_rest:  # the rest of the claims, after the paint
            app.processEvents()
        times[2].append(time.perf_counter() - began)

    def raw() -> None:
        bare.setPlainText("")
        settle()
        began = time.perf_counter()
        bare.setPlainText(text)
        bare.viewport().repaint()
        times[1].append(time.perf_counter() - began)

    times: tuple[list[float], list[float], list[float]] = ([], [], [])
    for _ in range(int(repeats)):
        ours()
        raw()
    assert view.document().characterCount() > len(text) // 2
    print(json.dumps({"ours": statistics.median(times[0]), "raw": statistics.median(times[1]),
                      "all": statistics.median(times[2]), "peak_mib": _peak_mib()}))
    store.close()


def _current_mib() -> float:
    """Resident memory now (not the peak): /proc on Linux, else the peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _peak_mib()


def child_evidence(library: str) -> None:
    """The window with the 10k-claim article open, then the evidence pane's first answer
    for one of its claims: resident memory before and after, the peak, and the seconds the
    answer took (a first run indexes and builds, a restart maps the kept ranker)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.qt.main_window import MainWindow
    from annotator.qt.settings import Settings
    from annotator.store import Store

    app = QApplication.instance() or QApplication([])
    store = Store.open(library, author="bench")
    window = MainWindow(store, settings=Settings(Path(library).with_name("settings.ini")))
    window.resize(1200, 800)
    window.show()
    window.open_document(1)
    while window.controller.loading_rest:
        app.processEvents()
    app.processEvents()
    before = _current_mib()
    answers: list[object] = []
    window.evidence.search.answered.connect(answers.append)
    began = time.perf_counter()
    window.controller.set_current_claim(window.controller.claims()[100].id)
    while not answers:
        app.processEvents()
        window.evidence.search.wait(50)
    seconds = time.perf_counter() - began
    app.processEvents()
    print(json.dumps({"before_mib": before, "after_mib": _current_mib(),
                      "peak_mib": _peak_mib(), "seconds": seconds}))
    window.close()
    store.close()


def _paint_counter_class() -> type:
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        """Counts the paint events of the widget it filters."""

        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return PaintCounter


def paint_counter() -> Any:
    """A PaintCounter (its class is made in the GUI child only: Qt loads there)."""
    return _paint_counter_class()()


def child_bare(library: str) -> None:
    """Peak RSS of a bare window showing the same text: the floor for the one above."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    app = QApplication.instance() or QApplication([])
    with sqlite3.connect(library) as db:
        text = db.execute("SELECT text FROM documents WHERE id = 1").fetchone()[0]
    bare = QPlainTextEdit()
    bare.setPlainText(text)
    bare.resize(1200, 800)
    bare.show()
    app.processEvents()
    bare.viewport().repaint()
    print(json.dumps({"peak_mib": _peak_mib()}))


# -- reporting --------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms" if seconds < 1 else f"{seconds:8.2f} s "


def measure_exports(library: Path, folder: Path, size: int, args: argparse.Namespace,
                    rows: dict[str, dict[int, tuple[float, float]]],
                    memory: dict[str, dict[int, tuple[float, float]]]) -> None:
    for fmt in args.formats:
        result = measure_export(fmt, library, folder, args.export_repeats)
        name = f"export {fmt}"
        rows.setdefault(name, {})[size] = note(name, size, (result["ours"], result["raw"]))
        # CPU time (user + system) is what a loaded machine disturbs least.
        note(f"  ... CPU time of the {fmt} export", size, (result["ours_cpu"], result["raw_cpu"]))
        memory.setdefault(name, {})[size] = (result["ours_mib"], result["raw_mib"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--repeats", type=int, default=7, help="pairs per read (median)")
    parser.add_argument("--export-repeats", type=int, default=3, help="pairs per export")
    parser.add_argument("--gui-repeats", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the library here and keep it "
                        "(a kept one is grown, or reused when it is big enough)")
    parser.add_argument("--exports-only", action="store_true",
                        help="measure only the exports (no reads, no window)")
    parser.add_argument("--formats", nargs="+", choices=EXPORTS, default=list(EXPORTS),
                        help="the exports to measure")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    library = args.keep or folder / "library.sqlite3"
    # The evidence ranker's cache of the GUI children (annotator.evidence.index_files).
    os.environ.setdefault("ANNOTATOR_CACHE", str(folder / "cache"))
    rows: dict[str, dict[int, tuple[float, float]]] = {}
    memory: dict[str, dict[int, tuple[float, float]]] = {}
    for size in sorted(args.sizes):
        built = grow_library(library, size)
        mib = library.stat().st_size / 2**20
        print(f"== {size:,} claims: grown in {built:.1f} s with bulk inserts "
              f"({mib:,.0f} MiB file)", flush=True)
        if args.exports_only:
            measure_exports(library, folder, size, args, rows, memory)
            print_table(rows, memory, sorted(args.sizes))
            continue
        for name, pair in measure_reads(library, args.repeats).items():
            rows.setdefault(name, {})[size] = note(name, size, pair)
        gui = run_child(["--child-gui", str(library), str(args.gui_repeats)])
        bare = run_child(["--child-bare", str(library)])
        name = "open the 10k-claim article, first paint"
        rows.setdefault(name, {})[size] = note(name, size, (gui["ours"], gui["raw"]))
        name = "  ... every claim loaded (vs first paint raw)"
        rows.setdefault(name, {})[size] = note(name, size, (gui["all"], gui["raw"]))
        memory.setdefault("window with the 10k-claim article open", {})[size] = (
            gui["peak_mib"], bare["peak_mib"])
        for run in ("first", "restart"):  # indexes and builds; then maps the kept ranker
            found = run_child(["--child-evidence", str(library)])
            print(f"  evidence, {run} answer: {found['seconds']:.2f} s; window RSS "
                  f"{found['before_mib']:.0f} MiB before, {found['after_mib']:.0f} after, "
                  f"peak {found['peak_mib']:.0f}", flush=True)
            memory.setdefault(f"window after the evidence answer ({run})", {})[size] = (
                found["after_mib"], bare["peak_mib"])
        measure_exports(library, folder, size, args, rows, memory)
        print_table(rows, memory, sorted(args.sizes))
    return 0


def print_table(rows: dict[str, dict[int, tuple[float, float]]],
                memory: dict[str, dict[int, tuple[float, float]]], sizes: list[int]) -> None:
    print(f"\n{'action':42} {'size':>8} {'ours':>11} {'raw':>11} {'ratio':>7} {'growth':>7}")
    for name, by_size in rows.items():
        first = by_size.get(sizes[0])
        for size, (ours, raw) in sorted(by_size.items()):
            growth = f"{ours / first[0]:6.2f}x" if first and size != sizes[0] else ""
            print(f"{name:42} {size // 1000:>7}k {fmt_time(ours)} {fmt_time(raw)} "
                  f"{ours / raw:6.2f}x {growth:>7}")
    print(f"\n{'peak RSS (evidence rows: RSS after the answer)':42} {'size':>8} {'ours':>11} "
          f"{'raw':>11}")
    for name, by_size in memory.items():
        for size, (ours, raw) in sorted(by_size.items()):
            print(f"{name:42} {size // 1000:>7}k {ours:7.0f} MiB {raw:7.0f} MiB")
    print(flush=True)


CHILDREN: dict[str, Callable[..., None]] = {
    "--child-export": child_export,
    "--child-raw": child_raw,
    "--child-gui": child_gui,
    "--child-bare": child_bare,
    "--child-evidence": child_evidence,
}

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in CHILDREN:
        CHILDREN[sys.argv[1]](*sys.argv[2:])
        sys.exit(0)
    sys.exit(main())
