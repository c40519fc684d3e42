"""Step 1 of re-anchoring for all claims at once: where the diff carried each quote, and
whether the edit may have written another copy of it (numpy, vectorised).

Re-anchoring 10k claims mostly means 10k claims whose words the edit did not touch. For
those, :mod:`annotator.domain.reanchor` needs two facts, computed here in a handful of array
operations instead of a Python loop per claim:

* :func:`carried_starts` -- the new start of each old range that one matching block of the
  diff holds whole (``TextMap.map_range`` for every range: one ``searchsorted``);
* :func:`may_have_fresh_copy` -- whether the edit may have written a verbatim copy of a
  quote: ``False`` when none of the quote's 8-grams at offsets 0, 8, 16, ... occurs in the
  inserted text (the same test as ``_Finder.may_rival``, on grams read as 64-bit numbers).

numpy is imported inside the functions (start-up time is measured).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.domain.textdiff import TextMap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

GRAM = 8
"""Length of the pieces compared (as ``annotator.domain.reanchor._GRAM``)."""

_TABLE_BITS = 20
_TABLE_SIZE = 1 << _TABLE_BITS
"""Entries of the table that filters grams before the exact lookup (1 MB)."""

_MULTIPLIER = 0x9E3779B97F4A7C15
"""Odd multiplier of the filter's hash (2**64 / golden ratio): spreads grams over the table."""


def carried_starts(text_map: TextMap, starts: Sequence[int], ends: Sequence[int]) -> list[int]:
    """New start of each old range ``[start, end)`` one block carried whole, else -1."""
    import numpy as np

    if not text_map.blocks or not starts:
        return [-1] * len(starts)
    old_starts = np.fromiter((b.old_start for b in text_map.blocks), np.int64)
    new_starts = np.fromiter((b.new_start for b in text_map.blocks), np.int64)
    sizes = np.fromiter((b.size for b in text_map.blocks), np.int64)
    lo, hi = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    block = np.searchsorted(old_starts, lo, side="right") - 1
    inside = block >= 0
    block = np.maximum(block, 0)
    inside &= hi <= old_starts[block] + sizes[block]
    mapped = np.where(inside, new_starts[block] + lo - old_starts[block], -1)
    result: list[int] = mapped.tolist()
    return result


def may_have_fresh_copy(
    old_text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> list[bool]:
    """For each quote ``old_text[start:end]`` of at least ``4 * GRAM`` code points: whether
    one of its grams at offsets 0, GRAM, 2 GRAM, ... is a gram of the inserted ranges
    ``fresh`` of ``new_text``. Shorter quotes get ``True`` (the caller checks them)."""
    flags = fresh_copy_flags(old_text, starts, ends, new_text, fresh)
    return flags.tolist()  # type: ignore[no-any-return]


def fresh_copy_flags(
    old_text: str,
    starts: Sequence[int] | npt.NDArray[np.int64],
    ends: Sequence[int] | npt.NDArray[np.int64],
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> npt.NDArray[np.bool_]:
    """:func:`may_have_fresh_copy` as an array.

    Each gram is read as one 64-bit number: its 8 code points as Latin-1 bytes, any other
    code point as ``?``. Equal grams read equal, so nothing is missed; the few quotes
    flagged so are confirmed by comparing their grams as strings (a ``?`` may stand for
    different code points).
    """
    import numpy as np

    lo, hi = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    long_enough = hi - lo >= 4 * GRAM
    if lo.size == 0 or not long_enough.any():
        return ~long_enough
    fresh_grams = _fresh_grams(new_text, fresh)
    if fresh_grams.size == 0:
        return ~long_enough
    quotes = np.flatnonzero(long_enough)
    counts = (hi[quotes] - lo[quotes] - GRAM) // GRAM + 1
    first = np.zeros(counts.size, np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    offsets = (np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(first, counts)) * GRAM
    grams = _grams(old_text)[np.repeat(lo[quotes], counts) + offsets]
    # A table of bits taken from the fresh grams rules out almost every gram at once; only
    # the few left are looked up exactly.
    table = np.zeros(_TABLE_SIZE, dtype=bool)
    table[_slot(fresh_grams)] = True
    maybe = np.flatnonzero(table[_slot(grams)])
    hit = np.zeros(grams.size, dtype=bool)
    if maybe.size:
        candidates = grams[maybe]
        at = np.minimum(np.searchsorted(fresh_grams, candidates), fresh_grams.size - 1)
        hit[maybe] = fresh_grams[at] == candidates
    flags = ~long_enough
    flagged = quotes[np.logical_or.reduceat(hit, first)]
    if flagged.size:
        exact = {
            new_text[k : k + GRAM] for a, b in fresh for k in range(a, b - GRAM + 1)
        }
        for k in flagged.tolist():
            start, end = int(lo[k]), int(hi[k])
            flags[k] = not exact.isdisjoint(
                [old_text[p : p + GRAM] for p in range(start, end - GRAM + 1, GRAM)]
            )
    return flags


def _grams(text: str) -> npt.NDArray[np.uint64]:
    """The gram starting at each position of ``text`` (a view: no copy), as one number."""
    import numpy as np

    data = text.encode("latin-1", "replace")
    return np.ndarray(
        shape=(max(0, len(data) - GRAM + 1),), dtype="<u8", buffer=data, strides=(1,)
    )


def _slot(grams: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Where a gram falls in the filter table (multiplicative hashing: the top bits)."""
    import numpy as np

    return (grams * np.uint64(_MULTIPLIER)) >> np.uint64(64 - _TABLE_BITS)


def _fresh_grams(text: str, fresh: Sequence[tuple[int, int]]) -> npt.NDArray[np.uint64]:
    """Sorted grams lying wholly inside one of the ranges ``fresh`` of ``text``."""
    import numpy as np

    ranges = [(lo, hi) for lo, hi in fresh if hi - lo >= GRAM]
    if not ranges:
        return np.zeros(0, dtype=np.uint64)
    pieces = "\n".join(text[lo:hi] for lo, hi in ranges)
    starts: list[int] = []
    at = 0
    for lo, hi in ranges:
        starts.extend(range(at, at + hi - lo - GRAM + 1))
        at += hi - lo + 1
    return np.unique(_grams(pieces)[np.asarray(starts, dtype=np.int64)])
