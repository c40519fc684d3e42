"""Anchors: creation, occurrence lookup and re-resolution against edited texts."""
# ruff: noqa: RUF001  (curly quotes, fullwidth and Fraktur letters are the test data)

import hashlib
import re
from pathlib import Path

import pytest

from annotator.domain.anchor import (
    CONTEXT_LENGTH,
    DEFAULT_MIN_SCORE,
    Anchor,
    AnchorState,
    Resolution,
    find_occurrence,
    make_anchor,
    resolve,
    resolve_many,
    text_sha256,
)

SAMPLE_PATH = (
    Path(__file__).resolve().parents[2] / "resources" / "samples" / "004_c41784a00cd0d9a4.txt"
)
ARTICLE = SAMPLE_PATH.read_text(encoding="utf-8")

RUBIO = (
    "Trump spoke to his Russian counterpart on Thursday via phone call, in which they "
    "“agreed that there will be a meeting” between Russian diplomats and a team led by "
    "U.S. Secretary of State Marco Rubio next week."
)
WEEKS = (
    "Weeks passed as Russia continued to bombard Ukraine without even making a pass "
    "at further negotiations."
)

MULTILINGUAL = (
    "Intro 👍🏽 line.\n"
    "事实核查：这是一个“测试”。 The flag 🇺🇦 stands — it’s “fine”.\n"
    "Closing 😀 words."
)


def anchor_on(text: str, quote: str, occurrence: int = 1) -> Anchor:
    return make_anchor(text, *find_occurrence(text, quote, occurrence))


def test_article_fixture_holds_the_quotes() -> None:
    assert ARTICLE.count(RUBIO) == 1
    assert ARTICLE.count(WEEKS) == 1


# --- text_sha256 ---------------------------------------------------------------------------


def test_sha256_is_of_utf8_bytes() -> None:
    assert text_sha256(MULTILINGUAL) == hashlib.sha256(MULTILINGUAL.encode("utf-8")).hexdigest()
    assert text_sha256("") == hashlib.sha256(b"").hexdigest()


# --- make_anchor ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "quote", ["👍🏽", "🇺🇦", "事实核查", "“测试”", "— it’s “fine”", "😀 words."]
)
def test_make_anchor_on_non_ascii_text(quote: str) -> None:
    start = MULTILINGUAL.index(quote)
    anchor = make_anchor(MULTILINGUAL, start, start + len(quote))
    assert (anchor.start, anchor.end) == (start, start + len(quote))
    assert MULTILINGUAL[anchor.start : anchor.end] == anchor.exact == quote
    assert anchor.prefix == MULTILINGUAL[max(0, start - CONTEXT_LENGTH) : start]
    assert anchor.suffix == MULTILINGUAL[anchor.end : anchor.end + CONTEXT_LENGTH]
    assert anchor.doc_sha256 == hashlib.sha256(MULTILINGUAL.encode("utf-8")).hexdigest()


def test_make_anchor_context_is_limited_and_clipped_at_edges() -> None:
    start = ARTICLE.index(RUBIO)
    anchor = make_anchor(ARTICLE, start, start + len(RUBIO))
    assert len(anchor.prefix) == len(anchor.suffix) == CONTEXT_LENGTH
    first = make_anchor(ARTICLE, 0, 5)
    assert first.prefix == ""
    assert first.exact == "Trump"
    last = make_anchor(ARTICLE, len(ARTICLE) - 8, len(ARTICLE))
    assert last.suffix == ""


def test_make_anchor_trims_surrounding_whitespace() -> None:
    text = "Alpha beta.\n\n  Gamma delta  \n\nEpsilon."
    start = text.index("\n\n  Gamma")
    end = text.index("\n\nEpsilon") + 1
    anchor = make_anchor(text, start, end)
    assert anchor.exact == "Gamma delta"
    assert anchor.start == text.index("Gamma")
    assert anchor.end == text.index("Gamma") + len("Gamma delta")


@pytest.mark.parametrize(("start", "end"), [(3, 3), (5, 2), (-1, 4), (0, 999)])
def test_make_anchor_rejects_bad_ranges(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="empty or outside"):
        make_anchor("short text", start, end)


def test_make_anchor_rejects_whitespace_only_selection() -> None:
    with pytest.raises(ValueError, match="only whitespace"):
        make_anchor("one  \n\t two", 3, 8)


def test_anchor_rejects_inconsistent_selectors() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        Anchor(start=0, end=3, exact="four", prefix="", suffix="", doc_sha256="x")
    with pytest.raises(ValueError, match="non-empty"):
        Anchor(start=0, end=0, exact="", prefix="", suffix="", doc_sha256="x")


# --- find_occurrence -----------------------------------------------------------------------


def test_find_occurrence_counts_from_one() -> None:
    positions = [m.start() for m in re.finditer("Hungary", ARTICLE)]
    assert len(positions) == 3
    for n, pos in enumerate(positions, start=1):
        assert find_occurrence(ARTICLE, "Hungary", n) == (pos, pos + len("Hungary"))
    assert find_occurrence(ARTICLE, "Hungary") == (positions[0], positions[0] + 7)


def test_find_occurrence_on_non_ascii() -> None:
    start, end = find_occurrence(MULTILINGUAL, "🇺🇦")
    assert MULTILINGUAL[start:end] == "🇺🇦"
    assert start == MULTILINGUAL.index("🇺🇦")


def test_find_occurrence_counts_overlaps() -> None:
    assert find_occurrence("aaa", "aa", 2) == (1, 3)


def test_find_occurrence_errors() -> None:
    with pytest.raises(LookupError, match="not found"):
        find_occurrence(ARTICLE, "Vienna")
    with pytest.raises(LookupError, match="occurs 3 time"):
        find_occurrence(ARTICLE, "Hungary", 4)
    with pytest.raises(ValueError, match="empty"):
        find_occurrence(ARTICLE, "")
    with pytest.raises(ValueError, match="1 or more"):
        find_occurrence(ARTICLE, "Hungary", 0)


# --- resolve -------------------------------------------------------------------------------


def test_untouched_text_is_anchored() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    result = resolve(anchor, ARTICLE)
    assert result == Resolution(AnchorState.ANCHORED, anchor.start, anchor.end, 100.0)


def test_edit_after_the_quote_keeps_it_anchored() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    edited = ARTICLE + "\n\nCorrection appended later."
    assert resolve(anchor, edited).state is AnchorState.ANCHORED


def test_insertion_before_the_quote_moves_it() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    insertion = "EDITOR’S NOTE: this story was updated 👍🏽.\n\n"
    edited = insertion + ARTICLE
    result = resolve(anchor, edited)
    assert result.state is AnchorState.MOVED
    assert result.start == anchor.start + len(insertion)
    assert result.end == anchor.end + len(insertion)
    assert result.score == 100.0


def test_corrected_word_inside_the_quote_is_fuzzy() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    corrected = RUBIO.replace("on Thursday via", "on Wednesday by")
    edited = ARTICLE.replace(RUBIO, corrected)
    result = resolve(anchor, edited)
    assert result.state is AnchorState.FUZZY
    expected_start = edited.index(corrected)
    assert (result.start, result.end) == (expected_start, expected_start + len(corrected))
    assert DEFAULT_MIN_SCORE <= result.score < 100.0


def test_corrected_last_word_is_covered_whole() -> None:
    anchor = anchor_on(ARTICLE, WEEKS)
    corrected = WEEKS.replace("further negotiations.", "further peace talks.")
    edited = "New lede.\n\n" + ARTICLE.replace(WEEKS, corrected)
    result = resolve(anchor, edited)
    assert result.state is AnchorState.FUZZY
    assert result.start is not None and result.end is not None
    assert edited[result.start : result.end] == corrected


def test_rewritten_ending_is_covered_up_to_the_intact_context() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    corrected = RUBIO.replace("next week.", "in the coming days.")
    edited = ARTICLE.replace(RUBIO, corrected)
    result = resolve(anchor, edited)
    assert result.state is AnchorState.FUZZY
    expected_start = edited.index(corrected)
    assert (result.start, result.end) == (expected_start, expected_start + len(corrected))


def test_text_inserted_next_to_an_edited_quote_is_not_swallowed() -> None:
    anchor = anchor_on(ARTICLE, WEEKS)
    corrected = WEEKS.replace("bombard", "shell")
    edited = ARTICLE.replace(WEEKS, "(AP) " + corrected + " (Reuters)")
    result = resolve(anchor, edited)
    assert result.state is AnchorState.FUZZY
    expected_start = edited.index(corrected)
    assert (result.start, result.end) == (expected_start, expected_start + len(corrected))


def test_fuzzy_needs_min_score() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    edited = ARTICLE.replace("on Thursday via", "on Wednesday by")
    assert resolve(anchor, edited, min_score=100.0).state is AnchorState.ORPHANED
    with pytest.raises(ValueError, match="min_score"):
        resolve(anchor, edited, min_score=120.0)


def test_edited_quote_moved_far_away_is_found() -> None:
    paragraphs = ARTICLE.split("\n\n")
    index = next(i for i, p in enumerate(paragraphs) if RUBIO in p)
    moved = paragraphs[index]
    rest = paragraphs[:index] + paragraphs[index + 1 :]
    corrected = RUBIO.replace("on Thursday via", "on Wednesday by")
    edited = "\n\n".join([*rest, moved.replace(RUBIO, corrected)])
    anchor = anchor_on(ARTICLE, RUBIO)
    expected_start = edited.index(corrected)
    assert expected_start - anchor.start > 4_000  # well outside any local neighbourhood
    result = resolve(anchor, edited)
    assert result.state is AnchorState.FUZZY
    assert (result.start, result.end) == (expected_start, expected_start + len(corrected))


def test_duplicated_paragraph_resolves_to_the_copy_with_matching_context() -> None:
    quote = "The two leaders spoke for over an hour"
    paragraph = quote + ", both the White House and the Kremlin confirmed."
    head = "Background: an earlier call.\n\n"
    middle = "\n\nThe rest of the story follows here, with no repeat of the line.\n\n"
    original = head + paragraph + middle + "Recap: " + paragraph + "\n\nEnd."
    anchor = anchor_on(original, quote, occurrence=2)
    assert anchor.prefix.endswith("Recap: ")

    # Padding as long as the gap between the copies puts the *first* copy exactly where the
    # anchored one was, so only the context can tell them apart.
    gap = original.index(quote, original.index(quote) + 1) - original.index(quote)
    padding = ("x" * (gap - 2)) + "\n\n"
    edited = padding + original
    first = edited.index(quote)
    second = edited.index(quote, first + 1)
    assert first == anchor.start
    assert second == anchor.start + len(padding)

    result = resolve(anchor, edited)
    assert result.state is AnchorState.MOVED
    assert (result.start, result.end) == (second, second + len(quote))


def test_duplicate_with_fuzzy_context_still_prefers_the_better_context() -> None:
    quote = "Russia continued to bombard Ukraine"
    copy_a = "In March " + quote + " while envoys met in Riyadh."
    copy_b = "By October " + quote + " as talks stalled in Istanbul."
    original = copy_a + "\n\n" + copy_b
    anchor = anchor_on(original, quote, occurrence=2)
    # Both contexts are edited, copy_b's only slightly; copy_a moves next to the old place.
    edited = (
        "By November " + quote + " while envoys met in Riyadh.\n\n"
        "By Octobre " + quote + " as talks stalled in Istanbul."
    )
    second = edited.index(quote, edited.index(quote) + 1)
    result = resolve(anchor, edited)
    assert result.state is AnchorState.MOVED
    assert result.start == second


def test_deleted_quote_is_orphaned() -> None:
    anchor = anchor_on(ARTICLE, RUBIO)
    edited = ARTICLE.replace(RUBIO, "")
    result = resolve(anchor, edited)
    assert result == Resolution(AnchorState.ORPHANED, None, None, 0.0)


def test_deleted_paragraph_with_similar_neighbours_is_orphaned() -> None:
    anchor = anchor_on(ARTICLE, WEEKS)
    edited = ARTICLE.replace(WEEKS + "\n\n", "")
    assert WEEKS not in edited
    assert resolve(anchor, edited).state is AnchorState.ORPHANED


def test_short_quote_not_in_text_is_orphaned() -> None:
    anchor = anchor_on(ARTICLE, "Budapest")
    edited = ARTICLE.replace("Budapest", "Vienna")
    assert resolve(anchor, edited).state is AnchorState.ORPHANED


def test_short_quote_does_not_jump_to_an_unrelated_occurrence() -> None:
    sentence = "Putin may have used the Thursday phone call to make yet another appeal"
    paragraph_start = ARTICLE.index(sentence)
    paragraph_end = ARTICLE.index("\n\n", paragraph_start) + 2
    anchor = anchor_on(ARTICLE, "Gaza")
    assert paragraph_start < anchor.start < paragraph_end
    edited = (
        ARTICLE[:paragraph_start]
        + ARTICLE[paragraph_end:]
        + "\n\nWeather: rain is expected in Gaza on Sunday."
    )
    assert "Gaza" in edited
    assert resolve(anchor, edited).state is AnchorState.ORPHANED


def test_three_letter_quote_does_not_fuzzy_match_elsewhere() -> None:
    title_end = ARTICLE.index("\n")
    anchor = anchor_on(ARTICLE, "war")
    assert anchor.end < title_end
    edited = ARTICLE[title_end:].lstrip("\n")
    assert "war" in edited
    assert resolve(anchor, edited).state is AnchorState.ORPHANED


def test_short_quote_with_intact_context_survives_a_small_correction() -> None:
    anchor = anchor_on(ARTICLE, "Budapest")
    edited = ARTICLE.replace("Budapest", "Budapesht")
    result = resolve(anchor, edited)
    assert result.state is AnchorState.FUZZY
    expected = edited.index("Budapesht")
    assert (result.start, result.end) == (expected, expected + len("Budapesht"))


def test_resolution_on_multilingual_text_uses_code_points() -> None:
    anchor = anchor_on(MULTILINGUAL, "事实核查：这是一个“测试”。")
    insertion = "🇺🇦🇺🇦 new 👍🏽 text\n"
    edited = insertion + MULTILINGUAL
    result = resolve(anchor, edited)
    assert result.state is AnchorState.MOVED
    assert result.start == anchor.start + len(insertion)
    assert result.start is not None and result.end is not None
    assert edited[result.start : result.end] == anchor.exact


# --- resolve_many ----------------------------------------------------------------------------


def _sentence_anchors(text: str) -> list[Anchor]:
    sha = text_sha256(text)
    spans = [m.span() for m in re.finditer(r"[^.!?\n]{12,}[.!?]", text)]
    unique = [(s, e) for s, e in spans if text.count(text[s:e]) == 1]
    return [make_anchor(text, s, e, doc_sha256=sha) for s, e in unique]


def test_resolve_many_shifts_everything_after_an_insertion() -> None:
    anchors = _sentence_anchors(ARTICLE)
    assert len(anchors) > 30
    cut = ARTICLE.index(WEEKS)
    insertion = "A brand new paragraph, inserted by the editor — “with quotes” 😀.\n\n"
    edited = ARTICLE[:cut] + insertion + ARTICLE[cut:]
    results = resolve_many(anchors, edited)
    assert len(results) == len(anchors)
    for anchor, result in zip(anchors, results, strict=True):
        shift = len(insertion) if anchor.start >= cut else 0
        assert (result.start, result.end) == (anchor.start + shift, anchor.end + shift)
        expected = AnchorState.MOVED if shift else AnchorState.ANCHORED
        assert result.state is expected


def test_resolve_many_agrees_with_resolve_and_keeps_order() -> None:
    first_version = ARTICLE
    second_version = "Update 👍🏽\n\n" + ARTICLE.replace("Thursday via phone", "Wednesday by phone")
    anchors = _sentence_anchors(first_version) + _sentence_anchors(second_version)[1::3]
    anchors.reverse()  # not in position order, two source texts mixed
    edited = "Top.\n\n" + second_version.replace(WEEKS, "").replace(
        "Kremlin confirmed", "Kremlin said"
    ).replace("Hungary", "Hungary, ")
    expected = [resolve(anchor, edited) for anchor in anchors]
    assert resolve_many(anchors, edited) == expected
    states = {r.state for r in expected}
    assert {AnchorState.MOVED, AnchorState.FUZZY, AnchorState.ORPHANED} <= states


def test_resolve_many_on_unchanged_text_is_all_anchored() -> None:
    anchors = _sentence_anchors(ARTICLE)
    results = resolve_many(anchors, ARTICLE)
    assert all(r.state is AnchorState.ANCHORED for r in results)
    assert [(r.start, r.end) for r in results] == [(a.start, a.end) for a in anchors]


def test_resolve_many_empty() -> None:
    assert resolve_many([], ARTICLE) == []
