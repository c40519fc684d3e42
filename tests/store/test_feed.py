"""The change feed: a window learns what colleagues committed, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from annotator.domain.changes import Change, ChangeKind
from annotator.domain.records import SourceInput
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.store import Store, StoreError, feed
from annotator.store.feed import ChangeFeed, open_feed
from annotator.store.review_merge import ReviewDecision, apply_review_decisions
from tests.conftest import Backend

TEXT = "The festival drew 40,000 visitors, twice last year's number."


@pytest.fixture
def alices_feed(alice: Store) -> Iterator[ChangeFeed]:
    opened = open_feed(alice)
    yield opened
    opened.close()


def arrivals(source: ChangeFeed, count: int, timeout: float = 5.0) -> list[Change]:
    """Poll the way a window's timer does until `count` changes came (or time is up)."""
    got: list[Change] = []
    deadline = time.monotonic() + timeout
    while len(got) < count and time.monotonic() < deadline:
        got += source.poll()
        time.sleep(0.01)
    got += source.poll()
    return got


def test_a_colleagues_edits_arrive_in_order(alice: Store, dana: Store,
                                           alices_feed: ChangeFeed) -> None:
    doc = dana.import_document("Festival", TEXT).document
    claim = dana.create_claim(doc.id, 4, 33)
    dana.set_verdict(claim.id, Verdict.VERIFIED, expected_version=claim.version)
    source = dana.add_source(claim.id, SourceInput(url="https://fest.example"))
    dana.remove_source(source.id, expected_version=source.version)
    dana.delete_claim(claim.id)
    got = arrivals(alices_feed, 6)
    assert [(c.kind, c.claim_id) for c in got] == [
        (ChangeKind.LIBRARY, None), (ChangeKind.CLAIM, claim.id), (ChangeKind.CLAIM, claim.id),
        (ChangeKind.SOURCES, claim.id), (ChangeKind.SOURCES, claim.id),
        (ChangeKind.CLAIM, claim.id)]
    assert {(c.author, c.document_id) for c in got} == {("Dana", doc.id)}
    assert [c.id for c in got] == sorted(c.id for c in got)
    assert alices_feed.poll() == []


def test_own_changes_are_not_reported(alice: Store, dana: Store,
                                      alices_feed: ChangeFeed) -> None:
    doc = alice.import_document("Festival", TEXT).document
    mine = alice.create_claim(doc.id, 4, 33)
    theirs = dana.create_claim(doc.id, 35, 50)
    alice.set_note(mine.id, "mine")
    got = arrivals(alices_feed, 1)
    assert [(c.author, c.claim_id) for c in got] == [("Dana", theirs.id)]


def test_a_merged_review_is_one_change_per_document(alice: Store, dana: Store,
                                                    alices_feed: ChangeFeed) -> None:
    doc = alice.import_document("Festival", TEXT).document
    claims = [alice.create_claim(doc.id, start, start + 5) for start in (0, 10, 20)]
    decisions = [ReviewDecision(c.uuid, ReviewStatus.APPROVED, "", "Rita", None, c.modified_at)
                 for c in claims]
    apply_review_decisions(dana, decisions)
    got = arrivals(alices_feed, 1)
    assert [(c.kind, c.document_id, c.claim_id) for c in got] == [
        (ChangeKind.CLAIMS, doc.id, None)]


def test_nothing_new_is_an_empty_poll(alices_feed: ChangeFeed) -> None:
    assert alices_feed.poll() == []
    assert alices_feed.poll() == []


def test_the_log_is_pruned_when_a_feed_opens(alice: Store, monkeypatch: pytest.MonkeyPatch,
                                             backend: Backend) -> None:
    doc = alice.import_document("Festival", TEXT).document
    for start in range(5):
        alice.create_claim(doc.id, start, start + 3)
    monkeypatch.setattr(feed, "KEEP_CHANGES", 2)
    open_feed(alice).close()
    assert backend.raw("SELECT count(*) FROM changes") == [(2,)]


def _drop_feed_connections(url: str) -> int:
    """What a server restart or a network cut does to the feed: its connection is gone."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            return len(connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name"), {"name": feed.FEED_APPLICATION}).all())
    finally:
        engine.dispose()


def test_a_dropped_postgres_connection_is_reopened_and_nothing_is_missed(
        postgres_url: str) -> None:
    with Store.open(postgres_url, author="Alice") as alice, \
            Store.open(postgres_url, author="Dana") as dana:
        follow = open_feed(alice)
        try:
            doc = dana.import_document("Festival", TEXT).document
            assert [c.kind for c in arrivals(follow, 1)] == [ChangeKind.LIBRARY]
            assert _drop_feed_connections(postgres_url) == 1
            while_away = dana.create_claim(doc.id, 4, 33)  # its notification is lost
            with pytest.raises(StoreError, match="Following"):
                for _ in range(50):  # the loss shows on the next poll that touches the socket
                    follow.poll()
                    time.sleep(0.02)
            after = dana.create_claim(doc.id, 35, 50)
            got = arrivals(follow, 2)
            assert [(c.kind, c.claim_id) for c in got] == [
                (ChangeKind.CLAIM, while_away.id), (ChangeKind.CLAIM, after.id)]
            dana.set_note(after.id, "still followed")
            assert [c.claim_id for c in arrivals(follow, 1)] == [after.id]
            assert follow.fileno() is not None
        finally:
            follow.close()
