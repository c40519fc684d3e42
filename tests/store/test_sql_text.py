"""SQL text helpers that decide in SQLite what Python would otherwise decide, checked
against the Python they stand for."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store.sql_text import csv_quoted

pytestmark = pytest.mark.sqlite_only

ODD = "\x00 %<>\"{}|\\^`[]-~,\r\nü'=\t"


def _select(sql: str, **params: object) -> object:
    with sqlite3.connect(":memory:") as connection:
        return connection.execute(f"SELECT {sql}", params).fetchone()[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(ODD) | set("ab"))), max_size=8))
def test_a_quoted_cell_is_what_csv_writer_writes(cell: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([cell, "x"])
    assert _select(f"{csv_quoted(':c')} || ',x' || char(13, 10)", c=cell) == buffer.getvalue()
