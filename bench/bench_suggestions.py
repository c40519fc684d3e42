"""Check-worthy suggestion marks on a ~1 MB article, in a real MainWindow (offscreen).

Run: python bench/bench_suggestions.py

* Scoring (off the GUI thread): ``suggest(text)`` against splitting the sentences alone.
* Repaint of the article viewport with the marks shown against hidden, in the middle of the
  article: medians of interleaved pairs. The ratio is about 2 because a bare repaint is
  well under a millisecond; what matters is that the added time stays far below a 16 ms
  frame and does not grow with the article (only the marks in view are drawn).
* Creating (and undoing) a claim, which re-filters the open suggestions on the GUI thread,
  with the marks shown against hidden: medians of interleaved pairs (target ratio <= 1.5).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import big_article, report
from PySide6.QtWidgets import QApplication

from annotator.evidence.checkworthy import suggest
from annotator.evidence.text import split_sentences
from annotator.qt.main_window import MainWindow
from annotator.qt.settings import Settings
from annotator.store import Store

PAIRS = 15


def timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def pairs(app: QApplication, window: MainWindow, action: object) -> tuple[float, float]:
    """Median times of ``action`` with the marks shown and hidden, interleaved."""
    toggle = window.action("showSuggestions")
    shown, hidden = [], []
    for _ in range(PAIRS):
        for on, bucket in ((True, shown), (False, hidden)):
            toggle.setChecked(on)
            app.processEvents()
            bucket.append(timed(action))
    toggle.setChecked(True)
    return statistics.median(shown), statistics.median(hidden)


def main() -> int:
    app = QApplication.instance() or QApplication([])
    text = big_article()
    print(f"article: {len(text):,} code points")
    scoring = timed(lambda: suggest(text))
    splitting = timed(lambda: split_sentences(text))
    report("score sentences (worker thread)", scoring, splitting, "split sentences only")

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "lib.sqlite", author="bench")
        document_id = store.import_document("Big", text).document.id
        window = MainWindow(store, settings=Settings(Path(folder) / "settings.ini"))
        window.resize(1400, 880)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.open_document(document_id)
        opened = time.perf_counter() - started
        marks = window.suggestions
        while marks.is_scoring():
            app.processEvents()
        ready = time.perf_counter() - started
        count = len(marks.suggestions())
        print(f"open the article: {opened:.3f} s on the GUI thread; marks ready after "
              f"{ready:.3f} s ({count:,} suggestions)")
        view = window.article.view
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        app.processEvents()
        shown, hidden = pairs(app, window, view.viewport().repaint)
        report("repaint mid-article, marks shown", shown, hidden, "marks hidden")

        middle = marks.suggestions()[count // 2]

        def create_and_undo() -> None:
            window.controller.create_claim(middle.start, middle.end)
            window.controller.undo()

        shown, hidden = pairs(app, window, create_and_undo)
        report("create + undo a claim, marks shown", shown, hidden, "marks hidden")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
