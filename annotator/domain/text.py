"""What counts as text a reader can see."""

from __future__ import annotations

import unicodedata

# Separators, controls, format characters (zero-width space/joiners, bidi marks, soft
# hyphen, BOM) and surrogates show nothing on their own.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs"})
# Letters and marks that render as blank space.
_BLANK_CHARACTERS = frozenset("\u034f\u115f\u1160\u180e\u2800\u3164\uffa0")


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has at least one character that shows as something on screen."""
    return any(
        ch not in _BLANK_CHARACTERS and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
        for ch in text
    )
