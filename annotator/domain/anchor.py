"""Claim anchors: W3C-style selectors and a resolver that re-finds them in edited text.

An :class:`Anchor` stores two redundant selectors for the highlighted span, as in the W3C Web
Annotation model: a *TextPositionSelector* (``start``/``end`` in code points, end exclusive)
and a *TextQuoteSelector* (``exact`` plus up to :data:`CONTEXT_LENGTH` code points of
``prefix``/``suffix``), together with the sha256 of the text it was made on.

Resolution against a (possibly edited) text tries cheap, certain answers first:

1. **Anchored** -- ``text[start:end] == exact`` and the context around it is unchanged (or the
   text's sha256 is the one the anchor was made on).
2. **Moved** -- ``exact`` occurs verbatim elsewhere (or at the old place but with changed
   context). An occurrence whose whole ``prefix + exact + suffix`` is found verbatim wins at
   once (a single C-level ``str.find`` scan); otherwise every occurrence is scored by how well
   its surroundings match ``prefix``/``suffix`` (rapidfuzz ratio). Ties go to the occurrence
   closest to the old ``start``. If the old place still holds the winner, the state stays
   ``ANCHORED``.
3. **Fuzzy** -- ``exact`` is gone, so look for an approximate copy: first in a neighbourhood of
   the expected position with ``rapidfuzz.fuzz.partial_ratio_alignment``, then in the whole
   text, but only around places where a stretch of the quote survives verbatim ("seeds",
   looked up in an index of the text's 8-grams). The approximate window's boundaries are then
   refined: snapped to where the prefix's tail / suffix's head still sit verbatim, otherwise
   moved to minimise the quote's Indel distance; the score is ``fuzz.ratio(exact, span)``.
4. **Orphaned** -- nothing scored at least ``min_score``. An orphan is recoverable by the user;
   a claim silently attached to the wrong words is not, so every doubt ends here.

Score rule (0-100, rapidfuzz Indel ratio of ``exact`` against the found span): a fuzzy match
needs ``score >= min_score``; the default :data:`DEFAULT_MIN_SCORE` = 80 tolerates roughly one
changed character in five (a corrected word or two in a sentence) but not a rewrite. Quotes
shorter than :data:`SHORT_QUOTE_LENGTH` match by chance far too easily, so any relocation of
one (moved or fuzzy, even an exact re-match) additionally needs its ``prefix``/``suffix`` to
score at least ``min_score`` against the text around the new place, and their fuzzy search
looks for ``prefix + exact + suffix`` rather than the bare quote.

:func:`resolve_many` shares work across anchors: it hashes the text once, and walks anchors
made on the same text in order of ``start``, remembering the last displacement seen. An anchor
whose verbatim quote and context sit exactly at ``start + displacement`` (the common case after
an insertion or deletion earlier in the text) is accepted after a bounded check that no other
occurrence is closer to its old start, so it gets the same answer :func:`resolve` would give
without a whole-text scan. The displacement also centres the fuzzy neighbourhood search, which
is the one place where :func:`resolve_many` can be better informed than :func:`resolve`.

Whole-text fuzzy search is seeded, so a quote that both moved out of its neighbourhood *and*
was edited throughout (no stretch of 15 code points left intact) ends up orphaned rather than
costing a full approximate scan of a multi-megabyte text per anchor.
"""

# rapidfuzz is imported inside the functions that re-find anchors: most commands never
# re-find one, and loading it is a large share of a command's start-up.
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

CONTEXT_LENGTH = 32
"""Code points of prefix/suffix context stored with an anchor."""

DEFAULT_MIN_SCORE = 80.0
"""Minimum fuzzy score (0-100) to re-attach an edited quote; about 1 changed char in 5."""

SHORT_QUOTE_LENGTH = 20
"""Quotes shorter than this (code points) also need their context to agree to relocate."""

_NEIGHBOURHOOD = 2_000
"""Code points searched on each side of the expected position before the whole text."""

_PREFILTER_MARGIN = 15.0
"""A rough window this far below ``min_score`` is not worth refining."""

_GRAM = 8
"""Seed length: the index holds the text's 8-grams at every 8th position, so any stretch of
15 code points shared by the quote and its new place yields at least one seed."""

_MAX_SEED_HITS = 64
"""A seed found more often than this says nothing about where the quote went."""

_MAX_SEED_REGIONS = 4
"""Regions, most seeds first, that get an approximate search."""

_SNAP = 8
"""Characters of context that must survive verbatim to pin a fuzzy match's boundary."""

_MAX_EXACT_CANDIDATES = 512
"""Only this many verbatim occurrences, nearest the old start, get their context scored."""


def text_sha256(text: str) -> str:
    """Hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a claim sits: position and quote selectors plus the text's fingerprint."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    doc_sha256: str

    def __post_init__(self) -> None:
        if not self.exact:
            raise ValueError("an anchor needs a non-empty quote")
        if self.start < 0 or self.end - self.start != len(self.exact):
            raise ValueError(
                f"anchor range [{self.start}, {self.end}) does not fit its "
                f"{len(self.exact)}-code-point quote"
            )


class AnchorState(StrEnum):
    ANCHORED = "anchored"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"
    AMBIGUOUS = "ambiguous"  # several places equally likely (see annotator.domain.reanchor)

    @property
    def needs_attention(self) -> bool:
        """Whether an editor should look at the claim: its words changed, vanished or doubled."""
        return self in _NEEDS_ATTENTION


@dataclass(frozen=True, slots=True)
class Resolution:
    """Outcome of re-finding an anchor: where it is now (``None`` if orphaned) and how sure."""

    state: AnchorState
    start: int | None
    end: int | None
    score: float
    candidates: tuple[tuple[int, int], ...] = ()
    """For ``AMBIGUOUS``: every equally likely ``(start, end)``; ``start``/``end`` is the first."""


_NEEDS_ATTENTION = frozenset({AnchorState.FUZZY, AnchorState.ORPHANED, AnchorState.AMBIGUOUS})

_ORPHANED = Resolution(AnchorState.ORPHANED, None, None, 0.0)


def make_anchor(text: str, start: int, end: int, *, doc_sha256: str | None = None) -> Anchor:
    """Anchor the code-point range ``[start, end)`` of ``text``.

    Whitespace around the selection is trimmed (so ``start``/``end`` of the result may be
    inside the requested range): drag selections routinely catch a trailing space or newline,
    which carries no meaning but would make the quote and its context needlessly brittle.
    ``doc_sha256`` may be passed when anchoring many ranges of one text, to hash it once.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"selection [{start}, {end}) is empty or outside the text (length {len(text)})"
        )
    selected = text[start:end]
    if selected.isspace():
        raise ValueError(f"selection [{start}, {end}) contains only whitespace")
    start += len(selected) - len(selected.lstrip())
    end -= len(selected) - len(selected.rstrip())
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
        doc_sha256=text_sha256(text) if doc_sha256 is None else doc_sha256,
    )


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """``(start, end)`` of the ``occurrence``-th (1-based) verbatim occurrence of ``quote``.

    Occurrences may overlap ("aa" occurs twice in "aaa"), matching how the resolver counts.
    """
    if not quote:
        raise ValueError("cannot search for an empty quote")
    if occurrence < 1:
        raise ValueError(f"occurrence must be 1 or more, not {occurrence}")
    count = 0
    for pos in _occurrences(text, quote):
        count += 1
        if count == occurrence:
            return pos, pos + len(quote)
    if count == 0:
        raise LookupError(f"quote {_preview(quote)} not found in the text")
    raise LookupError(
        f"quote {_preview(quote)} occurs {count} time(s); occurrence {occurrence} was requested"
    )


def resolve(anchor: Anchor, text: str, *, min_score: float = DEFAULT_MIN_SCORE) -> Resolution:
    """Re-find ``anchor`` in ``text`` (see the module docstring for the strategy).

    For several anchors on one text use :func:`resolve_many`: it shares the hashing and the
    seed index that a whole-text fuzzy search builds (tens of milliseconds per megabyte).
    """
    _check_min_score(min_score)
    return _resolve(anchor, _Seeds(text), min_score, shift=0, text_sha=None)


def resolve_many(
    anchors: Sequence[Anchor], text: str, *, min_score: float = DEFAULT_MIN_SCORE
) -> list[Resolution]:
    """Resolve every anchor against one text; results are in the order of ``anchors``."""
    _check_min_score(min_score)
    text_sha = text_sha256(text)
    seeds = _Seeds(text)
    results: list[Resolution] = [_ORPHANED] * len(anchors)
    shifts: dict[str, int] = {}  # last displacement seen, per source text
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i].doc_sha256, anchors[i].start))
    for i in order:
        anchor = anchors[i]
        result = _resolve(
            anchor, seeds, min_score, shift=shifts.get(anchor.doc_sha256, 0), text_sha=text_sha
        )
        if result.start is not None:
            shifts[anchor.doc_sha256] = result.start - anchor.start
        results[i] = result
    return results


# --- resolution steps -------------------------------------------------------------------


def _resolve(
    anchor: Anchor, seeds: "_Seeds", min_score: float, *, shift: int, text_sha: str | None
) -> Resolution:
    text = seeds.text
    if _quote_at(anchor, text, anchor.start) and (
        text_sha == anchor.doc_sha256 or _context_intact(anchor, text, anchor.start)
    ):
        return Resolution(AnchorState.ANCHORED, anchor.start, anchor.end, 100.0)
    start = _relocate_exact(anchor, text, min_score, shift)
    if start is not None:
        state = AnchorState.ANCHORED if start == anchor.start else AnchorState.MOVED
        return Resolution(state, start, start + len(anchor.exact), 100.0)
    return _relocate_fuzzy(anchor, seeds, min_score, anchor.start + shift)


def _relocate_exact(anchor: Anchor, text: str, min_score: float, shift: int) -> int | None:
    """Start of the best verbatim occurrence of the quote, or ``None``."""
    if shift and _is_nearest_intact(anchor, text, anchor.start + shift):
        return anchor.start + shift
    whole = anchor.prefix + anchor.exact + anchor.suffix
    intact = [pos + len(anchor.prefix) for pos in _occurrences(text, whole)]
    if intact:
        return min(intact, key=lambda s: (abs(s - anchor.start), s))
    candidates = _nearest_occurrences(anchor, text)
    if not candidates:
        return None
    score, start = max(
        ((_context_score(anchor, text, s, s + len(anchor.exact)), s) for s in candidates),
        key=lambda pair: (pair[0], -abs(pair[1] - anchor.start), -pair[1]),
    )
    if len(anchor.exact) < SHORT_QUOTE_LENGTH and score < min_score:
        return None
    return start


def _is_nearest_intact(anchor: Anchor, text: str, guess: int) -> bool:
    """Whether ``guess`` holds the quote with intact context and is provably the occurrence
    step 2 would pick: no other occurrence lies as close to the old start."""
    if guess < 0 or not _quote_at(anchor, text, guess) or not _context_intact(anchor, text, guess):
        return False
    radius = abs(guess - anchor.start)
    lo = max(0, anchor.start - radius)
    hi = anchor.start + radius + len(anchor.exact)
    return all(pos == guess for pos in _occurrences(text, anchor.exact, lo, hi))


def _nearest_occurrences(anchor: Anchor, text: str) -> list[int]:
    found = list(_occurrences(text, anchor.exact))
    if len(found) > _MAX_EXACT_CANDIDATES:
        found.sort(key=lambda s: abs(s - anchor.start))
        del found[_MAX_EXACT_CANDIDATES:]
    return found


def _relocate_fuzzy(anchor: Anchor, seeds: "_Seeds", min_score: float, expected: int) -> Resolution:
    text = seeds.text
    if len(anchor.exact) < SHORT_QUOTE_LENGTH:
        needle, offset = anchor.prefix + anchor.exact + anchor.suffix, len(anchor.prefix)
    else:
        needle, offset = anchor.exact, 0
    lo = max(0, expected - _NEIGHBOURHOOD)
    hi = min(len(text), expected + len(anchor.exact) + _NEIGHBOURHOOD)
    match = _match_in_region(anchor, text, needle, offset, lo, hi, min_score)
    if match is None and (lo > 0 or hi < len(text)):
        match = _match_seeded(anchor, seeds, needle, offset, min_score, expected)
    if match is None:
        return _ORPHANED
    score, start, end = match
    return Resolution(AnchorState.FUZZY, start, end, score)


_Match = tuple[float, int, int]  # score, start, end


def _match_in_region(
    anchor: Anchor, text: str, needle: str, offset: int, lo: int, hi: int, min_score: float
) -> _Match | None:
    """Best acceptable approximate match of the quote within ``text[lo:hi]``, if any."""
    from rapidfuzz import fuzz

    region = text[lo:hi]
    if not region or region.isspace():
        return None
    rough = fuzz.partial_ratio_alignment(
        needle, region, score_cutoff=max(0.0, min_score - _PREFILTER_MARGIN)
    )
    if rough is None:
        return None
    guess = lo + rough.dest_start + offset - rough.src_start
    start, end, score = _refine(anchor, text, guess, guess + len(anchor.exact))
    if score < min_score:
        return None
    if (
        len(anchor.exact) < SHORT_QUOTE_LENGTH
        and _context_score(anchor, text, start, end) < min_score
    ):
        return None
    return score, start, end


def _match_seeded(
    anchor: Anchor, seeds: "_Seeds", needle: str, offset: int, min_score: float, expected: int
) -> _Match | None:
    """Whole-text search, limited to regions where seeds of the needle agree it could be."""
    best: _Match | None = None
    for lo, hi in seeds.regions(needle, expected):
        match = _match_in_region(anchor, seeds.text, needle, offset, lo, hi, min_score)
        if match is not None and (
            best is None
            or (match[0], -abs(match[1] - expected)) > (best[0], -abs(best[1] - expected))
        ):
            best = match
    return best


class _Seeds:
    """The text plus an index of its 8-grams at every 8th position, built on first use.

    Building costs one pass over the text (tens of milliseconds per megabyte), paid only when
    some anchor needs a whole-text fuzzy search, and once for all anchors in resolve_many.
    """

    __slots__ = ("_grams", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._grams: dict[str, list[int]] | None = None

    def regions(self, needle: str, expected: int) -> list[tuple[int, int]]:
        """Up to a few regions of the text, most seeds first, that may hold ``needle``."""
        starts = sorted(self._seed_starts(needle))
        clusters = _cluster(starts, gap=len(needle) // 2)
        clusters.sort(key=lambda c: (-c[2], abs(c[0] - expected)))
        slack = len(needle) // 2 + 16
        return [
            (max(0, first - slack), min(len(self.text), last + len(needle) + slack))
            for first, last, _votes in clusters[:_MAX_SEED_REGIONS]
        ]

    def _seed_starts(self, needle: str) -> Iterator[int]:
        """Where ``needle`` would start for each of its grams found in the index."""
        grams = self._index()
        for at in range(len(needle) - _GRAM + 1):
            hits = grams.get(needle[at : at + _GRAM])
            if hits is not None and len(hits) <= _MAX_SEED_HITS:
                yield from (pos - at for pos in hits)

    def _index(self) -> dict[str, list[int]]:
        if self._grams is None:
            grams: dict[str, list[int]] = {}
            text = self.text
            for pos in range(0, len(text) - _GRAM + 1, _GRAM):
                grams.setdefault(text[pos : pos + _GRAM], []).append(pos)
            self._grams = grams
        return self._grams


def _cluster(positions: list[int], gap: int) -> list[tuple[int, int, int]]:
    """Group sorted positions closer than ``gap`` into ``(first, last, votes)``."""
    clusters: list[tuple[int, int, int]] = []
    for pos in positions:
        if clusters and pos - clusters[-1][1] <= gap:
            first, _last, votes = clusters[-1]
            clusters[-1] = (first, pos, votes + 1)
        else:
            clusters.append((pos, pos, 1))
    return clusters


def _refine(anchor: Anchor, text: str, start: int, end: int) -> tuple[int, int, float]:
    """Move the boundaries of a rough window onto the edited span.

    The rough window from partial_ratio has the quote's length, but the edited span may be
    longer or shorter and begin a little earlier or later. Where the prefix's last (suffix's
    first) characters still sit verbatim near a boundary, the boundary snaps there: scoring
    the quote alone would cut an edited edge word short ("Hungr" is closer to "Hungary" than
    "Hungria" is). Elsewhere the boundary minimises the quote's Indel distance, ties going to
    one that looks like the original (same edge character, word boundary where it was one).
    Coordinate descent (start, end, start again) within a slack proportional to the quote.
    """
    from rapidfuzz import fuzz

    slack = len(anchor.exact) // 4 + 8
    start = min(max(start, 0), len(text) - 1)
    end = min(max(end, start + 1), len(text))
    after_prefix = _after_prefix(anchor, text, start, slack)
    before_suffix = _before_suffix(anchor, text, end, slack)
    start = _best_start(anchor, text, start, end, slack, after_prefix)
    end = _best_end(anchor, text, start, end, slack, before_suffix)
    start = _best_start(anchor, text, start, end, slack, after_prefix)
    start, end = _trim_like(anchor.exact, text, start, end)
    return start, end, fuzz.ratio(anchor.exact, text[start:end])


def _after_prefix(anchor: Anchor, text: str, near: int, slack: int) -> list[int]:
    """Positions within ``slack`` of ``near`` right after the prefix's verbatim tail."""
    tail = anchor.prefix[-_SNAP:]
    if not tail:
        return []
    lo = max(0, near - slack - len(tail))
    return [pos + len(tail) for pos in _occurrences(text, tail, lo, near + slack)]


def _before_suffix(anchor: Anchor, text: str, near: int, slack: int) -> list[int]:
    """Positions within ``slack`` of ``near`` right before the suffix's verbatim head."""
    head = anchor.suffix[:_SNAP]
    if not head:
        return []
    return list(_occurrences(text, head, max(0, near - slack), near + slack + len(head)))


def _best_start(
    anchor: Anchor, text: str, start: int, end: int, slack: int, snapped: list[int]
) -> int:
    from rapidfuzz.distance import Indel

    exact = anchor.exact

    def cost(pos: int) -> int:
        return Indel.distance(exact, text[pos:end])

    def key(pos: int) -> tuple[int, int, int]:
        return cost(pos), _start_unlikeness(anchor, text, pos), abs(pos - start)

    free = range(max(0, start - slack), min(end - 1, start + slack) + 1)
    return _prefer_snapped(free, [pos for pos in snapped if pos < end], cost, key)


def _best_end(
    anchor: Anchor, text: str, start: int, end: int, slack: int, snapped: list[int]
) -> int:
    from rapidfuzz.distance import Indel

    exact = anchor.exact

    def cost(pos: int) -> int:
        return Indel.distance(exact, text[start:pos])

    def key(pos: int) -> tuple[int, int, int]:
        return cost(pos), _end_unlikeness(anchor, text, pos), abs(pos - end)

    free = range(max(start + 1, end - slack), min(len(text), end + slack) + 1)
    return _prefer_snapped(free, [pos for pos in snapped if pos > start], cost, key)


def _prefer_snapped(
    free: range,
    snapped: list[int],
    cost: Callable[[int], int],
    key: Callable[[int], tuple[int, int, int]],
) -> int:
    """The snapped boundary, unless the cheapest free one looks more like the original.

    Snapping alone would swallow text inserted between an edited quote and its context
    ("... negotiations. (Reuters)"); a free boundary that ends like the quote did
    ("negotiations.") is then the better guess. ``key`` orders boundaries by ``cost`` first,
    so only the boundaries of least cost need the rest of the key (the same minimum, found
    with one C-level distance per boundary).
    """
    best_free = min(_cheapest(free, cost), key=key)
    if not snapped:
        return best_free
    best_snapped = min(snapped, key=key)
    return best_free if key(best_free)[1] < key(best_snapped)[1] else best_snapped


def _cheapest(free: range, cost: Callable[[int], int]) -> list[int]:
    """The positions of ``free`` (a step-1 range) where ``cost`` is least.

    ``cost`` is an Indel distance to the text between a moving boundary and a fixed one:
    moving the boundary by one code point adds or drops one code point, which changes the
    distance by exactly one. So a position ``d`` away from one that costs ``c`` costs at
    least ``c - d``, and after a cost ``c`` above the least found so far, the next
    ``c - least - 1`` positions cost more than it and need no look. The scan starts with the
    middle of the range (the rough guess) for a low first bound.
    """
    middle = free[len(free) // 2]
    least, found = cost(middle), [middle]
    pos, stop = free.start, free.stop
    while pos < stop:
        if pos != middle:
            c = cost(pos)
            if c < least:
                least, found = c, [pos]
            elif c == least:
                found.append(pos)
            elif c - least > 1:
                pos += c - least
                continue
        pos += 1
    return sorted(found)


def _start_unlikeness(anchor: Anchor, text: str, start: int) -> int:
    """How many of two traits a span start at ``start`` does not share with the original."""
    was_boundary = _is_boundary(anchor.prefix[-1:], anchor.exact[0])
    is_boundary = _is_boundary(text[start - 1 : start], text[start])
    return (text[start] != anchor.exact[0]) + (is_boundary != was_boundary)


def _end_unlikeness(anchor: Anchor, text: str, end: int) -> int:
    """How many of two traits a span end at ``end`` does not share with the original."""
    was_boundary = _is_boundary(anchor.exact[-1], anchor.suffix[:1])
    is_boundary = _is_boundary(text[end - 1], text[end : end + 1])
    return (text[end - 1] != anchor.exact[-1]) + (is_boundary != was_boundary)


def _is_boundary(left: str, right: str) -> bool:
    """Whether the gap between two characters ("" = text edge) does not split a word."""
    return not (_is_word(left) and _is_word(right))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _trim_like(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace at either edge of the span unless the quote has it there too."""
    if not exact[0].isspace():
        while start < end and text[start].isspace():
            start += 1
    if not exact[-1].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


# --- helpers ------------------------------------------------------------------------------


def _quote_at(anchor: Anchor, text: str, start: int) -> bool:
    return text.startswith(anchor.exact, start)


def _context_intact(anchor: Anchor, text: str, start: int) -> bool:
    end = start + len(anchor.exact)
    # Same windows as _context_score, so "intact" means exactly "scores 100".
    return (
        start >= len(anchor.prefix)
        and text.startswith(anchor.prefix, start - len(anchor.prefix))
        and text.startswith(anchor.suffix, end)
    )


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How well the text around ``[start, end)`` matches the anchor's prefix and suffix."""
    from rapidfuzz import fuzz

    expected = anchor.prefix + anchor.suffix
    if not expected:
        return 100.0
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return fuzz.ratio(expected, before + after)


def _occurrences(text: str, quote: str, lo: int = 0, hi: int | None = None) -> Iterator[int]:
    """Start positions of (possibly overlapping) occurrences of ``quote`` in ``text[lo:hi]``."""
    end = len(text) if hi is None else hi
    pos = text.find(quote, lo, end)
    while pos != -1:
        yield pos
        pos = text.find(quote, pos + 1, end)


def _preview(quote: str, limit: int = 60) -> str:
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")


def _check_min_score(min_score: float) -> None:
    if not 0.0 <= min_score <= 100.0:
        raise ValueError(f"min_score must be within [0, 100], not {min_score}")
