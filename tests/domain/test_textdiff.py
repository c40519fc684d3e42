"""The diff of two versions of a text, as a map of positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import textdiff
from annotator.domain.textdiff import Block, TextMap, diff_texts


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


def test_long_texts_are_aligned_window_by_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textdiff, "MAX_CELLS", 256)  # windows of 16 lines
    lines = [f"Line {n} of the report, with its own words.\n" for n in range(200)]
    old = "".join(lines)
    edited = list(lines)
    edited[30] = "A corrected line.\n"
    del edited[120]
    edited.insert(170, "An inserted line.\n")
    new = "".join(edited)
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    for n in (0, 29, 31, 119, 121, 199):
        start = old.index(lines[n])
        assert text_map.map_range(start, start + len(lines[n])) == new.index(lines[n])
    assert "An inserted line" in "".join(new[lo:hi] for lo, hi in text_map.fresh)


def test_a_window_with_nothing_in_common_stays_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textdiff, "MAX_CELLS", 256)
    old = "".join(f"Old line {n}.\n" for n in range(40))
    new = "".join(f"New text {n}!\n" for n in range(40))
    text_map = diff_texts(old, new)
    check_map(old, new, text_map)
    assert text_map.blocks == (Block(len(old) - 1, len(new) - 1, 1),)  # the last newline


def test_an_insertion_longer_than_a_window_widens_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(textdiff, "MAX_CELLS", 256)  # windows of 16 lines
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
