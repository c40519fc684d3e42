"""Shared by the make_rev*_db.py scripts: a library at one schema revision."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event

from annotator.store.migrate import alembic_config


def empty_library_at(target: Path, revision: str) -> None:
    """(Re)create ``target`` as a library migrated up to ``revision`` and no further."""
    target.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{target}")
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def upgraded_copy(source: Path, target: Path, revision: str) -> None:
    """A copy of a frozen library upgraded to ``revision`` with Alembic alone."""
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
