"""Per-document verdict counts, kept by the database itself.

The library list shows each article's unchecked / verified / disputed counts. Counting them
per refresh walks an index entry for every claim of the library (hundreds of milliseconds
at 500k claims); instead the table ``document_counts`` holds one row per document with
claims, and triggers on ``claims`` keep it right on SQLite and on PostgreSQL. Every write
path (the editor, undo, review imports, re-anchoring a new version, other desks' windows,
bulk loads with plain ``sqlite3``) goes through the triggers without knowing about them.

A document without claims may have no row: readers take a missing row as zeros.
"""

from __future__ import annotations

from sqlalchemy import Connection

from annotator.domain.verdict import Verdict
from annotator.store.search_index import create_missing_triggers

TABLE = "document_counts"
COLUMNS = tuple(v.value for v in Verdict)  # unchecked, verified, disputed
_TRIGGER_FUNCTION = "document_counts_follow_claims"


def _delta(row: str, verdict: str) -> str:
    return f"CASE WHEN {row}.verdict = '{verdict}' THEN 1 ELSE 0 END"


def _add(row: str) -> str:
    """Count the claim ``row`` (NEW) in its document: create the row or add to it."""
    values = ", ".join(_delta(row, v) for v in COLUMNS)
    sums = ", ".join(f"{v} = {TABLE}.{v} + excluded.{v}" for v in COLUMNS)
    return (f"INSERT INTO {TABLE} (document_id, {', '.join(COLUMNS)}) "
            f"VALUES ({row}.document_id, {values}) "
            f"ON CONFLICT (document_id) DO UPDATE SET {sums};")


def _remove(row: str) -> str:
    """Stop counting the claim ``row`` (OLD) in its document."""
    sets = ", ".join(f"{v} = {v} - {_delta(row, v)}" for v in COLUMNS)
    return f"UPDATE {TABLE} SET {sets} WHERE document_id = {row}.document_id;"


SQLITE_TRIGGERS: dict[str, str] = {
    "document_counts_claim_insert": f"AFTER INSERT ON claims BEGIN {_add('NEW')} END",
    "document_counts_claim_update": (
        "AFTER UPDATE OF verdict, document_id ON claims "
        f"BEGIN {_remove('OLD')} {_add('NEW')} END"
    ),
    "document_counts_claim_delete": f"AFTER DELETE ON claims BEGIN {_remove('OLD')} END",
}

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {_TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {_remove('OLD')}
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {_add('NEW')}
    END IF;
    RETURN NULL;
END
$$
"""
POSTGRESQL_TRIGGER = "document_counts_claims"

RECOUNT = (
    f"INSERT INTO {TABLE} (document_id, {', '.join(COLUMNS)}) "
    "SELECT document_id, "
    + ", ".join(f"sum(CASE WHEN verdict = '{v}' THEN 1 ELSE 0 END)" for v in COLUMNS)
    + " FROM claims GROUP BY document_id"
)


def install(connection: Connection) -> None:
    """Create the triggers (the table exists) and count the claims already stored."""
    ensure_triggers(connection, recount=True)


def ensure_triggers(connection: Connection, *, recount: bool = False) -> None:
    """Re-create missing triggers, and recount when any was missing.

    A batch migration on SQLite rebuilds a table and loses its triggers: this runs after
    every upgrade so that a later migration cannot silently stop the counts following.
    """
    if connection.dialect.name == "postgresql":
        found = connection.exec_driver_sql(
            "SELECT 1 FROM pg_trigger WHERE tgname = %(name)s", {"name": POSTGRESQL_TRIGGER})
        if found.first() is None:
            connection.exec_driver_sql(POSTGRESQL_FUNCTION)
            connection.exec_driver_sql(
                f"CREATE TRIGGER {POSTGRESQL_TRIGGER} "
                "AFTER INSERT OR DELETE OR UPDATE OF verdict, document_id ON claims "
                f"FOR EACH ROW EXECUTE FUNCTION {_TRIGGER_FUNCTION}()")
            recount = True
    elif create_missing_triggers(connection, SQLITE_TRIGGERS):
        recount = True
    if recount:
        connection.exec_driver_sql(f"DELETE FROM {TABLE}")
        connection.exec_driver_sql(RECOUNT)


def uninstall(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {POSTGRESQL_TRIGGER} ON claims")
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {_TRIGGER_FUNCTION}()")
    else:
        for name in SQLITE_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
