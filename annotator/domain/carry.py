"""Step 1 of re-anchoring for all claims at once: where the diff carried each quote, and
whether the edit may have written another copy of it (numpy, vectorised).

Re-anchoring 10k claims mostly means 10k claims whose words the edit did not touch. For
those, :mod:`annotator.domain.reanchor` needs two facts, computed here in a handful of array
operations instead of a Python loop per claim:

* :func:`carried_starts` -- the new start of each old range that one matching block of the
  diff holds whole (``TextMap.map_range`` for every range: one ``searchsorted``);
* :func:`may_have_fresh_copy` -- whether the edit may have written a verbatim copy of a
  quote: ``False`` when none of the quote's 8-grams at offsets 0, 8, 16, ... occurs in the
  inserted text (the same test as ``_Finder.may_rival``, on 64-bit hashes of the grams; a
  hash collision only sends a claim to the exact check, it never hides a copy).

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

_TABLE_SIZE = 1 << 22
"""Bits of the table that filters hashes before the exact lookup (4 MB, zeroed lazily)."""

_MULTIPLIER = 0x100000001B3
"""Multiplier of the polynomial hash of a gram's code points (FNV's 64-bit prime)."""


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
    import numpy as np

    count = len(starts)
    if count == 0:
        return []
    lo, hi = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    long_enough = hi - lo >= 4 * GRAM
    fresh_hashes = _fresh_hashes(new_text, fresh)
    if fresh_hashes.size == 0 or len(old_text) < GRAM:
        return (~long_enough).tolist()
    grams = np.where(long_enough, (hi - lo - GRAM) // GRAM + 1, 1)
    first = np.concatenate(([0], np.cumsum(grams)[:-1]))
    offsets = (np.arange(int(grams.sum()), dtype=np.int64) - np.repeat(first, grams)) * GRAM
    positions = np.minimum(np.repeat(lo, grams) + offsets, len(old_text) - GRAM)
    hashes = _hashes(_codes(old_text), positions)
    # A table of the fresh hashes' low bits rules out almost every gram at once; only the
    # few left are looked up exactly.
    table = np.zeros(_TABLE_SIZE, dtype=bool)
    table[fresh_hashes & np.uint64(_TABLE_SIZE - 1)] = True
    maybe = np.flatnonzero(table[hashes & np.uint64(_TABLE_SIZE - 1)])
    hit = np.zeros(len(hashes), dtype=bool)
    if maybe.size:
        candidates = hashes[maybe]
        at = np.minimum(np.searchsorted(fresh_hashes, candidates), fresh_hashes.size - 1)
        hit[maybe] = fresh_hashes[at] == candidates
    found = np.logical_or.reduceat(hit, first)
    return (found | ~long_enough).tolist()


def _codes(text: str) -> npt.NDArray[np.uint32]:
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _hashes(
    codes: npt.NDArray[np.uint32], positions: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """64-bit polynomial hash of the gram at each position (arithmetic wraps around): the
    gram's 8 code points read as four (unaligned) 64-bit words in one gather, combined."""
    import numpy as np

    # Row k of ``rows`` is the 32 bytes of the gram starting at code point k.
    rows = np.ndarray(
        shape=(max(0, len(codes) - GRAM + 1), GRAM // 2), dtype=np.uint64,
        buffer=codes.data, strides=(codes.itemsize, 2 * codes.itemsize),
    )
    words = rows[positions]
    multiplier = np.uint64(_MULTIPLIER)
    result = words[:, 0].copy()
    for k in range(1, GRAM // 2):
        result = result * multiplier + words[:, k]
    return result


def _fresh_hashes(text: str, fresh: Sequence[tuple[int, int]]) -> npt.NDArray[np.uint64]:
    """Sorted hashes of the grams lying wholly inside one of the ranges ``fresh`` of ``text``."""
    import numpy as np

    ranges = [(lo, hi) for lo, hi in fresh if hi - lo >= GRAM]
    if not ranges:
        return np.zeros(0, dtype=np.uint64)
    pieces = "".join(text[lo:hi] for lo, hi in ranges)
    codes = _codes(pieces)
    positions: list[int] = []
    at = 0
    for lo, hi in ranges:
        positions.extend(range(at, at + hi - lo - GRAM + 1))
        at += hi - lo
    return np.unique(_hashes(codes, np.asarray(positions, dtype=np.int64)))
