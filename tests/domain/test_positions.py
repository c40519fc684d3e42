"""Code-point <-> UTF-16 conversions, checked against Python's own UTF-16 encoder."""
# ruff: noqa: RUF001  (curly quotes, fullwidth and Fraktur letters are the test data)

import random

import pytest

from annotator.domain.positions import (
    Utf16Index,
    codepoint_to_utf16,
    utf16_length,
    utf16_to_codepoint,
)

MIXED = "Fact “check” — it’s 👍🏽 done 🇺🇦! 事实核查 ok\ne\u0301 (combining) 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👨‍👩‍👧 end"
SAMPLES = ["", "plain ascii", "事实核查", "👍🏽", "🇺🇦", "“quoted” — it’s", MIXED, "😀" * 5]


def oracle_utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def oracle_codepoint(text: str, u16: int) -> int:
    """Largest code-point offset whose UTF-16 offset does not exceed ``u16``."""
    return max(cp for cp in range(len(text) + 1) if oracle_utf16(text, cp) <= u16)


@pytest.mark.parametrize("text", SAMPLES)
def test_length_matches_encoder(text: str) -> None:
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2


def test_astral_characters_count_twice() -> None:
    assert utf16_length("👍🏽") == 4  # thumbs up + skin tone modifier, both astral
    assert utf16_length("🇺🇦") == 4  # two regional indicators
    assert utf16_length("事实核查") == 4  # BMP: one unit each
    assert utf16_length("“”’—") == 4


@pytest.mark.parametrize("text", SAMPLES)
def test_codepoint_to_utf16_matches_encoder(text: str) -> None:
    for cp in range(len(text) + 1):
        assert codepoint_to_utf16(text, cp) == oracle_utf16(text, cp)


@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip_from_codepoints(text: str) -> None:
    for cp in range(len(text) + 1):
        assert utf16_to_codepoint(text, codepoint_to_utf16(text, cp)) == cp


@pytest.mark.parametrize("text", SAMPLES)
def test_every_utf16_offset_maps_like_the_oracle(text: str) -> None:
    for u16 in range(len(text.encode("utf-16-le")) // 2 + 1):
        assert utf16_to_codepoint(text, u16) == oracle_codepoint(text, u16)


def test_offset_inside_surrogate_pair_snaps_to_character_start() -> None:
    text = "a👍b"
    assert utf16_to_codepoint(text, 1) == 1  # before the emoji
    assert utf16_to_codepoint(text, 2) == 1  # between its surrogates
    assert utf16_to_codepoint(text, 3) == 2  # after it
    assert Utf16Index(text).to_codepoint(2) == 1


@pytest.mark.parametrize("bad", [-1, 9])
def test_codepoint_out_of_range(bad: int) -> None:
    text = "事实 👍🏽 ok"  # 8 code points
    assert len(text) == 8
    with pytest.raises(ValueError, match="outside"):
        codepoint_to_utf16(text, bad)
    with pytest.raises(ValueError, match="outside"):
        Utf16Index(text).to_utf16(bad)


@pytest.mark.parametrize("bad", [-1, 11])
def test_utf16_out_of_range(bad: int) -> None:
    text = "事实 👍🏽 ok"  # 10 UTF-16 units
    assert len(text.encode("utf-16-le")) // 2 == 10
    with pytest.raises(ValueError, match="outside"):
        utf16_to_codepoint(text, bad)
    with pytest.raises(ValueError, match="outside"):
        Utf16Index(text).to_codepoint(bad)


def _random_text(rng: random.Random, length: int) -> str:
    alphabet = ["a", " ", "\n", "é", "“", "”", "—", "事", "实", "👍", "🏽", "🇺", "𝔘", "\u0301"]
    return "".join(rng.choice(alphabet) for _ in range(length))


@pytest.mark.parametrize("seed", range(20))
def test_index_agrees_with_functions_on_random_positions(seed: int) -> None:
    rng = random.Random(seed)
    text = _random_text(rng, rng.randint(0, 400))
    index = Utf16Index(text)
    units = len(text.encode("utf-16-le")) // 2
    for _ in range(100):
        cp = rng.randint(0, len(text))
        assert index.to_utf16(cp) == codepoint_to_utf16(text, cp) == oracle_utf16(text, cp)
        u16 = rng.randint(0, units)
        assert index.to_codepoint(u16) == utf16_to_codepoint(text, u16)
        assert index.to_codepoint(index.to_utf16(cp)) == cp


def test_index_on_large_texts() -> None:
    ascii_text = "fact check " * 100_000
    index = Utf16Index(ascii_text)
    assert index.to_utf16(len(ascii_text)) == len(ascii_text)
    assert index.to_codepoint(500_000) == 500_000

    emoji_text = ascii_text + "👍" + ascii_text
    index = Utf16Index(emoji_text)
    half = len(ascii_text)
    assert index.to_utf16(half + 1) == half + 2
    assert index.to_utf16(len(emoji_text)) == len(emoji_text) + 1
    assert index.to_codepoint(half + 1) == half  # inside the pair
    assert index.to_codepoint(len(emoji_text) + 1) == len(emoji_text)
