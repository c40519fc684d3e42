"""The ClaimReview embed snippets: read back with independent HTML parsers (lxml, the
standard library's tokenizer, html5lib and extruct where installed) from the exported file
and from a third-party page the snippet is pasted into, with a note that tries to close the
script block (``</script>``) and to open an HTML comment (``<!--``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from annotator.io.embed import SCRIPT_CLOSE, SCRIPT_OPEN
from annotator.io.export import export_library
from annotator.store import Store
from tests.io.export_support import MARKUP_NOTE, Library, ScriptCollector

HOSTILE_NOTE = "Ends here </script><script>alert(1)</script> <!-- and hides <!-- the rest -->"


@pytest.fixture
def hostile(store: Store, library: Library) -> Library:
    store.set_note(library.emoji.id, HOSTILE_NOTE)
    return library


def graphs_by_article(store: Store, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """The ClaimReview export's items grouped by article (what the snippets must hold)."""
    path = tmp_path / "all.jsonld"
    export_library(store, "claimreview", path)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in json.loads(path.read_text(encoding="utf-8"))["@graph"]:
        article = item["itemReviewed"]["appearance"]["@id"].removeprefix("urn:uuid:")
        grouped.setdefault(article, []).append(item)
    return grouped


@pytest.fixture
def embed(store: Store, hostile: Library, tmp_path: Path) -> tuple[str, dict[str, Any]]:
    path = tmp_path / "snippets.html"
    summary = export_library(store, "embed", path)
    assert (summary.written, summary.left_out) == (4, 1)
    return path.read_text(encoding="utf-8"), graphs_by_article(store, tmp_path)


def test_one_section_per_article_with_checked_claims(embed: tuple[str, dict[str, Any]],
                                                     library: Library) -> None:
    html, expected = embed
    tree = lxml.html.document_fromstring(html)
    sections = tree.xpath("//section[@class='article']")
    assert [s.get("id") for s in sections] == [f"article-{library.emoji_doc.uuid}",
                                               f"article-{library.original_doc.uuid}"]
    for section in sections:
        [script] = section.xpath("script")
        assert script.get("type") == "application/ld+json"
        document = json.loads(script.text)
        assert document["@context"] == "https://schema.org"
        assert document["@graph"] == expected[section.get("id").removeprefix("article-")]
    assert not tree.xpath("//script[not(@type='application/ld+json')]")  # nothing runs
    assert tree.xpath("string(//section[last()]/h2)") == "Original"  # nothing was hidden


def test_the_shown_snippet_is_the_block_itself(embed: tuple[str, dict[str, Any]]) -> None:
    html, expected = embed
    tree = lxml.html.document_fromstring(html)
    for section in tree.xpath("//section[@class='article']"):
        shown = section.xpath("string(pre[@class='snippet'])")
        assert shown.startswith(SCRIPT_OPEN + "\n") and shown.endswith("\n" + SCRIPT_CLOSE)
        assert shown.count("</") == 1 and "<!--" not in shown
        data = json.loads(shown.removeprefix(SCRIPT_OPEN).removesuffix(SCRIPT_CLOSE))
        assert data["@graph"] == expected[section.get("id").removeprefix("article-")]


def pasted(snippet: str) -> str:
    """A publisher's page with the snippet pasted in its body, and text after it."""
    return ("<!DOCTYPE html><html><head><title>Our fact-check</title></head><body>"
            f"<h1>Fact-check</h1>{snippet}<p id='after'>After the data.</p></body></html>")


def snippets(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return [pre.text_content() for pre in tree.xpath("//pre[@class='snippet']")]


def test_a_pasted_snippet_with_script_and_comment_in_a_note_parses(
        embed: tuple[str, dict[str, Any]], library: Library) -> None:
    html, expected = embed
    first = snippets(html)[0]
    graph = expected[library.emoji_doc.uuid]
    notes = [item.get("reviewBody") for item in graph]
    assert HOSTILE_NOTE in notes and MARKUP_NOTE in notes  # the notes, unchanged

    tree = lxml.html.document_fromstring(pasted(first))
    [script] = tree.xpath("//script")
    assert json.loads(script.text)["@graph"] == graph
    assert [p.text for p in tree.xpath("//body/p")] == ["After the data."]

    parser = ScriptCollector()
    parser.feed(pasted(first))
    parser.close()
    assert parser.tags == ["html", "head", "title", "body", "h1", "script", "p"]
    assert [json.loads(s)["@graph"] for s in parser.scripts] == [graph]


def test_html5lib_reads_the_page_as_a_browser_would(embed: tuple[str, dict[str, Any]],
                                                   library: Library) -> None:
    html5lib = pytest.importorskip("html5lib")
    html, expected = embed
    pages = {html: list(expected.values()),
             pasted(snippets(html)[0]): [expected[library.emoji_doc.uuid]]}
    for page, graphs in pages.items():
        tree = html5lib.parse(page, namespaceHTMLElements=False)
        scripts = list(tree.iter("script"))
        assert [json.loads(s.text)["@graph"] for s in scripts] == graphs
        assert all(s.get("type") == "application/ld+json" for s in scripts)


def test_extruct_finds_every_claim_review(embed: tuple[str, dict[str, Any]]) -> None:
    extruct = pytest.importorskip("extruct")
    html, expected = embed
    found = extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert [document["@graph"] for document in found] == list(expected.values())
    for snippet, graph in zip(snippets(html), expected.values(), strict=True):
        [document] = extruct.extract(pasted(snippet), syntaxes=["json-ld"])["json-ld"]
        assert document["@graph"] == graph
