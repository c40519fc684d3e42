"""The diff of two versions of a text, as a map of positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import textdiff
from annotator.domain.textdiff import Block, TextMap, diff_texts
from tests.domain.test_anchor import ARTICLE


def check_map(old: str, new: str, text_map: TextMap) -> None:
    """Blocks hold equal text, increase on both sides, and fresh is what they leave out."""
    previous_old = previous_new = 0
    covered = 0
    for block in text_map.blocks:
        assert block.size > 0
        assert block.old_start >= previous_old and block.new_start >= previous_new
        assert (
            old[block.old_start : block.old_start + block.size]
            == (new[block.new_start : block.new_start + block.size])
        )
        previous_old, previous_new = block.old_start + block.size, block.new_start + block.size
        covered += block.size
    assert covered + sum(hi - lo for lo, hi in text_map.fresh) == len(new)


def test_identical_texts_are_one_block() -> None:
    text = "One line.\nAnother line.\n"
    text_map = diff_texts(text, text)
    assert text_map.blocks == (Block(0, 0, len(text)),)
    assert text_map.fresh == ()
    assert text_map.map_range(4, 8) == 4


def test_inserted_line_is_fresh_and_shifts_what_follows() -> None:
    old = "First paragraph here.\n\nSecond paragraph here.\n"
    new = "First paragraph here.\n\nInserted words.\n\nSecond paragraph here.\n"
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    second = old.index("Second")
    assert text_map.map_range(second, second + 6) == new.index("Second")
    assert "".join(new[lo:hi] for lo, hi in text_map.fresh) == "Inserted words.\n\n"
    assert text_map.is_fresh(new.index("Inserted"), new.index("Inserted") + 3)
    assert not text_map.is_fresh(0, 5)


def test_corrected_word_maps_its_neighbours_exactly_and_itself_to_its_replacement() -> None:
    line = "Weeks passed as Russia continued to bombard Ukraine without a pause.\n"
    old = line * 3
    new = line + line.replace("bombard", "shell") + line
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    word = len(line) + line.index("bombard")
    assert text_map.map_range(word, word + 7) is None
    lo, hi = text_map.counterpart(word, word + 7)
    assert new[lo:hi] == "shell"
    assert text_map.map_range(2 * len(line), 3 * len(line)) == 2 * len(line) - 2


def test_single_line_text_is_aligned_by_sentences_and_words() -> None:
    sentences = [f"Sentence number {n} says something about the budget. " for n in range(300)]
    old = "".join(sentences)
    new = old.replace("number 150 says", "number 150 said").replace("number 7 ", "")
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    last = old.index("Sentence number 299")
    assert text_map.map_range(last, last + 20) == new.index("Sentence number 299")
    assert sum(hi - lo for lo, hi in text_map.fresh) <= 4


LINES = [f"Line {n} of the report, with its own words.\n" for n in range(200)]


def edited_report() -> tuple[str, str]:
    """200 numbered lines; line 30 corrected, line 120 deleted, a line inserted at 170."""
    edited = list(LINES)
    edited[30] = "A corrected line.\n"
    del edited[120]
    edited.insert(170, "An inserted line.\n")
    return "".join(LINES), "".join(edited)


def test_long_texts_are_aligned_window_by_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textdiff, "MAX_CELLS", 256)  # windows of 16 lines
    monkeypatch.setattr(textdiff, "MAX_REACH", 0)  # no walk: the levels alone
    old, new = edited_report()
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    for n in (0, 29, 31, 119, 121, 199):
        start = old.index(LINES[n])
        assert text_map.map_range(start, start + len(LINES[n])) == new.index(LINES[n])
    assert "An inserted line" in "".join(new[lo:hi] for lo, hi in text_map.fresh)


def test_a_window_with_nothing_in_common_stays_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textdiff, "MAX_CELLS", 256)
    monkeypatch.setattr(textdiff, "MAX_REACH", 0)  # no walk: the levels alone
    old = "".join(f"Old line {n}.\n" for n in range(40))
    new = "".join(f"New text {n}!\n" for n in range(40))
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    assert text_map.blocks == (Block(len(old) - 1, len(new) - 1, 1),)  # the last newline


def test_an_insertion_longer_than_a_window_widens_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(textdiff, "MAX_CELLS", 256)  # windows of 16 lines
    monkeypatch.setattr(textdiff, "MAX_REACH", 0)  # no walk: the levels alone
    lines = [f"Line {n} of the report, with its own words.\n" for n in range(60)]
    inserted = [f"New paragraph {n}, written for the correction.\n" for n in range(40)]
    old = "".join(lines)
    new = "".join(lines[:10] + inserted + lines[10:])
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    for n in (0, 9, 10, 30, 59):
        start = old.index(lines[n])
        assert text_map.map_range(start, start + len(lines[n])) == new.index(lines[n])
    assert "".join(new[lo:hi] for lo, hi in text_map.fresh) == "".join(inserted)


def test_counterpart_of_a_deleted_range_is_the_deletion_point() -> None:
    old = "Keep this. Drop this sentence entirely. Keep that.\n"
    new = "Keep this. Keep that.\n"
    text_map = diff_texts(old, new)
    drop = old.index("Drop")
    lo, hi = text_map.counterpart(drop, drop + 10)
    assert lo == hi == new.index("Keep that")


@settings(max_examples=150, deadline=None)
@given(
    old=st.text(alphabet="ab \n.xy", max_size=200),
    new=st.text(alphabet="ab \n.xz", max_size=200),
)
def test_any_two_texts_give_a_consistent_map(old: str, new: str) -> None:
    check_map(old, new, diff_texts(old, new))


# --- the walk along equal runs ---------------------------------------------------------------

def test_lines_that_differ_only_by_a_number_are_not_paired_one_line_off() -> None:
    """The next line (the same words, another number) agrees with a changed line on most
    of its code points: lines are aligned whole, so no line is paired with its neighbour."""
    old, new = edited_report()
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    for line in LINES:
        start = old.index(line)
        if line in new:
            assert text_map.map_range(start, start + len(line)) == new.index(line), line


def test_a_deleted_line_is_a_whole_line_as_a_line_diff_shows_it() -> None:
    old = "".join(LINES[:10])
    new = "".join(LINES[:4] + LINES[5:10])  # "Line 4 ..." deleted; "Line " begins both
    text_map = diff_texts(old, new)
    start = old.index(LINES[5])
    assert text_map.map_range(start, start + len(LINES[5])) == new.index(LINES[5])
    deleted = old.index(LINES[4])
    assert text_map.counterpart(deleted, deleted + len(LINES[4])) == (deleted, deleted)


def test_the_walk_keeps_repeated_paragraphs_on_their_own_copy() -> None:
    paragraph = (
        "The talks in Budapest were postponed until further notice, officials said on "
        "Tuesday, and no new date was set.\n\n"
    )
    old = paragraph * 40
    at = [len(paragraph) * k + 20 for k in (3, 11, 25)]
    new = old[: at[0]] + old[at[0] + 7 : at[1]] + "NEW WORDS " + old[at[1] : at[2]]
    new += "q" + old[at[2] + 1 :]  # a deletion, an insertion and a corrected letter
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    shift = {5: -7, 20: -7 + 10, 30: -7 + 10}
    for k, delta in shift.items():
        start = len(paragraph) * k
        assert text_map.map_range(start, start + len(paragraph)) == start + delta


def test_a_change_bigger_than_the_reach_is_left_to_the_levels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(textdiff, "MAX_REACH", 256)  # the first window only
    old = "".join(LINES[:40])
    inserted = "".join(f"Inserted paragraph {n}, new words.\n" for n in range(20))
    new = "".join(LINES[:10]) + inserted + "".join(LINES[10:40])
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    assert "".join(new[lo:hi] for lo, hi in text_map.fresh) == inserted
    start = old.index(LINES[39])
    assert text_map.map_range(start, start + len(LINES[39])) == new.index(LINES[39])


_NEW_CHARACTERS = "§¤0123456789"  # the article never holds them
REPEATED = "\n\n".join(ARTICLE.split("\n\n")[2:8] * 4)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_untouched_stretches_map_to_where_they_went(data: st.DataObject) -> None:
    """Sparse edits of a text whose paragraphs repeat (six paragraphs of the sample article,
    four times over): every stretch between two edits, away from them by a few code points
    (where the same change may be drawn elsewhere), maps exactly to where it went, never to
    another copy."""
    old = REPEATED
    count = data.draw(st.integers(1, 10))
    places = sorted(data.draw(st.lists(st.integers(0, len(old) - 1), min_size=count,
                                       max_size=count, unique=True)))
    edits: list[tuple[int, int, str]] = []
    for place in places:
        deleted = data.draw(st.integers(0, 6))
        inserted = data.draw(st.text(alphabet=_NEW_CHARACTERS, max_size=8))
        if edits and place < edits[-1][0] + edits[-1][1] + 1:
            continue
        edits.append((place, deleted, inserted))
    new, at, shift, stretches = "", 0, 0, []
    for place, deleted, inserted in edits:
        stretches.append((at, place, shift))
        new += old[at:place] + inserted
        at = min(len(old), place + deleted)
        shift += len(inserted) - (at - place)
    stretches.append((at, len(old), shift))
    new += old[at:]
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    margin = 8
    for lo, hi, delta in stretches:
        lo, hi = lo + (margin if lo else 0), hi - (margin if hi < len(old) else 0)
        if hi > lo:
            assert text_map.map_range(lo, hi) == lo + delta
