"""The per-document verdict counts the library list shows are kept by the database
(annotator.store.document_counts) and always equal a fresh count of the claims, whatever
path wrote them: the editor, undo, versions, a review import, another desk, a bulk load."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Verdict
from annotator.store import Store
from annotator.store.document_counts import SQLITE_TRIGGERS
from annotator.store.migrate import head_revision
from tests.conftest import Backend

FROZEN_REV0010 = Path(__file__).parent / "data" / "library-rev0010.sqlite3"
TEXT = "The minister said growth was 3.4% in 2023. Exports rose by a tenth. " * 12

Counts = dict[int, tuple[int, int, int]]


def fresh_counts(raw: Backend | Path) -> Counts:
    """Each document's (unchecked, verified, disputed) counted from the claims now."""
    sql = ("SELECT d.id, "
           + ", ".join(f"coalesce(sum(CASE WHEN c.verdict = '{v.value}' THEN 1 ELSE 0 END), 0)"
                       for v in Verdict)
           + " FROM documents d LEFT JOIN claims c ON c.document_id = d.id "
           "GROUP BY d.id ORDER BY d.id")
    if isinstance(raw, Path):
        with sqlite3.connect(raw) as db:
            found = db.execute(sql).fetchall()
    else:
        found = raw.raw(sql)
    return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in found}


def listed(store: Store) -> Counts:
    return {d.id: (d.unchecked, d.verified, d.disputed) for d in store.list_documents()}


def copy_claim(db: sqlite3.Connection, uuid: str, verdict: str, shift: int = 0) -> None:
    """A copy of claim 1 written with plain sqlite3, as a bulk load would."""
    columns = [r[1] for r in db.execute("PRAGMA table_info(claims)") if r[1] != "id"]
    values = ["?" if c in ("uuid", "verdict") else f'"{c}" + {shift}' if c in ("start", "end")
              else "(SELECT max(number) + 1 FROM claims)" if c == "number"
              else f'"{c}"' for c in columns]
    names = ", ".join(f'"{c}"' for c in columns)
    db.execute(f"INSERT INTO claims ({names}) "
               f"SELECT {', '.join(values)} FROM claims WHERE id = 1", (uuid, verdict))


def test_counts_follow_every_write_path(backend: Backend, alice: Store, dana: Store,
                                        tmp_path: Path) -> None:
    from annotator.io.export import export_library
    from annotator.io.review_import import import_review

    a = alice.import_document("A", TEXT).document.id
    b = alice.import_document("B", TEXT.replace("minister", "premier")).document.id
    empty = alice.import_document("Empty", "Nothing to check here.\n").document.id
    claims = [alice.create_claim(a, k * 70, k * 70 + 20, verdict=Verdict(v),
                                 sources=[SourceInput(url=f"https://example.org/{k}")])
              for k, v in enumerate(["unchecked", "verified", "disputed"] * 3)]
    on_b = [dana.create_claim(b, k * 70, k * 70 + 30) for k in range(4)]  # another desk
    assert listed(alice) == fresh_counts(backend)

    alice.set_verdict(claims[0].id, Verdict.DISPUTED)
    dana.set_verdict(on_b[0].id, Verdict.VERIFIED)
    alice.set_note(claims[1].id, "a note changes no count")
    gone = alice.delete_claim(claims[2].id)
    assert listed(dana) == fresh_counts(backend)
    alice.restore_claim(gone)  # undo of the deletion
    alice.add_version(a, TEXT.replace("3.4%", "3.5%"), note="corrected")
    export_library(alice, "review", tmp_path / "review.sqlite")
    import_review(alice, tmp_path / "review.sqlite")
    assert listed(alice) == fresh_counts(backend)

    snapshot = alice.delete_document(b)
    assert b not in listed(alice)
    assert listed(alice) == fresh_counts(backend)
    alice.restore_document(snapshot)  # undo of the article's deletion
    counts = listed(dana)
    assert counts == fresh_counts(backend)
    assert counts[empty] == (0, 0, 0)
    assert counts[b] == (3, 1, 0)
    assert sum(counts[a]) == 9


@pytest.mark.sqlite_only
def test_a_bulk_load_with_plain_sqlite_is_counted(db_path: Path) -> None:
    with Store.open(db_path) as store:
        doc = store.import_document("Bulk", TEXT).document.id
        store.create_claim(doc, 0, 12)
    with sqlite3.connect(db_path) as db:
        for k in range(1, 8):
            copy_claim(db, f"bulk-{k}", ("verified", "disputed")[k % 2], shift=k)
        db.execute("UPDATE claims SET document_id = document_id WHERE id = 1")
    with Store.open(db_path) as store:
        assert listed(store) == fresh_counts(db_path) == {doc: (1, 3, 4)}


@pytest.mark.sqlite_only
def test_lost_count_triggers_are_recreated_and_the_counts_redone(db_path: Path) -> None:
    from annotator.store import document_counts

    with Store.open(db_path) as store:
        doc = store.import_document("T", TEXT).document.id
        store.create_claim(doc, 0, 12)
    with sqlite3.connect(db_path) as db:  # as a batch migration's table rebuild would
        db.execute("DROP TRIGGER document_counts_claim_insert")
        copy_claim(db, "lost", "verified")
    with Store.open(db_path) as store:
        assert listed(store) == {doc: (1, 0, 0)}  # the insert went uncounted
        with store.engine.begin() as connection:
            document_counts.ensure_triggers(connection)
            names = {r[0] for r in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert set(SQLITE_TRIGGERS) <= names
        assert listed(store) == fresh_counts(db_path) == {doc: (1, 1, 0)}


def test_upgrade_from_revision_0010_keeps_every_row_and_counts_the_claims(
    tmp_path: Path,
) -> None:
    from tests.store.test_migrations import rows, rows_as_they_were

    path = tmp_path / "rev0010.sqlite3"
    shutil.copyfile(FROZEN_REV0010, path)
    tables = ("documents", "claims", "sources", "claim_history", "document_versions")
    old_columns = rows_as_they_were(path, tables)
    before = {t: old_columns(t) for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"
    expected = fresh_counts(path)
    with_claims = [doc for doc, counts in expected.items() if sum(counts)]
    assert len(with_claims) >= 2 and len(with_claims) < len(expected)  # and one without
    assert all(any(counts[k] for counts in expected.values()) for k in range(3))

    with Store.open(path) as store:
        assert listed(store) == expected

    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert rows(path, "SELECT document_id FROM document_counts ORDER BY 1") == [
        (doc,) for doc in with_claims]
    for table in tables:
        assert old_columns(table) == before[table], table
    assert rows(path, "PRAGMA foreign_key_check") == []
    assert list(tmp_path.glob("rev0010.sqlite3.schema-0010-*.bak"))
    claim = rows(path, "SELECT id, document_id FROM claims ORDER BY id LIMIT 1")[0]
    with Store.open(path) as store:  # and the triggers follow from now on
        store.set_verdict(int(claim[0]), Verdict.VERIFIED)
        assert listed(store) == fresh_counts(path)
