"""SQL text expressions (SQLite) that build export text inside the database.

Exporting 500k claims one Python object at a time spends most of its time in per-claim
Python (escaping, dicts, timestamps). SQLite can do that work in C as it reads the rows;
these helpers write the SQL for it: CSV cells (annotator.io.csv_export's rules), ISO
timestamps, Python's ``str.strip()`` and JSON laid out exactly as ``orjson`` lays it out,
indented (``OPT_INDENT_2``) or compact on one line (annotator.io.json_stream), from a
small tree of nodes.

Every expression here is plain SQLite SQL text; annotator.store.export_text puts them into
the per-document statements. Tests compare every file made this way with the file the
portable (Python) path makes from the same library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import orjson

# What Python's str.strip() takes off (str.isspace() is true for exactly these).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# A cell starting with one of these gets a leading ' (annotator.io.csv_export.neutralise):
# what a spreadsheet would evaluate as a formula (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The same test as a GLOB ("-" last, where a character class takes it literally).
FORMULA_GLOB = "[" + "".join(c for c in FORMULA_STARTS if c != "-") + "-]*"
# A cell holding one of these is quoted (csv.writer's QUOTE_MINIMAL with "\r\n" lines).
CSV_SPECIAL = (",", '"', "\r", "\n")
INDENT = "  "


def literal(value: str) -> str:
    """``value`` as an SQL string literal (any character but NUL may stand in one)."""
    return "'" + value.replace("'", "''") + "'"


def strip(expr: str) -> str:
    """``expr.strip()`` as Python does it (Unicode whitespace, not only spaces)."""
    return f"trim({expr}, {literal(WHITESPACE)})"


def iso_seconds(expr: str) -> str:
    """A stored timestamp ('YYYY-MM-DD HH:MM:SS[.ffffff]', naive UTC) as iso_utc writes it."""
    return f"(substr({expr}, 1, 10) || 'T' || substr({expr}, 12, 8) || 'Z')"


def iso_seconds_printf(expr: str) -> tuple[str, list[str]]:
    """iso_seconds() as a printf() format and its arguments (one string made, not five;
    printf's %s stops at a NUL, which a stored timestamp does not hold)."""
    return "%.10sT%.8sZ", [expr, f"substr({expr}, 12)"]


def formula(expr: str) -> str:
    """True when a spreadsheet would take the cell for a formula."""
    return f"({expr} GLOB {literal(FORMULA_GLOB)})"


def neutralised(expr: str) -> str:
    return f"CASE WHEN {formula(expr)} THEN '''' || {expr} ELSE {expr} END"


def csv_special(expr: str) -> str:
    """True when csv.writer would quote the cell: it holds a comma, a quote or a line break.
    (instr(), unlike GLOB, sees past a NUL.)"""
    return "(" + " OR ".join(f"instr({expr}, {_char(c)})" for c in CSV_SPECIAL) + ")"


def csv_quoted(expr: str, value: str | None = None) -> str:
    """``value`` (by default ``expr``) as csv.writer writes it: between double quotes, its
    own doubled, when ``expr`` needs quoting."""
    value = expr if value is None else value
    return (f"CASE WHEN {csv_special(expr)} THEN '\"' || replace({value}, '\"', '\"\"') || '\"' "
            f"ELSE {value} END")


def _char(character: str) -> str:
    return literal(character) if character.isprintable() else f"char({ord(character)})"


def escaped_names(cells: Sequence[tuple[str, str]], separator: str) -> str:
    """The names of the cells that get a leading ', joined by ``separator`` ('' if none)."""
    flags = " || ".join(f"CASE WHEN {formula(expr)} THEN {literal(separator + name)} "
                        "ELSE '' END" for name, expr in cells)
    return f"substr({flags}, {len(separator) + 1})"


# -- JSON ---------------------------------------------------------------------------------
#
# A tree of nodes renders to one SQL expression whose value is the JSON text of the node at
# a given depth: every line after the first indented two spaces a level, as
# json.dumps(..., indent=2) and orjson's OPT_INDENT_2 write it; at depth None, compact on
# one line as orjson.dumps() writes it. json_quote() escapes strings exactly as orjson
# does (tests check it on every control character).
#
# The text is made by printf(): the constant text (keys, punctuation, constant values) is
# its format and each value an argument, so SQLite builds each piece once; a chain of ||
# would copy the growing text at every step.


class Sql(str):
    """An SQL expression among the pieces of a node (plain str pieces are constant text)."""


class _Whole(Sql):
    """An Sql piece that is a node's whole text, never NULL."""


Piece = str  # constant text, or an Sql expression
Depth = int | None  # how deep a node sits in the indented layout; None: compact


def line_break(level: Depth) -> str:
    """What starts a line at depth ``level`` (nothing in the compact layout)."""
    return "" if level is None else "\n" + INDENT * level


def deeper(level: Depth) -> Depth:
    return None if level is None else level + 1


def layout(value: object, level: Depth) -> str:
    """A constant JSON value at depth ``level``, as orjson writes it."""
    if level is None:
        return orjson.dumps(value).decode()
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode().replace(
        "\n", line_break(level))


class Node:
    def pieces(self, level: Depth) -> list[Piece]:
        raise NotImplementedError

    def sql(self, level: Depth) -> str:
        return printf(self.pieces(level))


_MAX_ARGUMENTS = 100  # printf's format plus arguments stay within SQLite's default 127


def printf(pieces: list[Piece]) -> str:
    """One SQL text expression for ``pieces``: printf() calls joined by ||."""
    if len(pieces) == 1 and isinstance(pieces[0], _Whole):
        return pieces[0]  # already a whole text (never NULL): no printf('%s') around it
    calls: list[str] = []
    text: list[str] = []
    args: list[str] = []
    for piece in pieces:
        if isinstance(piece, Sql):
            text.append("%s")
            args.append(piece)
            if len(args) == _MAX_ARGUMENTS:
                calls.append(_call(text, args))
                text, args = [], []
        else:
            text.append(piece.replace("%", "%%"))
    if text or not calls:
        calls.append(_call(text, args))
    return calls[0] if len(calls) == 1 else "(" + " || ".join(calls) + ")"


def concat(pieces: list[Piece]) -> str:
    """One SQL text expression for ``pieces`` joined by ||, as a balanced tree (each step
    copies short strings, not the growing whole). Unlike printf() it keeps NUL characters,
    which printf's %s would cut the text at."""
    terms: list[str] = []
    for piece in pieces:  # neighbouring constant text merged
        if isinstance(piece, Sql):
            terms.append(f"({piece})")
        elif terms and not isinstance(terms[-1], _Literal):
            terms.append(_Literal(piece))
        elif terms:
            terms[-1] = _Literal(terms[-1] + piece)
        else:
            terms.append(_Literal(piece))
    if not terms:
        return "''"
    while len(terms) > 1:
        terms = [_join(terms[i:i + 2]) for i in range(0, len(terms), 2)]
    return _render(terms[0])


class _Literal(str):
    """Constant text waiting to be quoted."""


def _render(term: str) -> str:
    return literal(term) if isinstance(term, _Literal) else term


def _join(pair: list[str]) -> str:
    return _render(pair[0]) if len(pair) == 1 else f"({' || '.join(map(_render, pair))})"


def _call(text: list[str], args: list[str]) -> str:
    return f"printf({', '.join([literal(''.join(text)), *args])})"


@dataclass(frozen=True)
class Text(Node):
    """A JSON string from an SQL text expression."""

    expr: str

    def pieces(self, level: Depth) -> list[Piece]:
        return [Sql(f"json_quote({self.expr})")]


@dataclass(frozen=True)
class Number(Node):
    """A JSON number (or null) from an SQL integer expression."""

    expr: str

    def pieces(self, level: Depth) -> list[Piece]:
        return [Sql(f"coalesce({self.expr}, 'null')")]


@dataclass(frozen=True)
class Const(Node):
    """A constant JSON value (rendered by orjson once)."""

    value: object

    def pieces(self, level: Depth) -> list[Piece]:
        return [layout(self.value, level)]


@dataclass(frozen=True)
class Choice(Node):
    """The first node whose SQL condition holds, else the last."""

    cases: tuple[tuple[str, Node], ...]
    otherwise: Node

    def pieces(self, level: Depth) -> list[Piece]:
        whens = " ".join(f"WHEN {cond} THEN {node.sql(level)}" for cond, node in self.cases)
        return [Sql(f"(CASE {whens} ELSE {self.otherwise.sql(level)} END)")]


@dataclass(frozen=True)
class Member:
    key: str
    value: Node
    when: str | None = None  # an SQL condition; the member is left out when false


def _optional(pieces: list[Piece], when: str | None) -> list[Piece]:
    return pieces if when is None else [Sql(f"(CASE WHEN {when} THEN {printf(pieces)} "
                                            "ELSE '' END)")]


_MAX_VARIANTS_OF = 2  # optional parts a node is written out whole for, each combination


def _with_optional(parts: list[tuple[list[Piece], str | None]], tail: list[Piece]
                   ) -> list[Piece]:
    """``parts`` (each kept when its SQL condition holds) followed by ``tail``. With one or
    two optional parts the node is one CASE over every combination, each a single printf()
    (rather than a printf() of its own for each optional part, a string made and copied);
    with more, each optional part is its own printf()."""
    optional = [when for _, when in parts if when is not None]
    if not optional or len(optional) > _MAX_VARIANTS_OF:
        return [piece for pieces, when in parts for piece in _optional(pieces, when)] + tail
    whens: list[str] = []
    # Most kept first: CASE takes the first combination whose conditions all hold, so a
    # later one is reached only when a condition before it did not (false or NULL).
    for kept in sorted(_subsets(optional), key=len, reverse=True):
        chosen = [piece for pieces, when in parts if when is None or when in kept
                  for piece in pieces]
        text = printf([*chosen, *tail])
        if kept:
            whens.append(f"WHEN {' AND '.join(f'({when})' for when in kept)} THEN {text}")
        else:
            whens.append(f"ELSE {text}")
    return [_Whole(f"(CASE {' '.join(whens)} END)")]


def _subsets(items: list[str]) -> list[tuple[str, ...]]:
    return [tuple(item for bit, item in enumerate(items) if mask >> bit & 1)
            for mask in range(1 << len(items))]


@dataclass(frozen=True)
class Object(Node):
    members: tuple[Member, ...]

    def __post_init__(self) -> None:
        assert self.members and self.members[0].when is None, "first member is required"

    def pieces(self, level: Depth) -> list[Piece]:
        inner, colon = line_break(deeper(level)), ":" if level is None else ": "
        parts: list[tuple[list[Piece], str | None]] = []
        for index, member in enumerate(self.members):
            lead = ("{" if index == 0 else ",") + inner + orjson.dumps(member.key).decode()
            parts.append(([lead + colon, *member.value.pieces(deeper(level))], member.when))
        return _with_optional(parts, [line_break(level) + "}"])


@dataclass(frozen=True)
class Rows:
    """Array items from rows: ``element`` for each row of ``source`` (an SQL FROM clause
    naming its rows' alias, ordered by a subquery), or none."""

    source: str
    element: Node


@dataclass(frozen=True)
class Array(Node):
    items: tuple[tuple[Node, str | None], ...]  # (item, SQL condition or None)
    rows: Rows | None = None

    def __post_init__(self) -> None:
        assert self.items and self.items[0][1] is None, "first item is required"

    def pieces(self, level: Depth) -> list[Piece]:
        inner = line_break(deeper(level))
        parts = [([("[" if index == 0 else ",") + inner, *node.pieces(deeper(level))], when)
                 for index, (node, when) in enumerate(self.items)]
        tail: list[Piece] = []
        if self.rows is not None:
            each = self.rows.element.sql(deeper(level))
            tail.append(Sql(f"coalesce({literal(',' + inner)} || (SELECT group_concat("
                            f"{each}, {literal(',' + inner)}) FROM {self.rows.source}), '')"))
        return _with_optional(parts, [*tail, line_break(level) + "]"])


@dataclass(frozen=True)
class RowsArray(Node):
    """An array of ``element`` for each row of ``source``; use it only when there is a row."""

    source: str
    element: Node

    def pieces(self, level: Depth) -> list[Piece]:
        inner = line_break(deeper(level))
        each = self.element.sql(deeper(level))
        return ["[" + inner, Sql(f"(SELECT group_concat({each}, {literal(',' + inner)}) "
                                 f"FROM {self.source})"), line_break(level) + "]"]
