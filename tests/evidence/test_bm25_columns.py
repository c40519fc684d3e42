"""BM25F built from a passage table's columns, a range of terms at a time, scores as the
formula written out by hand (tests/evidence/test_bm25.py), however small the ranges."""

from __future__ import annotations

import pytest

from annotator.evidence import bm25
from annotator.evidence.bm25 import BM25F, Parameters
from annotator.evidence.passage_table import PassageTable
from annotator.evidence.passages import StoredPassage
from tests.evidence.test_bm25 import BODIES, TITLES, by_hand

DOCUMENTS = [1, 1, 2, 2]  # passages 0-1 and 2-3 share their article's title


@pytest.mark.parametrize("chunk", [1_000_000, 1, 3])
@pytest.mark.parametrize("query", [["bridg", "open"], ["lisbon", "open"], ["repair"],
                                   ["terminal", "week", "unknown"]])
def test_an_index_built_from_columns_follows_the_formula(
        chunk: int, query: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "CHUNK_TOKENS", chunk)
    parameters = Parameters(k1=1.2, b=0.5, title_weight=1.0, title_b=0.3)
    table = PassageTable.from_passages(
        StoredPassage(d, 10 * i, 10 * i + 5, body, title_terms=title)
        for i, (d, body, title) in enumerate(zip(DOCUMENTS, BODIES, TITLES, strict=True)))
    index = BM25F.from_columns(table.columns, table.vocabulary, parameters)
    assert list(index.scores(query)) == pytest.approx(
        by_hand(query, BODIES, TITLES, parameters), rel=1e-5)
    again = BM25F.restore(index.state(), table.vocabulary, len(table), parameters)
    assert list(again.scores(query)) == list(index.scores(query))


def test_an_empty_table_has_an_empty_index() -> None:
    table = PassageTable.from_passages([])
    index = BM25F.from_columns(table.columns, table.vocabulary)
    assert len(index.scores(["harbour"])) == 0
