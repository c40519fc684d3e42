"""The library features on PostgreSQL: records, deletion with undo, and the plain search
(no FTS5 there: every word must occur, case-insensitively, in the same fields)."""

from __future__ import annotations

from annotator.domain.library import ClaimQuery
from annotator.domain.records import DocumentMetadata, SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.store import Store


def test_library_features_on_postgres(postgres_url: str) -> None:  # the throwaway cluster
    store = Store.open(postgres_url, author="alice")
    try:
        assert not store.has_search_index()
        text = "Officials said all of the ballots were counted by hand in Budapest."
        doc = store.import_document("Count", text, metadata=DocumentMetadata(
            title="Ballot count", outlet="Daily Planet", published="2026-03-14")).document
        claim = store.create_claim(doc.id, 0, 40, verdict=Verdict.DISPUTED,
                                   note="The Electoral Commission disagrees: 100% counted_by.csv",
                                   sources=[SourceInput(title="Gazette", stance=Stance.REFUTES)])

        def found(**query: object) -> list[int]:
            return [h.claim.id for h in store.search_claims(ClaimQuery(**query)).hits]  # type: ignore[arg-type]

        assert found(text="electoral COMMISSION") == [claim.id]
        assert found(text="gazette planet") == [claim.id]  # a source, the article's outlet
        assert found(text="100%") == [claim.id] and found(text="50%") == []
        assert found(text="counted_by") == [claim.id] and found(text="counted_x") == []
        assert found(verdicts=frozenset({Verdict.VERIFIED})) == []
        assert found(review_statuses=frozenset({"unreviewed"}), conflict=False) == [claim.id]
        assert store.library_counts().verdicts[Verdict.DISPUTED] >= 1

        assert store.update_document(doc.id, DocumentMetadata(title="Renamed")).title == "Renamed"
        before = store.claims(doc.id)
        snapshot = store.delete_document(doc.id)
        assert found(text="commission") == []
        store.restore_document(snapshot)
        assert store.claims(doc.id) == before
        assert found(text="commission") == [claim.id]
    finally:
        store.close()
