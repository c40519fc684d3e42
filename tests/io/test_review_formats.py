"""Review format versions: the exporter writes the newest frozen schema, the narrow view fits a
terminal, files of formats 1 and 2 still import, the reviewer's verdict gives an agreement
summary."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.review_export import REVIEW_FORMAT_VERSION
from annotator.io.review_file import schema_fingerprint
from annotator.io.review_formats import KNOWN_SCHEMAS
from annotator.io.review_import import import_review, read_review_file
from annotator.store import Store
from tests.io.export_support import Library
from tests.io.test_review_import import reviewer

DATA = Path(__file__).with_name("data")


def test_the_exporter_writes_the_newest_frozen_schema(review: Path) -> None:
    """A schema change without a new format version (and its fingerprint) fails here."""
    with closing(sqlite3.connect(review)) as db:
        assert schema_fingerprint(db) == KNOWN_SCHEMAS[REVIEW_FORMAT_VERSION]
        assert db.execute("PRAGMA user_version").fetchone() == (REVIEW_FORMAT_VERSION,)


def test_the_frozen_format_1_file_matches_its_fingerprints() -> None:
    with closing(sqlite3.connect(f"{(DATA / 'v1-review.sqlite').as_uri()}?mode=ro",
                                 uri=True)) as db:
        assert schema_fingerprint(db) == KNOWN_SCHEMAS[1]


def test_a_format_1_file_still_imports(tmp_path: Path) -> None:
    library = Path(shutil.copy(DATA / "v1-library.sqlite3", tmp_path / "lib.sqlite3"))
    review = Path(shutil.copy(DATA / "v1-review.sqlite", tmp_path / "v1.sqlite"))
    with Store.open(library, author="editor") as store:
        report = import_review(store, review)
        assert (report.applied, report.conflicts, report.not_reviewed) == (2, 0, 1)
        assert report.agreement.pairs == 0 and "agree" not in str(report)
        claims = store.claims()
        assert [c.review_status for c in claims] == [ReviewStatus.APPROVED,
                                                     ReviewStatus.REJECTED, None]
        assert claims[1].review_seen_verdict is Verdict.DISPUTED
        assert claims[1].reviewer_verdict is None
    assert read_review_file(review).version == 1


def test_the_frozen_format_2_file_matches_its_fingerprints() -> None:
    with closing(sqlite3.connect(f"{(DATA / 'v2-review.sqlite').as_uri()}?mode=ro",
                                 uri=True)) as db:
        assert schema_fingerprint(db) == KNOWN_SCHEMAS[2]
        assert db.execute("PRAGMA user_version").fetchone() == (2,)


def test_a_format_2_file_still_imports_into_a_library_with_claim_numbers(
    tmp_path: Path,
) -> None:
    """Format 2 numbered the file's claims 1, 2, 3 across articles; decisions still merge by
    claim id into the library (upgraded from schema 0009, its claims numbered per article)."""
    library = Path(shutil.copy(DATA / "v2-library.sqlite3", tmp_path / "lib.sqlite3"))
    review = Path(shutil.copy(DATA / "v2-review.sqlite", tmp_path / "v2.sqlite"))
    with Store.open(library, author="editor") as store:
        report = import_review(store, review)
        assert (report.applied, report.conflicts, report.not_reviewed) == (2, 0, 1)
        assert report.agreement.pairs == 1
        claims = {c.exact.split()[0]: c for c in store.claims()}
    # Numbered in text order by the upgrade: "The mayor" is #1 though "Critics" was made first.
    assert {word: (c.number, c.review_status) for word, c in claims.items()} == {
        "The": (1, ReviewStatus.APPROVED), "Critics": (2, None),
        "Unemployment": (1, ReviewStatus.REJECTED)}
    assert claims["The"].reviewer_verdict is Verdict.VERIFIED
    assert read_review_file(review).version == 2


def as_older_format(review: Path, path: Path, version: int) -> Path:
    """The same review as an older Annotator wrote it: that format's frozen schema
    (tests/io/data/v{version}-review-schema.sql), every row of the newer file but the
    columns that format did not have."""
    from annotator.io.review_export import APPLICATION_ID, _run_script

    schema = (DATA / f"v{version}-review-schema.sql").read_text(encoding="utf-8")
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("BEGIN")
        _run_script(db, schema)
        db.execute("ATTACH DATABASE ? AS newer", (str(review),))
        for table in ("README", "export_info", "documents", "sources", "verdict_history",
                      "claims"):
            columns = ", ".join(f'"{row[1]}"' for row in db.execute(f"PRAGMA table_info({table})"))
            db.execute(f"INSERT INTO main.{table} ({columns}) "
                       f"SELECT {columns} FROM newer.{table}")
        db.execute("UPDATE export_info SET value = ? WHERE key = 'schema_version'", (version,))
        db.execute("COMMIT")
        db.execute("DETACH DATABASE newer")
        db.execute(f"PRAGMA user_version = {version}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        assert schema_fingerprint(db) == KNOWN_SCHEMAS[version]
    return path


@pytest.mark.parametrize("version", [3, 4])
def test_a_format_3_or_4_file_still_imports(store: Store, library: Library, review: Path,
                                            tmp_path: Path, version: int) -> None:
    older = as_older_format(review, tmp_path / f"v{version}.sqlite", version)
    reviewer(older, "UPDATE claims SET review_status = 'approved', reviewer_verdict = "
                    f"'verified', reviewer = 'Alex' WHERE id = '{library.emoji.uuid}'")
    assert read_review_file(older).version == version
    report = import_review(store, older)
    assert (report.applied, report.conflicts) == (1, 0)
    assert store.claim(library.emoji.id).review_status is ReviewStatus.APPROVED


def test_a_newer_format_is_refused_by_the_reader(review: Path) -> None:
    reviewer(review, f"PRAGMA user_version = {REVIEW_FORMAT_VERSION + 1}")
    with pytest.raises(ValueError, match="newer version of Annotator"):
        read_review_file(review)


def test_reviewer_verdicts_give_agreement_and_are_stored(store: Store, library: Library,
                                                         review: Path) -> None:
    # Editor verdicts in the file: 1 verified, 2 disputed, 3 unchecked, 4 verified, 5 disputed.
    reviewer(review,
             "UPDATE claims SET reviewer_verdict = 'verified', review_status = 'approved' "
             "WHERE rowid IN (1, 4)",
             "UPDATE claims SET reviewer_verdict = 'verified', review_status = 'rejected' "
             "WHERE rowid = 2",
             "UPDATE claims SET reviewer_verdict = 'unchecked' WHERE rowid = 3")

    report = import_review(store, review)

    agreement = report.agreement
    assert (agreement.pairs, agreement.agreed) == (4, 3)
    assert agreement.count(Verdict.DISPUTED, Verdict.VERIFIED) == 1
    # p_o = 3/4, p_e = 7/16: kappa = (3/4 - 7/16) / (1 - 7/16)
    assert agreement.kappa is not None and round(agreement.kappa, 3) == 0.556
    assert "agree on 3 of 4 verdicts (75%, Cohen's κ = 0.56)" in str(report)
    assert report.not_reviewed == 1  # claim 5: nothing set
    assert store.claim(library.overlap.id).reviewer_verdict is Verdict.VERIFIED
    assert store.claim(library.formula.id).review_status is ReviewStatus.PENDING


def test_a_reviewer_verdict_outside_the_vocabulary_is_refused(review: Path) -> None:
    reviewer(review, "PRAGMA ignore_check_constraints = ON",
             "UPDATE claims SET reviewer_verdict = 'true' WHERE rowid = 1")
    with pytest.raises(ValueError, match="reviewer_verdict 'true'"):
        read_review_file(review)


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="sqlite3 command-line tool absent")
def test_the_narrow_view_fits_a_terminal(store: Store, library: Library, review: Path,
                                         original_text: str, tmp_path: Path) -> None:
    shown = subprocess.run(["sqlite3", "-box", str(review), "SELECT * FROM claims_brief"],
                           capture_output=True, text=True, check=True, timeout=30).stdout
    lines = shown.splitlines()
    assert len(lines) == 5 + 4  # five claims, a header and three rules
    assert max(map(len, lines)) <= 100
    assert "Emoji 🧪 article" in shown and "verified" in shown and "pending" in shown


def test_the_narrow_view_columns(review: Path) -> None:
    with closing(sqlite3.connect(review)) as db:
        cursor = db.execute("SELECT * FROM claims_brief")
        assert [d[0] for d in cursor.description] == ["n", "article", "quote", "verdict",
                                                      "review"]
        assert all(len(row[2]) <= 40 and len(row[1]) <= 18 for row in cursor)
