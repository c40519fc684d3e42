"""SQL text helpers that decide in SQLite what Python would otherwise decide, checked
against the Python they stand for."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store.sql_text import Array, Const, Member, Number, Object, Rows, Text, csv_quoted

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


# A node tree and the value it stands for: strings bound as parameters, one optional member
# kept and one left out, an array with rows from a subquery.
NESTED_VALUE = {"type": "Note", "text": 'a "quoted" line\nü 👍', "n": 7, "none": None,
                "fixed": {"list": [1, "two", {"three": []}]},
                "items": [{"k": "first"}, {"v": 1}, {"v": 2}], "kept": "yes"}


def _nested_node() -> Object:
    return Object((
        Member("type", Const("Note")),
        Member("text", Text(":text")),
        Member("n", Number(":n")),
        Member("none", Number("NULL")),
        Member("fixed", Const(NESTED_VALUE["fixed"])),
        Member("items", Array(((Object((Member("k", Text("'first'")),)), None),),
                              Rows("(SELECT value AS v FROM json_each('[1,2]')) AS r",
                                   Object((Member("v", Number("r.v")),))))),
        Member("kept", Text("'yes'"), when="1"),
        Member("dropped", Text("'no'"), when="0"),
    ))


@pytest.mark.parametrize("level", [0, 3, None])
def test_json_nodes_lay_out_as_the_standard_library_does(level: int | None) -> None:
    text = _select(_nested_node().sql(level), text=NESTED_VALUE["text"], n=7)
    if level is None:
        expected = json.dumps(NESTED_VALUE, ensure_ascii=False, separators=(",", ":"))
    else:
        expected = json.dumps(NESTED_VALUE, ensure_ascii=False, indent=2).replace(
            "\n", "\n" + "  " * level)
    assert text == expected


@pytest.mark.parametrize("level", [1, None])
@pytest.mark.parametrize("first", [True, False, None])
@pytest.mark.parametrize("second", [True, False])
def test_optional_members_and_items_in_every_combination(level: int | None,
                                                         first: bool | None,
                                                         second: bool) -> None:
    """Nodes with one or two optional parts are written as one text per combination; a
    NULL condition leaves its part out, as a false one does."""
    node = Object((
        Member("a", Number("1")),
        Member("b", Text("'bee'"), when=":first"),
        Member("c", Array(((Const("x"), None), (Const("y"), ":first"), (Const("z"), ":second"))),
               when=":second"),
    ))
    expected: dict[str, object] = {"a": 1}
    if first:
        expected["b"] = "bee"
    if second:
        expected["c"] = ["x", *(["y"] if first else []), "z"]
    text = _select(node.sql(level), first=first, second=second)
    if level is None:
        assert text == json.dumps(expected, separators=(",", ":"))
    else:
        assert text == json.dumps(expected, indent=2).replace("\n", "\n  ")
