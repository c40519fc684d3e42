"""The index follows an article's versions and title; a claim's own article and its
separately imported copies are never offered as its evidence."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.records import DocumentMetadata
from annotator.evidence.assistant import EvidenceIndex, versions_of
from annotator.evidence.passages import load_passages, stale_documents
from annotator.store import Store

from .conftest import HARBOUR, doc_id

CORRECTED = HARBOUR.replace("Fishermen protested against the noise at the quay.",
                            "Seagulls nested on the cranes at the quay.")


def test_a_new_version_of_an_article_updates_the_index(
        library: Store, index: EvidenceIndex) -> None:
    harbour = doc_id(library, "Harbour works")
    before = index.search("Fishermen protested against the noise").results[0]
    assert before.document_id == harbour

    outcome = library.add_version(harbour, CORRECTED, note="corrected")
    assert outcome.created
    assert [d for d, _sha in stale_documents(library)] == [harbour]
    report = index.refresh()
    assert (report.indexed, report.passages) == (1, 5)

    best = index.search("Seagulls nested on the cranes").results[0]
    assert best.document_id == harbour
    assert best.text == "Seagulls nested on the cranes at the quay."
    assert CORRECTED[best.start:best.end] == best.text  # offsets into the new version
    assert index.search("Fishermen protested against the noise").no_evidence
    # The stored index holds the current version only, once.
    stored = [p for p in load_passages(library) if p.document_id == harbour]
    assert len(stored) == 5
    assert all(CORRECTED[p.start:p.end] for p in stored)


def test_a_claim_on_a_corrected_article_never_finds_its_own_versions(
        library: Store, index: EvidenceIndex) -> None:
    harbour = doc_id(library, "Harbour works")
    library.add_version(harbour, CORRECTED, note="corrected")
    index.refresh()
    quote = "Dredging of the northern channel started on Monday."
    start = CORRECTED.index(quote)
    claim = library.create_claim(harbour, start, start + len(quote))
    answer = index.search_claim(claim.id, top=50)
    assert harbour not in {hit.document_id for hit in answer.results}
    assert answer.no_evidence  # no other article says it


def test_separately_imported_copies_of_the_article_are_excluded(library: Store) -> None:
    harbour = doc_id(library, "Harbour works")
    # A later import of the same page, not made a version: same origin.
    same_page = library.import_document(
        "Harbour works (again)", HARBOUR + "\nUpdated at noon.",
        origin="https://news.example/harbour").document.id
    # The version's origin changes; a copy of the earlier file still counts as the article.
    library.add_version(harbour, CORRECTED, origin="/archive/harbour-v2.txt")
    old_file = library.import_document(
        "Harbour (archive copy)", HARBOUR + "\nArchived.",
        origin="/archive/harbour-v2.txt").document.id
    # A copy recorded with the article's web address.
    library.update_document(harbour, DocumentMetadata(
        title="Harbour works", url="https://news.example/harbour"))
    by_url = library.import_document("Harbour (mirror)", HARBOUR + "\nMirrored.",
                                     origin="/mirror/h.html").document.id
    library.update_document(by_url, DocumentMetadata(
        title="Harbour (mirror)", url="https://news.example/harbour"))
    rewrite = doc_id(library, "Port rewrite")

    assert versions_of(library, harbour) == {harbour, same_page, old_file, by_url}
    assert versions_of(library, rewrite) == {rewrite}

    index = EvidenceIndex(library)
    index.refresh()
    quote = "will employ 1,800 workers"
    start = CORRECTED.index(quote)
    claim = library.create_claim(harbour, start, start + len(quote))
    found = {hit.document_id for hit in index.search_claim(claim.id, top=50).results}
    assert found.isdisjoint({harbour, same_page, old_file, by_url})


LOCK = ("Lisbon container terminal",
        "Ships queued outside the harbour for a week.\n"
        "It will finally open to ships in June 2027.")
BRIDGE = ("Bridge repairs", "The bridge opens in June 2027.")


def test_the_article_title_is_searched_with_its_passages(tmp_path: Path) -> None:
    with Store.open(tmp_path / "titles.sqlite3") as store:
        lock = store.import_document(*LOCK).document.id
        bridge = store.import_document(*BRIDGE).document.id
        index = EvidenceIndex(store)
        index.refresh()
        claim = "Lisbon's new container terminal opens in June 2027."
        # The sentence says "it": only its article's title says what opens.
        best = index.search(claim).results[0]
        assert (best.document_id, best.text) == (lock, "It will finally open to ships in "
                                                       "June 2027.")
        # Marks and closeness stay on the passage's own words.
        assert [LOCK[1][s:e] for s, e in best.marks] == ["open", "June", "2027"]

        # Renaming an article re-ranks without cutting its text again.
        store.update_document(lock, DocumentMetadata(title="Harbour queue"))
        assert index.refresh().indexed == 0
        assert index.search(claim).results[0].document_id == bridge


def test_a_titles_words_keep_their_weight_in_its_own_article(tmp_path: Path) -> None:
    """In a library of two articles on one story (like the bundled samples) every passage
    of the report carries "Trump" and "Putin" in its title; they must still count."""
    with Store.open(tmp_path / "story.sqlite3") as store:
        report = store.import_document(
            "Trump and Putin to meet",
            "Putin praised the Trump deal.\n"
            "The Gaza deal was praised by mediators in a long statement on Monday.\n"
            "Advisers will meet next week.").document.id
        rewrite = store.import_document(
            "A rewrite", "Putin praised Trump's Gaza deal, officials said.").document.id
        index = EvidenceIndex(store)
        index.refresh()
        best = index.search("Putin praised Trump's Gaza deal", exclude={rewrite}).results[0]
        assert (best.document_id, best.text) == (report, "Putin praised the Trump deal.")
