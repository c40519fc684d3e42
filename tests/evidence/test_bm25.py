"""BM25F over a passage's words and its article title, on corpora built here; and the
terms a claim is searched with."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from annotator.evidence.bm25 import BM25F, Parameters
from annotator.evidence.passages import StoredPassage
from annotator.evidence.ranking import Ranker
from annotator.evidence.text import terms

BODIES: list[tuple[str, ...]] = [
    ("bridg", "open", "june"), ("bridg", "bridg", "repair", "cost", "rise"),
    ("harbour", "queue", "week"), ("terminal", "open")]
TITLES: list[tuple[str, ...]] = [
    ("bridg", "repair"), ("bridg", "repair"), ("lisbon", "terminal"), ("lisbon", "terminal")]


def by_hand(query: list[str], bodies: Sequence[tuple[str, ...]],
            titles: Sequence[tuple[str, ...]], p: Parameters) -> list[float]:
    """The BM25F formula written out term by term, independently of the module."""
    n = len(bodies)
    avg_body = sum(map(len, bodies)) / n
    avg_title = sum(map(len, titles)) / n
    scores = []
    for body, title in zip(bodies, titles, strict=True):
        total = 0.0
        for term in dict.fromkeys(query):
            df = sum(term in b for b in bodies)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = body.count(term) / (1 - p.b + p.b * len(body) / avg_body)
            if title:
                tf += (p.title_weight * title.count(term)
                       / (1 - p.title_b + p.title_b * len(title) / avg_title))
            total += idf * tf * (p.k1 + 1) / (p.k1 + tf) if tf else 0.0
        scores.append(total)
    return scores


@pytest.mark.parametrize("parameters", [Parameters(), Parameters(k1=1.2, b=0.5,
                                                                 title_weight=1.0,
                                                                 title_b=0.3)])
@pytest.mark.parametrize("query", [["bridg", "open"], ["lisbon", "open"], ["repair"],
                                   ["terminal", "week", "unknown"]])
def test_scores_follow_the_bm25f_formula(parameters: Parameters, query: list[str]) -> None:
    index = BM25F(BODIES, TITLES, parameters)
    assert list(index.scores(query)) == pytest.approx(
        by_hand(query, BODIES, TITLES, parameters), rel=1e-5)


def test_idf_comes_from_the_passages_own_words() -> None:
    """"lisbon" is in two titles but in no passage's words: it is as rare as a word can be;
    "bridg" is in two passages' words and keeps that rarity whatever the titles say."""
    index = BM25F(BODIES, TITLES)
    assert index.idf("lisbon") == pytest.approx(math.log(1 + 4.5 / 0.5))
    assert index.idf("bridg") == pytest.approx(math.log(1 + 2.5 / 2.5))
    assert index.idf("never-seen") == index.idf("lisbon")


def test_a_word_in_title_and_sentence_counts_more_than_in_one_but_less_than_twice() -> None:
    bodies = [("open", "june"), ("open", "june"), ("close", "june")]
    titles = [("open",), ("harbour",), ("open",)]
    both, sentence, title = BM25F(bodies, titles, Parameters(title_weight=1.0)).scores(
        ["open"])
    assert sentence < both < 2 * sentence
    assert title == pytest.approx(sentence)  # same length, weight 1: the same evidence


def test_a_repeated_query_word_counts_once() -> None:
    index = BM25F(BODIES, TITLES)
    assert list(index.scores(["bridg", "bridg", "open"])) == list(index.scores(["bridg",
                                                                                 "open"]))


def test_empty_corpus_and_untitled_passages() -> None:
    assert len(BM25F([], []).scores(["anything"])) == 0
    untitled = BM25F(BODIES, [(), (), (), ()])
    assert list(untitled.scores(["bridg"])) == pytest.approx(
        by_hand(["bridg"], BODIES, [()] * 4, Parameters(title_weight=0.0)), rel=1e-5)


def test_claims_and_passages_are_analysed_without_function_words() -> None:
    claim = "What did he say about the bridge? They said it would open in June."
    assert terms(claim) == ["say", "bridg", "said", "would", "open", "june"]


def test_the_ranker_orders_by_bm25f_and_skips_passages_without_a_query_word() -> None:
    passages = [StoredPassage(i, 0, 1, body, title_terms=title)
                for i, (body, title) in enumerate(zip(BODIES, TITLES, strict=True))]
    ranked = Ranker(passages).rank("Will the Lisbon terminal open?")
    expected = by_hand(["lisbon", "terminal", "open"], BODIES, TITLES,
                       Parameters(title_weight=1.0))
    assert [r.index for r in ranked] == sorted((i for i, s in enumerate(expected) if s > 0),
                                               key=lambda i: -expected[i])
    assert [r.index for r in ranked][:1] == [3]
    assert 1 not in [r.index for r in ranked]  # no query word in its text or title
