"""Opening a ~1 MB article with 10k claims in ArticleView, against a bare QPlainTextEdit.

Run: python bench/bench_gui_open.py  (offscreen; no display needed)

Baseline: ``setPlainText`` into a shown QPlainTextEdit carrying an empty QSyntaxHighlighter
subclass (so both sides pay the per-block highlighter call), then a forced paint.
Candidate: ``ArticleView.set_article(text, claims)`` in a shown view, then a forced paint.
Each is the median of 5 runs (``--runs N``); the target is a ratio of at most 1.5.

ArticleView highlights the first ``eager_units`` (20k UTF-16 units) at once and every later
block when it is first painted, so "until highlights painted" covers what is on screen. For
information the script also times a view with ``eager_units`` raised past the text length,
which highlights all 1 MB up front as a plain QSyntaxHighlighter would.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QSyntaxHighlighter
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import Verdict
from annotator.qt.article_view import ArticleView

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
TARGET_CHARS = 1_000_000
CLAIMS = 10_000
RUNS = 5
EMOJI = ["👍🏽", "🧪", "事实", "🇺🇦", "“✓”"]


class EmptyHighlighter(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        pass


def make_article(rng: random.Random) -> str:
    paragraphs = [
        p.strip()
        for path in sorted(SAMPLES.glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    parts: list[str] = []
    size = 0
    while size < TARGET_CHARS:
        paragraph = rng.choice(paragraphs)
        if rng.random() < 0.3:
            paragraph = f"{rng.choice(EMOJI)} {paragraph}"
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def make_claims(text: str, rng: random.Random) -> list[ClaimRecord]:
    """One claim per slot of len(text)/CLAIMS code points, 15-80 long; every 20th runs on
    over the next one or two, so about one claim in ten overlaps another."""
    now = datetime.now(UTC)
    claims: list[ClaimRecord] = []
    step = len(text) // CLAIMS
    for n in range(CLAIMS):
        start = n * step + rng.randrange(step // 4)
        length = rng.randrange(step, 2 * step) if n % 20 == 0 else rng.randrange(15, step * 3 // 4)
        end = min(start + length, len(text))
        claims.append(
            ClaimRecord(
                id=n + 1, uuid=f"bench-{n}", document_id=1, start=start, end=end,
                exact=text[start:end], prefix="", suffix="", doc_sha256="",
                verdict=list(Verdict)[n % 3], note="", author="bench",
                created_at=now, modified_at=now, version=1,
            )
        )
    return claims


def timed(app: QApplication, widget: QPlainTextEdit, load: Callable[[], None]) -> float:
    widget.setPlainText("")
    app.processEvents()
    began = time.perf_counter()
    load()
    app.processEvents()
    widget.viewport().repaint()  # a synchronous paint of the visible text
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per variant (median)")
    runs = parser.parse_args().runs
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    rng = random.Random(20240611)
    text = make_article(rng)
    claims = make_claims(text, rng)

    baseline_view = QPlainTextEdit()
    baseline_view.setReadOnly(True)
    EmptyHighlighter(baseline_view.document())
    candidate_view = ArticleView()
    eager_view = ArticleView()  # for information: every block highlighted at once
    eager_view.highlighter.eager_units = sys.maxsize
    for widget in (baseline_view, candidate_view, eager_view):
        widget.resize(900, 700)
        widget.show()
    app.processEvents()

    times: dict[str, list[float]] = {"baseline": [], "candidate": [], "eager": []}
    for _ in range(runs):  # interleaved, so load from elsewhere hits all alike
        times["baseline"].append(
            timed(app, baseline_view, lambda: baseline_view.setPlainText(text))
        )
        times["candidate"].append(
            timed(app, candidate_view, lambda: candidate_view.set_article(text, claims))
        )
        times["eager"].append(timed(app, eager_view, lambda: eager_view.set_article(text, claims)))

    # Both ArticleViews really painted highlights: the visible blocks carry formats.
    for view in (candidate_view, eager_view):
        block = view.firstVisibleBlock()
        assert any(b.layout().formats() for b in (block, block.next(), block.next().next()))
    # The eager one highlighted the far end too (the other does when it is shown).
    last = claims[-1]
    far = eager_view.document().findBlock(eager_view.to_utf16(last.start))
    assert far.layout().formats(), "no highlight formats at the end of the text"

    base, cand, eager = (statistics.median(times[k]) for k in ("baseline", "candidate", "eager"))
    blocks = candidate_view.document().blockCount()
    overlapping = sum(
        1 for a, b in pairwise(claims) if b.start < a.end
    )
    print(f"article: {len(text):,} code points, {blocks:,} blocks, {len(claims):,} claims "
          f"({overlapping:,} starting inside the previous one)")
    print(f"baseline   setPlainText + empty highlighter + paint: {base * 1000:7.1f} ms "
          f"(median of {runs}, min {min(times['baseline']) * 1000:.1f})")
    print(f"candidate  ArticleView.set_article + paint:          {cand * 1000:7.1f} ms "
          f"(median of {runs}, min {min(times['candidate']) * 1000:.1f})")
    print(f"ratio: {cand / base:.2f}x (target <= 1.5x); of the minimums, less disturbed by "
          f"other load: {min(times['candidate']) / min(times['baseline']):.2f}x")
    print(f"info: with all {blocks:,} blocks highlighted at once (eager_units=max): "
          f"{eager * 1000:.1f} ms, {eager / base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
