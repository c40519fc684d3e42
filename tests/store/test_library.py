"""The library as a whole: article records, deletion with undo, search, filters, counts."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from annotator.domain.library import UNREVIEWED, ClaimQuery
from annotator.domain.records import DocumentMetadata, SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.store import NotFound, Store
from annotator.store.search_index import TRIGGERS, ensure_triggers

TEXT_A = "The minister said turnout was 64 per cent. Nobody checked the figure."
TEXT_B = "Prices rose by ten per cent in March, the statistics office said on Tuesday."


@pytest.fixture
def library(store: Store) -> tuple[Store, int, int]:
    a = store.import_document("Turnout story", TEXT_A).document.id
    b = store.import_document("Prices story", TEXT_B).document.id
    return store, a, b


def quote(store: Store, document_id: int, words: str, **kwargs: object) -> int:
    text = store.document(document_id).text
    start = text.index(words)
    return store.create_claim(document_id, start, start + len(words), **kwargs).id  # type: ignore[arg-type]


def ids(store: Store, **query: object) -> list[int]:
    return sorted(hit.claim.id for hit in store.search_claims(ClaimQuery(**query)).hits)  # type: ignore[arg-type]


def test_search_finds_a_word_in_a_note_of_another_article(library: tuple[Store, int, int]) -> None:
    store, a, b = library
    first = quote(store, a, "turnout was 64 per cent")
    second = quote(store, b, "Prices rose by ten per cent")
    store.set_note(second, "The electoral commission publishes monthly figures")
    assert ids(store, text="commission") == [second]
    assert ids(store, text="COMMISS") == [second]  # case-insensitive, prefixes
    assert ids(store, text="per cent") == [first, second]  # quotes of both articles
    assert ids(store, text="Turnout story") == [first]  # the article's title
    hit = store.search_claims(ClaimQuery(text="commission")).hits[0]
    assert (hit.document_title, hit.claim.document_id) == ("Prices story", b)


def test_index_follows_sources_notes_titles_and_deletions(
        library: tuple[Store, int, int]) -> None:
    store, a, _b = library
    claim = quote(store, a, "Nobody checked the figure")
    source = store.add_source(claim, SourceInput(title="Electoral bulletin",
                                                 excerpt="official count"))
    assert ids(store, text="bulletin") == [claim]
    store.update_source(source.id, SourceInput(title="Gazette", stance=Stance.REFUTES))
    assert ids(store, text="bulletin") == [] and ids(store, text="gazette") == [claim]
    store.remove_source(source.id)
    assert ids(store, text="gazette") == []
    store.update_document(a, DocumentMetadata(title="Renamed", outlet="Daily Planet"))
    assert ids(store, text="planet") == [claim] and ids(store, text="turnout story") == []
    store.delete_claim(claim)
    assert ids(store, text="renamed") == []


def test_search_text_is_never_read_as_query_syntax(library: tuple[Store, int, int]) -> None:
    store, a, _b = library
    claim = quote(store, a, "Nobody checked")
    for text in ('"', "NEAR(", "a OR", "-minus", "*", "col:value", "'); DROP TABLE claims;--"):
        store.search_claims(ClaimQuery(text=text))  # no error
    assert ids(store, text='nobody" OR "x') == []  # all words must occur: x does not
    assert ids(store, text="") == [claim]


def test_filters_combine(library: tuple[Store, int, int]) -> None:
    store, a, b = library
    disputed_a = quote(store, a, "turnout was 64 per cent", verdict=Verdict.DISPUTED)
    verified_a = quote(store, a, "Nobody checked", verdict=Verdict.VERIFIED)
    disputed_b = quote(store, b, "Prices rose", verdict=Verdict.DISPUTED, note="per cent?")
    with store.engine.begin() as db:  # as a review import and a colleague would leave them
        db.execute(sql("UPDATE claims SET review_status = 'rejected', review_conflict = true "
                        "WHERE id = :id"), {"id": disputed_b})
        db.execute(sql("UPDATE claims SET author = 'carol' WHERE id = :id"),
                   {"id": disputed_a})
    disputed = frozenset({Verdict.DISPUTED})
    assert ids(store, verdicts=disputed) == [disputed_a, disputed_b]
    assert ids(store, verdicts=disputed, review_statuses=frozenset({"rejected"})) == [disputed_b]
    assert ids(store, verdicts=disputed, review_statuses=frozenset({UNREVIEWED})) == [disputed_a]
    assert ids(store, conflict=True) == [disputed_b]
    assert ids(store, authors=frozenset({"carol"})) == [disputed_a]
    assert ids(store, document_ids=frozenset({a}), verdicts=disputed) == [disputed_a]
    assert ids(store, text="per cent", verdicts=disputed) == [disputed_a, disputed_b]
    assert ids(store, text="per cent", document_ids=frozenset({b})) == [disputed_b]
    today = date.today()
    assert ids(store, changed_from=today - timedelta(days=1), changed_to=today + timedelta(1)) \
        == [disputed_a, verified_a, disputed_b]
    assert ids(store, changed_to=today - timedelta(days=2)) == []
    assert store.claim_authors() == ["carol", "tester"]


def test_a_claim_number_finds_that_claim_in_each_article(
        library: tuple[Store, int, int]) -> None:
    store, a, b = library
    first_a = quote(store, a, "turnout was 64 per cent")
    second_a = quote(store, a, "Nobody checked")
    first_b = quote(store, b, "Prices rose")
    second_b = quote(store, b, "statistics office")
    assert ids(store, text="#2") == [second_a, second_b]
    assert ids(store, text="#2", document_ids=frozenset({b})) == [second_b]
    assert ids(store, text="prices #1") == [first_b]  # a number and words together
    assert ids(store, text="#1 turnout") == [first_a]
    assert ids(store, text="#9") == []
    assert ids(store, text="64") == [first_a]  # a bare number is a word of the text
    store._indexed = False  # the plain search (PostgreSQL) reads the same
    assert ids(store, text="prices #1") == [first_b] and ids(store, text="#2") == [
        second_a, second_b]


def test_limit_keeps_the_total(library: tuple[Store, int, int]) -> None:
    store, a, _b = library
    for start in range(0, 30, 3):
        store.create_claim(a, start, start + 2)
    result = store.search_claims(ClaimQuery(), limit=4)
    assert len(result.hits) == 4 and result.total == 10 and result.truncated


def test_counts_by_verdict_and_review_per_article_and_in_total(
        library: tuple[Store, int, int]) -> None:
    store, a, b = library
    quote(store, a, "turnout", verdict=Verdict.DISPUTED)
    quote(store, a, "Nobody", verdict=Verdict.VERIFIED)
    quote(store, b, "Prices", verdict=Verdict.DISPUTED)
    counts = store.library_counts()
    assert [d.title for d in counts.documents] == ["Turnout story", "Prices story"]
    first = counts.documents[0]
    assert first.verdicts == {Verdict.DISPUTED: 1, Verdict.VERIFIED: 1}
    assert first.reviews == {UNREVIEWED: 2} and first.total == 2
    assert counts.verdicts == {Verdict.UNCHECKED: 0, Verdict.VERIFIED: 1, Verdict.DISPUTED: 2}
    assert counts.total == 3 and counts.reviews[UNREVIEWED] == 3


def test_delete_article_counts_what_goes_and_restores_it_exactly(
        library: tuple[Store, int, int]) -> None:
    store, a, b = library
    claim = quote(store, a, "turnout was 64 per cent", verdict=Verdict.DISPUTED)
    store.set_note(claim, "Check with the commission")
    store.add_source(claim, SourceInput(url="https://example.org/a", stance=Stance.REFUTES))
    text_b = store.document(b).text
    start = text_b.index("Prices rose")
    other = store.create_claim(b, 0, 6).id
    passage = store.add_source(other, SourceInput(passage_document_id=a, passage_start=4,
                                                  passage_end=12))
    before_doc = store.document(a)
    before_claims = store.claims(a)
    before_history = store.history(claim)
    weight = store.deletion_weight(a)
    assert (weight.claims, weight.sources, weight.passages_elsewhere) == (1, 1, 1)

    snapshot = store.delete_document(a)
    assert [d.id for d in store.list_documents()] == [b]
    assert store.sources(other)[0].passage_document_id is None
    assert ids(store, text="commission") == []
    with pytest.raises(NotFound):
        store.document(a)

    store.restore_document(snapshot)
    assert store.document(a) == before_doc
    assert store.claims(a) == before_claims
    assert store.history(claim) == before_history
    assert store.sources(other)[0] == passage
    assert ids(store, text="commission") == [claim]
    assert start >= 0


def test_metadata_is_checked(library: tuple[Store, int, int]) -> None:
    store, a, _b = library
    base = store.document(a).metadata
    for bad, message in ((replace(base, title="  "), "needs a title"),
                         (replace(base, published="14/03/2026"), "YYYY-MM-DD"),
                         (replace(base, published="2026-02-30"), "not a date"),
                         (replace(base, url="not an address"), "not a web address"),
                         (replace(base, language="English!"), "language tag")):
        with pytest.raises(ValueError, match=message):
            store.update_document(a, bad)
    assert store.document(a).metadata == base


def test_lost_triggers_are_recreated_and_the_index_refilled(db_path: Path) -> None:
    with Store.open(db_path) as store:
        doc = store.import_document("T", TEXT_A).document.id
        store.create_claim(doc, 0, 12)
    db = sqlite3.connect(db_path)
    with db:
        db.execute("DROP TRIGGER claim_search_claim_insert")
        db.execute("DELETE FROM claim_search")
    db.close()
    with Store.open(db_path) as store, store.engine.begin() as connection:
        ensure_triggers(connection)
        names = {r[0] for r in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert set(TRIGGERS) <= names
    with Store.open(db_path) as store:
        assert len(store.search_claims(ClaimQuery(text="minister")).hits) == 1


def test_plain_search_without_the_index_finds_the_same(library: tuple[Store, int, int]) -> None:
    """What PostgreSQL (or an SQLite without FTS5) gets: the fields read directly."""
    store, a, b = library
    first = quote(store, a, "turnout was 64 per cent", note="Commission figure")
    second = quote(store, b, "Prices rose", note="per cent? 100%")
    store.add_source(first, SourceInput(title="Gazette", stance=Stance.REFUTES))
    queries = ("commission", "COMMISS", "per cent", "gazette", "prices story", "100", "nothing",
               "turnout per")
    indexed = {text: ids(store, text=text) for text in queries}
    store._indexed = False  # as if the database had no full-text index
    assert {text: ids(store, text=text) for text in queries} == indexed
    assert indexed["per cent"] == [first, second] and indexed["nothing"] == []
