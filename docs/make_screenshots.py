"""Render docs/screenshot-light.png and docs/screenshot-dark.png without a display.

Run: python docs/make_screenshots.py

A temporary library gets the two sample articles and a few claims of each verdict on the
original report, one with a note, a URL source and a passage of the rewrite, which is open
beside it. The window is then grabbed once with a light and once with a dark palette.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("ANNOTATOR_AUTHOR", "editor")

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.io.samples import import_bundled_samples
from annotator.qt.app import make_application
from annotator.qt.main_window import MainWindow
from annotator.qt.settings import Settings
from annotator.qt.theme import dark_palette, light_palette
from annotator.store import Store

HERE = Path(__file__).resolve().parent
SIZE = (1600, 960)

CLAIMS = [
    ("Trump spoke to his Russian counterpart on Thursday via phone call", Verdict.VERIFIED,
     "Both the White House and the Kremlin confirmed the call."),
    ("The two leaders spoke for over an hour", Verdict.VERIFIED, ""),
    ("Ukrainian President Volodymyr Zelensky will arrive at the White House on Friday",
     Verdict.UNCHECKED, ""),
    ("Trump has soured in his attitude toward Putin following months of stalled peace "
     "negotiations", Verdict.UNCHECKED, ""),
    ("A meeting location is to be determined.", Verdict.DISPUTED,
     "The rewrite says the summit is set for Budapest; the original report leaves the "
     "place open until the advisers meet."),
    ("Weeks passed as Russia continued to bombard Ukraine", Verdict.DISPUTED, ""),
]
CURRENT = 4  # the claim shown in the editor
PASSAGE = "Trump did not provide a specific date for the meeting in Budapest."


def fill_library(store: Store) -> tuple[int, int, int]:
    """(original id, rewrite id, id of the claim to show)."""
    import_bundled_samples(store)
    docs = store.list_documents()
    original = next(d for d in docs if d.title.startswith("Trump and Putin agree"))
    rewrite = next(d for d in docs if d.id != original.id)
    text = store.document(original.id).text
    rewrite_text = store.document(rewrite.id).text
    ids = []
    for quote, verdict, note in CLAIMS:
        start = text.index(quote)
        ids.append(store.create_claim(original.id, start, start + len(quote), verdict=verdict,
                                      note=note).id)
    shown = ids[CURRENT]
    store.add_source(shown, SourceInput(
        url="https://www.whitehouse.gov/briefings-statements/", title="Readout of the call",
        publisher="The White House", stance=Stance.CONTEXT, accessed_at="2025-10-17"))
    p = rewrite_text.index(PASSAGE)
    store.add_source(shown, SourceInput(passage_document_id=rewrite.id, passage_start=p,
                                        passage_end=p + len(PASSAGE), stance=Stance.REFUTES))
    # Give the second article a claim too, so the library shows counts on both rows.
    q = "productive phone call"
    r = rewrite_text.index(q)
    store.create_claim(rewrite.id, r, r + len(q), verdict=Verdict.UNCHECKED)
    return original.id, rewrite.id, shown


def shoot(app: QApplication, store: Store, folder: Path, palette: QPalette,
          target: Path, ids: tuple[int, int, int], size: tuple[int, int] = SIZE) -> None:
    app.setPalette(palette)
    original, rewrite, shown = ids
    window = MainWindow(store, settings=Settings(folder / f"{target.stem}.ini"))
    window.resize(*size)
    window.library.refresh()
    window.open_document(original)
    window.show()
    app.processEvents()
    window.open_beside(rewrite)
    app.processEvents()
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total * 55 // 100, total - total * 55 // 100])
    app.processEvents()
    window.jump_to_claim(shown)
    rewrite_text = store.document(rewrite).text
    p = rewrite_text.index(PASSAGE)
    window.beside.view.select_codepoints(p, p + len(PASSAGE))
    window.beside.view.scroll_to_claim(-1)
    for _ in range(5):
        app.processEvents()
    window.fit_docks()
    for _ in range(5):
        app.processEvents()
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total * 55 // 100, total - total * 55 // 100])
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(target))
    print(f"wrote {target}")
    window.close()
    window.deleteLater()
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="QT_SCALE_FACTOR: 2 renders a 1600x1000 screen at 200%% "
                             "(the window then gets 800x500 device-independent pixels)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNG files")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    # A 1600x1000 screen (the offscreen platform's own is smaller, and the window is
    # fitted to its screen).
    screen = Path(tempfile.mkdtemp()) / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "shots", "x": 0, "y": 0, "width": SIZE[0], "height": SIZE[1] + 40,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    size = (round(SIZE[0] / args.scale), round(SIZE[1] / args.scale))
    suffix = "" if args.scale == 1 else f"-x{args.scale:g}"
    app = make_application(sys.argv[:1])
    app.setStyle("Fusion")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "screens.sqlite3", author="editor")
        ids = fill_library(store)
        for name, palette in (("light", light_palette()), ("dark", dark_palette())):
            shoot(app, store, folder, palette, args.out / f"screenshot-{name}{suffix}.png",
                  ids, size)
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
