"""Claim highlighting as a QSyntaxHighlighter: one bisect lookup per text block.

Spans are ``(claim_id, utf16_start, utf16_end, verdict)`` in document (UTF-16) positions.
QSyntaxHighlighter formats live in each block's layout and cost nothing to repaint, unlike
extra selections, which are re-merged on every paint and get slow past a few hundred.

Speed matters because Qt calls ``highlightBlock`` for every block whenever the text is set,
and because claims then change one at a time, each change waited for by the user:

* the spans are flattened into a :class:`PaintPlan` of disjoint segments (overlaps resolved
  there), so a block costs one bisect and one ``setFormat`` per segment;
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
from heapq import heappop, heappush
from itertools import pairwise

from PySide6.QtGui import (
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from annotator.domain.verdict import Verdict
from annotator.qt.style import is_dark, overlap_format, verdict_format

Span = tuple[int, int, int, Verdict]
"""(claim_id, utf16_start, utf16_end, verdict): the public shape."""

_Item = tuple[int, int, int, Verdict]
"""(utf16_start, utf16_end, claim_id, verdict): the internal shape, in text order as is."""

EAGER_UNITS = 20_000
"""Text (UTF-16 units) highlighted as soon as it is set; the rest is highlighted when shown."""

LONG_SPAN = 4096
"""Spans longer than this (UTF-16 units) are few; they are scanned linearly, so that the
bisect window for the rest stays narrow."""


def _innermost(items: Iterable[_Item]) -> _Item:
    """The shortest item; among equals the one starting last, then the lowest id."""
    return min(items, key=lambda t: (t[1] - t[0], -t[0], t[2]))


class SpanIndex:
    """Lookup of spans by position: bisect over sorted starts; updated in place, one span at a
    time, by :meth:`add` and :meth:`discard`.

    A span overlapping ``[lo, hi)`` starts before ``hi`` and, unless it is one of the few long
    spans, no earlier than ``lo - LONG_SPAN``: that bounds the slice to scan.
    """

    __slots__ = ("long", "short", "starts")

    def __init__(self, items: list[_Item]) -> None:
        """``items``: internal tuples in text order."""
        items = [t for t in items if t[1] > t[0]]
        self.short: list[_Item] = [t for t in items if t[1] - t[0] <= LONG_SPAN]
        self.long: list[_Item] = (
            [t for t in items if t[1] - t[0] > LONG_SPAN]
            if len(self.short) < len(items)
            else []
        )
        self.starts = [t[0] for t in self.short]

    def __len__(self) -> int:
        return len(self.short) + len(self.long)

    def add(self, item: _Item) -> None:
        """Add one internal tuple (empty spans are not indexed)."""
        if item[1] <= item[0]:
            return
        if item[1] - item[0] > LONG_SPAN:
            insort(self.long, item)
            return
        k = bisect_left(self.short, item)
        self.short.insert(k, item)
        self.starts.insert(k, item[0])

    def discard(self, item: _Item) -> None:
        """Remove one internal tuple, if indexed."""
        if item[1] - item[0] > LONG_SPAN:
            if item in self.long:
                self.long.remove(item)
            return
        k = bisect_left(self.short, item)
        if k < len(self.short) and self.short[k] == item:
            del self.short[k]
            del self.starts[k]

    def items(self, lo: int, hi: int) -> list[_Item]:
        """Internal tuples overlapping ``[lo, hi)``, in text order."""
        first = bisect_left(self.starts, lo - LONG_SPAN)
        last = bisect_left(self.starts, hi, first)
        found = [t for t in self.short[first:last] if t[1] > lo]
        if self.long:
            extra = [t for t in self.long if t[0] < hi and t[1] > lo]
            if extra:
                found = sorted(found + extra)
        return found

    def overlapping(self, lo: int, hi: int) -> list[Span]:
        """Spans with ``start < hi`` and ``end > lo``, ordered by start."""
        return [(i, s, e, v) for s, e, i, v in self.items(lo, hi)]

    def containing(self, pos: int) -> list[Span]:
        """Spans with ``start <= pos < end``, innermost (shortest) first."""
        items = self.items(pos, pos + 1)
        items.sort(key=lambda t: (t[1] - t[0], -t[0], t[2]))
        return [(i, s, e, v) for s, e, i, v in items]


_VERDICT_CODE = {v: n for n, v in enumerate(Verdict)}
_VERDICTS = len(_VERDICT_CODE)
_MAX_DEPTH = 5  # overlap depths above this look like this one


def _format_code(verdict: Verdict, depth: int) -> int:
    """Index into the format table: one entry per verdict, then per (verdict, depth >= 2)."""
    n = _VERDICT_CODE[verdict]
    if depth <= 1:
        return n
    return _VERDICTS + n * (_MAX_DEPTH - 1) + min(depth, _MAX_DEPTH) - 2


def _cover(items: list[_Item], lo: int, hi: int) -> list[tuple[int, int, int]]:
    """``(start, end, code)`` segments of ``[lo, hi)`` as ``items`` cover it.

    ``items``: non-empty spans overlapping ``[lo, hi)``, sorted by start. A sweep over the cut
    points with a heap of the spans started so far (innermost on top, ended ones dropped when
    they surface) and one of their ends (how many are active): O(k log k) for k spans,
    however deeply they overlap. Adjacent segments with the same code are merged.
    """
    cuts = {lo, hi}
    for start, end, _, _ in items:
        if start > lo:
            cuts.add(start)
        if end < hi:
            cuts.add(end)
    out: list[tuple[int, int, int]] = []
    inner: list[tuple[int, int, int, int, Verdict]] = []  # (length, -start, id, end, verdict)
    ends: list[int] = []
    i, n = 0, len(items)
    for cut, nxt in pairwise(sorted(cuts)):
        while i < n and items[i][0] <= cut:
            start, end, claim_id, verdict = items[i]
            heappush(inner, (end - start, -start, claim_id, end, verdict))
            heappush(ends, end)
            i += 1
        while ends and ends[0] <= cut:
            heappop(ends)
        if not ends:
            continue
        while inner[0][3] <= cut:
            heappop(inner)
        code = _format_code(inner[0][4], len(ends))
        if out and out[-1][1] == cut and out[-1][2] == code:
            out[-1] = (out[-1][0], nxt, code)
        else:
            out.append((cut, nxt, code))
    return out


class PaintPlan:
    """Spans flattened into sorted, non-overlapping segments, each with one format code.

    Built once per change of all the spans, so that highlighting a block is a bisect and one
    setFormat per segment, with overlaps already resolved: a stretch covered by several
    claims gets the innermost (shortest) one's verdict, deepened by how many cover it.
    :meth:`replan` redoes one stretch after a single span changed. Adjacent segments never
    share a code, so a plan kept up to date that way equals one built afresh.
    """

    __slots__ = ("codes", "ends", "starts")

    def __init__(self, items: list[_Item]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.codes: list[int] = []
        starts, ends, codes, code_of = self.starts, self.ends, self.codes, _VERDICT_CODE
        single: _Item | None = None  # the current run so far, when it is one span
        cluster: list[_Item] = []  # the current run, when spans overlap
        reach = -1
        for item in items:  # sorted by start: a run of chained overlaps is one cluster
            if item[1] <= item[0]:
                continue  # an empty span shows nothing
            if item[0] >= reach:
                if single is not None:  # by far the most common case, so inlined
                    code = code_of[single[3]]
                    if ends and ends[-1] == single[0] and codes[-1] == code:
                        ends[-1] = single[1]  # touches a segment that looks the same
                    else:
                        starts.append(single[0])
                        ends.append(single[1])
                        codes.append(code)
                elif cluster:
                    self._add(cluster)
                    cluster = []
                single = item
                reach = item[1]
            else:
                if single is not None:
                    cluster = [single]
                    single = None
                cluster.append(item)
                if item[1] > reach:
                    reach = item[1]
        if single is not None:
            self._add([single])
        elif cluster:
            self._add(cluster)

    def _add(self, cluster: list[_Item]) -> None:
        if len(cluster) == 1:
            start, end, _, verdict = cluster[0]
            self._append(start, end, _VERDICT_CODE[verdict])
        elif len(cluster) == 2:  # the usual overlap: a by start, b starting inside a
            a, b = cluster
            inner = _innermost(cluster)[3]
            self._append(a[0], b[0], _VERDICT_CODE[a[3]])
            if a[1] <= b[1]:
                self._append(b[0], a[1], _format_code(inner, 2))
                self._append(a[1], b[1], _VERDICT_CODE[b[3]])
            else:  # b nested in a
                self._append(b[0], b[1], _format_code(inner, 2))
                self._append(b[1], a[1], _VERDICT_CODE[a[3]])
        elif cluster:
            for start, end, code in _cover(cluster, cluster[0][0], max(t[1] for t in cluster)):
                self._append(start, end, code)

    def _append(self, start: int, end: int, code: int) -> None:
        if start >= end:
            return
        if self.ends and self.ends[-1] == start and self.codes[-1] == code:
            self.ends[-1] = end  # looks like the segment before: extend that one
        else:
            self.starts.append(start)
            self.ends.append(end)
            self.codes.append(code)

    def replan(self, lo: int, hi: int, items: list[_Item]) -> None:
        """Redo the segments of ``[lo, hi)`` from ``items``, every non-empty span overlapping
        it (sorted by start); the rest of the plan is left as it is."""
        if hi <= lo:
            return
        starts, ends, codes = self.starts, self.ends, self.codes
        first = bisect_right(ends, lo)  # the first segment ending after lo
        last = bisect_left(starts, hi, first)  # segments first..last-1 meet [lo, hi)
        pieces = _cover(items, lo, hi)
        if first < last and starts[first] < lo:  # keep what lies before lo
            pieces.insert(0, (starts[first], lo, codes[first]))
        if first < last and ends[last - 1] > hi:  # and after hi
            pieces.append((hi, ends[last - 1], codes[last - 1]))
        if first > 0 and pieces and ends[first - 1] == pieces[0][0]:
            first -= 1  # the segment before touches the stretch: merged below if alike
            pieces.insert(0, (starts[first], ends[first], codes[first]))
        if last < len(starts) and pieces and starts[last] == pieces[-1][1]:
            pieces.append((starts[last], ends[last], codes[last]))
            last += 1
        merged: list[tuple[int, int, int]] = []
        for piece in pieces:
            if merged and merged[-1][1] == piece[0] and merged[-1][2] == piece[2]:
                merged[-1] = (merged[-1][0], piece[1], piece[2])
            else:
                merged.append(piece)
        starts[first:last] = [p[0] for p in merged]
        ends[first:last] = [p[1] for p in merged]
        codes[first:last] = [p[2] for p in merged]


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
        self._items: list[_Item] = []  # every span, empty ones too, in text order
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
        new = _checked(span)
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

    def _drop(self, item: _Item, index: SpanIndex) -> None:
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
        return self._table[_format_code(Verdict(verdict), depth)]

    def _build_formats(self) -> None:
        table = [verdict_format(v, self._palette) for v in Verdict]
        for verdict in Verdict:
            for depth in range(2, _MAX_DEPTH + 1):
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


def _checked(span: Span) -> Span:
    """The span with a Verdict member (not a bare string) as its verdict."""
    verdict = span[3]
    if isinstance(verdict, Verdict):
        return span
    return (span[0], span[1], span[2], Verdict(verdict))
