"""Evidence search over a library the test builds: ranking, exclusion, no-match, updates."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.evidence.assistant import EvidenceIndex
from annotator.evidence.conflicts import Conflict
from annotator.evidence.passages import load_passages, stale_documents
from annotator.store import Store

from .conftest import HARBOUR, doc_id


def test_supporting_sentence_in_another_article_ranks_first(
        library: Store, index: EvidenceIndex) -> None:
    rewrite = doc_id(library, "Port rewrite")
    claim = library.create_claim(rewrite, 0, 1)  # any claim on the rewrite
    text = "about 1,800 people will work on the project"
    answer = index.search(text, exclude={rewrite})
    best = answer.results[0]
    assert best.document_id == doc_id(library, "Harbour works")
    assert best.text == "The project costs 420 million euros and will employ 1,800 workers."
    assert HARBOUR[best.start:best.end] == best.text
    assert not answer.no_evidence
    assert claim.document_id == rewrite


def test_the_claims_own_article_never_appears(library: Store, index: EvidenceIndex) -> None:
    rewrite = doc_id(library, "Port rewrite")
    text = library.document(rewrite).text
    quote = "A new container terminal is due to open in the summer."
    start = text.index(quote)
    claim = library.create_claim(rewrite, start, start + len(quote))
    answer = index.search_claim(claim.id, top=50)
    assert answer.results, "the harbour article should match"
    assert all(hit.document_id != rewrite for hit in answer.results)
    assert answer.results[0].document_id == doc_id(library, "Harbour works")
    # Without exclusion the claim's own sentence would have been the best match.
    assert index.search(quote).results[0].document_id == rewrite


def test_other_versions_of_the_claims_article_are_excluded(
        library: Store, index: EvidenceIndex) -> None:
    harbour = doc_id(library, "Harbour works")
    corrected = HARBOUR.replace("1,800 workers", "1,900 workers")
    newer = library.import_document("Harbour works (corrected)", corrected,
                                    origin="https://news.example/harbour").document.id
    index.refresh()
    quote = "will employ 1,800 workers"
    start = HARBOUR.index(quote)
    claim = library.create_claim(harbour, start, start + len(quote))
    answer = index.search_claim(claim.id, top=50)
    assert {hit.document_id for hit in answer.results}.isdisjoint({harbour, newer})


def test_a_claim_about_something_absent_is_flagged(index: EvidenceIndex) -> None:
    answer = index.search("The volcano on Iceland erupted twice, grounding flights to Oslo.")
    assert answer.no_evidence
    present = index.search("A late frost in April damaged the apple blossoms in the Douro.")
    assert not present.no_evidence


def test_matching_words_are_marked_and_conflicts_hinted(
        library: Store, index: EvidenceIndex) -> None:
    answer = index.search("The terminal will employ 2,500 workers.",
                          exclude={doc_id(library, "Port rewrite")})
    best = answer.results[0]
    text = library.document(best.document_id).text
    assert [text[s:e] for s, e in best.marks] == ["employ", "workers"]
    assert Conflict.NUMBER in best.conflicts


def test_index_is_stored_and_reused_after_a_restart(library: Store, index: EvidenceIndex,
                                                    tmp_path: Path) -> None:
    assert stale_documents(library) == []
    stored = load_passages(library)
    assert len(stored) == 14
    library.close()
    reopened = Store.open(tmp_path / "library.sqlite3")
    try:
        again = EvidenceIndex(reopened)
        assert again.refresh().indexed == 0
        assert load_passages(reopened) == stored
    finally:
        reopened.close()


def test_added_and_deleted_documents_update_the_index(
        library: Store, index: EvidenceIndex) -> None:
    added = library.import_document(
        "Volcano", "The volcano on Iceland erupted twice. Flights to Oslo were grounded.")
    report = index.refresh()
    assert (report.indexed, report.passages) == (1, 2)
    answer = index.search("The volcano on Iceland erupted twice, grounding flights to Oslo.")
    assert answer.results[0].document_id == added.document.id
    assert not answer.no_evidence

    library.delete_document(added.document.id)
    assert index.refresh().indexed == 0
    assert all(p.document_id != added.document.id for p in load_passages(library))
    assert index.search("volcano Iceland erupted").results == ()


def test_a_new_text_of_a_document_updates_the_index(library: Store, index: EvidenceIndex,
                                                    db_file: Path) -> None:
    harbour = doc_id(library, "Harbour works")
    corrected = HARBOUR.replace("Fishermen protested against the noise at the quay.",
                                "Seagulls nested on the cranes at the quay.")
    # A correction replaces the text (and its hash) of the same document.
    connection = sqlite3.connect(db_file)
    with connection:
        from annotator.domain.anchor import text_sha256
        connection.execute("UPDATE documents SET text = ?, sha256 = ? WHERE id = ?",
                           (corrected, text_sha256(corrected), harbour))
    connection.close()
    assert stale_documents(library) != []
    assert index.refresh().indexed == 1
    assert index.search("Seagulls nested on the cranes").results[0].document_id == harbour
    assert index.search("Fishermen protested against the noise").no_evidence


def test_empty_library_and_empty_query(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.sqlite3") as store:
        index = EvidenceIndex(store)
        index.refresh()
        answer = index.search("anything at all")
        assert answer.results == () and answer.no_evidence
        store.import_document("Doc", "Some words here.")
        index.refresh()
        assert index.search("the of and").results == ()


def test_a_read_only_library_is_indexed_in_memory(library: Store, db_file: Path) -> None:
    library.close()
    with Store.open(f"sqlite:///file:{db_file}?mode=ro&uri=true") as read_only:
        index = EvidenceIndex(read_only)
        report = index.refresh()
        assert report.read_only and report.passages == 0
        assert "read-only" in index.note
        best = index.search("will employ 1,800 workers").results[0]
        assert best.text == "The project costs 420 million euros and will employ 1,800 workers."
        assert load_passages(read_only) == []
