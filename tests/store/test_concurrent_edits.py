"""Two editors on one library (SQLite file or PostgreSQL database): nothing is silently
overwritten, a stale edit says who changed what and when, writers wait for each other."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from annotator.domain.history import HistoryField, clock
from annotator.domain.records import ClaimRecord, SourceInput
from annotator.domain.verdict import Verdict
from annotator.store import ConcurrentEdit, Store
from tests.conftest import POSTGRESQL, Backend

TEXT = "The minister said the bridge will open in May, two months late."


@pytest.fixture
def claim(alice: Store) -> ClaimRecord:
    doc = alice.import_document("Bridge", TEXT).document
    return alice.create_claim(doc.id, 4, 45, sources=[SourceInput(url="https://a.example",
                                                                  title="Ministry")])


def refusal(edit: Callable[[], object]) -> ConcurrentEdit:
    with pytest.raises(ConcurrentEdit) as info:
        edit()
    return info.value


def test_stale_verdict_names_the_colleague_the_change_and_the_time(
    alice: Store, dana: Store, claim: ClaimRecord
) -> None:
    seen_by_alice = alice.claim(claim.id)
    dana.set_verdict(claim.id, Verdict.VERIFIED, expected_version=claim.version)
    error = refusal(lambda: alice.set_verdict(claim.id, Verdict.DISPUTED,
                                              expected_version=seen_by_alice.version))
    latest = dana.history(claim.id)[-1]
    assert (error.author, error.field, error.at) == ("Dana", HistoryField.VERDICT, latest.at)
    assert str(error) == (f"Dana set this claim to Verified at {clock(latest.at)}. "
                          "Your change was not saved.")
    now = alice.claim(claim.id)
    assert (error.claim_id, error.version) == (claim.id, now.version)
    assert now.verdict is Verdict.VERIFIED
    # Applying it anyway is itself a versioned edit, based on what is stored now.
    mine = alice.set_verdict(claim.id, Verdict.DISPUTED, expected_version=error.version)
    assert mine.verdict is Verdict.DISPUTED
    assert [h.author for h in alice.history(claim.id)][-2:] == ["Dana", "Alice"]


def test_stale_note_is_refused_with_the_colleagues_note(
    alice: Store, dana: Store, claim: ClaimRecord
) -> None:
    dana.set_note(claim.id, "Ministry confirmed May", expected_version=claim.version)
    error = refusal(lambda: alice.set_note(claim.id, "Check the date",
                                           expected_version=claim.version))
    assert error.author == "Dana" and error.field == HistoryField.NOTE
    assert str(error).startswith("Dana changed the note of this claim to "
                                 "“Ministry confirmed May” at ")
    assert alice.claim(claim.id).note == "Ministry confirmed May"


def test_stale_source_edit_and_removal_are_refused(
    alice: Store, dana: Store, claim: ClaimRecord
) -> None:
    [source] = alice.sources(claim.id)
    dana.update_source(source.id, SourceInput(url="https://b.example", title="Gazette"),
                       expected_version=source.version)
    error = refusal(lambda: alice.update_source(
        source.id, SourceInput(url="https://c.example"), expected_version=source.version))
    assert (error.author, error.field, error.what) == ("Dana", HistoryField.SOURCE_EDITED,
                                                       "source")
    assert str(error).startswith("Dana edited the source “Gazette” of this claim at ")
    error = refusal(lambda: alice.remove_source(source.id, expected_version=source.version))
    assert error.author == "Dana"
    [kept] = alice.sources(claim.id)
    assert (kept.url, kept.version) == ("https://b.example", source.version + 1)
    alice.remove_source(source.id, expected_version=kept.version)
    assert alice.sources(claim.id) == []


def test_a_source_change_moves_the_claims_version_on(
    alice: Store, dana: Store, claim: ClaimRecord
) -> None:
    dana.add_source(claim.id, SourceInput(url="https://d.example", title="Court ruling"),
                    expected_version=claim.version)
    assert alice.claim(claim.id).version == claim.version + 1
    error = refusal(lambda: alice.set_verdict(claim.id, Verdict.VERIFIED,
                                              expected_version=claim.version))
    assert str(error).startswith("Dana added the source “Court ruling” to this claim at ")
    error = refusal(lambda: alice.add_source(claim.id, SourceInput(url="https://e.example"),
                                             expected_version=claim.version))
    assert error.field == HistoryField.SOURCE_ADDED


def test_stale_delete_is_refused(alice: Store, dana: Store, claim: ClaimRecord) -> None:
    dana.set_verdict(claim.id, Verdict.DISPUTED)
    error = refusal(lambda: alice.delete_claim(claim.id, expected_version=claim.version))
    assert error.author == "Dana"
    assert alice.claim(claim.id).verdict is Verdict.DISPUTED


def test_an_unchanged_source_writes_nothing(alice: Store, claim: ClaimRecord) -> None:
    [source] = alice.sources(claim.id)
    same = alice.update_source(source.id, source.as_input(), expected_version=source.version)
    assert same.version == source.version
    assert alice.claim(claim.id).version == claim.version


# -- writers wait for each other instead of failing ------------------------------------------


def _hold_write_lock(backend: Backend, claim_id: int, seconds: float,
                     locked: threading.Event) -> None:
    """Another program: takes the write lock, changes the claim as Erin, commits later."""
    statements = [
        "UPDATE claims SET verdict = 'disputed', version = version + 1 WHERE id = ?",
        "INSERT INTO claim_history (claim_id, at, author, field, old, new) "
        "VALUES (?, ?, 'Erin', 'verdict', 'unchecked', 'disputed')",
    ]
    # Naive UTC text with microseconds, the way the store writes its times on both backends.
    params = [(claim_id,), (claim_id, datetime.now(UTC).replace(tzinfo=None).isoformat(" "))]
    if backend.name == POSTGRESQL:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(backend.target)
        with psycopg.connect(host=str(url.query["host"]), port=int(str(url.query["port"])),
                             user=url.username, dbname=url.database) as connection:
            for sql, values in zip(statements, params, strict=True):
                connection.execute(sql.replace("?", "%s"), values)
            locked.set()
            time.sleep(seconds)
        return
    connection = sqlite3.connect(backend.target, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for sql, values in zip(statements, params, strict=True):
            connection.execute(sql, values)
        locked.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
    finally:
        connection.close()


@pytest.fixture
def colleague_holding_the_lock(backend: Backend, claim: ClaimRecord) -> Iterator[None]:
    locked = threading.Event()
    thread = threading.Thread(target=_hold_write_lock, args=(backend, claim.id, 0.5, locked))
    thread.start()
    assert locked.wait(10)
    yield
    thread.join(10)


def test_a_stale_writer_waits_for_the_lock_then_sees_the_colleague(
    alice: Store, claim: ClaimRecord, colleague_holding_the_lock: None
) -> None:
    # Before BEGIN IMMEDIATE, SQLite refused this at once with "database is locked": the
    # transaction read the old version, and could not become a writer after Erin's commit.
    error = refusal(lambda: alice.set_note(claim.id, "Opened in May",
                                           expected_version=claim.version))
    assert error.author == "Erin" and error.field == HistoryField.VERDICT


def test_an_unversioned_writer_waits_and_succeeds(
    alice: Store, claim: ClaimRecord, colleague_holding_the_lock: None
) -> None:
    changed = alice.set_note(claim.id, "Opened in May")
    assert (changed.verdict, changed.note) == (Verdict.DISPUTED, "Opened in May")
    assert changed.version == claim.version + 2
    [*_, erin, mine] = alice.history(claim.id)
    assert (erin.author, mine.author, mine.field) == ("Erin", "Alice", HistoryField.NOTE)


@pytest.mark.sqlite_only
def test_reads_do_not_wait_for_a_writer(alice: Store, claim: ClaimRecord,
                                        colleague_holding_the_lock: None) -> None:
    started = time.perf_counter()
    assert alice.claim(claim.id).verdict is Verdict.UNCHECKED  # the last committed state
    assert time.perf_counter() - started < 0.4  # not the 0.5 s the writer holds the lock
