"""The boundary scan of a fuzzy match skips positions without changing its answer."""

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from annotator.domain.anchor import _cheapest

letters = st.text(alphabet="abcde “😀", max_size=40)


@settings(max_examples=300, deadline=None)
@given(quote=letters, text=letters, lo=st.integers(0, 40), hi=st.integers(0, 40))
@example(quote="abaaa", text="aacabcc", lo=0, hi=7).via("two cheapest, one right after a skip")
def test_the_cheapest_starts_and_ends_are_those_a_full_scan_finds(
    quote: str, text: str, lo: int, hi: int
) -> None:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    free = range(lo, hi + 1)
    for cost in (
        lambda pos: Indel.distance(quote, text[pos:hi]),  # a moving start
        lambda pos: Indel.distance(quote, text[lo:pos]),  # a moving end
    ):
        costs = [cost(pos) for pos in free]
        assert _cheapest(free, cost) == [
            pos for pos, c in zip(free, costs, strict=True) if c == min(costs)
        ]


def test_far_positions_are_not_scored() -> None:
    quote = "the talks in Budapest were postponed"
    text = "x" * 40 + quote + "y" * 40
    scored: list[int] = []

    def cost(pos: int) -> int:
        scored.append(pos)
        return Indel.distance(quote, text[pos : 40 + len(quote)])

    assert _cheapest(range(0, 80), cost) == [40]
    assert len(scored) < 40
