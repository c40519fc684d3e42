"""Recreate library-rev0005.sqlite3: a library frozen at schema revision 0005.

The committed file is the fixture; this script only documents how it was made: the
revision-0002 fixture upgraded to 0005 with Alembic alone (application id, read indexes and
the evidence tables are there; the sources have no version yet and there is no change log).
Run: python tests/store/data/make_rev0005_db.py
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event

from annotator.store.migrate import alembic_config

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library-rev0002.sqlite3"
TARGET = HERE / "library-rev0005.sqlite3"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    shutil.copyfile(SOURCE, TARGET)
    engine = create_engine(f"sqlite:///{TARGET}")
    event.listen(engine, "connect",
                 lambda connection, _record: connection.execute("PRAGMA foreign_keys = OFF"))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    engine.dispose()
    db = sqlite3.connect(TARGET)
    with db:
        db.execute("PRAGMA user_version = 5")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
