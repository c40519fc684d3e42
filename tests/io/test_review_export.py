"""The review export, read back with nothing but Python's sqlite3, as a reviewer would."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.verdict import Verdict
from annotator.io.export import ExportCancelled, export_library
from annotator.io.review_export import APPLICATION_ID, REVIEW_FORMAT_VERSION
from annotator.store import NotFound, Store, export_rows
from annotator.store.export_rows import iso_utc, read_library
from annotator.store.migrate import head_revision
from tests.io.export_support import EMOJI_QUOTE, EMOJI_TEXT, Library

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


@pytest.fixture
def db(review: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(review)
    yield connection
    connection.close()


def names(db: sqlite3.Connection, kind: str) -> set[str]:
    return {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def test_file_is_plain_sqlite_with_the_documented_tables(db: sqlite3.Connection) -> None:
    assert {"documents", "claims", "sources", "verdict_history", "export_info",
            "README"} <= names(db, "table")
    assert "claims_for_review" in names(db, "view")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA user_version").fetchone() == (REVIEW_FORMAT_VERSION,)
    assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    foreign = {(t, row[2]) for t in ("claims", "sources", "verdict_history")
               for row in db.execute(f"PRAGMA foreign_key_list({t})")}
    assert foreign == {("claims", "documents"), ("sources", "claims"),
                       ("verdict_history", "claims")}
    indexes = names(db, "index")
    assert {"ix_claims_document_start", "ix_sources_claim", "ix_verdict_history_claim"} <= indexes


def test_export_info_and_readme_describe_the_file(db: sqlite3.Connection,
                                                  library: Library) -> None:
    info = dict(db.execute("SELECT key, value FROM export_info"))
    assert info["format"] == "annotator-review"
    assert info["schema_version"] == REVIEW_FORMAT_VERSION
    assert info["library_schema"] == head_revision()
    assert info["exported_by"] == "tester"
    assert ISO_Z.match(str(info["exported_at"]))
    assert isinstance(info["app_version"], str) and info["app_version"]
    assert (info["documents"], info["claims"], info["sources"]) == (3, 5, 4)
    # One "created" row per claim, and the rating label given to `overlap`.
    assert info["history_entries"] == 6

    readme = " ".join(text for _, text in db.execute("SELECT topic, text FROM README "
                                                      "ORDER BY position"))
    assert "SELECT * FROM claims_for_review" in readme
    assert "UPDATE claims SET review_status" in readme
    assert "substr(documents.text, start + 1" in readme


def test_substr_identity_holds_for_every_claim_in_plain_sql(db: sqlite3.Connection) -> None:
    # Written the way the issue states it, with "end" unquoted as a reviewer would type it.
    mismatches = db.execute(
        "SELECT count(*) FROM claims JOIN documents ON documents.id = claims.document_id "
        "WHERE substr(documents.text, start + 1, end - start) <> quote"
    ).fetchone()
    assert mismatches == (0,)
    start, end, quote = db.execute(
        'SELECT start, "end", quote FROM claims WHERE quote = ?', (EMOJI_QUOTE,)
    ).fetchone()
    assert EMOJI_TEXT[start:end] == quote  # code points, not UTF-16 units


def test_ids_are_the_stable_uuids(store: Store, library: Library, db: sqlite3.Connection,
                                  tmp_path: Path) -> None:
    exported = {row[0] for row in db.execute("SELECT id FROM claims")}
    assert exported == {c.uuid for c in library.claims}
    documents = {row[0] for row in db.execute("SELECT id FROM documents")}
    assert documents == {d.uuid for d in store.list_documents()}

    again = tmp_path / "again.sqlite"
    export_library(store, "review", again)
    with closing(sqlite3.connect(again)) as second, second:
        assert {row[0] for row in second.execute("SELECT id FROM claims")} == exported


def test_claim_rows_carry_everything_the_editor_wrote(db: sqlite3.Connection,
                                                      library: Library) -> None:
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM claims WHERE id = ?", (library.emoji.uuid,)).fetchone()
    claim = library.emoji
    assert (row["start"], row["end"], row["quote"], row["prefix"], row["suffix"]) == (
        claim.start, claim.end, claim.exact, claim.prefix, claim.suffix)
    assert (row["verdict"], row["note"], row["author"]) == ("verified", claim.note, "tester")
    assert row["created_at"] == iso_utc(claim.created_at, micro=True)
    assert ISO_Z.match(row["modified_at"])
    assert row["exported_version"] >= 1
    assert (row["review_status"], row["review_note"], row["reviewer"], row["reviewed_at"]) == (
        "pending", "", "", None)

    sources = db.execute(
        "SELECT position, url, title, publisher, excerpt, stance, accessed_at FROM sources "
        "WHERE claim_id = ? ORDER BY position", (claim.uuid,)
    ).fetchall()
    assert [tuple(s) for s in sources] == [
        (1, "https://stats.example/gdp?q=2023&x=1", "GDP 2023", "Statistics Office",
         "Growth: 3.4 %", "supports", "2024-03-01"),
        (2, "example.org/no-scheme", "Blog post", "", "", "context", ""),
    ]
    passage = db.execute(
        "SELECT s.passage_start, s.passage_end, d.title FROM sources s "
        "JOIN documents d ON d.id = s.passage_document_id WHERE s.claim_id = ?",
        (library.minus.uuid,),
    ).fetchone()
    assert tuple(passage) == (library.original.start, library.original.end, "Original")
    history = db.execute("SELECT field, new, author FROM verdict_history WHERE claim_id = ?",
                         (claim.uuid,)).fetchall()
    assert [tuple(h) for h in history] == [("created", "verified", "tester")]


def test_claims_carry_their_numbers_in_reading_order(db: sqlite3.Connection,
                                                    library: Library) -> None:
    # The number is the claim's number in its article (#1 of "Original" too), the same as in
    # the library; the file and its views list claims article by article in text order.
    expected = [(c.uuid, c.number) for c in library.claims]
    assert [c.number for c in library.claims] == [1, 2, 3, 4, 1]
    assert db.execute("SELECT id, number FROM claims ORDER BY rowid").fetchall() == expected
    assert db.execute("SELECT claim_id, number FROM claims_for_review").fetchall() == expected
    assert db.execute("SELECT n FROM claims_brief").fetchall() == [(n,) for _, n in expected]
    with pytest.raises(sqlite3.IntegrityError, match=r"claims\.document_id, claims\.number"):
        db.execute(  # one claim per number in an article
            "INSERT INTO claims (id, number, document_id, start, \"end\", quote, prefix, "
            "suffix, verdict, note, author, created_at, modified_at, exported_version) "
            "SELECT 'another', number, document_id, start, \"end\", quote, prefix, suffix, "
            "verdict, note, author, created_at, modified_at, exported_version FROM claims "
            "WHERE rowid = 1")


def test_claims_for_review_view_reads_well(db: sqlite3.Connection, library: Library) -> None:
    cursor = db.execute("SELECT * FROM claims_for_review")
    columns = [d[0] for d in cursor.description]
    assert columns == ["number", "document", "quote", "verdict", "rating_label", "sources",
                       "note", "review_status", "review_note", "reviewer", "reviewer_verdict",
                       "editor_reply", "claim_id"]
    rows = {row[-1]: row for row in cursor}
    emoji = rows[library.emoji.uuid]
    assert emoji[1:5] == ("Emoji 🧪 article", EMOJI_QUOTE, "verified", "")
    assert emoji[5] == ("GDP 2023 <https://stats.example/gdp?q=2023&x=1>; "
                        "Blog post <example.org/no-scheme>")
    assert "\n" not in rows[library.minus.uuid][6]  # one line per claim in -box output
    assert rows[library.formula.uuid][5] == ""  # no sources: empty text, not NULL


def test_the_rating_label_travels_read_only(store: Store, library: Library,
                                           tmp_path: Path) -> None:
    claim = store.claim(library.minus.id)
    store.set_rating_label(claim.id, "Mostly false", expected_version=claim.version)
    path = tmp_path / "rated.sqlite"
    export_library(store, "review", path)
    with closing(sqlite3.connect(path)) as db:
        labels = dict(db.execute("SELECT id, rating_label FROM claims"))
        assert labels == {c.uuid: store.claim(c.id).rating_label for c in library.claims}
        assert labels[claim.uuid] == "Mostly false"
        assert db.execute("SELECT rating_label FROM claims_for_review WHERE claim_id = ?",
                          (claim.uuid,)).fetchone() == ("Mostly false",)
        with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
            db.execute("UPDATE claims SET rating_label = 'True' WHERE id = ?", (claim.uuid,))


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="sqlite3 command-line tool absent")
def test_the_sqlite3_tool_shows_the_view(review: Path) -> None:
    shown = subprocess.run(["sqlite3", "-box", str(review), "SELECT * FROM claims_for_review"],
                           capture_output=True, text=True, check=True, timeout=30).stdout
    assert "growth was 3.4%" in shown and "review_status" in shown


def test_reviewer_can_update_review_columns_only(db: sqlite3.Connection,
                                                 library: Library) -> None:
    db.execute("UPDATE claims SET review_status = 'approved', review_note = 'ok', "
               "reviewer = 'Alex' WHERE number = 1")
    db.commit()
    stamped = db.execute("SELECT reviewed_at FROM claims WHERE number = 1").fetchone()[0]
    assert ISO_Z.match(stamped)
    with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
        db.execute("UPDATE claims SET verdict = 'disputed' WHERE number = 1")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("UPDATE claims SET review_status = 'maybe' WHERE number = 1")
    # An explicit reviewed_at is kept as the reviewer gave it.
    db.execute("UPDATE claims SET review_status = 'rejected', reviewed_at = "
               "'2024-05-01T10:00:00Z' WHERE number = 2")
    assert db.execute("SELECT reviewed_at FROM claims WHERE number = 2").fetchone() == (
        "2024-05-01T10:00:00Z",)
    with pytest.raises(sqlite3.IntegrityError, match="Only review_status"):
        db.execute("UPDATE claims SET editor_reply = 'forged' WHERE number = 1")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("UPDATE claims SET reviewer_verdict = 'true' WHERE number = 1")
    db.execute("UPDATE claims SET reviewer_verdict = 'disputed' WHERE number = 3")
    assert db.execute("SELECT reviewed_at IS NOT NULL FROM claims WHERE number = 3"
                      ).fetchone() == (1,)


def test_document_filter_exports_only_those_documents(store: Store, library: Library,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "one.sqlite"
    summary = export_library(store, "review", path, document_ids=[library.original_doc.id])
    assert (summary.documents, summary.claims) == (1, 1)
    assert str(summary) == f"Exported 1 claim from 1 document to {path} (review)"
    with closing(sqlite3.connect(path)) as db, db:
        assert db.execute("SELECT id FROM claims").fetchall() == [(library.original.uuid,)]
        assert db.execute("SELECT title FROM documents").fetchall() == [("Original",)]
        # The passage source of another document's claim is not dragged in.
        assert db.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_a_vanished_document_is_reported(store: Store, library: Library,
                                         tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no longer exist"):
        export_library(store, "review", tmp_path / "x.sqlite", document_ids=[999])
    assert not (tmp_path / "x.sqlite").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_many_batches_keep_numbers_and_positions(store: Store, library: Library,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_rows, "BATCH_SIZE", 1)
    path = tmp_path / "small-batches.sqlite"
    export_library(store, "review", path)
    with closing(sqlite3.connect(path)) as db, db:
        numbers = db.execute("SELECT id, number FROM claims ORDER BY rowid").fetchall()
        positions = db.execute("SELECT position FROM sources WHERE claim_id = ? "
                               "ORDER BY position", (library.emoji.uuid,)).fetchall()
    assert numbers == [(c.uuid, c.number) for c in library.claims]
    assert positions == [(1,), (2,)]


def test_progress_is_reported_and_ends_at_total(store: Store, library: Library,
                                                tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    export_library(store, "review", tmp_path / "p.sqlite", progress=progress)
    total = 5 + 4 + 6  # claims + sources + history rows
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_cancel_leaves_no_file_and_keeps_an_older_one(store: Store, library: Library,
                                                      tmp_path: Path) -> None:
    target = tmp_path / "review.sqlite"
    target.write_bytes(b"previous export")
    with pytest.raises(ExportCancelled, match="cancelled"):
        export_library(store, "review", target, progress=lambda done, total: done == 0)
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_edit_after_export_does_not_change_the_file(store: Store, library: Library,
                                                       review: Path) -> None:
    before = review.read_bytes()
    store.set_verdict(library.emoji.id, Verdict.DISPUTED)
    assert review.read_bytes() == before


def test_empty_library_exports_a_valid_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    summary = export_library(store, "review", path)
    assert (summary.documents, summary.claims) == (0, 0)
    with closing(sqlite3.connect(path)) as db, db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM claims_for_review").fetchone() == (0,)


@pytest.mark.parametrize("fmt", ["review", "w3c", "claimreview", "csv", "html"])
def test_cancel_in_any_format_leaves_nothing(store: Store, library: Library, tmp_path: Path,
                                             fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(ExportCancelled):
        export_library(store, fmt, target, progress=lambda done, total: done < 1)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_unknown_format_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown export format 'pdf'"):
        export_library(store, "pdf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_portable_path_formats_times_like_the_sqlite_path(
    store: Store, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Other databases return datetimes that Python formats; SQLite formats them in SQL.
    # Both must give the same text, or conflict detection on import would misfire.
    with read_library(store) as reader:
        fast = [list(batch) for batch in reader.claim_batches()]
        fast += [list(batch) for batch in reader.source_batches()]
        monkeypatch.setattr(reader, "_sqlite", False)
        portable = [list(batch) for batch in reader.claim_batches()]
        portable += [list(batch) for batch in reader.source_batches()]
    assert portable == fast
    assert fast[0][0][11] == iso_utc(library.emoji.created_at, micro=True)


def test_a_write_failure_is_an_os_error_and_leaves_nothing(
    store: Store, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("annotator.io.review_export._write_rows", full)  # streamed rows
    monkeypatch.setattr("annotator.io.review_export._copy_rows", full)  # set-based copy
    with pytest.raises(OSError, match="disk is full"):
        export_library(store, "review", tmp_path / "r.sqlite")
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("library.sqlite3")]
