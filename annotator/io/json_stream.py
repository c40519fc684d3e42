"""JSON documents written as they are read: one long array streamed item by item.

The file is byte for byte what ``json.dump(document, ensure_ascii=False, indent=2)`` plus a
newline gives for the whole document, but only one item is in memory at a time. Items are
encoded by orjson (``OPT_INDENT_2`` writes exactly that layout, some thirty times faster
than the standard library's indenting encoder, which is pure Python); each item's lines
are then shifted to the depth of the array they sit in (JSON strings never hold a raw
newline, so every newline in the encoded item is a line break of the layout).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson

_MARK = "\x00annotator-stream-items\x00"
_INDENT = b"  "


def encode(value: Any, level: int = 0) -> bytes:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it (UTF-8),
    with every line after the first indented ``level`` steps more."""
    data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    return data.replace(b"\n", b"\n" + _INDENT * level) if level else data


def write_document(path: Path, document: dict[str, Any]) -> None:
    """Write a whole (small) document, as ``json.dump(..., indent=2)`` and a newline would."""
    path.write_bytes(encode(document) + b"\n")


def write_streamed(path: Path, document: dict[str, Any], key_path: Sequence[str],
                   items: Iterable[Any]) -> int:
    """Write ``document`` with the (empty) list at ``key_path`` filled from ``items``.

    Returns the number of items written.
    """
    holder = document
    for key in key_path[:-1]:
        holder = holder[key]
    holder[key_path[-1]] = [_MARK]
    head, _, tail = encode(document).partition(orjson.dumps(_MARK))
    holder[key_path[-1]] = []
    stripped = head.rstrip(b" ")  # up to the newline after "[": items bring their indent
    level = (len(head) - len(stripped)) // len(_INDENT)
    head = stripped
    prefix = _INDENT * level
    count = 0
    with path.open("wb") as handle:
        for item in items:
            handle.write(b",\n" if count else head)
            handle.write(prefix)
            handle.write(encode(item, level))
            count += 1
        if count:
            handle.write(tail)
        else:  # an empty list is written on one line
            handle.write(encode(document))
        handle.write(b"\n")
    return count

