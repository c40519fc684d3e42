"""Check-worthy suggestions from the shipped model (pure-Python scoring)."""

from __future__ import annotations

from importlib import resources

from annotator.evidence.checkworthy import features, model, suggest

ARTICLE = (
    "Thank you all for coming tonight.\n"
    "Unemployment fell to 4.1 percent in March, the lowest rate since 2001. "
    "I think we can do better. "
    "The city spent $12 million on the new bridge, twice what was budgeted. "
    "What do you want? 🙂"
)


def test_factual_sentences_with_numbers_are_suggested_and_small_talk_is_not() -> None:
    found = suggest(ARTICLE)
    assert [s.text for s in found] == [
        "Unemployment fell to 4.1 percent in March, the lowest rate since 2001.",
        "The city spent $12 million on the new bridge, twice what was budgeted.",
    ]
    assert all(ARTICLE[s.start:s.end] == s.text for s in found)
    assert all(0.5 <= s.score <= 1 for s in found)


def test_every_sentence_can_be_scored_with_a_floor() -> None:
    everything = suggest(ARTICLE, min_score=0.0)
    assert len(everything) == 6  # the emoji after the question stands alone
    scores = {s.text: s.score for s in everything}
    assert scores["Thank you all for coming tonight."] < 0.2


def test_features_carry_cues() -> None:
    found = features("Sales rose 20% in 2019, the company said.")
    assert {"f:number", "f:percent", "f:year", "f:attribution", "f:comparative"} <= set(found)
    assert "b:sales_rose" in found


def test_shipped_weights_are_small_and_loaded() -> None:
    size = len(resources.files("annotator.evidence").joinpath("checkworthy.json").read_bytes())
    assert size < 1_000_000
    assert len(model().weights) > 1000
