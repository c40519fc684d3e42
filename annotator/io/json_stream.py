"""JSON documents written as they are read: one long array streamed item by item.

The output is byte for byte what ``json.dump(document, ensure_ascii=False, indent=2)``
gives for the whole document, but only one item is in memory at a time. ``indented``
renders one value in that layout; it uses the C string escaper of the standard ``json``
module and is several times faster than ``json.dumps(..., indent=2)``, whose indenting
encoder is pure Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

_escape = json.encoder.encode_basestring  # the C one
_MARK = "\x00annotator-stream-items\x00"
_INDENT = "  "
_CONSTANTS = {True: "true", False: "false", None: "null"}


def indented(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, with every
    line after the first indented by ``level`` more steps (as if nested that deep)."""
    parts: list[str] = []
    _render(value, "\n" + _INDENT * level, parts.append)
    return "".join(parts)


def _render(value: Any, newline: str, out: Any) -> None:
    if isinstance(value, str):
        out(_escape(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, item in value.items():
            out(separator)
            out(_escape(key))
            out(": ")
            _render(item, inner, out)
            separator = "," + inner
        out(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for item in value:
            out(separator)
            _render(item, inner, out)
            separator = "," + inner
        out(newline + "]")
    elif value is True or value is False or value is None:
        out(_CONSTANTS[value])
    elif type(value) is int:
        out(int.__repr__(value))
    else:  # floats and the rest: json's own spelling
        out(json.dumps(value))


def write_streamed(handle: IO[str], document: dict[str, Any], key_path: Sequence[str],
                   items: Iterable[Any]) -> int:
    """Write ``document`` with the (empty) list at ``key_path`` filled from ``items``.

    Returns the number of items written. The bytes equal ``json.dump(document with the list
    filled, handle, ensure_ascii=False, indent=2)`` followed by a newline.
    """
    holder = document
    for key in key_path[:-1]:
        holder = holder[key]
    holder[key_path[-1]] = [_MARK]
    head, _, tail = indented(document).partition(_escape(_MARK))
    holder[key_path[-1]] = []
    level = (len(head) - len(head.rstrip(" "))) // len(_INDENT)
    head = head.rstrip(" ")  # the item's own indentation comes with each item
    prefix = _INDENT * level
    count = 0
    for item in items:
        if count == 0:
            handle.write(head)
        else:
            handle.write(",\n")
        handle.write(prefix)
        handle.write(indented(item, level))
        count += 1
    if count == 0:  # json writes an empty list on one line
        handle.write(indented(document))
    else:
        handle.write(tail)
    handle.write("\n")
    return count
