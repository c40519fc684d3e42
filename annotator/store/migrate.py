"""Bring a database to the current schema at open, safely.

SQLite: back the file up first, run the upgrade with foreign keys off (batch migrations
rebuild tables, and with foreign keys on, dropping a parent table cascades into its
children), then check every foreign key before declaring success.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.pool import NullPool

from annotator.store.backups import backup_before_upgrade
from annotator.store.engine import WRITES, make_engine, sqlite_path
from annotator.store.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    DatabaseUnavailable,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Alembic (with the dialects it pulls in) is imported only when a database needs upgrading:
# it costs more than the rest of opening a library. Revisions are numbered files
# (versions/0001_initial.py, ...) whose number is their revision id, so the known ones can
# be listed from the file names; tests/store/test_migrations.py checks this against Alembic.
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")
# PostgreSQL advisory lock key held while the schema is created or upgraded, so that several
# app instances opening a fresh database at once do not all try to create it ("annotatr").
MIGRATION_LOCK_KEY = 0x616E6E6F74617472


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> set[str]:
    return {match.group(1) for path in (MIGRATIONS_DIR / "versions").iterdir()
            if (match := _REVISION_FILE.match(path.name))}


def head_revision() -> str:
    return max(known_revisions())


def schema_number(revision: str | None) -> int:
    """Revisions are numbered 0001, 0002, ...: the number doubles as PRAGMA user_version."""
    return int(revision) if revision and revision.isdigit() else 0


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _read_revision(connection, set(inspect(connection).get_table_names()))


def _read_revision(connection: Connection, tables: set[str]) -> str | None:
    if "alembic_version" not in tables:
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade_database(engine: Engine, *, label: str) -> Path | None:
    """Upgrade to head. Returns the backup file made before upgrading, if any.

    Safe when several instances open the same new or old database at once: the upgrade
    runs under a lock (SQLite's write lock, a PostgreSQL advisory lock) and alembic reads
    the revision again under it, so the later instances find nothing left to do.
    """
    with engine.connect() as connection:
        # Tables before the revision: another instance may commit the schema in between,
        # and then the revision read second is already the head.
        tables = set(inspect(connection).get_table_names())
        current = _read_revision(connection, tables)
    if current == head_revision():
        return None
    refuse_unless_ours(current, tables, label)
    path = sqlite_path(engine)
    backup = backup_before_upgrade(path, current) if path and current is not None else None
    try:
        _run_upgrade(engine)
    except DatabaseCorrupt as exc:  # found after the upgrade committed
        if backup is None:
            raise
        raise DatabaseCorrupt(f"{exc} The backup is {backup}.") from exc
    except BaseException:
        if backup is not None:  # rolled back, the library is as it was: no backup needed
            backup.unlink(missing_ok=True)
        raise
    return backup


def refuse_unless_ours(current: str | None, tables: set[str], label: str) -> None:
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"The database {label} was written by a newer version of Annotator "
            f"(schema {current}; this version knows up to {head}). "
            "Update Annotator to open it; the file was left untouched."
        )
    if current is None and tables - {"alembic_version"}:
        raise DatabaseUnavailable(
            f"The file {label} is an SQLite database but not an Annotator library "
            "(it has other tables). Choose another file with --db; it was left untouched."
        )


def _run_upgrade(engine: Engine) -> None:
    # A private engine without a pool: the foreign_keys=OFF connection never gets reused.
    # make_engine gives the same explicit BEGIN handling, so the whole upgrade is atomic.
    migration_engine = make_engine(engine.url.render_as_string(hide_password=False),
                                   poolclass=NullPool)
    is_sqlite = engine.url.get_backend_name() == "sqlite"
    try:
        with migration_engine.connect() as connection:
            if is_sqlite:
                # On the raw connection, before SQLAlchemy emits BEGIN: this pragma is a
                # no-op inside a transaction.
                connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys = OFF"
                )
            from alembic import command

            _begin_locked(connection)
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
            if is_sqlite:
                from annotator.store import document_counts, search_index

                # A table rebuilt by a migration lost its own triggers.
                search_index.ensure_triggers(connection)
                document_counts.ensure_triggers(connection)
                connection.commit()
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise DatabaseCorrupt(
                        f"After upgrading, {len(problems)} rows point at missing rows "
                        f"(first: {problems[0]}). Restore the backup made before the upgrade."
                    )
                head = schema_number(head_revision())
                connection.exec_driver_sql(f"PRAGMA user_version = {head}")
                connection.commit()
    finally:
        migration_engine.dispose()


def _begin_locked(connection: Connection) -> None:
    """Begin the upgrade's transaction holding the database's migration lock.

    SQLite: BEGIN IMMEDIATE (waits up to the busy timeout for another instance's upgrade).
    PostgreSQL: a transaction-scoped advisory lock, released at commit. Alembic then runs
    inside this transaction and reads the current revision only after the lock is held.
    """
    connection.execution_options(**{WRITES: True})
    connection.begin()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": MIGRATION_LOCK_KEY})
