"""Streamed JSON is byte for byte what json.dump(indent=2, ensure_ascii=False) writes,
with <, > and & escaped as \\u003c, \\u003e and \\u0026 (HTML-safe)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from annotator.io.json_stream import encode, write_document, write_streamed

ODD = "quote \" backslash \\ newline \n tab \t nul \x00 del \x7f 👍🏽 事实 \u2028 </script>"


def dumps(value: Any) -> str:
    """The standard library's text, escaped as the Go and Django HTML-safe encoders do."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def reference(document: dict[str, Any]) -> bytes:
    return (dumps(document) + "\n").encode()


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(7 if depth < 3 else 4)
    if kind == 0:
        return "".join(chr(rng.choice([rng.randrange(0x80), rng.randrange(0x80, 0xD800),
                                       rng.randrange(0xE000, 0x110000)]))
                       for _ in range(rng.randrange(12)))
    if kind == 1:
        return rng.randrange(-10**12, 10**12)
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return ODD
    if kind == 4:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {f"k{n}": random_value(rng, depth + 1) for n in range(rng.randrange(4))}


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_array_at_any_depth_matches_json_dump(tmp_path: Path, count: int) -> None:
    rng = random.Random(count)
    items = [random_value(rng) for _ in range(count)] + [{"odd": ODD, "empty": [], "e": {}}]
    document = {"@context": "x", "first": {"id": "page", "items": [], "after": 1}}
    written = write_streamed(path := tmp_path / "deep.json", document, ("first", "items"),
                             iter(items))
    expected = {"@context": "x", "first": {"id": "page", "items": items, "after": 1}}
    assert written == len(items)
    assert path.read_bytes() == reference(expected)


def test_empty_stream_writes_an_empty_list(tmp_path: Path) -> None:
    write_streamed(path := tmp_path / "empty.json", {"@graph": []}, ("@graph",), iter(()))
    assert path.read_bytes() == reference({"@graph": []})


def test_values_encode_like_the_standard_library(tmp_path: Path) -> None:
    rng = random.Random(7)
    for _ in range(300):
        value = random_value(rng)
        assert encode(value) == dumps(value).encode()
    write_document(path := tmp_path / "doc.json", {"a": [1, {"b": ODD}]})
    assert path.read_bytes() == reference({"a": [1, {"b": ODD}]})


def test_markup_characters_are_escaped_and_load_back(tmp_path: Path) -> None:
    value = {"note": "a </script><b>&amp; b", "k<&>": ["<!--", "-->"]}
    write_document(path := tmp_path / "doc.json", value)
    data = path.read_bytes()
    assert not {ord("<"), ord(">"), ord("&")} & set(data)
    assert b"\\u003c/script\\u003e" in data
    assert json.loads(data) == value


@pytest.mark.parametrize("count", [1, 4])
def test_one_item_per_line_is_compact_and_the_rest_indented(tmp_path: Path,
                                                            count: int) -> None:
    rng = random.Random(count)
    items = [{"odd": ODD, "value": random_value(rng), "n": n} for n in range(count)]
    document = {"@context": "x", "first": {"id": "page", "items": [], "after": 1}}
    write_streamed(path := tmp_path / "lines.json", document, ("first", "items"), iter(items),
                   one_per_line=True)
    data = path.read_bytes()
    expected = {"@context": "x", "first": {"id": "page", "items": items, "after": 1}}
    assert json.loads(data) == expected
    assert not {ord("<"), ord(">"), ord("&")} & set(data)
    lines = data.decode().split("\n")
    start = lines.index('    "items": [') + 1
    item_lines = lines[start:start + count]
    assert [json.loads(line.rstrip(",")) for line in item_lines] == items
    compact = [json.dumps(item, ensure_ascii=False, separators=(",", ":")).replace(
        "&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") for item in items]
    assert item_lines == ["      " + text + ("," if n < count - 1 else "")
                          for n, text in enumerate(compact)]
    # Everything but the items is laid out as json.dump(indent=2) lays it out.
    outside = lines[:start] + lines[start + count:]
    expected_outside = reference({**document, "first": {**document["first"], "items": [0]}})
    assert "\n".join(outside) == expected_outside.decode().replace("\n      0\n", "\n")
