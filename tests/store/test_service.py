"""Every Store service on a real SQLite file and PostgreSQL database: one transaction each,
persisted at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.store import ConcurrentEdit, NotFound, Store, engine
from tests.conftest import PRODUCTION_SYNCHRONOUS, Backend

QUOTE = "Trump spoke to his Russian counterpart on Thursday via phone call"


@pytest.fixture
def doc_id(store: Store, original_text: str) -> int:
    return store.import_document("Original", original_text, "/tmp/original.txt").document.id


def test_pragmas_on_every_connection(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "SYNCHRONOUS", PRODUCTION_SYNCHRONOUS)  # tests use NORMAL
    with Store.open(db_path) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_import_is_persisted_and_deduplicated(store: Store, backend: Backend, original_text: str):
    first = store.import_document("Original", original_text, None)
    again = store.import_document("Other title", original_text, None)
    assert first.created and not again.created
    assert again.document.id == first.document.id
    assert backend.raw("SELECT count(*), min(title) FROM documents") == [(1, "Original")]
    assert store.document(first.document.id).text == original_text


def test_create_claim_stores_anchor_in_code_points(store: Store, backend: Backend) -> None:
    text = "Intro 👍🏽 and 事实 then “the claim itself” — end."
    doc = store.import_document("Emoji", text).document
    start = text.index("“the claim")
    end = start + len("“the claim itself”")
    claim = store.create_claim(doc.id, start, end)
    assert claim.verdict is Verdict.UNCHECKED
    assert claim.exact == "“the claim itself”"
    # SQLite's substr counts code points too: the stored range names the same characters.
    row = backend.raw("SELECT substr(d.text, c.start + 1, c.\"end\" - c.start), c.exact "
                       "FROM claims c JOIN documents d ON d.id = c.document_id")
    assert row == [("“the claim itself”", "“the claim itself”")]


def test_create_claim_rejects_bad_ranges(store: Store, doc_id: int) -> None:
    with pytest.raises(ValueError):
        store.create_claim(doc_id, 10, 10)
    with pytest.raises(ValueError):
        store.create_claim(doc_id, 0, 10**9)
    assert store.claims(doc_id) == []


def test_verdict_and_note_changes_are_recorded_in_history(store: Store, original_text: str,
                                                          doc_id: int) -> None:
    start = original_text.index(QUOTE)
    claim = store.create_claim(doc_id, start, start + len(QUOTE))
    disputed = store.set_verdict(claim.id, Verdict.DISPUTED)
    noted = store.set_note(claim.id, "Call was on Thursday; check the date")
    assert disputed.version == claim.version + 1
    assert noted.note == "Call was on Thursday; check the date"
    entries = [(h.field, h.old, h.new) for h in store.history(claim.id)]
    assert entries == [
        ("created", "", "unchecked"),
        ("verdict", "unchecked", "disputed"),
        ("note", "", "Call was on Thursday; check the date"),
    ]
    assert all(h.author == "tester" for h in store.history(claim.id))


def test_unchanged_value_writes_no_history(store: Store, original_text: str, doc_id: int):
    start = original_text.index(QUOTE)
    claim = store.create_claim(doc_id, start, start + len(QUOTE))
    same = store.set_verdict(claim.id, Verdict.UNCHECKED)
    assert same.version == claim.version
    assert len(store.history(claim.id)) == 1


def test_stale_version_is_refused(store: Store, original_text: str, doc_id: int) -> None:
    start = original_text.index(QUOTE)
    claim = store.create_claim(doc_id, start, start + len(QUOTE))
    store.set_verdict(claim.id, Verdict.VERIFIED, expected_version=claim.version)
    with pytest.raises(ConcurrentEdit):
        store.set_verdict(claim.id, Verdict.DISPUTED, expected_version=claim.version)
    assert store.claim(claim.id).verdict is Verdict.VERIFIED


def test_sources_add_update_remove_restore(store: Store, original_text: str, doc_id: int,
                                           backend: Backend) -> None:
    start = original_text.index(QUOTE)
    claim = store.create_claim(doc_id, start, start + len(QUOTE))
    source = store.add_source(claim.id, SourceInput(url="https://example.org/a", title="A",
                                                    stance=Stance.REFUTES))
    assert store.claim(claim.id).source_count == 1
    updated = store.update_source(source.id, SourceInput(url="https://example.org/b",
                                                         publisher="Example"))
    assert (updated.url, updated.publisher, updated.uuid) == ("https://example.org/b",
                                                              "Example", source.uuid)
    removed = store.remove_source(source.id)
    assert backend.raw("SELECT count(*) FROM sources") == [(0,)]
    restored = store.restore_source(removed)
    assert (restored.id, restored.uuid, restored.url) == (source.id, source.uuid,
                                                          "https://example.org/b")


def test_empty_source_is_refused(store: Store, original_text: str, doc_id: int) -> None:
    claim = store.create_claim(doc_id, 0, 10)
    with pytest.raises(ValueError):
        store.add_source(claim.id, SourceInput(url="  "))
    assert store.sources(claim.id) == []


def test_passage_source_fills_excerpt_from_the_other_document(
    store: Store, original_text: str, rewrite_text: str, doc_id: int
) -> None:
    rewrite = store.import_document("Rewrite", rewrite_text).document
    claim = store.create_claim(rewrite.id, 0, 40)
    passage = "The two leaders spoke for over an hour"
    p_start = original_text.index(passage)
    source = store.add_source(claim.id, SourceInput(
        passage_document_id=doc_id, passage_start=p_start, passage_end=p_start + len(passage)))
    assert source.excerpt == passage
    assert source.title == "Original"
    with pytest.raises(ValueError):
        store.add_source(claim.id, SourceInput(passage_document_id=doc_id, passage_start=5,
                                               passage_end=len(original_text) + 5))


def test_claim_with_sources_is_atomic(store: Store, doc_id: int, backend: Backend) -> None:
    with pytest.raises(ValueError):
        store.create_claim(doc_id, 0, 10, sources=[SourceInput(url="https://ok.example"),
                                                   SourceInput()])
    assert backend.raw("SELECT count(*) FROM claims") == [(0,)]
    assert backend.raw("SELECT count(*) FROM sources") == [(0,)]


def test_delete_and_restore_claim_is_exact(store: Store, original_text: str, doc_id: int):
    start = original_text.index(QUOTE)
    claim = store.create_claim(doc_id, start, start + len(QUOTE), verdict=Verdict.VERIFIED,
                               note="n", sources=[SourceInput(url="https://x.example")])
    store.set_verdict(claim.id, Verdict.DISPUTED)
    before = (store.claim(claim.id), store.sources(claim.id), store.history(claim.id))
    snapshot = store.delete_claim(claim.id)
    with pytest.raises(NotFound):
        store.claim(claim.id)
    store.restore_claim(snapshot)
    after = (store.claim(claim.id), store.sources(claim.id), store.history(claim.id))
    assert after == before


def test_list_documents_counts_by_verdict(store: Store, original_text: str, doc_id: int):
    a = store.create_claim(doc_id, 0, 10)
    store.create_claim(doc_id, 20, 30)
    store.set_verdict(a.id, Verdict.DISPUTED)
    (summary,) = store.list_documents()
    assert (summary.unchecked, summary.verified, summary.disputed) == (1, 0, 1)
    assert summary.claim_count == 2


def test_deleting_a_document_removes_its_claims(store: Store, doc_id: int, backend: Backend):
    claim = store.create_claim(doc_id, 0, 10, sources=[SourceInput(url="https://x.example")])
    store.delete_document(doc_id)
    assert backend.raw("SELECT count(*) FROM claims WHERE id = ?", claim.id) == [(0,)]
    assert backend.raw("SELECT count(*) FROM sources") == [(0,)]


def test_find_document_by_id_uuid_or_title(store: Store, doc_id: int) -> None:
    record = store.document(doc_id)
    assert store.find_document(str(doc_id)) == record
    assert store.find_document(record.uuid) == record
    assert store.find_document("Original") == record
    with pytest.raises(NotFound):
        store.find_document("nope")


def test_changes_survive_reopening(backend: Backend, original_text: str) -> None:
    first = Store.open(backend.target, author="alice")
    doc = first.import_document("Original", original_text).document
    claim = first.create_claim(doc.id, 0, 20, verdict=Verdict.DISPUTED, note="why")
    first.close()
    second = Store.open(backend.target)
    again = second.claim(claim.id)
    second.close()
    assert (again.verdict, again.note, again.author, again.uuid) == (
        Verdict.DISPUTED, "why", "alice", claim.uuid)


@pytest.mark.parametrize("text", ["line one\r\nline two", "old mac\rline", "   \n  ",
                                  "\u200b\u200d\ufeff\u2060", "\u3164\u00ad\u200e"])
def test_texts_qt_would_misplace_or_empty_texts_are_refused(store: Store, backend: Backend,
                                                            text: str) -> None:
    with pytest.raises(ValueError):
        store.import_document("Bad", text)
    assert backend.raw("SELECT count(*) FROM documents") == [(0,)]
