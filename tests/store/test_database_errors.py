"""Environmental database problems become clear messages, and nothing is lost."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from annotator.store import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    Store,
    StoreError,
)
from annotator.store.engine import make_engine


def test_locked_database_gives_a_clear_error(db_path: Path) -> None:
    store = Store.open(db_path)
    doc = store.import_document("T", "Some text to claim.").document
    store.close()
    fast = Store(make_engine(db_path, busy_timeout_ms=100))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLocked, match="locked by another program"):
            fast.create_claim(doc.id, 0, 4)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    # Once the other program lets go, the same action goes through.
    assert fast.create_claim(doc.id, 0, 4).exact == "Some"
    fast.close()


def test_corrupt_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    garbage = b"this is not a database\x00" * 100
    path.write_bytes(garbage)
    with pytest.raises(DatabaseCorrupt, match="not an SQLite database"):
        Store.open(path)
    assert path.read_bytes() == garbage


def test_damaged_sqlite_pages_give_a_clear_error(db_path: Path) -> None:
    store = Store.open(db_path)
    store.import_document("T", "text " * 5000)
    store.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)  # keep the header, wreck the schema
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        Store.open(db_path)
    assert "damaged" in str(caught.value) or "not a readable" in str(caught.value)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_read_only_file_gives_a_clear_error(db_path: Path) -> None:
    store = Store.open(db_path)
    doc = store.import_document("T", "Some text").document
    store.close()
    for path in db_path.parent.iterdir():
        path.chmod(stat.S_IRUSR)
    db_path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError):
            Store.open(db_path).create_claim(doc.id, 0, 4)
    finally:
        db_path.parent.chmod(stat.S_IRWXU)


def test_read_only_connection_refuses_writes_clearly(db_path: Path) -> None:
    # Works even as root: SQLite's own read-only mode stands in for a read-only disk.
    store = Store.open(db_path)
    doc = store.import_document("T", "Some text").document
    store.close()
    engine = make_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    read_only = Store(engine)
    with pytest.raises(DatabaseReadOnly, match="cannot be written"):
        read_only.create_claim(doc.id, 0, 4)
    assert read_only.document(doc.id).text == "Some text"
    read_only.close()
