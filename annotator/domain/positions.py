"""Conversions between code-point offsets and Qt's UTF-16 offsets.

Python strings (and SQLite ``substr()``) count code points; Qt's ``QTextCursor`` and
``QString`` count UTF-16 code units. The two differ only for astral characters
(code points above U+FFFF, e.g. most emoji), which take two UTF-16 units (a surrogate pair).

A code point counts as two units exactly when it is above U+FFFF; anything else, including a
lone surrogate that a Python string may carry, counts as one.
"""

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    # surrogatepass: a lone surrogate encodes to one unit instead of raising.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def codepoint_to_utf16(text: str, cp: int) -> int:
    """UTF-16 offset of code-point offset ``cp`` (``0 <= cp <= len(text)``)."""
    if not 0 <= cp <= len(text):
        raise ValueError(f"code-point offset {cp} outside [0, {len(text)}]")
    return utf16_length(text[:cp])


def utf16_to_codepoint(text: str, u16: int) -> int:
    """Code-point offset of UTF-16 offset ``u16``.

    An offset that falls between the two halves of a surrogate pair snaps to the start of
    that character.
    """
    return Utf16Index(text).to_codepoint(u16)


class Utf16Index:
    """Precomputed conversions for one text, O(log k) each for k astral characters.

    Only the code-point positions of astral characters are stored, so a text without any
    (plain ASCII, Latin, CJK, ...) costs one encoding pass and an empty list.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "_cp_length", "_u16_length")

    def __init__(self, text: str) -> None:
        self._cp_length = len(text)
        self._u16_length = utf16_length(text)
        if self._u16_length == self._cp_length:
            self._astral_cp: list[int] = []
        else:
            self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # Each astral character before position i adds one extra unit.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]

    def astral_positions(self) -> list[int]:
        """Sorted code-point positions of the astral characters (do not modify): the UTF-16
        offset of ``cp`` is ``cp + bisect_left(astral_positions(), cp)``, for callers that
        convert many positions at once."""
        return self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        if not 0 <= cp <= self._cp_length:
            raise ValueError(f"code-point offset {cp} outside [0, {self._cp_length}]")
        return cp + bisect_left(self._astral_cp, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16``; inside a surrogate pair snaps back."""
        if not 0 <= u16 <= self._u16_length:
            raise ValueError(f"UTF-16 offset {u16} outside [0, {self._u16_length}]")
        # Astral characters starting strictly before u16; the last one may straddle it.
        before = bisect_right(self._astral_u16, u16 - 1)
        if before and self._astral_u16[before - 1] == u16 - 1:
            return self._astral_cp[before - 1]
        return u16 - before
