"""Re-anchoring claims into a new version of their text, following the edit that made it.

:func:`annotator.domain.anchor.resolve_many` re-finds an anchor from its quote and context
alone, so in a text whose paragraphs repeat it cannot tell one copy of a sentence from
another, and a claim whose position shifted may land on the wrong copy. Here the two versions
are known, so each claim first follows its own words through a diff of the versions
(:func:`annotator.domain.textdiff.diff_texts`):

1. **Untouched** -- the quote lies inside one block that the diff carried over unchanged: the
   claim goes exactly where that block went (``ANCHORED`` if the position is the same,
   ``MOVED`` otherwise). It never jumps to another copy of the same words, because the
   other copies are the images of *other* old words. The one exception: if the edit wrote a
   new verbatim copy of the quote with context at least as good (a duplicated paragraph),
   the places are equally likely and the claim is ``AMBIGUOUS``.
2. **Touched** -- the edit changed some of the quote. It is looked for in the text that
   replaced it (the diff's counterpart of its old range, plus a little slack): verbatim
   (``MOVED``), else approximately (``FUZZY``, rapidfuzz Indel ratio >= ``min_score``).
3. **Gone from its place** -- it is looked for only in text the edit wrote (the diff's
   inserted stretches, e.g. a paragraph moved elsewhere): verbatim, then approximately,
   seeded like :func:`~annotator.domain.anchor.resolve`. Text carried over unchanged is
   never a candidate: it belongs to other old words, so a deleted sentence that also exists
   elsewhere ends ``ORPHANED`` instead of taking the other copy.

Wherever two candidate places score within :data:`AMBIGUITY_MARGIN` of each other, the claim
is ``AMBIGUOUS`` and every such place is listed (``Resolution.candidates``, best guess first):
an editor chooses, nothing is silently attached to the wrong words.

Anchors that were not made on ``old_text`` (a claim orphaned in an earlier version) have no
position to follow; they get step 3 only.
"""

# rapidfuzz is imported inside the functions that use it (start-up time is measured).
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TypedDict, Unpack

from annotator.domain.anchor import (
    _ORPHANED,
    DEFAULT_MIN_SCORE,
    SHORT_QUOTE_LENGTH,
    Anchor,
    AnchorState,
    Resolution,
    _check_min_score,
    _context_score,
    _match_in_region,
    _occurrences,
    _Seeds,
    _trim_like,
    text_sha256,
)
from annotator.domain.carry import (
    carried_array,
    fresh_copy_flags,
    fresh_gram_flags,
    widened,
)
from annotator.domain.reanchored import Reanchored
from annotator.domain.textdiff import TextMap, diff_texts

AMBIGUITY_MARGIN = 2.0
"""Candidate places whose scores (0-100) differ by less than this are equally likely."""

_MIN_RIVAL_CONTEXT = 50.0
"""A new copy of an untouched quote rivals its mapped place only with this much context."""

_MAX_REACH = 1_000
"""Copies of longer quotes are found in inserted text only if they lie mostly inside it."""

_GRAM = 8
"""Length of the pieces of inserted text indexed to rule out rivals quickly."""


_SEPARATOR = "\x00"
"""Joins the inserted stretches into one searchable string; never part of a quote."""


class ReanchorOptions(TypedDict, total=False):
    """The keyword arguments of :func:`reanchor_all`."""

    min_score: float
    text_map: TextMap | None
    old_sha256: str | None


def reanchor_many(
    anchors: Sequence[Anchor], old_text: str, new_text: str, **options: Unpack[ReanchorOptions]
) -> list[Resolution]:
    """Re-anchor every anchor made on ``old_text`` into ``new_text``, in input order (as
    :func:`reanchor_all`, one :class:`Resolution` per anchor)."""
    return reanchor_all(anchors, old_text, new_text, **options).resolutions()


def reanchor_all(
    anchors: Sequence[Anchor],
    old_text: str,
    new_text: str,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    text_map: TextMap | None = None,
    old_sha256: str | None = None,
) -> Reanchored:
    """Re-anchor every anchor made on ``old_text`` into ``new_text``.

    ``text_map`` (``diff_texts(old_text, new_text)``) and ``old_sha256``
    (``text_sha256(old_text)``) may be passed when they are already known. The common case,
    an untouched quote of ``4 * _GRAM`` code points or more with no copy in inserted text,
    is decided for all anchors at once in arrays (:mod:`annotator.domain.carry`); the other
    anchors are looked at one by one.
    """
    import numpy as np

    _check_min_score(min_score)
    if text_map is None:
        text_map = diff_texts(old_text, new_text)
    if old_sha256 is None:
        old_sha256 = text_sha256(old_text)
    count = len(anchors)
    starts = [anchor.start for anchor in anchors]
    exacts = [anchor.exact for anchor in anchors]
    shas = [anchor.doc_sha256 for anchor in anchors]
    lo = np.asarray(starts, np.int64).reshape(count)
    hi = np.asarray([anchor.end for anchor in anchors], np.int64).reshape(count)
    # Made on the old text: its fingerprint, and the quote where the anchor says it is.
    if shas.count(old_sha256) == count and all(map(old_text.startswith, exacts, starts)):
        on_old = np.ones(count, dtype=bool)
    else:
        on_old = np.fromiter(
            (sha == old_sha256 and old_text.startswith(exact, start)
             for sha, exact, start in zip(shas, exacts, starts, strict=True)),
            bool, count,
        )
    carried = carried_array(text_map, lo, hi)
    rival = fresh_copy_flags(old_text, lo, hi, new_text, text_map.fresh)
    fast = on_old & (carried >= 0) & ~rival
    reach = min(int((hi - lo).max(initial=0)), _MAX_REACH)
    finder = _Finder(new_text, text_map, min_score, reach)
    # The edited quotes' grams, checked at once: most share none with inserted text.
    edited = np.flatnonzero(on_old & (carried < 0) & (hi - lo >= SHORT_QUOTE_LENGTH))
    shares = fresh_gram_flags(old_text, lo[edited], hi[edited], new_text, text_map.fresh)
    finder.gramless.update(exacts[k] for k in edited[~shares].tolist())
    others: dict[int, Resolution] = {}
    for k in np.flatnonzero(~fast).tolist():
        anchor, new_start = anchors[k], int(carried[k])
        if not on_old[k]:
            others[k] = finder.search(anchor, None)
        elif new_start < 0:
            others[k] = finder.follow(anchor, None)
        else:  # a short quote, or one the edit may have copied
            result = finder.follow(anchor, new_start)
            if result.start == new_start and result.state in _CARRIED:
                fast[k] = True  # as if decided in bulk
            else:
                others[k] = result
    return Reanchored(lo, hi, np.where(fast, carried, -1), others, text_map)


_CARRIED = frozenset({AnchorState.ANCHORED, AnchorState.MOVED})


class _Finder:
    """The new text, the diff and the inserted text, shared by all anchors of one edit."""

    def __init__(self, text: str, text_map: TextMap, min_score: float, reach: int) -> None:
        self.text = text
        self.map = text_map
        self.min_score = min_score
        # The inserted stretches widened by ``reach`` (the longest quote), so a copy that
        # only partly lies in inserted text is found whole; joined into one string.
        segments = widened(text_map.fresh, reach, len(text))
        self._segments = segments
        self.fresh_text = _SEPARATOR.join(text[lo:hi] for lo, hi in segments)
        # A copy of a quote shorter than 4 * _GRAM that the edit mostly wrote has less than
        # 2 * _GRAM code points outside inserted text, before, between or after its
        # inserted parts: it lies in the inserted text widened by 2 * _GRAM.
        self._near_fresh: str | None = None
        starts, at = [], 0
        for lo, hi in segments:
            starts.append(at)
            at += hi - lo + len(_SEPARATOR)
        self._fresh_starts = starts
        self._fresh_seeds: _Seeds | None = None
        # Every _GRAM-long piece of inserted text: a copy of a quote mostly made of inserted
        # text holds one of them at an offset that is a multiple of _GRAM (for quotes of
        # 4 * _GRAM or more), so a few set lookups rule most claims out.
        self._grams: set[str] | None = None
        self.gramless: set[str] = set()
        """Quotes known to share no gram with inserted text (no fuzzy copy there)."""
        self._rich: tuple[str, list[int], list[tuple[int, int]], list[int]] | None = None

    @property
    def _fresh_grams(self) -> set[str]:
        if self._grams is None:
            text = self.text
            self._grams = {
                text[k : k + _GRAM] for lo, hi in self.map.fresh for k in range(lo, hi - _GRAM + 1)
            }
        return self._grams

    # -- step 1 ---------------------------------------------------------------------------

    def follow(self, anchor: Anchor, start: int | None) -> Resolution:
        """Re-anchor an anchor made on the old text (steps 1 to 3); ``start`` is where the
        diff carried its quote unchanged (``TextMap.map_range``), if it did."""
        if start is not None and self._acceptable(anchor, start):
            end = start + len(anchor.exact)
            rivals = self._fresh_rivals(anchor, start)
            if rivals:
                return _ambiguous([(start, end), *rivals], 100.0)
            state = AnchorState.ANCHORED if start == anchor.start else AnchorState.MOVED
            return Resolution(state, start, end, 100.0)
        found = self._edited_in_place(anchor)
        if found is _REWRITTEN:
            return self.search(anchor, None)
        if found is not None:
            return found
        return self.search(anchor, self.map.counterpart(anchor.start, anchor.end))

    def _edited_in_place(self, anchor: Anchor) -> Resolution | None:
        """The quote's own words as the edit left them, if they are still close enough to
        the quote (``FUZZY``): from the new place of its first code point to that of its
        last, or, where the edit changed an edge, the text that took the quote's place.

        This is where the claim's words went, so no search is needed; a verbatim copy of
        the old quote right there (the diff aligned the edit oddly) is still preferred.
        When both edges survived but the words between them changed too much, the result is
        ``_REWRITTEN``: the words next to them are the images of other old words, so the
        quote is looked for only in text the edit wrote (it may have been moved there).
        """
        from rapidfuzz import fuzz

        image = self.map.image(anchor.start, anchor.end)
        if image is None:  # an edge was edited: the text that took the quote's place
            start, end = self.map.counterpart(anchor.start, anchor.end)
            if start == end:
                return None
            start, end = _trim_like(anchor.exact, self.text, start, end)
        else:
            start, end = image
        size = len(anchor.exact)
        slack = size // 4 + 8
        lo, hi = max(0, start - slack), min(len(self.text), end + slack)
        if self.text.find(anchor.exact, lo, hi) != -1:
            return None  # the search near the counterpart picks among the copies
        score = fuzz.ratio(anchor.exact, self.text[start:end])
        if score < self.min_score and image is not None:
            return _REWRITTEN
        if score < self.min_score or (
            size < SHORT_QUOTE_LENGTH
            and _context_score(anchor, self.text, start, end) < self.min_score
        ):
            return None
        return Resolution(AnchorState.FUZZY, start, end, score)

    def _acceptable(self, anchor: Anchor, start: int) -> bool:
        """A short quote carried over by the diff still needs its context to agree."""
        return len(anchor.exact) >= SHORT_QUOTE_LENGTH or (
            _context_score(anchor, self.text, start, start + len(anchor.exact)) >= self.min_score
        )

    def may_rival(self, exact: str) -> bool:
        """Whether the edit may have written a verbatim copy of ``exact`` (False: it did not)."""
        if len(exact) >= 4 * _GRAM:
            grams = self._fresh_grams
            return bool(grams) and not grams.isdisjoint(
                [exact[k : k + _GRAM] for k in range(0, len(exact) - _GRAM + 1, _GRAM)]
            )
        if self._near_fresh is None:
            near = widened(self.map.fresh, 2 * _GRAM, len(self.text))
            self._near_fresh = _SEPARATOR.join(self.text[lo:hi] for lo, hi in near)
        return exact in self._near_fresh

    def _fresh_rivals(self, anchor: Anchor, start: int) -> list[tuple[int, int]]:
        """Verbatim copies of the quote written by the edit that are as likely as ``start``."""
        exact, size = anchor.exact, len(anchor.exact)
        if not self.may_rival(exact):
            return []
        mapped = _context_score(anchor, self.text, start, start + size)
        floor = max(mapped - AMBIGUITY_MARGIN, _MIN_RIVAL_CONTEXT)
        return [
            (pos, pos + size)
            for pos in self._fresh_occurrences(exact)
            if _context_score(anchor, self.text, pos, pos + size) >= floor
        ]

    # -- steps 2 and 3 --------------------------------------------------------------------

    def search(self, anchor: Anchor, hint: tuple[int, int] | None) -> Resolution:
        """Look near ``hint`` (the new range that replaced the quote's), then in new text."""
        if hint is not None:
            slack = len(anchor.exact) // 4 + 8
            lo, hi = max(0, hint[0] - slack), min(len(self.text), hint[1] + slack)
            exact = [pos for pos in _occurrences(self.text, anchor.exact, lo, hi)]
            found = self._pick_exact(anchor, exact, expected=hint[0])
            if found is None:
                found = self._fuzzy_near(anchor, lo, hi)
            if found is not None:
                return found
        found = self._pick_exact(anchor, list(self._fresh_occurrences(anchor.exact)), None)
        if found is None:
            found = self._fuzzy_fresh(anchor)
        return _ORPHANED if found is None else found

    def _pick_exact(
        self, anchor: Anchor, starts: list[int], expected: int | None
    ) -> Resolution | None:
        """The best verbatim occurrence by context; ``AMBIGUOUS`` when several tie."""
        if not starts:
            return None
        size = len(anchor.exact)
        scored = [(_context_score(anchor, self.text, s, s + size), s) for s in starts]
        if size < SHORT_QUOTE_LENGTH:
            scored = [(score, s) for score, s in scored if score >= self.min_score]
            if not scored:
                return None
        if expected is not None:
            scored.sort(key=lambda pair: (-pair[0], abs(pair[1] - expected), pair[1]))
        else:
            scored.sort(key=lambda pair: (-pair[0], pair[1]))
        best = scored[0][0]
        tied = [(s, s + size) for score, s in scored if score > best - AMBIGUITY_MARGIN]
        if len(tied) > 1:
            return _ambiguous(tied, 100.0)
        start = tied[0][0]
        state = AnchorState.ANCHORED if start == anchor.start else AnchorState.MOVED
        return Resolution(state, start, start + size, 100.0)

    def _fuzzy_near(self, anchor: Anchor, lo: int, hi: int) -> Resolution | None:
        needle, offset = _needle(anchor)
        match = _match_in_region(anchor, self.text, needle, offset, lo, hi, self.min_score)
        if match is None:
            return None
        score, start, end = match
        return Resolution(AnchorState.FUZZY, start, end, score)

    def _fuzzy_fresh(self, anchor: Anchor) -> Resolution | None:
        """Approximate copies of the quote in the inserted text, seeded like resolve()."""
        if not self.fresh_text:
            return None
        needle, offset = _needle(anchor)
        if needle in self.gramless or self._fresh_grams.isdisjoint(
            [needle[k : k + _GRAM] for k in range(len(needle) - _GRAM + 1)]
        ):
            return None  # no stretch of the quote survives in inserted text (as _Seeds)
        if self._fresh_seeds is None:
            self._fresh_seeds = _Seeds(self.fresh_text)
        matches: dict[tuple[int, int], float] = {}
        for lo, hi in self._fresh_seeds.regions(needle, 0):
            if not self.map.is_fresh(self._to_text(lo), self._to_text(lo) + hi - lo):
                continue  # only the widening around inserted text: carried-over words
            match = _match_in_region(
                anchor, self.fresh_text, needle, offset, lo, hi, self.min_score
            )
            if match is None or _SEPARATOR in self.fresh_text[match[1] : match[2]]:
                continue
            score, start, end = match
            span = (self._to_text(start), self._to_text(start) + end - start)
            if not self._mostly_fresh(*span):
                continue
            matches[span] = max(score, matches.get(span, 0.0))
        if not matches:
            return None
        ranked = sorted(matches.items(), key=lambda item: (-item[1], item[0]))
        best = ranked[0][1]
        tied = [span for span, score in ranked if score > best - AMBIGUITY_MARGIN]
        if len(tied) > 1:
            return _ambiguous(tied, best)
        return Resolution(AnchorState.FUZZY, *tied[0], best)

    # -- inserted text --------------------------------------------------------------------

    def _fresh_occurrences(self, quote: str) -> list[int]:
        """Positions in the new text of verbatim copies of ``quote`` in inserted text.

        Such a copy (at least half written by the edit) lies in one widened stretch that
        holds at least half its length of inserted text, so the stretches are searched
        richest first and only as far as they are rich enough."""
        text, starts, segments, counts = self._richest_first()
        rich = bisect_right(counts, -((len(quote) + 1) // 2))
        end = starts[rich] - len(_SEPARATOR) if rich < len(starts) else len(text)
        found = []
        for pos in _occurrences(text, quote, 0, max(0, end)):
            i = bisect_right(starts, pos) - 1
            found.append(segments[i][0] + pos - starts[i])
        return [pos for pos in found if self._mostly_fresh(pos, pos + len(quote))]

    def _richest_first(self) -> tuple[str, list[int], list[tuple[int, int]], list[int]]:
        """The widened stretches joined, richest in inserted text first: the text, where
        each stretch starts in it, the stretches and their negated counts (ascending)."""
        if self._rich is None:
            segments = self._segments
            counts = [0] * len(segments)
            firsts = [lo for lo, _hi in segments]
            for lo, hi in self.map.fresh:
                counts[bisect_right(firsts, lo) - 1] += hi - lo
            order = sorted(range(len(segments)), key=lambda k: -counts[k])
            ranked = [segments[k] for k in order]
            starts, at = [], 0
            for lo, hi in ranked:
                starts.append(at)
                at += hi - lo + len(_SEPARATOR)
            text = _SEPARATOR.join(self.text[lo:hi] for lo, hi in ranked)
            self._rich = (text, starts, ranked, [-counts[k] for k in order])
        return self._rich

    def _mostly_fresh(self, start: int, end: int) -> bool:
        """Whether the edit wrote at least half of the new range ``[start, end)``: a copy
        with a corrected letter in it is still the old copy, not new text."""
        return 2 * self.map.fresh_overlap(start, end) >= end - start

    def _to_text(self, pos: int) -> int:
        i = bisect_right(self._fresh_starts, pos) - 1
        return self._segments[i][0] + pos - self._fresh_starts[i]


_REWRITTEN = Resolution(AnchorState.ORPHANED, None, None, 0.0)
"""A quote whose edges the edit kept but whose words it changed beyond ``min_score``."""


def _needle(anchor: Anchor) -> tuple[str, int]:
    """What a fuzzy search looks for: a short quote only together with its context."""
    if len(anchor.exact) < SHORT_QUOTE_LENGTH:
        return anchor.prefix + anchor.exact + anchor.suffix, len(anchor.prefix)
    return anchor.exact, 0


def _ambiguous(spans: list[tuple[int, int]], score: float) -> Resolution:
    unique = tuple(dict.fromkeys(spans))
    start, end = unique[0]
    return Resolution(AnchorState.AMBIGUOUS, start, end, score, candidates=unique)
