"""Number, date and negation hints between a claim and a passage."""

from __future__ import annotations

import pytest

from annotator.evidence.conflicts import Conflict, conflicts


@pytest.mark.parametrize(("claim", "passage", "expected"), [
    ("Unemployment fell to 4.1 percent.", "Unemployment fell to 4.3 percent.",
     (Conflict.NUMBER,)),
    ("The plant employs 1,200 people.", "The plant employs 1200 workers.", ()),
    ("Five million jobs were lost.", "5 million jobs were lost.", ()),
    ("It costs 2 billion euros.", "It costs 2 million euros.", (Conflict.NUMBER,)),
    ("The law passed in 2019.", "The law passed in 2021.", (Conflict.DATE,)),
    ("The vote is in March.", "The vote is in April.", (Conflict.DATE,)),
    ("The minister did not attend.", "The minister attended.", (Conflict.NEGATION,)),
    ("The minister didn't attend.", "The minister never attended.", ()),
    ("He spoke for 2 hours on Monday.", "It rained in the city.", ()),
])
def test_conflicts(claim: str, passage: str, expected: tuple[Conflict, ...]) -> None:
    assert conflicts(claim, passage) == expected
