"""Cohen's kappa against worked examples."""

from __future__ import annotations

import pytest

from annotator.domain.agreement import agreement
from annotator.domain.verdict import Verdict

V, D, U = Verdict.VERIFIED, Verdict.DISPUTED, Verdict.UNCHECKED


def test_wikipedia_example() -> None:
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 -> kappa 0.4.
    pairs = [(V, V)] * 20 + [(V, D)] * 5 + [(D, V)] * 10 + [(D, D)] * 15
    result = agreement(pairs)
    assert (result.pairs, result.agreed) == (50, 35)
    assert result.kappa == pytest.approx(0.4)
    assert result.observed == pytest.approx(0.7)
    assert result.count(D, V) == 10


def test_three_categories_and_the_table() -> None:
    pairs = [(V, V), (V, V), (D, V), (U, U)]
    result = agreement(pairs)
    assert result.kappa == pytest.approx((0.75 - 7 / 16) / (1 - 7 / 16))
    assert result.as_dict()["confusion"] == {
        "unchecked": {"unchecked": 1, "verified": 0, "disputed": 0},
        "verified": {"unchecked": 0, "verified": 2, "disputed": 0},
        "disputed": {"unchecked": 0, "verified": 1, "disputed": 0},
    }
    lines = result.table_text().splitlines()
    assert lines[0].split()[-3:] == ["unchecked", "verified", "disputed"]
    assert lines[3].split() == ["disputed", "0", "1", "0"]


def test_perfect_disagreement_and_edge_cases() -> None:
    assert agreement([(V, D), (D, V)]).kappa == pytest.approx(-1.0)
    same = agreement([(V, V)] * 3)
    assert same.kappa is None and "undefined" in same.summary()
    empty = agreement([])
    assert empty.pairs == 0 and empty.kappa is None and empty.observed is None
    assert empty.summary() == "no reviewer verdicts to compare"
