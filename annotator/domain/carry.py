"""Step 1 of re-anchoring for all claims at once: where the diff carried each quote, and
whether the edit may have written another copy of it (numpy, vectorised).

Re-anchoring 10k claims mostly means 10k claims whose words the edit did not touch. For
those, :mod:`annotator.domain.reanchor` needs two facts, computed here in a handful of array
operations instead of a Python loop per claim:

* :func:`carried_starts` -- the new start of each old range that one matching block of the
  diff holds whole (``TextMap.map_range`` for every range: one ``searchsorted``);
* :func:`may_have_fresh_copy` -- whether the edit may have written a verbatim copy of a
  quote: ``False`` when none of the quote's 8-grams at offsets 0, 8, 16, ... occurs in the
  inserted text (the same test as ``_Finder.may_rival``, on grams read as 64-bit numbers),
  or, for a quote shorter than 32 code points, when one of its grams does not occur in or
  near the inserted text.

For the few claims whose words the edit did touch, :func:`fresh_gram_flags` tells at once
which quotes share no 8-gram at all with the inserted text (no approximate copy of them can
be there, as ``_Finder._fuzzy_fresh`` would find one by string sets).

numpy is imported inside the functions (start-up time is measured).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.domain.anchor import SHORT_QUOTE_LENGTH
from annotator.domain.textdiff import TextMap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

GRAM = 8
"""Length of the pieces compared (as ``annotator.domain.reanchor._GRAM``)."""

_TABLE_BITS = 20
_TABLE_SIZE = 1 << _TABLE_BITS
"""Entries of the table that filters grams before the exact lookup (1 MB)."""

_REGION = 1 << 17
"""Code points of the old text whose quotes' grams are read at once (see :func:`_each_quote`)."""

_MULTIPLIER = 0x9E3779B97F4A7C15
"""Odd multiplier of the filter's hash (2**64 / golden ratio): spreads grams over the table."""


def carried_starts(text_map: TextMap, starts: Sequence[int], ends: Sequence[int]) -> list[int]:
    """New start of each old range ``[start, end)`` one block carried whole, else -1."""
    result: list[int] = carried_array(text_map, starts, ends).tolist()
    return result


def carried_array(
    text_map: TextMap,
    starts: Sequence[int] | npt.NDArray[np.int64],
    ends: Sequence[int] | npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """:func:`carried_starts` as an array."""
    import numpy as np

    lo, hi = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    if not text_map.blocks or lo.size == 0:
        return np.full(lo.size, -1, np.int64)
    old_starts = np.fromiter((b.old_start for b in text_map.blocks), np.int64)
    new_starts = np.fromiter((b.new_start for b in text_map.blocks), np.int64)
    sizes = np.fromiter((b.size for b in text_map.blocks), np.int64)
    block = np.searchsorted(old_starts, lo, side="right") - 1
    inside = block >= 0
    block = np.maximum(block, 0)
    inside &= hi <= old_starts[block] + sizes[block]
    return np.where(inside, new_starts[block] + lo - old_starts[block], -1)


def may_have_fresh_copy(
    old_text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> list[bool]:
    """Whether the edit may have written a verbatim copy of each quote
    ``old_text[start:end]`` (``fresh`` being the inserted ranges of ``new_text``):

    * a quote of ``4 * GRAM`` code points or more: one of its grams at offsets 0, GRAM,
      2 GRAM, ... is a gram of the inserted ranges (exactly);
    * a shorter one, of ``SHORT_QUOTE_LENGTH`` or more: each of its grams (at every
      offset) is a gram of the inserted ranges widened by ``2 * GRAM`` on each side (a copy
      lying there has them all; ``False`` means that the quote does not occur there,
      ``True`` is left to the caller to check);
    * a still shorter one: ``True`` (the caller checks them).
    """
    result: list[bool] = fresh_copy_flags(old_text, starts, ends, new_text, fresh).tolist()
    return result


def fresh_copy_flags(
    old_text: str,
    starts: Sequence[int] | npt.NDArray[np.int64],
    ends: Sequence[int] | npt.NDArray[np.int64],
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> npt.NDArray[np.bool_]:
    """:func:`may_have_fresh_copy` as an array.

    Each gram is read as one 64-bit number made of one byte per code point (see
    :func:`_grams`). Equal grams read equal, so nothing is missed; the few long quotes
    flagged so are confirmed by comparing their grams as strings (different code points may
    read as the same byte).
    """
    import numpy as np

    lo, hi = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    size = hi - lo
    flags = size < SHORT_QUOTE_LENGTH
    long_quotes = np.flatnonzero(size >= 4 * GRAM)
    short_quotes = np.flatnonzero(~flags & (size < 4 * GRAM))
    if long_quotes.size:
        flags[long_quotes] = _long_flags(
            old_text, lo[long_quotes], hi[long_quotes], new_text, fresh
        )
    if short_quotes.size:
        near = _GramSet(_range_grams(new_text, widened(fresh, 2 * GRAM, len(new_text))))
        flags[short_quotes] = _each_quote(
            old_text, lo[short_quotes], hi[short_quotes], 1, near, np.logical_and
        )
    return flags


def fresh_gram_flags(
    old_text: str,
    starts: Sequence[int] | npt.NDArray[np.int64],
    ends: Sequence[int] | npt.NDArray[np.int64],
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> npt.NDArray[np.bool_]:
    """Whether each quote ``old_text[start:end]`` (at least GRAM long) may share a gram, at
    any offset, with the inserted ranges ``fresh`` of ``new_text`` (``False``: it shares
    none, so no stretch of it survives there)."""
    import numpy as np

    lo, hi = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    return _any_fresh_gram(old_text, lo, hi, 1, new_text, fresh)


def _any_fresh_gram(
    old_text: str,
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    step: int,
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> npt.NDArray[np.bool_]:
    """Whether one of each quote's grams at offsets 0, step, ... may be a gram of ``fresh``."""
    import numpy as np

    members = _range_grams(new_text, fresh)
    if members.size == 0 or lo.size == 0:
        return np.zeros(lo.size, dtype=bool)
    return _each_quote(old_text, lo, hi, step, _GramSet(members), np.logical_or)


def _long_flags(
    old_text: str,
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    new_text: str,
    fresh: Sequence[tuple[int, int]],
) -> npt.NDArray[np.bool_]:
    import numpy as np

    flags = _any_fresh_gram(old_text, lo, hi, GRAM, new_text, fresh)
    flagged = np.flatnonzero(flags).tolist()
    if flagged:
        exact = {new_text[k : k + GRAM] for a, b in fresh for k in range(a, b - GRAM + 1)}
        for k in flagged:
            start, end = int(lo[k]), int(hi[k])
            flags[k] = not exact.isdisjoint(
                [old_text[p : p + GRAM] for p in range(start, end - GRAM + 1, GRAM)]
            )
    return flags


def _each_quote(
    text: str,
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    step: int,
    members: _GramSet,
    reduce: np.ufunc,
) -> npt.NDArray[np.bool_]:
    """For each range ``[lo, hi)`` of ``text`` (at least GRAM long), ``reduce`` (``any`` or
    ``all``) over its grams at offsets 0, step, 2 step, ...: whether each is in ``members``.

    Only small copies of the text are read, so all arrays stay small (reused memory, not
    fresh pages from the system for every call): the ranges' own words if they are few,
    else the ranges starting in each stretch of :data:`_REGION` code points of the text
    from a copy of the text they span.
    """
    import numpy as np

    if 8 * int((hi - lo).sum()) < len(text):
        quotes = "".join([text[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True)])
        at = np.zeros(lo.size, np.int64)
        np.cumsum((hi - lo)[:-1], out=at[1:])
        return _reduced(_grams(quotes), at, at + hi - lo, step, members, reduce)
    flags = np.empty(lo.size, dtype=bool)
    stretch = lo // _REGION
    for k in range(int(stretch.max()) + 1):
        inside = np.flatnonzero(stretch == k)
        if inside.size:
            a, b = lo[inside], hi[inside]
            start = int(a.min())
            grams = _grams(text[start : int(b.max())])
            flags[inside] = _reduced(grams, a - start, b - start, step, members, reduce)
    return flags


def _reduced(
    grams: npt.NDArray[np.uint64],
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    step: int,
    members: _GramSet,
    reduce: np.ufunc,
) -> npt.NDArray[np.bool_]:
    """:func:`_each_quote` for ranges of the text whose grams are ``grams``."""
    positions, first = _gram_starts(lo, hi, step)
    result: npt.NDArray[np.bool_] = reduce.reduceat(members.holds(grams[positions]), first)
    return result


def _gram_starts(
    lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64], step: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where the grams at offsets 0, step, 2 step, ... of each range ``[lo, hi)`` (at least
    GRAM long) start, all ranges' in one array, and the index in it of each range's first."""
    import numpy as np

    counts = (hi - lo - GRAM) // step + 1
    first = np.zeros(counts.size, np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    # The k-th gram overall, of range q, starts at lo[q] + step * (k - first[q]).
    positions = np.repeat(lo - step * first, counts)
    positions += np.arange(0, step * int(counts.sum()), step, dtype=np.int64)
    return positions, first


class _GramSet:
    """Grams (sorted numbers) and a table of bits taken from them: the table rules out
    almost every other gram at once; only the few left are looked up exactly."""

    def __init__(self, members: npt.NDArray[np.uint64]) -> None:
        import numpy as np

        self.members = members
        self.table = np.zeros(_TABLE_SIZE, dtype=bool)
        self.table[_slot(members)] = True

    def holds(self, values: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
        """Which ``values`` are members."""
        import numpy as np

        members = self.members
        found = np.zeros(values.size, dtype=bool)
        if members.size == 0:
            return found
        maybe = np.flatnonzero(self.table[_slot(values)])
        if maybe.size:
            candidates = values[maybe]
            at = np.minimum(np.searchsorted(members, candidates), members.size - 1)
            found[maybe] = members[at] == candidates
        return found


def _grams(text: str) -> npt.NDArray[np.uint64]:
    """The gram starting at each position of ``text`` as one number: a view of one byte per
    code point, its lowest (the same byte for a code point in every text)."""
    import numpy as np

    data: bytes | npt.NDArray[np.uint8]
    if text.isascii():
        data = text.encode("ascii")  # a copy of the string's own bytes
    else:
        # UTF-16 is a plain copy of most strings' code units, faster than any encoding to
        # one byte; a code point beyond U+FFFF takes two units, though.
        units = text.encode("utf-16-le")
        if len(units) == 2 * len(text):
            data = np.frombuffer(units, "<u2").astype(np.uint8)
        else:
            data = np.frombuffer(text.encode("utf-32-le"), "<u4").astype(np.uint8)
    return np.ndarray(
        shape=(max(0, len(data) - GRAM + 1),), dtype="<u8", buffer=data, strides=(1,)
    )


def _slot(grams: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Where a gram falls in the filter table (multiplicative hashing: the top bits)."""
    import numpy as np

    return (grams * np.uint64(_MULTIPLIER)) >> np.uint64(64 - _TABLE_BITS)


def _range_grams(text: str, ranges: Sequence[tuple[int, int]]) -> npt.NDArray[np.uint64]:
    """Sorted grams lying wholly inside one of the ``ranges`` of ``text`` (repeats kept)."""
    import numpy as np

    ranges = [(lo, hi) for lo, hi in ranges if hi - lo >= GRAM]
    if not ranges:
        return np.zeros(0, dtype=np.uint64)
    pieces = "\n".join(text[lo:hi] for lo, hi in ranges)
    # Range r starts at ``at[r]`` in ``pieces`` and holds ``counts[r]`` grams.
    sizes = np.fromiter((hi - lo for lo, hi in ranges), np.int64, len(ranges))
    counts = sizes - GRAM + 1
    at = np.zeros(len(ranges), np.int64)
    np.cumsum(sizes[:-1] + 1, out=at[1:])
    first = np.zeros(len(ranges), np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    positions = np.repeat(at - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    return np.sort(_grams(pieces)[positions])


def widened(ranges: Sequence[tuple[int, int]], by: int, limit: int) -> list[tuple[int, int]]:
    """``ranges`` (sorted) widened by ``by`` on each side within ``[0, limit)``, merged."""
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        lo, hi = max(0, lo - by), min(limit, hi + by)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged
