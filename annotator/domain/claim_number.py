"""How a claim's number is written and read back: ``#7`` in the app, the CLI and every export.

A claim's number counts within its article (annotator.store.claim_numbers gives them out), so
"#7" names one claim once the article is known.
"""

from __future__ import annotations

import re

PREFIX = "#"
_LABEL = re.compile(r"^\s*#\s*(\d{1,9})\s*$")
_LABEL_WORD = re.compile(r"(?<!\S)#(\d{1,9})(?!\S)")  # "#7" as a word among others


def claim_label(number: int) -> str:
    """``#7``; empty for a claim without a number (0: not stored in a library)."""
    return f"{PREFIX}{number}" if number > 0 else ""


def parse_claim_label(text: str) -> int | None:
    """7 for ``#7`` (spaces allowed around it); None when the text is not a claim label."""
    match = _LABEL.match(text)
    return int(match.group(1)) if match else None


def split_claim_label(text: str) -> tuple[int | None, str]:
    """The number of the first ``#7`` standing as a word in ``text``, and the text without
    any such word: (7, "prices ") for "prices #7"; (None, text) when there is none."""
    match = _LABEL_WORD.search(text)
    return (int(match.group(1)) if match else None), _LABEL_WORD.sub(" ", text)
