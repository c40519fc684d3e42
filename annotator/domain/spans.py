"""Claim spans as plain arithmetic: lookup by position, and the flattened paint plan.

No Qt here, so it is tested without a display; annotator.qt.highlighter turns the plan's
format codes into QTextCharFormats. Positions are whatever unit the caller uses (the
highlighter uses UTF-16 units, Qt's).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from heapq import heappop, heappush
from itertools import pairwise

from annotator.domain.verdict import Verdict

Span = tuple[int, int, int, Verdict]
"""(claim_id, utf16_start, utf16_end, verdict): the public shape."""

Item = tuple[int, int, int, Verdict]
"""(utf16_start, utf16_end, claim_id, verdict): the internal shape, in text order as is."""

LONG_SPAN = 4096
"""Spans longer than this (UTF-16 units) are few; they are scanned linearly, so that the
bisect window for the rest stays narrow."""


def _innermost(items: Iterable[Item]) -> Item:
    """The shortest item; among equals the one starting last, then the lowest id."""
    return min(items, key=lambda t: (t[1] - t[0], -t[0], t[2]))


class SpanIndex:
    """Lookup of spans by position: bisect over sorted starts; updated in place, one span at a
    time, by :meth:`add` and :meth:`discard`.

    A span overlapping ``[lo, hi)`` starts before ``hi`` and, unless it is one of the few long
    spans, no earlier than ``lo - LONG_SPAN``: that bounds the slice to scan.
    """

    __slots__ = ("long", "short", "starts")

    def __init__(self, items: list[Item]) -> None:
        """``items``: internal tuples in text order."""
        items = [t for t in items if t[1] > t[0]]
        self.short: list[Item] = [t for t in items if t[1] - t[0] <= LONG_SPAN]
        self.long: list[Item] = (
            [t for t in items if t[1] - t[0] > LONG_SPAN]
            if len(self.short) < len(items)
            else []
        )
        self.starts = [t[0] for t in self.short]

    def __len__(self) -> int:
        return len(self.short) + len(self.long)

    def add(self, item: Item) -> None:
        """Add one internal tuple (empty spans are not indexed)."""
        if item[1] <= item[0]:
            return
        if item[1] - item[0] > LONG_SPAN:
            insort(self.long, item)
            return
        k = bisect_left(self.short, item)
        self.short.insert(k, item)
        self.starts.insert(k, item[0])

    def discard(self, item: Item) -> None:
        """Remove one internal tuple, if indexed."""
        if item[1] - item[0] > LONG_SPAN:
            if item in self.long:
                self.long.remove(item)
            return
        k = bisect_left(self.short, item)
        if k < len(self.short) and self.short[k] == item:
            del self.short[k]
            del self.starts[k]

    def items(self, lo: int, hi: int) -> list[Item]:
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


VERDICT_CODE = {v: n for n, v in enumerate(Verdict)}
_VERDICTS = len(VERDICT_CODE)
MAX_DEPTH = 5  # overlap depths above this look like this one


def format_code(verdict: Verdict, depth: int) -> int:
    """Index into the format table: one entry per verdict, then per (verdict, depth >= 2)."""
    n = VERDICT_CODE[verdict]
    if depth <= 1:
        return n
    return _VERDICTS + n * (MAX_DEPTH - 1) + min(depth, MAX_DEPTH) - 2


def _cover(items: list[Item], lo: int, hi: int) -> list[tuple[int, int, int]]:
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
        code = format_code(inner[0][4], len(ends))
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

    def __init__(self, items: list[Item]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.codes: list[int] = []
        starts, ends, codes, code_of = self.starts, self.ends, self.codes, VERDICT_CODE
        single: Item | None = None  # the current run so far, when it is one span
        cluster: list[Item] = []  # the current run, when spans overlap
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

    def _add(self, cluster: list[Item]) -> None:
        if len(cluster) == 1:
            start, end, _, verdict = cluster[0]
            self._append(start, end, VERDICT_CODE[verdict])
        elif len(cluster) == 2:  # the usual overlap: a by start, b starting inside a
            a, b = cluster
            inner = _innermost(cluster)[3]
            self._append(a[0], b[0], VERDICT_CODE[a[3]])
            if a[1] <= b[1]:
                self._append(b[0], a[1], format_code(inner, 2))
                self._append(a[1], b[1], VERDICT_CODE[b[3]])
            else:  # b nested in a
                self._append(b[0], b[1], format_code(inner, 2))
                self._append(b[1], a[1], VERDICT_CODE[a[3]])
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

    def replan(self, lo: int, hi: int, items: list[Item]) -> None:
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


def checked_span(span: Span) -> Span:
    """The span with a Verdict member (not a bare string) as its verdict."""
    verdict = span[3]
    if isinstance(verdict, Verdict):
        return span
    return (span[0], span[1], span[2], Verdict(verdict))
