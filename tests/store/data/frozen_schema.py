"""Shared by the make_rev*_db.py scripts: an empty library at one schema revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

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
