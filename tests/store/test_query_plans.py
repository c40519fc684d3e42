"""The hot reads use the indexes meant for them: reading one article never scans every claim
or source, and the library list reads index pages only (checked with EXPLAIN QUERY PLAN)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select

from annotator.domain.records import SourceInput
from annotator.store import Store, reads

pytestmark = pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN


def plan(store: Store, query: Select[Any]) -> list[str]:
    sql = str(query.compile(dialect=store.engine.dialect,
                            compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        return [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]


def scans(lines: list[str], table: str) -> list[str]:
    """Plan lines that read a whole table (not an index of it)."""
    return [line for line in lines if line.startswith(f"SCAN {table}")
            and "COVERING INDEX" not in line]


@pytest.fixture
def library(store: Store) -> Store:
    for n in range(3):
        text = f"Article {n}: the minister said growth was 3.4% in 2023.\n" * 20
        doc = store.import_document(f"Article {n}", text).document
        for k in range(10):
            store.create_claim(doc.id, k * 40, k * 40 + 20,
                               sources=[SourceInput(url=f"https://example.org/{n}/{k}")])
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return store


def test_claims_of_one_article_search_their_indexes(library: Store) -> None:
    lines = plan(library, reads.claims_query(2, sqlite=True))
    assert any("SEARCH claims USING INDEX ix_claims_document_start (document_id=?)" in line
               for line in lines), lines
    assert any("SEARCH sources USING COVERING INDEX ix_sources_claim_id (claim_id=?)" in line
               for line in lines), lines
    assert not scans(lines, "claims") and not scans(lines, "sources"), lines


@pytest.mark.parametrize(("starts", "searched"), [
    ((None, 200), "(document_id=? AND start<?)"),
    ((200, None), "(document_id=? AND start>?)"),
])
def test_the_first_screen_and_the_rest_read_a_range_of_the_index(
    library: Store, starts: reads.Starts, searched: str,
) -> None:
    lines = plan(library, reads.claims_query(2, sqlite=True, starts=starts))
    assert any(f"SEARCH claims USING INDEX ix_claims_document_start {searched}" in line
               for line in lines), lines
    assert not scans(lines, "claims") and not scans(lines, "sources"), lines


def test_the_first_screen_and_the_rest_are_every_claim_once_in_text_order(
    library: Store,
) -> None:
    document = library.list_documents()[1].id
    head = library.claims(document, starts=(None, 200))
    tail = library.claims(document, starts=(200, None))
    assert head and tail and all(c.start < 200 <= t.start for c in head for t in tail)
    assert head + tail == library.claims(document)

def test_verdict_counts_of_one_article_read_only_its_index_entries(library: Store) -> None:
    lines = plan(library, reads.verdict_counts_query(2))
    assert lines == ["SEARCH claims USING COVERING INDEX ix_claims_document_verdict "
                     "(document_id=?)"], lines


def test_library_list_reads_index_pages_and_the_kept_counts_never_claims(
    library: Store,
) -> None:
    listing = plan(library, reads.listing_query(sqlite=True))
    assert listing == [
        "SCAN documents USING COVERING INDEX ix_documents_listing",
        "SEARCH document_counts USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN",
    ], listing


def test_reads_return_what_the_store_wrote(library: Store) -> None:
    documents = library.list_documents()
    assert [d.claim_count for d in documents] == [10, 10, 10]
    claims = library.claims(documents[1].id)
    assert [c.source_count for c in claims] == [1] * 10
    assert claims == [library.claim(c.id) for c in claims]
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert library.claims() == [c for d in documents for c in library.claims(d.id)]


def test_exporting_one_article_reads_only_its_claims_and_sources(library: Store) -> None:
    from annotator.store import export_rows

    claims = plan(library, export_rows._document_claims_query(True).params(document_id=2))
    sources = plan(library, export_rows._document_sources_query(True).params(document_id=2))
    for lines in (claims, sources):
        assert not scans(lines, "claims") and not scans(lines, "sources"), lines
    assert any("ix_claims_document_start" in line for line in claims), claims
    assert any("ix_sources_claim_id" in line for line in sources), sources


def test_the_attention_badge_reads_only_the_claims_needing_attention(library: Store) -> None:
    # As after a new version: a few claims orphaned or fuzzy, most anchored; statistics
    # taken with them (the app itself never runs ANALYZE).
    with library.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE claims SET anchor_state = CASE id % 2 WHEN 0 THEN 'orphaned' "
            "ELSE 'fuzzy' END WHERE id % 10 = 0")
        connection.exec_driver_sql("ANALYZE")
    for query in (reads.attention_query(), reads.attention_query(2)):
        lines = plan(library, query)
        # The partial index holds only the claims needing attention: walking all of it is
        # what the badge should cost; any other way through claims reads every claim.
        claims = [line for line in lines if " claims " in f"{line} "]
        assert claims and all("ix_claims_attention" in line for line in claims), lines
    with library.reading() as connection:
        counts = reads.attention_counts(connection)
    assert sum(counts.values()) == 3 and len(counts) == 3, counts
