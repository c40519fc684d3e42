"""Sentence splitting with code-point offsets, and index terms."""

from __future__ import annotations

from annotator.evidence.text import MAX_PASSAGE, split_sentences, terms


def cut(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_sentences_keep_abbreviations_and_decimals_together() -> None:
    text = "Dr. Smith said prices rose 3.5% in Jan. 2020. Then they fell! Why?"
    assert cut(text) == ["Dr. Smith said prices rose 3.5% in Jan. 2020.", "Then they fell!",
                         "Why?"]


def test_offsets_are_code_points_with_emoji_and_cjk() -> None:
    text = "Title 👍🏽 line\n事实核查 matters a lot. 🍎 Apples are red.  \n\n  Last one"
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == [
        "Title 👍🏽 line", "事实核查 matters a lot.", "🍎 Apples are red.", "Last one"]
    assert all(text[s.start] != " " and text[s.end - 1] != " " for s in spans)


def test_a_line_break_ends_a_sentence() -> None:
    assert cut("A headline without a stop\nThe body starts here.") == [
        "A headline without a stop", "The body starts here."]


def test_run_on_text_is_cut_into_bounded_passages() -> None:
    text = " ".join(["word"] * 400)
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(s.end - s.start <= MAX_PASSAGE for s in spans)
    assert " ".join(text[s.start:s.end] for s in spans) == text


def test_terms_are_stemmed_without_stop_words() -> None:
    assert terms("The runners were running to 3 harbours") == ["runner", "run", "3",
                                                                "harbour"]
    assert terms("the of and what were about") == []


def test_terms_are_compatibility_normalised_without_accents() -> None:
    # subscript and superscript digits, ligatures, accents, full-width letters, curly quotes
    assert terms("CO₂ and m² ﬁnal Café naïve \uff35\uff2e Earth\u2019s") == terms(
        "CO2 and m2 final Cafe naive UN Earth's") == ["co2", "m2", "final", "cafe", "naiv",
                                                    "un", "earth"]
    assert terms("Zürich") == terms("zurich") == ["zurich"]



def test_quotes_initials_and_abbreviations() -> None:
    assert cut("“A location is to be determined,” Trump said. He left at 5 p.m. on Monday.") == [
        "“A location is to be determined,” Trump said.", "He left at 5 p.m. on Monday."]
    assert cut("Prices rose 2.5 per cent in the U.K. last year. The Bank of England reacted.") == [
        "Prices rose 2.5 per cent in the U.K. last year.", "The Bank of England reacted."]
    assert cut("He paid $3.5 million. Mr. Jones disagreed.") == [
        "He paid $3.5 million.", "Mr. Jones disagreed."]
