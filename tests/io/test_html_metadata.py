"""Metadata of a realistic news page lands in the article's record."""

from __future__ import annotations

from pathlib import Path

from annotator.io.importers import read_file
from annotator.store import Store

NEWS_PAGE = Path(__file__).parent / "data" / "news_article.html"


def test_news_page_gives_byline_date_site_name_and_canonical_address() -> None:
    imported = read_file(NEWS_PAGE)
    meta = imported.metadata
    assert meta is not None
    assert imported.title == "Summit set for Budapest next week, officials say"
    assert meta.title == imported.title  # no " | The Daily Planet"
    assert meta.outlet == "The Daily Planet"
    assert meta.authors == "Lois Lane; Clark Kent"
    assert meta.published == "2026-03-14"
    assert meta.url == "https://www.dailyplanet.example/world/2026/03/14/summit-budapest"
    assert meta.language == "en-GB"
    assert "Most read" not in imported.text and "All rights reserved" not in imported.text


def test_metadata_is_stored_with_the_article_and_can_be_edited(store: Store) -> None:
    imported = read_file(NEWS_PAGE)
    outcome = store.import_document(imported.title, imported.text, imported.origin,
                                    metadata=imported.metadata)
    record = store.document(outcome.document.id)
    assert (record.title, record.outlet, record.authors, record.published) == (
        "Summit set for Budapest next week, officials say", "The Daily Planet",
        "Lois Lane; Clark Kent", "2026-03-14")
    assert record.url.startswith("https://www.dailyplanet.example/")

    edited = store.update_document(record.id, record.metadata.__class__(
        title="Budapest summit", url="dailyplanet.example/summit", outlet="Daily Planet",
        authors="Lois Lane", published="2026-03-15", language="en", note="Wire copy"))
    again = store.document(record.id)
    assert again == edited
    assert again.url == "https://dailyplanet.example/summit"  # completed like a source's
    assert (again.title, again.published, again.note) == ("Budapest summit", "2026-03-15",
                                                          "Wire copy")
    summary = store.list_documents()[0]
    assert (summary.title, summary.outlet, summary.authors) == (
        "Budapest summit", "Daily Planet", "Lois Lane")


def test_page_without_metadata_keeps_the_fields_empty(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text("<html><body><p>" + "Just a paragraph of text. " * 20 + "</p></body></html>",
                    encoding="utf-8")
    meta = read_file(page).metadata
    assert meta is not None
    assert (meta.url, meta.outlet, meta.authors, meta.published) == ("", "", "", "")
