"""Visible text: what a reader would see on screen."""

from __future__ import annotations

import pytest

from annotator.domain.text import has_visible_text


@pytest.mark.parametrize("text", ["a", " \u200b x", "🧪", "検", "\u0301e", "-", "\ue000"])
def test_visible(text: str) -> None:
    assert has_visible_text(text)


@pytest.mark.parametrize("text", ["", " \n\t", "\u00a0\u3000\u2028\u2029", "\u200b\u200c\u200d",
                                  "\u2060\ufeff\u00ad", "\u200e\u200f\u202a\u202e",
                                  "\u3164\u115f\u2800\uffa0", "\x00\x07"])
def test_invisible(text: str) -> None:
    assert not has_visible_text(text)
