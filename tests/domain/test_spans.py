"""Span arithmetic without a display: lookup by position and the flattened paint plan."""

from __future__ import annotations

import random

from annotator.domain.spans import (
    LONG_SPAN,
    VERDICT_CODE,
    Item,
    PaintPlan,
    SpanIndex,
    format_code,
)
from annotator.domain.verdict import Verdict


def expected_codes(items: list[Item], size: int) -> list[int | None]:
    """Position by position: the innermost span's verdict, deepened by how many cover it."""
    codes: list[int | None] = []
    for pos in range(size):
        covering = [t for t in items if t[0] <= pos < t[1]]
        if not covering:
            codes.append(None)
            continue
        inner = min(covering, key=lambda t: (t[1] - t[0], -t[0], t[2]))
        codes.append(format_code(inner[3], len(covering)))
    return codes


def plan_codes(plan: PaintPlan, size: int) -> list[int | None]:
    codes: list[int | None] = [None] * size
    for start, end, code in zip(plan.starts, plan.ends, plan.codes, strict=True):
        for pos in range(start, min(end, size)):
            codes[pos] = code
    return codes


def random_items(rng: random.Random, count: int, size: int) -> list[Item]:
    items = []
    for claim_id in range(count):
        start = rng.randrange(size)
        length = rng.choice([0, 1, 3, 7, 20, 60, LONG_SPAN + 1])
        items.append((start, min(size, start + length), claim_id, rng.choice(list(Verdict))))
    return sorted(items)


def test_plan_gives_every_position_the_innermost_verdict_and_depth() -> None:
    rng = random.Random(11)
    for _ in range(40):
        size = 200
        items = random_items(rng, rng.randrange(1, 25), size)
        plan = PaintPlan(items)
        assert plan_codes(plan, size) == expected_codes(items, size)
        # Segments are sorted, disjoint, and neighbours that touch never look the same.
        for k in range(1, len(plan.starts)):
            assert plan.ends[k - 1] <= plan.starts[k]
            if plan.ends[k - 1] == plan.starts[k]:
                assert plan.codes[k - 1] != plan.codes[k]


def test_replanning_a_stretch_equals_planning_afresh() -> None:
    rng = random.Random(5)
    size = 150
    items = random_items(rng, 20, size)
    plan = PaintPlan(items)
    for _ in range(200):
        old = rng.choice(items)
        start = rng.randrange(size)
        new = (start, min(size, start + rng.choice([1, 4, 15, 50])), old[2],
               rng.choice(list(Verdict)))
        items = sorted([t for t in items if t is not old] + [new])
        lo, hi = min(old[0], new[0]), max(old[1], new[1])
        plan.replan(lo, hi, [t for t in items if t[0] < hi and t[1] > lo and t[1] > t[0]])
        fresh = PaintPlan(items)
        assert (plan.starts, plan.ends, plan.codes) == (fresh.starts, fresh.ends, fresh.codes)


def test_index_finds_what_contains_and_overlaps_a_position() -> None:
    rng = random.Random(2)
    size = 9000
    items = random_items(rng, 300, size)
    index = SpanIndex(items)
    for pos in rng.sample(range(size), 200):
        found = [span[0] for span in index.containing(pos)]
        brute = sorted((t for t in items if t[0] <= pos < t[1]),
                       key=lambda t: (t[1] - t[0], -t[0], t[2]))
        assert found == [t[2] for t in brute]


def test_single_span_has_its_verdict_code() -> None:
    plan = PaintPlan([(2, 5, 1, Verdict.DISPUTED)])
    assert (plan.starts, plan.ends, plan.codes) == ([2], [5], [VERDICT_CODE[Verdict.DISPUTED]])
