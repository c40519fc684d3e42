"""The full-text index of claims (SQLite FTS5), kept in step with the tables by triggers.

One index row per claim (rowid = claims.id) holds the words a fact-checker searches for:
the quote; the note and the reviewer's note; the titles, publishers and excerpts of its
sources; the title, outlet and authors of its article. Triggers on claims, sources and
documents rewrite a claim's row whenever any of these change, so every write path (the
editor, review imports, bulk loads, undo) keeps the index right without knowing about it.

Databases without FTS5 (PostgreSQL, an SQLite built without it) have no index; the search
(annotator.store.search) then reads the tables directly.
"""

from __future__ import annotations

from sqlalchemy import Connection

TABLE = "claim_search"

_ROW = """
INSERT INTO claim_search (rowid, quote, note, sources, article)
SELECT c.id, c.exact, c.note || char(10) || c.review_note,
       coalesce((SELECT group_concat(s.title || ' ' || s.publisher || ' ' || s.excerpt,
                                     char(10))
                 FROM sources AS s WHERE s.claim_id = c.id), ''),
       d.title || char(10) || d.outlet || char(10) || d.authors
FROM claims AS c JOIN documents AS d ON d.id = c.document_id
WHERE {where};
"""


def _refresh(claim_id: str) -> str:
    return (f"DELETE FROM claim_search WHERE rowid = {claim_id};"
            + _ROW.format(where=f"c.id = {claim_id}"))


TRIGGERS: dict[str, str] = {
    "claim_search_claim_insert": f"AFTER INSERT ON claims BEGIN {_refresh('NEW.id')} END",
    "claim_search_claim_update": (
        "AFTER UPDATE OF exact, note, review_note, document_id ON claims "
        f"BEGIN {_refresh('OLD.id')} {_refresh('NEW.id')} END"
    ),
    "claim_search_claim_delete": (
        "AFTER DELETE ON claims BEGIN DELETE FROM claim_search WHERE rowid = OLD.id; END"
    ),
    "claim_search_source_insert": (
        f"AFTER INSERT ON sources BEGIN {_refresh('NEW.claim_id')} END"
    ),
    "claim_search_source_update": (
        "AFTER UPDATE OF claim_id, title, publisher, excerpt ON sources "
        f"BEGIN {_refresh('OLD.claim_id')} {_refresh('NEW.claim_id')} END"
    ),
    "claim_search_source_delete": (
        f"AFTER DELETE ON sources BEGIN {_refresh('OLD.claim_id')} END"
    ),
    "claim_search_document_update": (
        "AFTER UPDATE OF title, outlet, authors ON documents BEGIN "
        "DELETE FROM claim_search WHERE rowid IN "
        "(SELECT id FROM claims WHERE document_id = NEW.id);"
        + _ROW.format(where="c.document_id = NEW.id") + " END"
    ),
}


def fts5_available(connection: Connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    return bool(connection.exec_driver_sql(
        "SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar())


def installed(connection: Connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    return connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).first() is not None


def install(connection: Connection) -> None:
    """Create the index, its triggers, and fill it from the rows already stored."""
    if not fts5_available(connection):
        return
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "quote, note, sources, article, tokenize = 'unicode61 remove_diacritics 2')"
    )
    ensure_triggers(connection, rebuild=True)


def ensure_triggers(connection: Connection, *, rebuild: bool = False) -> None:
    """Re-create missing triggers; refill the index if any was missing.

    A batch migration on SQLite rebuilds a table, and dropping the old table drops its
    triggers: this runs after every upgrade so that a later migration cannot silently
    stop the index from following the tables.
    """
    if not installed(connection):
        return
    if create_missing_triggers(connection, TRIGGERS):
        rebuild = True
    if rebuild:
        connection.exec_driver_sql(f"DELETE FROM {TABLE}")
        connection.exec_driver_sql(_ROW.format(where="1"))


def create_missing_triggers(connection: Connection, triggers: dict[str, str]) -> bool:
    """Create those of the SQLite ``triggers`` (name: body) that are missing; True if any
    was (the rows they keep must then be redone)."""
    present = {row[0] for row in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [name for name in triggers if name not in present]
    for name in missing:
        connection.exec_driver_sql(f"CREATE TRIGGER {name} {triggers[name]}")
    return bool(missing)


def uninstall(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
