"""Re-anchoring claims into a new version of their text, guided by a diff of the versions."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.anchor import (
    Anchor,
    AnchorState,
    Resolution,
    make_anchor,
    resolve,
    text_sha256,
)
from annotator.domain.reanchor import reanchor_all, reanchor_many
from tests.domain.test_anchor import ARTICLE, anchor_on

PARAGRAPHS = ARTICLE.split("\n\n")

WEEKS = "Weeks passed as Russia continued to bombard Ukraine"
WEEKS_SENTENCE = (
    "Weeks passed as Russia continued to bombard Ukraine without even making a pass "
    "at further negotiations."
)
LONG = max(PARAGRAPHS, key=len)  # a paragraph of about 600 code points
MIDDLE = LONG[250:330].strip()  # a quote in its middle: its context lies inside the paragraph too


def one(anchor: Anchor, old: str, new: str) -> Resolution:
    [result] = reanchor_many([anchor], old, new)
    return result


def paragraph_index(quote: str) -> int:
    return next(i for i, paragraph in enumerate(PARAGRAPHS) if quote in paragraph)


def test_fixture_quotes_are_unique() -> None:
    assert ARTICLE.count(WEEKS_SENTENCE) == 1
    assert ARTICLE.count(MIDDLE) == 1
    assert len(LONG) > 500


def test_unchanged_text_keeps_every_claim() -> None:
    anchors = [anchor_on(ARTICLE, WEEKS), anchor_on(ARTICLE, MIDDLE)]
    results = reanchor_many(anchors, ARTICLE, ARTICLE)
    assert [r.state for r in results] == [AnchorState.ANCHORED] * 2
    assert [(r.start, r.end) for r in results] == [(a.start, a.end) for a in anchors]


def test_inserted_paragraph_moves_the_claims_after_it() -> None:
    before, after = anchor_on(ARTICLE, PARAGRAPHS[1][:40]), anchor_on(ARTICLE, WEEKS)
    insertion = "Editor's note: this article was updated with new figures.\n\n"
    cut = ARTICLE.index(PARAGRAPHS[3])
    new = ARTICLE[:cut] + insertion + ARTICLE[cut:]
    first, second = reanchor_many([before, after], ARTICLE, new)
    assert first == Resolution(AnchorState.ANCHORED, before.start, before.end, 100.0)
    assert second == Resolution(
        AnchorState.MOVED, after.start + len(insertion), after.end + len(insertion), 100.0
    )


def test_corrected_word_inside_a_claim_is_fuzzy_in_place() -> None:
    anchor = anchor_on(ARTICLE, WEEKS_SENTENCE)
    new = ARTICLE.replace("bombard", "shell")
    result = one(anchor, ARTICLE, new)
    assert result.state is AnchorState.FUZZY
    assert result.start == anchor.start
    assert new[result.start : result.end] == WEEKS_SENTENCE.replace("bombard", "shell")
    assert 80 <= result.score < 100


def test_deleted_sentence_is_orphaned() -> None:
    anchor = anchor_on(ARTICLE, WEEKS_SENTENCE)
    result = one(anchor, ARTICLE, ARTICLE.replace(WEEKS_SENTENCE, ""))
    assert result == Resolution(AnchorState.ORPHANED, None, None, 0.0)


def test_duplicated_paragraph_makes_a_claim_in_it_ambiguous() -> None:
    anchor = anchor_on(ARTICLE, MIDDLE)
    i = paragraph_index(MIDDLE)
    new = "\n\n".join([*PARAGRAPHS[: i + 1], LONG, *PARAGRAPHS[i + 1 :]])
    result = one(anchor, ARTICLE, new)
    assert result.state is AnchorState.AMBIGUOUS
    first, second = (new.index(MIDDLE), new.index(MIDDLE, new.index(MIDDLE) + 1))
    assert set(result.candidates) == {(first, first + len(MIDDLE)), (second, second + len(MIDDLE))}
    assert (result.start, result.end) == result.candidates[0]
    assert result.state.needs_attention


def test_duplicated_paragraph_keeps_a_claim_whose_context_tells_the_copies_apart() -> None:
    # The claim opens its paragraph: only the first copy is still preceded by the same words.
    anchor = anchor_on(ARTICLE, WEEKS)
    i = paragraph_index(WEEKS)
    new = "\n\n".join([*PARAGRAPHS[: i + 1], PARAGRAPHS[i], *PARAGRAPHS[i + 1 :]])
    result = one(anchor, ARTICLE, new)
    assert result == Resolution(AnchorState.ANCHORED, anchor.start, anchor.end, 100.0)


def test_moved_paragraph_is_followed() -> None:
    anchor = anchor_on(ARTICLE, WEEKS_SENTENCE)
    i = paragraph_index(WEEKS)
    rest = PARAGRAPHS[:i] + PARAGRAPHS[i + 1 :]
    new = "\n\n".join([*rest[:20], PARAGRAPHS[i], *rest[20:]])
    result = one(anchor, ARTICLE, new)
    assert result.state is AnchorState.MOVED
    assert result.start == new.index(WEEKS_SENTENCE)


def test_moved_and_corrected_paragraph_is_fuzzy() -> None:
    anchor = anchor_on(ARTICLE, WEEKS_SENTENCE)
    i = paragraph_index(WEEKS)
    rest = PARAGRAPHS[:i] + PARAGRAPHS[i + 1 :]
    new = "\n\n".join([*rest[:20], PARAGRAPHS[i].replace("bombard", "shell"), *rest[20:]])
    result = one(anchor, ARTICLE, new)
    assert result.state is AnchorState.FUZZY
    assert result.start == new.index("Weeks passed")


def test_moved_paragraph_written_twice_is_ambiguous() -> None:
    anchor = anchor_on(ARTICLE, MIDDLE)
    i = paragraph_index(MIDDLE)
    rest = PARAGRAPHS[:i] + PARAGRAPHS[i + 1 :]
    new = "\n\n".join([*rest[:5], LONG, *rest[5:20], LONG, *rest[20:]])
    result = one(anchor, ARTICLE, new)
    assert result.state is AnchorState.AMBIGUOUS
    assert len(result.candidates) == 2


# --- text whose paragraphs repeat --------------------------------------------------------

REPEATED = "\n\n".join(PARAGRAPHS[2:8] * 4)


def test_untouched_claims_in_repeated_text_stay_on_their_own_copy() -> None:
    quote = PARAGRAPHS[4][:60]
    anchors = [anchor_on(REPEATED, quote, k) for k in (1, 2, 3, 4)]
    # A paragraph deleted in the first copy, a word corrected in the second.
    new = REPEATED.replace(PARAGRAPHS[3] + "\n\n", "", 1)
    cut = new.index(PARAGRAPHS[2], 10)
    new = new[:cut] + new[cut:].replace("the", "THE", 1)
    results = reanchor_many(anchors, REPEATED, new)
    starts = [new.index(quote)]
    for _ in range(3):
        starts.append(new.index(quote, starts[-1] + 1))
    assert [r.state for r in results] == [AnchorState.MOVED] * 4
    assert [r.start for r in results] == starts


def test_quote_only_resolve_picks_another_copy_where_the_diff_does_not() -> None:
    # Why the diff is needed: after an insertion longer than half a copy, the same words in
    # the previous copy are closer to the old position than the claim's own copy.
    quote = PARAGRAPHS[4][:60]
    anchor = anchor_on(REPEATED, quote, 3)
    period = REPEATED.index(PARAGRAPHS[2], 10)
    insertion = "Update: " + "new reporting was added to this story. " * (period // 50) + "\n\n"
    assert period / 2 < len(insertion) < period
    new = insertion + REPEATED
    truth = anchor.start + len(insertion)
    [result] = reanchor_many([anchor], REPEATED, new)
    assert (result.state, result.start) == (AnchorState.MOVED, truth)
    assert resolve(anchor, new).start != truth  # quote and context alone: the wrong copy


def test_deleted_sentence_present_in_another_copy_is_orphaned_not_moved() -> None:
    anchor = anchor_on(REPEATED, PARAGRAPHS[5], 2)
    start = anchor.start
    new = REPEATED[:start] + REPEATED[anchor.end :]
    result = one(anchor, REPEATED, new)
    assert result.state is AnchorState.ORPHANED
    assert PARAGRAPHS[5] in new  # the other copies are still there, and are not taken


def test_anchor_from_an_older_version_is_looked_for_in_new_text_only() -> None:
    older = anchor_on(ARTICLE, WEEKS_SENTENCE)
    middle_version = ARTICLE.replace(WEEKS_SENTENCE, "")
    restored = ARTICLE
    assert one(older, middle_version, restored) == Resolution(
        AnchorState.ANCHORED, older.start, older.end, 100.0
    )
    # ... and not re-attached to a copy that was already there.
    duplicated = ARTICLE + "\n\n" + WEEKS_SENTENCE
    result = one(older, duplicated, duplicated + "\n\nMore.")
    assert result.state is AnchorState.ORPHANED


def test_short_quote_with_changed_context_is_not_kept_blindly() -> None:
    text = "Alpha beta gamma. The vote was 52 to 48 yesterday. Delta epsilon zeta."
    anchor = anchor_on(text, "52")
    new = text.replace("The vote was 52 to 48 yesterday.", "Results: 52 dogs and 48 cats.")
    result = one(anchor, text, new)
    assert result.state in {AnchorState.ORPHANED, AnchorState.FUZZY}
    assert result.state is not AnchorState.MOVED


def test_reanchor_many_keeps_input_order_and_mixes_texts() -> None:
    anchors = [anchor_on(ARTICLE, MIDDLE), anchor_on(ARTICLE, WEEKS)]
    anchors.reverse()
    new = "Top.\n\n" + ARTICLE
    results = reanchor_many(anchors, ARTICLE, new)
    assert [r.start for r in results] == [a.start + 6 for a in anchors]


def test_min_score_is_checked() -> None:
    with pytest.raises(ValueError, match="min_score"):
        reanchor_many([], ARTICLE, ARTICLE, min_score=101)


# --- property: untouched claims follow their words -----------------------------------------

_INSERTED = "§¤0123456789"  # characters the text never holds: insertions copy nothing


@st.composite
def edits(draw: st.DrawFn, length: int) -> list[tuple[int, int, str]]:
    """Up to 12 edits (position, deleted length, inserted text), applied in order."""
    count = draw(st.integers(1, 12))
    result = []
    for _ in range(count):
        pos = draw(st.integers(0, length))
        deleted = draw(st.integers(0, min(4, length - pos)))
        inserted = draw(st.text(alphabet=_INSERTED, max_size=6))
        result.append((pos, deleted, inserted))
        length += len(inserted) - deleted
    return result


def _apply(
    text: str, spans: list[tuple[int, int]], changes: list[tuple[int, int, str]]
) -> tuple[str, list[tuple[int, int] | None]]:
    """The edited text and where each span went (None when an edit touched it)."""
    where: list[tuple[int, int] | None] = list(spans)
    for pos, deleted, inserted in changes:
        text = text[:pos] + inserted + text[pos + deleted :]
        for k, span in enumerate(where):
            if span is None:
                continue
            start, end = span
            if pos + deleted <= start:
                shift = len(inserted) - deleted
                where[k] = (start + shift, end + shift)
            elif pos < end:
                where[k] = None
    return text, where


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_untouched_claims_follow_their_words(data: st.DataObject) -> None:
    text = REPEATED
    sha = text_sha256(text)
    spans = [(s, s + 40) for s in range(0, len(text) - 60, 97) if not text[s : s + 40].isspace()]
    anchors = [make_anchor(text, s, e, doc_sha256=sha) for s, e in spans]
    spans = [(a.start, a.end) for a in anchors]
    new, truth = _apply(text, spans, data.draw(edits(len(text))))
    results = reanchor_many(anchors, text, new)
    for anchor, where, result in zip(anchors, truth, results, strict=True):
        if result.state in {AnchorState.ANCHORED, AnchorState.MOVED}:
            assert result.start is not None
            assert new[result.start : result.end] == anchor.exact
        if where is not None:  # untouched: exactly where its words went
            assert result.state in {AnchorState.ANCHORED, AnchorState.MOVED}
            assert (result.start, result.end) == where


# --- the compact result ----------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_compact_result_reads_like_one_resolution_per_claim(data: st.DataObject) -> None:
    """Untouched claims are kept as arrays: read back one by one they are the resolutions
    of the claims (exactly where their words went), the counts of states agree, and where
    the context is said to be kept, make_anchor cuts the same prefix and suffix."""
    text = REPEATED
    sha = text_sha256(text)
    spans = [(s, s + 40) for s in range(0, len(text) - 60, 61) if not text[s : s + 40].isspace()]
    anchors = [make_anchor(text, s, e, doc_sha256=sha) for s, e in spans]
    new, truth = _apply(text, [(a.start, a.end) for a in anchors], data.draw(edits(len(text))))
    outcome = reanchor_all(anchors, text, new, old_sha256=sha)

    results = outcome.resolutions()
    assert len(outcome) == len(results) == len(anchors)
    assert outcome.states() == Counter(result.state for result in results)
    untouched = set(outcome.untouched().tolist())
    assert untouched.isdisjoint(outcome.others)
    assert untouched | set(outcome.others) == set(range(len(anchors)))
    kept = outcome.context_kept()
    new_sha = text_sha256(new)
    for k in untouched:
        result = outcome[k]
        assert result.state in {AnchorState.ANCHORED, AnchorState.MOVED}
        assert new[result.start : result.end] == anchors[k].exact
        if truth[k] is not None:  # untouched by the edit: exactly where its words went
            assert (result.start, result.end) == truth[k]
        if kept[k]:
            assert result.start is not None and result.end is not None
            cut = make_anchor(new, result.start, result.end, doc_sha256=new_sha)
            assert (cut.exact, cut.prefix, cut.suffix) == (
                anchors[k].exact, anchors[k].prefix, anchors[k].suffix
            )
    assert not kept[sorted(outcome.others)].any()


def test_context_is_new_next_to_an_edit_and_at_the_ends_of_the_text() -> None:
    anchors = [anchor_on(ARTICLE, WEEKS), anchor_on(ARTICLE, MIDDLE)]
    first, last = make_anchor(ARTICLE, 0, 20), make_anchor(ARTICLE, len(ARTICLE) - 20, len(ARTICLE))
    anchors += [first, last]
    weeks = ARTICLE.index(WEEKS)
    new = ARTICLE[: weeks - 3] + "Two" + ARTICLE[weeks:] + "\n\nAn added last line."
    outcome = reanchor_all(anchors, ARTICLE, new)
    assert outcome.context_kept().tolist() == [False, True, True, False]
    assert [r.state for r in outcome.resolutions()] == [AnchorState.ANCHORED] * 4
