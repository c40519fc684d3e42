"""Which check-worthy suggestions are still open in an article: not dismissed by the editor,
not already covered by a claim. Qt-free; the article view draws what this returns."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence

from annotator.evidence.checkworthy import Suggestion


def sentence_key(sentence: str) -> str:
    """A short, stable key of a sentence's words (whitespace-insensitive), so a dismissal
    survives a restart and a new version of the article that moved the sentence."""
    words = " ".join(sentence.split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def open_suggestions(suggestions: Sequence[Suggestion], claims: Iterable[tuple[int, int]],
                     dismissed: Collection[str]) -> list[Suggestion]:
    """The suggestions (in reading order) that overlap no claim span ``(start, end)`` and
    whose sentence key is not in ``dismissed``."""
    covered = _merged((s, e) for s, e in claims if e > s)
    ends = [e for _, e in covered]
    found = []
    for suggestion in suggestions:
        i = bisect_left(ends, suggestion.start + 1)  # first covered span ending after start
        if i < len(covered) and covered[i][0] < suggestion.end:
            continue
        if dismissed and sentence_key(suggestion.text) in dismissed:
            continue
        found.append(suggestion)
    return found
