"""What leaves the laptop is safe to publish: JSON-LD that can sit in a page's script block
(read back by two independent HTML parsers), and addresses that are valid IRIs (checked
with rfc3987-syntax, an RFC 3987 grammar)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from rfc3987_syntax import is_valid_syntax_iri
from sqlalchemy import text

from annotator.io.export import export_library
from annotator.store import Store
from tests.io.export_support import MARKUP_NOTE, Library, ScriptCollector

HOSTILE_URL = 'https://stats.example/a b/"q"<x>{y}|^`\\%zz?k=事实'
JSONLD_FORMATS = ("claimreview", "w3c")


def _page(data: str) -> str:
    return ("<!DOCTYPE html><html><head><title>Fact check</title>"
            f'<script type="application/ld+json">{data}</script></head>'
            '<body><p id="after">After the data.</p></body></html>')


@pytest.mark.parametrize("fmt", JSONLD_FORMATS)
def test_jsonld_with_script_in_a_note_embeds_in_a_page(store: Store, library: Library,
                                                       tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"{fmt}.jsonld"
    export_library(store, fmt, path)
    data = path.read_text(encoding="utf-8")
    assert "</script>" not in data and "<" not in data and "&" not in data
    document = json.loads(data)
    assert MARKUP_NOTE in _values(document)  # the note, unchanged

    tree = lxml.html.document_fromstring(_page(data))
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and scripts[0].get("type") == "application/ld+json"
    assert json.loads(scripts[0].text) == document
    assert [p.text for p in tree.xpath("//body/p")] == ["After the data."]
    assert not tree.xpath("//body//script | //b")

    parser = ScriptCollector()
    parser.feed(_page(data))
    parser.close()
    assert parser.tags == ["html", "head", "title", "script", "body", "p"]
    assert [json.loads(s) for s in parser.scripts] == [document]


def _values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _values(item)]
    if isinstance(value, list):
        return [s for item in value for s in _values(item)]
    return [value] if isinstance(value, str) else []


def _strings(value: Any, keys: frozenset[str]) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, str):
                yield item
            else:
                yield from _strings(item, keys)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, keys)


@pytest.mark.parametrize("fmt", JSONLD_FORMATS)
def test_addresses_are_valid_iris(store: Store, library: Library, tmp_path: Path,
                                  fmt: str) -> None:
    with store.engine.begin() as connection:  # as an earlier version could store it
        connection.execute(text("UPDATE sources SET url = :url WHERE title = 'GDP 2023'"),
                           {"url": HOSTILE_URL})
    path = tmp_path / f"{fmt}.jsonld"
    export_library(store, fmt, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    addresses = list(_strings(document, frozenset({"url", "@id", "id", "source"})))
    hostile = [a for a in addresses if a.startswith("https://stats.example/a")]
    assert hostile == ["https://stats.example/a%20b/%22q%22%3Cx%3E%7By%7D%7C%5E%60%5C%25zz"
                       "?k=事实"]
    assert addresses and [a for a in addresses if not is_valid_syntax_iri(a)] == []
