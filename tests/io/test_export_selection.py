"""Exports of a part of the library: one article, or the claims a library search selects."""

from __future__ import annotations

import csv
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.domain.library import ClaimQuery
from annotator.domain.verdict import Verdict
from annotator.io.export import export_library
from annotator.io.formats import ExportFormat
from annotator.store import Store

ARTICLE_A = "Officials said the summit will be held in Budapest next week. Turnout was high."
ARTICLE_B = "A long wire copy about harvests. " * 200 + "Wheat prices fell by a third."


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.fixture
def two_articles(store: Store) -> tuple[int, int, list[int]]:
    a = store.import_document("Summit", ARTICLE_A).document.id
    b = store.import_document("Harvest wire", ARTICLE_B).document.id
    claims = [
        store.create_claim(a, 18, 61, verdict=Verdict.DISPUTED, note="Date unconfirmed").id,
        store.create_claim(a, 62, 79, verdict=Verdict.VERIFIED).id,
        store.create_claim(b, len(ARTICLE_B) - 29, len(ARTICLE_B),
                           verdict=Verdict.DISPUTED, note="Ministry says a quarter").id,
    ]
    return a, b, claims


def test_one_article_html_report_contains_that_article_only(
        store: Store, two_articles: tuple[int, int, list[int]], tmp_path: Path) -> None:
    a, _b, _claims = two_articles
    path = tmp_path / "one.html"
    summary = export_library(store, ExportFormat.HTML, path, document_ids=[a])
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    text = "".join(parser.parts)
    assert "Budapest" in text and "Date unconfirmed" in text
    assert "harvests" not in text and "Wheat" not in text and "Harvest wire" not in text
    assert (summary.documents, summary.claims) == (1, 2)
    assert path.stat().st_size < 20_000  # the wire copy is not in it


def test_claims_filtered_in_the_library_export_alone(
        store: Store, two_articles: tuple[int, int, list[int]], tmp_path: Path) -> None:
    path = tmp_path / "disputed.csv"
    summary = export_library(store, ExportFormat.CSV, path,
                             claims=ClaimQuery(verdicts=frozenset({Verdict.DISPUTED})))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["note"] for row in rows) == ["Date unconfirmed", "Ministry says a quarter"]
    assert {row["verdict"] for row in rows} == {"disputed"}
    assert (summary.documents, summary.claims) == (2, 2)


def test_searched_and_selected_claims_in_a_review_file(
        store: Store, two_articles: tuple[int, int, list[int]], tmp_path: Path) -> None:
    a, _b, claims = two_articles
    searched = tmp_path / "searched.sqlite"
    export_library(store, ExportFormat.REVIEW, searched, claims=ClaimQuery(text="ministry"))
    selected = tmp_path / "selected.sqlite"
    export_library(store, ExportFormat.REVIEW, selected,
                   claims=ClaimQuery(claim_ids=frozenset(claims[:1])))
    for path, notes, titles in ((searched, ["Ministry says a quarter"], ["Harvest wire"]),
                                (selected, ["Date unconfirmed"], ["Summit"])):
        db = sqlite3.connect(path)
        try:
            assert [r[0] for r in db.execute("SELECT note FROM claims")] == notes
            assert [r[0] for r in db.execute("SELECT title FROM documents")] == titles
        finally:
            db.close()
    assert a
