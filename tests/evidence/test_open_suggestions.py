"""Which suggestions stay open: claims cover them, dismissals hide them by sentence."""

from __future__ import annotations

from annotator.evidence.checkworthy import Suggestion
from annotator.evidence.open_suggestions import open_suggestions, sentence_key

A = Suggestion(0, 10, "Taxes rose 5% in 2020.", 0.9)
B = Suggestion(20, 30, "Unemployment fell to 3%.", 0.8)
C = Suggestion(40, 50, "The mayor said 200 jobs were cut.", 0.7)


def test_a_claim_overlapping_a_sentence_covers_it() -> None:
    assert open_suggestions([A, B, C], [], set()) == [A, B, C]
    assert open_suggestions([A, B, C], [(25, 26)], set()) == [A, C]
    assert open_suggestions([A, B, C], [(9, 21)], set()) == [C]  # touches A and B
    assert open_suggestions([A, B, C], [(10, 20), (30, 40)], set()) == [A, B, C]  # adjacent
    assert open_suggestions([A, B, C], [(0, 60), (5, 6)], set()) == []


def test_a_dismissed_sentence_stays_hidden_wherever_it_moved() -> None:
    dismissed = {sentence_key(B.text)}
    assert open_suggestions([A, B, C], [], dismissed) == [A, C]
    moved = Suggestion(120, 130, "Unemployment  fell\nto 3%.", 0.8)
    assert open_suggestions([moved], [], dismissed) == []
    assert sentence_key(A.text) != sentence_key(B.text)
