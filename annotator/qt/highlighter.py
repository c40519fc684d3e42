"""Claim highlighting as a QSyntaxHighlighter: one bisect lookup per text block.

Spans are ``(claim_id, utf16_start, utf16_end, verdict)`` in document (UTF-16) positions.
QSyntaxHighlighter formats live in each block's layout and cost nothing to repaint, unlike
extra selections, which are re-merged on every paint and get slow past a few hundred.

Speed matters because Qt calls ``highlightBlock`` for every block whenever the text is set,
and because claims then change one at a time, each change waited for by the user:

* the spans are flattened into a :class:`~annotator.domain.spans.PaintPlan` of disjoint
  segments (overlaps resolved there, in the Qt-free core), so a block costs one bisect and
  one ``setFormat`` per segment;
* one claim changing re-plans only the stretch of text under its old and new range, and
  re-highlights only the blocks there: the cost follows the claims piled on that stretch,
  never the number of claims in the article;
* only the first :data:`EAGER_UNITS` of the text are highlighted in that pass; later blocks
  are skipped without a single Qt call and highlighted when first painted
  (:meth:`ClaimHighlighter.ensure_highlighted`, called by the view's paintEvent);
* a block's UTF-16 length comes from its text, and hot Qt methods are bound once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable

from PySide6.QtGui import (
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from annotator.domain.spans import (
    LONG_SPAN,
    MAX_DEPTH,
    Item,
    PaintPlan,
    Span,
    SpanIndex,
    checked_span,
    format_code,
)
from annotator.domain.verdict import Verdict
from annotator.qt.style import is_dark, overlap_format, verdict_format

__all__ = ["EAGER_UNITS", "LONG_SPAN", "ClaimHighlighter", "PaintPlan", "Span"]

EAGER_UNITS = 20_000
"""Text (UTF-16 units) highlighted as soon as it is set; the rest is highlighted when shown."""

class ClaimHighlighter(QSyntaxHighlighter):
    """Tints every claim span of a QTextDocument with its verdict's format.

    Blocks starting within the first :attr:`eager_units` UTF-16 units are highlighted as
    soon as the text is set, like any QSyntaxHighlighter does. Blocks further on are
    highlighted when first shown: the view calls :meth:`ensure_highlighted` with its visible
    blocks before painting. A long article thus opens almost as fast as plain text, and no
    block is ever painted without its highlights.
    """

    def __init__(self, document: QTextDocument, palette: QPalette | None = None) -> None:
        # Attached below, once our own slot is connected (the stubs lack the None parent).
        super().__init__(None)  # type: ignore[call-overload]
        self.setParent(document)
        self._palette = QPalette(palette if palette is not None else QGuiApplication.palette())
        self._dark = is_dark(self._palette)
        self._items: list[Item] = []  # every span, empty ones too, in text order
        self._by_id: dict[int, Span] | None = {}
        self._index: SpanIndex | None = None
        self._plan = PaintPlan([])
        self._table: list[QTextCharFormat] = []
        self._build_formats()
        self.eager_units = EAGER_UNITS
        self._forcing = False  # highlighting chosen blocks, past eager_units or not
        self._skipping = False  # the current pass is past eager_units: skip to its end
        self._done: set[int] = set()  # numbers of blocks past eager_units highlighted since
        self._set_format = self.setFormat  # bound once: binding costs more than calling
        # Connected before setDocument connects Qt's own slot, so it runs first: every
        # highlighting pass that Qt starts on a text change begins with _skipping reset.
        document.contentsChange.connect(self._on_contents_change)
        self.setDocument(document)

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        self._skipping = False
        if removed or added:
            self._done.clear()  # block numbers of another text

    # -- spans --------------------------------------------------------------------

    def set_spans(self, spans: Iterable[Span], *, rehighlight: bool = True) -> None:
        """Replace all spans (one per claim id). With ``rehighlight=False`` nothing is redrawn
        now: for use just before the document's text is replaced, which runs the highlighter
        anyway."""
        items = [(s, e, i, v) for i, s, e, v in spans]
        items.sort()
        self._items = items
        self._by_id = None
        self._index = None
        self._plan = PaintPlan(items)
        if rehighlight:
            self.rehighlight()

    def spans(self) -> list[Span]:
        """All spans, in text order."""
        return [(i, s, e, v) for s, e, i, v in self._items]

    def span(self, claim_id: int) -> Span | None:
        return self._ids().get(claim_id)

    def upsert_span(self, span: Span) -> None:
        """Add or change one span; only the text under its old and new ranges is re-planned,
        and only the blocks there are redone."""
        new = checked_span(span)
        by_id = self._ids()
        old = by_id.get(new[0])
        if old == new:
            return
        index = self._lookup()  # before the change: built from the items as they were
        if old is not None:
            self._drop((old[1], old[2], old[0], old[3]), index)
        by_id[new[0]] = new
        item = (new[1], new[2], new[0], new[3])
        insort(self._items, item)
        index.add(item)
        if old is None or old[2] < new[1] or new[2] < old[1]:  # apart: two stretches
            if old is not None:
                self._redo(old[1], old[2])
            self._redo(new[1], new[2])
        else:
            self._redo(min(old[1], new[1]), max(old[2], new[2]))

    def remove_span(self, claim_id: int) -> None:
        old = self._ids().pop(claim_id, None)
        if old is None:
            return
        self._drop((old[1], old[2], old[0], old[3]), self._lookup())
        self._redo(old[1], old[2])

    def _drop(self, item: Item, index: SpanIndex) -> None:
        items = self._items
        k = bisect_left(items, item)
        if k < len(items) and items[k] == item:
            del items[k]
        index.discard(item)

    def _redo(self, u16_start: int, u16_end: int) -> None:
        """Re-plan ``[u16_start, u16_end)`` from the spans there and re-highlight its blocks."""
        if u16_end <= u16_start:
            return  # an empty span shows nothing, before or after
        self._plan.replan(u16_start, u16_end, self._lookup().items(u16_start, u16_end))
        self.rehighlight_range(u16_start, u16_end)

    def _ids(self) -> dict[int, Span]:
        if self._by_id is None:  # built on first use: opening an article needs none of it
            self._by_id = {i: (i, s, e, v) for s, e, i, v in self._items}
        return self._by_id

    def _lookup(self) -> SpanIndex:
        if self._index is None:
            self._index = SpanIndex(self._items)
        return self._index

    def overlapping(self, u16_start: int, u16_end: int) -> list[Span]:
        return self._lookup().overlapping(u16_start, u16_end)

    def containing(self, u16: int) -> list[Span]:
        """Spans covering the character at ``u16``, innermost (shortest) first."""
        return self._lookup().containing(u16)

    # -- appearance ---------------------------------------------------------------

    def set_palette(self, palette: QPalette) -> None:
        """Rebuild formats for a new palette; rehighlights only if the tints change."""
        self._palette = QPalette(palette)
        dark = is_dark(palette)
        if dark != self._dark:
            self._dark = dark
            self._build_formats()
            self.rehighlight()

    def format_for(self, verdict: Verdict, depth: int = 1) -> QTextCharFormat:
        """The format of text covered by ``depth`` claims, the innermost with ``verdict``."""
        return self._table[format_code(Verdict(verdict), depth)]

    def _build_formats(self) -> None:
        table = [verdict_format(v, self._palette) for v in Verdict]
        for verdict in Verdict:
            for depth in range(2, MAX_DEPTH + 1):
                table.append(overlap_format([verdict] * depth, verdict, self._palette))
        self._table = table

    # -- highlighting -------------------------------------------------------------

    def rehighlight(self) -> None:
        """Highlight the whole document again (blocks past eager_units: when next shown)."""
        self._skipping = False
        self._done.clear()
        super().rehighlight()

    def rehighlight_range(self, u16_start: int, u16_end: int) -> None:
        """Re-highlight only the blocks that hold ``[u16_start, u16_end)``."""
        doc = self.document()
        if doc is None:
            return
        block = doc.findBlock(max(u16_start, 0))
        last = doc.findBlock(max(u16_start, u16_end - 1)).blockNumber()
        while block.isValid() and block.blockNumber() <= last:
            self._force(block)
            block = block.next()

    def ensure_highlighted(self, blocks: Iterable[QTextBlock]) -> None:
        """Highlight those of ``blocks`` that were left for later (call before painting)."""
        limit, done = self.eager_units, self._done
        for block in blocks:
            if block.position() >= limit and block.blockNumber() not in done:
                self._force(block)

    def is_highlighted(self, block: QTextBlock) -> bool:
        """False for a block past eager_units that was not shown since the text was set."""
        return block.position() < self.eager_units or block.blockNumber() in self._done

    def _force(self, block: QTextBlock) -> None:
        self._forcing = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._forcing = False
        self._done.add(block.blockNumber())

    def highlightBlock(self, text: str) -> None:
        # Qt's passes over the document (text set, rehighlight()) go in text order, so once
        # one block is past eager_units the rest of the pass is too: skipped without a single
        # Qt call. Chosen blocks (_forcing) are always done.
        if (self._skipping and not self._forcing) or not text or not self._plan.ends:
            return
        pos = self.currentBlock().position()
        if pos >= self.eager_units and not self._forcing:
            self._skipping = True
            self._done.clear()  # this pass wipes the formats of shown blocks: redo on paint
            return
        # The block's UTF-16 length, from its text: cheaper than asking Qt for it.
        end = pos + (len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2)
        plan = self._plan
        ends = plan.ends
        first = bisect_right(ends, pos)  # segments are disjoint: ends are sorted too
        starts = plan.starts
        if first == len(ends) or starts[first] >= end:
            return
        last = bisect_left(starts, end, first)
        codes, table, set_format = plan.codes, self._table, self._set_format
        for k in range(first, last):
            start, stop = starts[k], ends[k]
            a = start - pos if start > pos else 0
            set_format(a, (stop if stop < end else end) - pos - a, table[codes[k]])
