"""Migration 0013 (the attention index) from a frozen revision-0012 library."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.store import Store
from annotator.store.migrate import head_revision
from tests.store.test_migrations import rows, rows_as_they_were

FROZEN_REV0012 = Path(__file__).parent / "data" / "library-rev0012.sqlite3"
TABLES = ("documents", "claims", "sources", "claim_history", "document_versions")


def test_upgrade_from_revision_0012_keeps_every_row_and_counts_attention_from_the_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rev0012.sqlite3"
    shutil.copyfile(FROZEN_REV0012, path)
    old_columns = rows_as_they_were(path, TABLES)
    before = {table: old_columns(table) for table in TABLES}
    assert all(before[t] for t in TABLES[:5]), "the fixture holds rows in the main tables"
    counts = rows(path, "SELECT * FROM document_counts ORDER BY document_id")
    placements = rows(path, "SELECT * FROM claim_placements ORDER BY 1, 2")
    assert placements
    expected = dict(rows(path, "SELECT document_id, count(*) FROM claims WHERE anchor_state "
                               "IN ('fuzzy', 'orphaned', 'ambiguous') GROUP BY 1"))
    assert sum(expected.values()) >= 3

    with Store.open(path) as store:
        listed = {d.id: d.attention for d in store.list_documents()}

    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in TABLES:
        assert old_columns(table) == before[table], table
    assert rows(path, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_claims_attention'"
                ) == [(1,)]
    assert {doc: n for doc, n in listed.items() if n} == expected
    assert rows(path, "SELECT * FROM document_counts ORDER BY document_id") == counts
    assert rows(path, "SELECT * FROM claim_placements ORDER BY 1, 2") == placements
