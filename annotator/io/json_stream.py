"""JSON documents written as they are read: one long array streamed item by item.

The file is byte for byte what ``json.dump(document, ensure_ascii=False, indent=2)`` plus a
newline gives for the whole document, but only one item is in memory at a time. Items are
encoded by orjson (``OPT_INDENT_2`` writes exactly that layout, some thirty times faster
than the standard library's indenting encoder, which is pure Python); each item's lines
are then shifted to the depth of the array they sit in (JSON strings never hold a raw
newline, so every newline in the encoded item is a line break of the layout).

A long list of records can instead be written one item a line (``one_per_line``): each
item compact, as ``json.dumps(item, ensure_ascii=False, separators=(",", ":"))`` writes it,
on its own line at the array's depth, the rest of the document indented as above. Such a
file is a fraction of the size, and a line is one whole item for ``grep`` or a line reader.

Every file is JSON-LD that publishers paste into ``<script type="application/ld+json">``:
``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same
string to any JSON parser), so no text in a note can close the script block or start
markup. Outside strings JSON has none of these characters, so replacing the bytes of
the encoded item is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from annotator.store.sql_text import Depth

_MARK = "\x00annotator-stream-items\x00"
_INDENT = b"  "
_WRITE_PARTS = 256  # items joined per write: flat memory, few calls
_HTML_UNSAFE = ((b"&", b"\\u0026"), (b"<", b"\\u003c"), (b">", b"\\u003e"))


def encode(value: Any, level: Depth = 0) -> bytes:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it (UTF-8),
    with ``<``, ``>`` and ``&`` escaped and every line after the first indented ``level``
    steps more; at level None, compact on one line."""
    if level is None:
        return html_safe(orjson.dumps(value))
    data = html_safe(orjson.dumps(value, option=orjson.OPT_INDENT_2))
    return data.replace(b"\n", b"\n" + _INDENT * level) if level else data


def html_safe(data: bytes) -> bytes:
    """Encoded JSON with ``<``, ``>`` and ``&`` as ``\\u`` escapes (safe inside HTML)."""
    for raw, escaped in _HTML_UNSAFE:
        data = data.replace(raw, escaped)
    return data


def write_document(path: Path, document: dict[str, Any]) -> None:
    """Write a whole (small) document, as ``json.dump(..., indent=2)`` and a newline would."""
    path.write_bytes(encode(document) + b"\n")


def write_streamed(path: Path, document: dict[str, Any], key_path: Sequence[str],
                   items: Iterable[Any], *, one_per_line: bool = False) -> int:
    """Write ``document`` with the (empty) list at ``key_path`` filled from ``items``.

    Returns the number of items written.
    """
    def chunks(level: Depth) -> Iterator[list[bytes]]:
        parts: list[bytes] = []  # written a few hundred items at a time: one call each
        for item in items:
            parts.append(encode(item, level))
            if len(parts) >= _WRITE_PARTS:
                yield parts
                parts = []
        yield parts

    return _write(path, document, key_path, chunks, html_safe_items=False,
                  one_per_line=one_per_line)


def write_streamed_text(path: Path, document: dict[str, Any], key_path: Sequence[str],
                        chunks: Callable[[Depth], Iterable[list[bytes]]], *,
                        one_per_line: bool = False) -> int:
    """As write_streamed, with the items already JSON text (UTF-8): ``chunks(level)`` yields
    lists of items laid out for depth ``level`` (annotator.store.sql_text; None when
    ``one_per_line``), made HTML-safe here."""
    return _write(path, document, key_path, chunks, html_safe_items=True,
                  one_per_line=one_per_line)


def _write(path: Path, document: dict[str, Any], key_path: Sequence[str],
           chunks: Callable[[Depth], Iterable[list[bytes]]], *, html_safe_items: bool,
           one_per_line: bool) -> int:
    holder = document
    for key in key_path[:-1]:
        holder = holder[key]
    holder[key_path[-1]] = [_MARK]
    head, _, tail = encode(document).partition(orjson.dumps(_MARK))
    holder[key_path[-1]] = []
    stripped = head.rstrip(b" ")  # up to the newline after "[": items bring their indent
    level = (len(head) - len(stripped)) // len(_INDENT)
    prefix = _INDENT * level
    between = b",\n" + prefix
    count = 0
    with path.open("wb") as handle:
        for items in chunks(None if one_per_line else level):
            if not items:
                continue
            data = between.join(items)
            if html_safe_items:
                data = html_safe(data)
            handle.write((between if count else stripped + prefix) + data)
            count += len(items)
        if count:
            handle.write(tail)
        else:  # an empty list is written on one line
            handle.write(encode(document))
        handle.write(b"\n")
    return count
