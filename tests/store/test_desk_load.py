"""Four editors in four processes on one library, on SQLite and on PostgreSQL: edits of a
claim nobody else touches always succeed (waiting for the lock, never failing on it), a
refused edit of a shared claim names the colleague, and every history stays a chain.

bench/bench_desk_load.py runs the same for 30 s and prints the counts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from multiprocessing.pool import Pool

import pytest

from tests import desk_load
from tests.conftest import Backend

WRITERS = 4
SECONDS = float(os.environ.get("ANNOTATOR_LOAD_SECONDS", "5"))


@pytest.fixture(scope="module")
def writers() -> Iterator[Pool]:
    with desk_load.start_pool(WRITERS) as pool:
        yield pool


def test_four_writers_on_one_library(writers: Pool, backend: Backend,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    report = desk_load.run(writers, backend.target, WRITERS, SECONDS)
    with capsys.disabled():
        print(f"\n{backend.name}: {report.summary()}")
    assert report.problems == []
    counts = report.counts
    assert counts["own ok"] > 0 and counts["own refused"] == counts["own failed"] == 0
    assert counts["shared failed"] == 0
    assert counts["shared ok"] > 0 and counts["shared refused"] > 0  # the race did happen
    names = {desk_load.writer_name(w) for w in range(WRITERS)}
    assert set(report.colleagues) <= names
