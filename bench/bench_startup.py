"""Start-up: the commands and the window, against the bare cost of what they are built on.

Run: python bench/bench_startup.py [--pairs N]

Each line times whole processes, as a user starts them, in interleaved pairs (ours, then
the baseline, N times) and prints the medians and the median of the per-pair ratios:

* ``annotator --help`` against ``python -c "import argparse"`` (target <= 2x);
* ``annotator list`` against ``python -c "import sqlalchemy.orm, sqlite3"`` (target <= 1.5x);
* the desktop app until the article's text is painted, against a bare PySide6 QMainWindow
  with a QPlainTextEdit that reads the same text with sqlite3 and paints it (target <= 2x).
  An empty window painted early does not count: both sides stop at the first paint of a
  text view whose document holds the article (ours: the start-up preview that shows the
  last article while the library opens, annotator/qt/startup_preview.py, or the article
  view itself). A second line times the full window (docks, claims, highlights) for
  information.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "resources" / "samples" / "004_c41784a00cd0d9a4.txt"

# A child that runs the real entry point (annotator.cli.main, as the `annotator` script does)
# with a QApplication that reports the first paint of the article view holding text.
APP_CHILD = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6 import QtWidgets

class _Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            view = obj.parent()
            if (isinstance(view, QtWidgets.QPlainTextEdit)
                    and view.objectName() in sys.argv[2].split(",")
                    and view.document().characterCount() > 100):
                print("painted", flush=True)
                os._exit(0)
        return False

class _App(QtWidgets.QApplication):
    def __init__(self, *args):
        super().__init__(*args)
        self._watch = _Watch()
        self.installEventFilter(self._watch)

QtWidgets.QApplication = _App
from annotator.cli import main
sys.exit(main(["--db", sys.argv[1]]))  # argv[2]: the text views that count
"""

BARE_CHILD = r"""
import os, sqlite3, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

class _Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and editor.document().characterCount() > 100:
            print("painted", flush=True)
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
connection = sqlite3.connect(sys.argv[1])
(text,) = connection.execute("SELECT text FROM documents ORDER BY id LIMIT 1").fetchone()
window = QMainWindow()
editor = QPlainTextEdit()
editor.setReadOnly(True)
editor.setPlainText(text)
window.setCentralWidget(editor)
watch = _Watch()
editor.viewport().installEventFilter(watch)
window.resize(1200, 800)
window.show()
app.exec()
"""


def timed(argv: list[str], env: dict[str, str], until: str | None = None) -> float:
    started = time.perf_counter()
    if until is None:
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    elapsed = time.perf_counter() - started
    child.kill()
    child.wait()
    if line != until:
        raise SystemExit(f"{argv[:3]} ended without painting the article (got {line!r})")
    return elapsed


def compare(name: str, ours: list[str], baseline: list[str], baseline_name: str,
            env: dict[str, str], pairs: int, until: str | None = None, target: float = 0) -> None:
    timed(ours, env, until)  # warm the file cache for both
    timed(baseline, env, until)
    mine, base, ratios = [], [], []
    for _ in range(pairs):
        a = timed(ours, env, until)
        b = timed(baseline, env, until)
        mine.append(a)
        base.append(b)
        ratios.append(a / b)
    ratio = statistics.median(ratios)
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(f"{name}: {statistics.median(mine) * 1000:.0f} ms | {baseline_name}: "
          f"{statistics.median(base) * 1000:.0f} ms | median ratio of {pairs} interleaved "
          f"pairs = {ratio:.2f}x (target <= {target}x: {verdict})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    args = parser.parse_args()
    python = sys.executable
    annotator = str(Path(python).with_name("annotator"))
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "library.sqlite3")
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": scratch, "XDG_DATA_HOME": scratch, "ANNOTATOR_DB": db}
        subprocess.run([annotator, "import", str(SAMPLE)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        compare("annotator --help", [annotator, "--help"], [python, "-c", "import argparse"],
                "python -c 'import argparse'", env, args.pairs, target=2)
        compare("annotator list", [annotator, "list"],
                [python, "-c", "import sqlalchemy.orm, sqlite3"],
                "python -c 'import sqlalchemy.orm, sqlite3'", env, args.pairs, target=1.5)
        bare = [python, "-c", BARE_CHILD, db]
        compare("window: article text painted", [python, "-c", APP_CHILD, db,
                                                 "articleView,previewView"],
                bare, "bare QMainWindow + QPlainTextEdit via sqlite3",
                env, args.pairs, until="painted", target=2)
        compare("(information) full window with panes and highlights painted",
                [python, "-c", APP_CHILD, db, "articleView"], bare,
                "bare QMainWindow + QPlainTextEdit via sqlite3", env, args.pairs,
                until="painted", target=float("inf"))


if __name__ == "__main__":
    main()
