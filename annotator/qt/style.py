"""Colours and text formats for verdicts, search hits and the current claim.

A verdict is shown twice over, by a background tint and by an underline pattern (dotted,
single, wave), so it stays readable for colour-blind readers and in print screenshots. Tints
come in a light and a dark set, chosen from the lightness of the palette's Base colour, so
that the palette's own Text colour stays readable on them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from annotator.domain.verdict import Verdict

FIND_HIGHLIGHT = QColor("#38b6ff")
"""Background of search hits: a clear sky blue, unlike any verdict tint, on both palettes."""

FIND_TEXT = QColor("#000000")
"""Text colour on search hits, which keep their light background on dark palettes too."""

CURRENT_CLAIM = QColor("#9b59d0")
"""Outline (and underline) colour of the claim being edited; violet, unlike any verdict."""

# (background, underline) per verdict, for light and for dark Base colours.
_LIGHT: dict[Verdict, tuple[str, str]] = {
    Verdict.UNCHECKED: ("#ffe8a3", "#a86a00"),
    Verdict.VERIFIED: ("#c6ecc8", "#2e7d32"),
    Verdict.DISPUTED: ("#f9c8c4", "#c62828"),
}
_DARK: dict[Verdict, tuple[str, str]] = {
    Verdict.UNCHECKED: ("#5a4510", "#ffc94d"),
    Verdict.VERIFIED: ("#1e4d29", "#7ddc83"),
    Verdict.DISPUTED: ("#5f2324", "#ff8a80"),
}
_UNDERLINE: dict[Verdict, QTextCharFormat.UnderlineStyle] = {
    Verdict.UNCHECKED: QTextCharFormat.UnderlineStyle.DotLine,
    Verdict.VERIFIED: QTextCharFormat.UnderlineStyle.SingleUnderline,
    Verdict.DISPUTED: QTextCharFormat.UnderlineStyle.WaveUnderline,
}


def is_dark(palette: QPalette) -> bool:
    """True when the palette's text background (Base) is dark."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def _pair(verdict: Verdict, palette: QPalette) -> tuple[str, str]:
    return (_DARK if is_dark(palette) else _LIGHT)[Verdict(verdict)]


def verdict_color(verdict: Verdict, palette: QPalette) -> QColor:
    """The background tint of a verdict on this palette."""
    return QColor(_pair(verdict, palette)[0])


def verdict_underline_color(verdict: Verdict, palette: QPalette) -> QColor:
    """The (stronger) underline colour of a verdict on this palette."""
    return QColor(_pair(verdict, palette)[1])


def verdict_underline_style(verdict: Verdict) -> QTextCharFormat.UnderlineStyle:
    return _UNDERLINE[Verdict(verdict)]


def verdict_format(verdict: Verdict, palette: QPalette) -> QTextCharFormat:
    """Background tint plus the verdict's own underline pattern and colour."""
    fmt = QTextCharFormat()
    fmt.setBackground(verdict_color(verdict, palette))
    fmt.setUnderlineStyle(verdict_underline_style(verdict))
    fmt.setUnderlineColor(verdict_underline_color(verdict, palette))
    return fmt


def overlap_format(
    verdicts: Sequence[Verdict], innermost: Verdict, palette: QPalette
) -> QTextCharFormat:
    """Where claims overlap: the innermost (shortest) claim's format, its tint deepened once
    per extra layer, so the verdict a click there selects stays recognisable."""
    depth = max(len(verdicts), 2)
    factor = 100 + 22 * min(depth - 1, 4)
    tint = verdict_color(innermost, palette)
    fmt = verdict_format(innermost, palette)
    fmt.setBackground(tint.lighter(factor) if is_dark(palette) else tint.darker(factor))
    return fmt


def find_format() -> QTextCharFormat:
    """Search-hit marks (extra selections): never mistaken for a verdict."""
    fmt = QTextCharFormat()
    fmt.setBackground(FIND_HIGHLIGHT)
    fmt.setForeground(FIND_TEXT)
    return fmt


def current_claim_format() -> QTextCharFormat:
    """Merged over the claim's verdict format: keeps tint and pattern, recolours the line."""
    fmt = QTextCharFormat()
    fmt.setUnderlineColor(CURRENT_CLAIM)
    return fmt
