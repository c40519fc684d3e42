"""Revisions 0010 (claim numbers) and 0011 (publisher settings, claims' rating labels) keep
every row of a frozen revision-0009 library, which then takes the new settings and labels."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.domain.publishing import PublisherKey, PublisherSettings
from annotator.store import Store
from annotator.store.migrate import head_revision
from annotator.store.publishing import change_settings, publisher_settings
from tests.store.test_migrations import rows

FROZEN_REV0009 = Path(__file__).parent / "data" / "library-rev0009.sqlite3"
TABLES = ("documents", "claims", "sources", "claim_history", "document_versions",
          "claim_placements")


def ordered(table: str) -> str:
    return "claim_id, version_id" if table == "claim_placements" else "id"


def test_upgrade_from_revision_0009_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "rev9.sqlite3"
    shutil.copyfile(FROZEN_REV0009, path)
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0009",)]
    before = {t: rows(path, f"SELECT * FROM {t} ORDER BY {ordered(t)}") for t in TABLES}
    assert all(before.values()), "the frozen fixture must hold rows in every table"
    assert len(before["document_versions"]) > len(before["documents"])

    with Store.open(path, author="erin") as store:
        claims = store.claims()
        settings = publisher_settings(store)

    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in TABLES:
        after = rows(path, f"SELECT * FROM {table} ORDER BY {ordered(table)}")
        width = len(before[table][0])
        assert [row[:width] for row in after] == before[table], table
    assert rows(path, "SELECT count(*) FROM claims WHERE rating_label != ''") == [(0,)]
    assert all(c.rating_label == "" for c in claims)
    assert settings == PublisherSettings()  # every setting at its default
    assert rows(path, "SELECT count(*) FROM publisher_settings") == [(0,)]
    assert rows(path, "PRAGMA foreign_key_check") == []
    assert list(tmp_path.glob("rev9.sqlite3.schema-0009-*.bak"))

    with Store.open(path, author="erin") as store:  # and it takes the new work
        labelled = store.set_rating_label(claims[0].id, "Lacks context")
        change_settings(store, {PublisherKey.ORGANISATION: "Desk"})
        assert store.history(labelled.id)[-1].new == "Lacks context"
    assert labelled.rating_label == "Lacks context"
    assert rows(path, "SELECT key, value FROM publisher_settings") == [
        ("organisation.name", "Desk")]
