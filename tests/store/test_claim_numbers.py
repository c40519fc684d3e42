"""Claim numbers (#1, #2, ... per article): given at creation, never reused after a deletion,
kept by undo and by new versions of the text, distinct when editors add claims at once
(SQLite file and PostgreSQL database), back-filled by migration 0010."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from annotator.domain.claim_number import claim_label, parse_claim_label
from annotator.store import Store
from annotator.store.migrate import head_revision
from tests.conftest import Backend
from tests.store.test_migrations import rows, rows_as_they_were

FROZEN_REV0009 = Path(__file__).parent / "data" / "library-rev0009.sqlite3"
TEXT = "One claim here. Two claims there. Three claims everywhere. Four at last."


def add(store: Store, document_id: int, quote: str) -> int:
    start = TEXT.index(quote)
    return store.create_claim(document_id, start, start + len(quote)).number


def test_numbers_count_per_article_from_one(store: Store) -> None:
    first = store.import_document("First", TEXT).document.id
    second = store.import_document("Second", TEXT + " Again.").document.id
    assert [add(store, first, q) for q in ("Three", "One", "Two")] == [1, 2, 3]
    assert add(store, second, "Four") == 1
    assert [(c.exact, c.number, c.label) for c in store.claims(first)] == [
        ("One", 2, "#2"), ("Two", 3, "#3"), ("Three", 1, "#1")]
    assert store.claim(store.claims(second)[0].id).number == 1


def test_a_deleted_claims_number_is_never_given_again(store: Store) -> None:
    doc = store.import_document("Article", TEXT).document.id
    add(store, doc, "One")
    last = store.create_claim(doc, 4, 9)
    assert last.number == 2
    store.delete_claim(last.id)
    assert add(store, doc, "Two") == 3
    # Not even when every claim is gone.
    for claim in store.claims(doc):
        store.delete_claim(claim.id)
    assert add(store, doc, "Four") == 4


def test_an_article_without_a_counter_continues_after_its_highest_number(
    store: Store, backend: Backend,
) -> None:
    doc = store.import_document("Article", TEXT).document.id
    for quote in ("One", "Two", "Three"):
        add(store, doc, quote)
    with store.engine.begin() as connection:  # as a library rebuilt from its claims has it
        connection.exec_driver_sql("DELETE FROM claim_counters")
    assert add(store, doc, "Four") == 4
    assert backend.raw("SELECT last_number FROM claim_counters") == [(4,)]


def test_undo_of_a_deletion_gives_the_claim_its_own_number_back(store: Store) -> None:
    doc = store.import_document("Article", TEXT).document.id
    add(store, doc, "One")
    middle = store.create_claim(doc, 16, 19)
    add(store, doc, "Three")
    snapshot = store.delete_claim(middle.id)
    restored = store.restore_claim(snapshot)
    assert (restored.id, restored.number) == (middle.id, 2)
    assert store.claim(middle.id).number == 2
    assert add(store, doc, "Four") == 4


def test_undo_of_an_article_deletion_keeps_its_numbers_and_its_counter(store: Store) -> None:
    doc = store.import_document("Article", TEXT).document.id
    first = store.create_claim(doc, 0, 3)
    gone = store.create_claim(doc, 16, 19)
    store.delete_claim(store.create_claim(doc, 34, 39).id)  # #3: its number stays used
    snapshot = store.delete_document(doc)
    store.restore_document(snapshot)
    assert [(c.id, c.number) for c in store.claims(doc)] == [(first.id, 1), (gone.id, 2)]
    assert add(store, doc, "Four") == 4


def test_a_new_version_of_the_text_keeps_every_number(store: Store) -> None:
    doc = store.import_document("Article", TEXT).document.id
    before = {c.id: c.number for c in (store.create_claim(doc, s, s + 3) for s in (59, 0, 16))}
    assert sorted(before.values()) == [1, 2, 3]
    store.add_version(doc, "Zero first. " + TEXT.replace("Two claims there. ", ""))
    assert {c.id: c.number for c in store.claims(doc)} == before  # "Two" gone, #3 kept
    assert add(store, doc, "Three") == 4
    [old] = [v for v in store.versions(doc) if not v.current]
    assert sorted(c.number for c in store.claims_in_version(doc, old.number)) == [1, 2, 3]


def test_editors_adding_claims_to_one_article_at_once_get_distinct_numbers(
    backend: Backend,
) -> None:
    writers, each = 4, 8
    with backend.open(author="setup") as store:
        doc = store.import_document("Shared", TEXT).document.id
    stores = [backend.open(author=f"editor {n}") for n in range(writers)]
    start = threading.Barrier(writers)
    numbers: list[list[int]] = [[] for _ in range(writers)]
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for _ in range(each):
                numbers[n].append(stores[n].create_claim(doc, 0, 3).number)
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for store in stores:
            store.close()
    assert failures == []
    taken = sorted(n for mine in numbers for n in mine)
    assert taken == list(range(1, writers * each + 1))
    assert all(mine == sorted(mine) for mine in numbers)
    assert backend.raw("SELECT last_number FROM claim_counters") == [(writers * each,)]


def test_the_label_is_written_and_read_back_one_way() -> None:
    assert claim_label(7) == "#7" and claim_label(0) == ""
    assert parse_claim_label(" # 7 ") == 7 and parse_claim_label("#12") == 12
    assert parse_claim_label("7") is None and parse_claim_label("#x") is None


@pytest.mark.sqlite_only
def test_upgrade_from_revision_0009_numbers_claims_in_the_order_they_first_sat(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rev0009.sqlite3"
    shutil.copyfile(FROZEN_REV0009, path)
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0009",)]
    tables = ("documents", "claims", "sources", "claim_history", "document_versions")
    old_columns = rows_as_they_were(path, tables)
    before = {t: old_columns(t) for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"
    placements = rows(path, "SELECT * FROM claim_placements ORDER BY claim_id, version_id")
    assert placements

    with Store.open(path) as store:
        numbered = {c.id: c.number for c in store.claims()}

    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in tables:
        assert old_columns(table) == before[table], table
    assert rows(path, "SELECT * FROM claim_placements ORDER BY claim_id, version_id") \
        == placements
    assert numbered == {
        1: 1,  # the only claim of the first article
        # "Four claims": text order; the two claims on "Alpha one" in the order made.
        11: 1, 14: 2, 13: 3, 10: 4,
        # "Corrected": the claims of version 1 in version 1's order (the orphaned one too),
        # then the two made on version 2 in its order; not the current text's order.
        21: 1, 20: 2, 22: 3, 24: 4, 23: 5,
    }
    assert rows(path, "SELECT document_id, last_number FROM claim_counters "
                      "ORDER BY document_id") == [(1, 1), (2, 4), (3, 5)]
    assert rows(path, "PRAGMA foreign_key_check") == []
    # Each article's counter starts at its last number: new claims follow, none is reused.
    with Store.open(path) as store:
        added = store.create_claim(3, 0, 3)
        store.delete_claim(store.claims(2)[-1].id)  # "Four claims" #4
        again = store.create_claim(2, 0, 5)
    assert (added.number, again.number) == (6, 5)
