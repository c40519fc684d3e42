"""The vectorised step 1 of re-anchoring agrees with the per-claim definitions."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.anchor import SHORT_QUOTE_LENGTH
from annotator.domain.carry import (
    GRAM,
    carried_starts,
    fresh_gram_flags,
    may_have_fresh_copy,
    widened,
)
from annotator.domain.textdiff import diff_texts

WORDS = ["Kyiv ", "Budapest ", "talks ", "said ", "the ", "Putin ", "\n", "“", "é ", "😀 "]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=80).map("".join)


def grams_of(quote: str) -> list[str]:
    return [quote[k : k + GRAM] for k in range(0, len(quote) - GRAM + 1, GRAM)]


@settings(max_examples=80, deadline=None)
@given(old=texts, new=texts, data=st.data())
def test_carried_starts_and_fresh_copies_match_their_definitions(
    old: str, new: str, data: st.DataObject
) -> None:
    text_map = diff_texts(old, new)
    spans = []
    for _ in range(data.draw(st.integers(0, 12))):
        start = data.draw(st.integers(0, len(old) - 1))
        spans.append((start, data.draw(st.integers(start + 1, len(old)))))
    starts, ends = [s for s, _e in spans], [e for _s, e in spans]

    carried = carried_starts(text_map, starts, ends)
    assert carried == [
        -1 if (mapped := text_map.map_range(s, e)) is None else mapped for s, e in spans
    ]

    check_fresh_copies(old, new, spans)


def check_fresh_copies(old: str, new: str, spans: list[tuple[int, int]]) -> None:
    """``may_have_fresh_copy`` answers as its definition says, for every span of ``old``."""
    text_map = diff_texts(old, new)
    starts, ends = [s for s, _e in spans], [e for _s, e in spans]
    fresh_grams = {
        new[k : k + GRAM] for lo, hi in text_map.fresh for k in range(lo, hi - GRAM + 1)
    }
    maybe = may_have_fresh_copy(old, starts, ends, new, text_map.fresh)
    near = [new[lo:hi] for lo, hi in widened(text_map.fresh, 2 * GRAM, len(new))]
    near_grams = {piece[k : k + GRAM] for piece in near for k in range(len(piece) - GRAM + 1)}
    for (start, end), flag in zip(spans, maybe, strict=True):
        quote = old[start:end]
        if len(quote) < SHORT_QUOTE_LENGTH:
            assert flag
        elif len(quote) < 4 * GRAM:
            if not flag:  # it does not occur in or near the inserted text
                assert not any(quote in piece for piece in near)
            if all(quote[k : k + GRAM] in near_grams for k in range(len(quote) - GRAM + 1)):
                assert flag  # every gram of it does: never a miss
            elif quote[:GRAM] in near_grams:
                assert not flag  # one gram is not enough (the words differ in every byte)
        elif any(gram in fresh_grams for gram in grams_of(quote)):
            assert flag  # never a miss; a hash collision may only add a flag
        else:
            assert not flag
    long_enough = [(start, end) for start, end in spans if end - start >= GRAM]
    shares = fresh_gram_flags(
        old, [s for s, _e in long_enough], [e for _s, e in long_enough], new, text_map.fresh
    )
    for (start, end), flag in zip(long_enough, shares.tolist(), strict=True):
        quote = old[start:end]
        # At any offset; the words differ in every byte, so no collision adds a flag here.
        assert flag == any(
            quote[k : k + GRAM] in fresh_grams for k in range(len(quote) - GRAM + 1)
        )


@pytest.mark.parametrize("claims", [12, 3_000])
def test_few_and_many_claims_on_a_long_text_match_the_definitions(claims: int) -> None:
    # Few claims are read from their own words, many from the text a stretch at a time.
    rng = random.Random(claims)
    paragraphs = ["".join(rng.choices(WORDS, k=rng.randrange(5, 40))) + "\n" for _ in range(20)]
    old = "".join(rng.choices(paragraphs, k=3_000))  # paragraphs repeat, as in the bench
    cuts = sorted(rng.sample(range(len(old)), 60))
    pieces = [old[a:b] for a, b in zip([0, *cuts], [*cuts, len(old)], strict=True)]
    new = "".join(
        piece + (rng.choice(paragraphs) if k % 3 == 0 else "“pasted” 😀 words ")
        for k, piece in enumerate(pieces)
    )
    spans = []
    for _ in range(claims):
        start = rng.randrange(len(old) - 200)
        spans.append((start, start + rng.randrange(20, 150)))
    check_fresh_copies(old, new, spans)


def test_a_pasted_copy_is_flagged_and_untouched_text_is_not() -> None:
    paragraph = "The talks in Budapest were postponed until further notice, officials said.\n"
    other = "Kyiv said it had not been consulted about the meeting at any point so far.\n"
    old = paragraph + other
    new = paragraph + other + paragraph  # the edit wrote a second copy
    text_map = diff_texts(old, new)
    starts, ends = [0, len(paragraph)], [len(paragraph) - 1, len(old) - 1]
    assert carried_starts(text_map, starts, ends) == [0, len(paragraph)]
    assert may_have_fresh_copy(old, starts, ends, new, text_map.fresh) == [True, False]


def test_no_claims_and_no_inserted_text() -> None:
    text = "Nothing changed in this text at all, not one word of it."
    text_map = diff_texts(text, text)
    assert carried_starts(text_map, [], []) == []
    assert may_have_fresh_copy(text, [], [], text, text_map.fresh) == []
    assert may_have_fresh_copy(text, [0], [len(text)], text, text_map.fresh) == [False]


def test_a_copy_is_flagged_whatever_other_characters_the_texts_hold() -> None:
    # The old text holds a character beyond U+FFFF, the inserted text does not: a quote
    # with curly quotes in it must read the same in both.
    paragraph = "Kyiv said “the talks in Budapest were postponed” until further notice.\n"
    for before in ("😀\n", "é\n", ""):
        old = before + paragraph
        new = old + paragraph
        text_map = diff_texts(old, new)
        start = len(before) + paragraph.index("“")
        for end in (start + SHORT_QUOTE_LENGTH + 2, start + 4 * GRAM + 3):
            assert may_have_fresh_copy(old, [start], [end], new, text_map.fresh) == [True]
