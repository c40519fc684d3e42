"""Recreate library-rev0002.sqlite3: a library frozen at schema revision 0002.

The committed file is the fixture; this script only documents how it was made: the
revision-0001 fixture upgraded to 0002 with Alembic alone (so no application id is set).
Run: python tests/store/data/make_rev0002_db.py
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event

from annotator.store.migrate import alembic_config

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library-rev0001.sqlite3"
TARGET = HERE / "library-rev0002.sqlite3"


def upgraded_copy(source: Path, target: Path, revision: str) -> None:
    """A copy of a frozen library upgraded to `revision` with Alembic alone."""
    target.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    engine = create_engine(f"sqlite:///{target}")
    event.listen(engine, "connect",
                 lambda connection, _record: connection.execute("PRAGMA foreign_keys = OFF"))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def main() -> None:
    upgraded_copy(SOURCE, TARGET, "0002")
    db = sqlite3.connect(TARGET)
    with db:
        db.execute("UPDATE claims SET review_status = 'approved', reviewer = 'bob', "
                   "review_note = 'Checked' WHERE id = 1")
        db.execute("PRAGMA user_version = 2")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
