"""Where each part of an old text went in a new version of it: a diff as a position map.

:func:`diff_texts` aligns two versions of a text the way an editor's change log would. Most
of a new version is usually old text carried over unchanged, so it first walks both texts
along their equal runs (compared a chunk at a time, at C speed) and, where they differ, aligns
the next lines to find where they agree again (:func:`_resync`). Each change found so is
then aligned line by line, then, inside each changed stretch of lines, sentence by sentence,
word by word and finally character by character. Each level is a longest-common-subsequence
alignment (rapidfuzz's ``Indel.opcodes``, a bit-parallel C++ implementation) of the level's
tokens; long sequences are aligned window by window (see :data:`MAX_CELLS`). A change too
big for the walk (no agreement within :data:`MAX_REACH` code points) and everything after it
are aligned by these levels alone.

The result, a :class:`TextMap`, answers three questions for the re-anchoring of claims:

* where does an untouched old range sit in the new text (:meth:`TextMap.map_range`);
* which new range replaced a changed old range (:meth:`TextMap.counterpart`);
* which parts of the new text have no old counterpart, i.e. were written by the edit
  (:attr:`TextMap.fresh`): text found there is the only text an edited or moved claim may
  move to, since every other word of the new text is the image of some old word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from math import isqrt
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rapidfuzz.distance import Opcodes

MIN_RUN = 48
"""Equal runs of tokens shorter than this (code points) are re-aligned at a finer level."""

MAX_CELLS = 4_000_000
"""Token pairs aligned in one window (a few milliseconds); longer sequences are aligned
window by window along the diagonal, a window that finds nothing in common is widened
(see :func:`_opcodes`)."""

MAX_REACH = 1 << 16
"""The widest window in which the walk looks for where two texts agree again after a change
(see :func:`_resync`); a bigger change is left to the line-by-line alignment."""

_PROBE = 32
"""Code points two texts must agree on, after a change, to be taken as agreeing again."""

_FIRST_WINDOW = 512
"""The first window of :func:`_resync` (a typo, a deleted or inserted sentence)."""

_CHUNK = 4_096
"""The longest pieces compared at once while following an equal run."""

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*\s*|[.!?\n]+\s*")
_WORD = re.compile(r"\S+\s*|\s+")

Tokenizer = Callable[[str], Sequence[str]]


def _lines(text: str) -> Sequence[str]:
    return text.splitlines(keepends=True)


def _sentences(text: str) -> Sequence[str]:
    return _SENTENCE.findall(text)


def _words(text: str) -> Sequence[str]:
    return _WORD.findall(text)


def _chars(text: str) -> Sequence[str]:
    return text


_LEVELS: tuple[Tokenizer, ...] = (_lines, _sentences, _words, _chars)


@dataclass(frozen=True, slots=True)
class Block:
    """``old[old_start:old_start + size] == new[new_start:new_start + size]``."""

    old_start: int
    new_start: int
    size: int


class TextMap:
    """Matching blocks of two texts, in increasing order of both old and new positions."""

    __slots__ = ("_new_starts", "_old_starts", "blocks", "fresh", "new_length", "old_length")

    def __init__(self, blocks: Sequence[Block], old_length: int, new_length: int) -> None:
        self.blocks: tuple[Block, ...] = tuple(blocks)
        self.old_length = old_length
        self.new_length = new_length
        self._old_starts = [block.old_start for block in self.blocks]
        self._new_starts = [block.new_start for block in self.blocks]
        fresh: list[tuple[int, int]] = []
        at = 0
        for block in self.blocks:
            if block.new_start > at:
                fresh.append((at, block.new_start))
            at = block.new_start + block.size
        if at < new_length:
            fresh.append((at, new_length))
        self.fresh: tuple[tuple[int, int], ...] = tuple(fresh)
        """New ranges ``[lo, hi)`` with no counterpart in the old text (inserted text)."""

    def map_range(self, start: int, end: int) -> int | None:
        """New start of the old range ``[start, end)`` if one block holds all of it."""
        i = bisect_right(self._old_starts, start) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        if end > block.old_start + block.size:
            return None
        return block.new_start + start - block.old_start

    def image(self, start: int, end: int) -> tuple[int, int] | None:
        """The new range from the image of the old range's first code point to that of its
        last, if the edit carried both over (it changed only text strictly inside)."""
        first, last = self._carried(start), self._carried(end - 1)
        if first is None or last is None:
            return None
        return first, last + 1

    def _carried(self, pos: int) -> int | None:
        """New position of the old code point at ``pos`` if a block carried it over."""
        i = bisect_right(self._old_starts, pos) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        offset = pos - block.old_start
        return block.new_start + offset if offset < block.size else None

    def counterpart(self, start: int, end: int) -> tuple[int, int]:
        """The new range that took the place of the old range ``[start, end)``.

        A boundary inside a block maps exactly; one inside changed text maps to the edge of
        the new text that replaced the change (so the range covers the replacement).
        """
        return self._map_low(start), max(self._map_low(start), self._map_high(end))

    def is_fresh(self, start: int, end: int) -> bool:
        """Whether the new range ``[start, end)`` overlaps text the edit wrote."""
        i = bisect_right(self.fresh, (start, self.new_length + 1)) - 1
        if i >= 0 and self.fresh[i][1] > start:
            return True
        return i + 1 < len(self.fresh) and self.fresh[i + 1][0] < end

    def fresh_overlap(self, start: int, end: int) -> int:
        """How many code points of the new range ``[start, end)`` the edit wrote."""
        i = max(0, bisect_right(self.fresh, (start, self.new_length + 1)) - 1)
        total = 0
        while i < len(self.fresh) and self.fresh[i][0] < end:
            lo, hi = self.fresh[i]
            total += max(0, min(hi, end) - max(lo, start))
            i += 1
        return total

    def _map_low(self, pos: int) -> int:
        i = bisect_right(self._old_starts, pos) - 1
        if i < 0:
            return 0
        block = self.blocks[i]
        return block.new_start + min(pos - block.old_start, block.size)

    def _map_high(self, pos: int) -> int:
        i = bisect_right(self._old_starts, pos - 1) - 1
        if i >= 0:
            block = self.blocks[i]
            if pos <= block.old_start + block.size:
                return block.new_start + pos - block.old_start
        nxt = i + 1
        return self.blocks[nxt].new_start if nxt < len(self.blocks) else self.new_length


def diff_texts(old: str, new: str) -> TextMap:
    """Align ``old`` and ``new`` (see the module docstring)."""
    blocks: list[Block] = []
    _walk(old, new, blocks)
    return TextMap(_merge(blocks), len(old), len(new))


def _walk(old: str, new: str, out: list[Block]) -> None:
    """Follow the equal runs of ``old`` and ``new``; align each change between two runs."""
    i = j = known = 0  # old[i:i + known] == new[j:j + known] is already known
    while True:
        run = _run_length(old, new, i, j, known=known)
        if i + run == len(old) or j + run == len(new):
            out.append(Block(i, j, run))
            return  # what is left on one side was deleted or inserted
        # The change begins at old[i + run] and new[j + run]; it is aligned from the start
        # of its line (``back`` code points before, equal on both sides), as a line diff.
        line = old.rfind("\n", 0, i + run) + 1
        back = i + run - line if line >= max(i, i + run - _FIRST_WINDOW) else 0
        lo, hi = i + run - back, j + run - back
        found = _resync(old, new, lo, hi, back)
        if found is None:
            out.append(Block(i, j, run - back))
            _align(old[lo:], new[hi:], lo, hi, 0, out)
            return
        # The change is old[lo:a] -> new[hi:b], the ``agreed`` code points after it being
        # equal on both sides; what it left unchanged at either end is taken off.
        a, b, agreed = found
        if a - lo >= back and b - hi >= back:  # the change begins where the texts differ
            lo, hi, back = lo + back, hi + back, 0
        tail = _common_suffix(old[lo:a], new[hi:b])
        a, b = a - tail, b - tail
        slid = 0
        if a == lo or b == hi:  # a pure deletion or insertion, shown from a line start
            room = run - back
            slid = _slide(old, lo, a, room) if b == hi else _slide(new, hi, b, room)
        out.append(Block(i, j, run - back - slid))
        if a > lo and b > hi and not _nothing_in_common(old[lo:a], new[hi:b]):
            _align_middle(old[lo:a], new[hi:b], lo, hi, 0, out)
        i, j, known = a - slid, b - slid, slid + tail + agreed


def _nothing_in_common(old: str, new: str) -> bool:
    """Whether a change is one code point replaced by others that do not include it (a
    corrected letter): no alignment can keep anything of it."""
    return (len(old) == 1 and old not in new) or (len(new) == 1 and new not in old)


def _slide(text: str, start: int, end: int, room: int) -> int:
    """How far to move the deleted or inserted ``text[start:end]`` back so that it begins a
    line, as a line diff shows it: the same change, since the ``room`` code points before it
    are equal on both sides (0 if no line start is within reach)."""
    reach = 0
    limit = min(room, end - start, _FIRST_WINDOW)
    while reach < limit and text[start - 1 - reach] == text[end - 1 - reach]:
        reach += 1
    if start - reach == 0:
        return reach
    newline = text.rfind("\n", start - reach - 1, start)
    return start - 1 - newline if newline >= 0 else 0


def _run_length(
    old: str, new: str, i: int, j: int, limit: int | None = None, *, known: int = 0
) -> int:
    """Length of the common prefix of ``old[i:]`` and ``new[j:]`` (at most ``limit``), of
    which the first ``known`` code points are known to agree: chunks of :data:`_CHUNK` are
    compared whole (one C comparison), the first unequal one is scanned to its first
    difference."""
    limit = min(len(old) - i, len(new) - j, len(old) if limit is None else limit)
    run = min(known, limit)
    while run < limit:
        size = min(_CHUNK, limit - run)
        a, b = old[i + run : i + run + size], new[j + run : j + run + size]
        if a != b:
            return run + _common_prefix(a, b)
        run += size
    return run


def _resync(old: str, new: str, i: int, j: int, back: int) -> tuple[int, int, int] | None:
    """Where ``old`` and ``new`` agree again after a change that begins ``back`` code points
    after ``old[i]`` and ``new[j]`` (the start of its line): the start ``(a, b)`` of the
    first run of equal lines of :data:`_PROBE` code points or more and its length, or None
    if there is none within :data:`MAX_REACH` of the change.

    The lines from the change on are aligned (longest common subsequence of whole lines)
    in a window that grows fourfold until it holds such a run in its first three quarters
    (the alignment near a window's end is cut short). Lines are aligned whole, as a line
    diff would: a list of lines that differ only by their numbers is not paired with itself
    one line off, and another copy of a paragraph is a whole paragraph away.
    """
    indel_opcodes = _rapidfuzz().opcodes
    old_at, new_at = i, j
    width = _FIRST_WINDOW
    while width <= MAX_REACH:
        old_end, new_end = min(len(old), i + back + width), min(len(new), j + back + width)
        whole = old_end == len(old) and new_end == len(new)
        old_lines, new_lines = _lines(old[old_at:old_end]), _lines(new[new_at:new_end])
        if whole or (len(old_lines) > 1 and len(new_lines) > 1):
            old_offsets, new_offsets = _offsets(old_lines), _offsets(new_lines)
            old_limit, new_limit = (old_end - old_at) * 3 // 4, (new_end - new_at) * 3 // 4
            for op in indel_opcodes(old_lines, new_lines):
                a, b = old_offsets[op.src_start], new_offsets[op.dest_start]
                size = old_offsets[op.src_end] - a
                if (
                    op.tag == "equal"
                    and size >= _PROBE
                    and (whole or (a < old_limit and b < new_limit))
                ):
                    return old_at + a, new_at + b, size
        if whole:
            break
        width *= 4
    return None


def _align(old: str, new: str, old_at: int, new_at: int, level: int, out: list[Block]) -> None:
    """Append the matching blocks of ``old`` and ``new`` (at offsets ``old_at``/``new_at``)."""
    head = _common_prefix(old, new)
    if head:
        out.append(Block(old_at, new_at, head))
    if head == len(old) or head == len(new):
        return
    tail = _common_suffix(old[head:], new[head:])
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    if old_mid and new_mid:
        _align_middle(old_mid, new_mid, old_at + head, new_at + head, level, out)
    if tail:
        out.append(Block(old_at + len(old) - tail, new_at + len(new) - tail, tail))


def _align_middle(
    old: str, new: str, old_at: int, new_at: int, level: int, out: list[Block]
) -> None:
    old_tokens, new_tokens = _LEVELS[level](old), _LEVELS[level](new)
    while len(old_tokens) <= 1 and len(new_tokens) <= 1 and level + 1 < len(_LEVELS):
        level += 1  # a single token on each side: split finer
        old_tokens, new_tokens = _LEVELS[level](old), _LEVELS[level](new)
    old_offsets, new_offsets = _offsets(old_tokens), _offsets(new_tokens)
    changed: tuple[int, int] | None = None  # (old, new) token index where a change began
    n_old, n_new = len(old_tokens), len(new_tokens)
    finest = level == len(_LEVELS) - 1
    for tag, i1, i2, j1 in [*_opcodes(old_tokens, new_tokens), ("end", n_old, n_old, n_new)]:
        if tag == _UNALIGNED:
            return  # no common run found: left as one changed stretch
        short = old_offsets[i2] - old_offsets[i1] < MIN_RUN
        if tag != "end" and (tag != "equal" or (short and not finest)):
            # A short equal run (a blank line, a common word) between changes is no evidence
            # of alignment: it joins the changed stretch, which the next level aligns.
            changed = changed or (i1, j1)
            continue
        if changed is not None and not finest:
            # A deletion next to an insertion is one changed stretch: align it finer.
            o1, o2 = old_offsets[changed[0]], old_offsets[i1]
            n1, n2 = new_offsets[changed[1]], new_offsets[j1]
            if o2 > o1 and n2 > n1:
                _align(old[o1:o2], new[n1:n2], old_at + o1, new_at + n1, level + 1, out)
        changed = None
        if tag == "equal":
            o1, n1 = old_offsets[i1], new_offsets[j1]
            out.append(Block(old_at + o1, new_at + n1, old_offsets[i2] - o1))


_Opcode = tuple[str, int, int, int]  # tag, old start, old end, new start
_UNALIGNED = "unaligned"


def _opcodes(old: Sequence[str], new: Sequence[str]) -> list[_Opcode]:
    """LCS opcodes of two token sequences, window by window when they are long.

    Each window aligns at most :data:`MAX_CELLS` token pairs; the alignment is kept up to
    three quarters of the window (the end of the last equal run that starts before), and the
    next window starts there. Versions of one text stay close to the diagonal, so this loses
    nothing in practice. A window with no equal run in its first three quarters (a long
    insertion or deletion) is widened, four times as wide each time, up to the whole rest;
    if even the whole rest has nothing in common, the alignment ends (``_UNALIGNED``).
    """
    indel_opcodes = _rapidfuzz().opcodes
    narrow = max(16, isqrt(MAX_CELLS))
    width = narrow
    result: list[_Opcode] = []
    i = j = 0
    while True:
        i_end, j_end = min(len(old), i + width), min(len(new), j + width)
        ops = list(indel_opcodes(old[i:i_end], new[j:j_end]))
        if i_end == len(old) and j_end == len(new):
            if width > narrow and not any(op.tag == "equal" for op in ops):
                result.append((_UNALIGNED, i, len(old), j))
                return result
            result += [(op.tag, i + op.src_start, i + op.src_end, j + op.dest_start) for op in ops]
            return result
        limit_old, limit_new = (i_end - i) * 3 // 4, (j_end - j) * 3 // 4
        starts = [
            k
            for k, op in enumerate(ops)
            if op.tag == "equal" and op.src_start < limit_old and op.dest_start < limit_new
        ]
        if not starts:
            width *= 4
            continue
        width = narrow
        last = ops[starts[-1]]
        kept = min(
            last.src_end - last.src_start, limit_old - last.src_start, limit_new - last.dest_start
        )
        for op in ops[: starts[-1]]:
            result.append((op.tag, i + op.src_start, i + op.src_end, j + op.dest_start))
        result.append(("equal", i + last.src_start, i + last.src_start + kept, j + last.dest_start))
        i, j = i + last.src_start + kept, j + last.dest_start + kept


def _offsets(tokens: Sequence[str]) -> list[int]:
    return list(accumulate(map(len, tokens), initial=0))


def _merge(blocks: list[Block]) -> list[Block]:
    """Sort blocks and join the ones that continue each other on both sides."""
    merged: list[Block] = []
    for block in sorted(blocks, key=lambda b: b.old_start):
        if not block.size:
            continue
        if merged:
            last = merged[-1]
            if (
                last.old_start + last.size == block.old_start
                and last.new_start + last.size == block.new_start
            ):
                merged[-1] = Block(last.old_start, last.new_start, last.size + block.size)
                continue
        merged.append(block)
    return merged


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix."""
    return _rapidfuzz().prefix(a, b)


def _common_suffix(a: str, b: str) -> int:
    """Length of the longest common suffix."""
    return _rapidfuzz().suffix(a, b)


class _RapidFuzz(NamedTuple):
    opcodes: Callable[[Sequence[str], Sequence[str]], Opcodes]
    prefix: Callable[[str, str], int]  # length of the common prefix (a C loop)
    suffix: Callable[[str, str], int]


@cache
def _rapidfuzz() -> _RapidFuzz:
    """The rapidfuzz functions of the diff, imported on first use (once: the walk calls
    them hundreds of times)."""
    from rapidfuzz.distance import Indel, Postfix, Prefix

    return _RapidFuzz(Indel.opcodes, Prefix.similarity, Postfix.similarity)
