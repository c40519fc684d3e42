"""The review export: a standalone SQLite file a reviewer can read and fill with sqlite3 alone.

Everything a reviewer needs is inside the file: a README table, a ``claims_for_review`` view,
and triggers that keep the editor's fields read-only and stamp ``reviewed_at`` when a review
column changes. Ids are the library's stable UUIDs, and ``start``/``end`` count code points,
so ``substr(documents.text, start + 1, "end" - start) = quote`` holds for every claim.

The file is written with the standard library's ``sqlite3``: the review file is plain SQL,
not one of our ORM databases. An SQLite library is attached read-only and its rows copied
with ``INSERT ... SELECT`` (:mod:`annotator.store.library_copy`), slice by slice so that
progress shows and Cancel works; SQLite does the copying, so time stays linear and memory
flat. Any other library (PostgreSQL) streams its rows through ``executemany`` in batches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from annotator import __version__
from annotator.domain.verdict import ReviewStatus, Stance, Verdict
from annotator.store import library_copy
from annotator.store.export_rows import (
    CLAIM_COLUMNS,
    HISTORY_COLUMNS,
    SOURCE_COLUMNS,
    ExportCounts,
    ExportReader,
    iso_utc,
    public_origin,
)
from annotator.store.library_copy import DOCUMENT_COLUMNS
from annotator.store.migrate import head_revision

REVIEW_FORMAT = "annotator-review"
REVIEW_FORMAT_VERSION = 5
"""Written to PRAGMA user_version and export_info.schema_version; bump on any schema change
(and record its fingerprint in annotator.io.review_formats). 2 added reviewer_verdict,
editor_reply and the claims_brief view; 3 made claims.number the claim's number in its
article (#7 in the app, the CLI and the HTML report; unique with document_id) instead of a
running number of the file; 4 added claims.text_version; 5 added claims.rating_label (also in
claims_for_review); import still reads 1 to 4."""
APPLICATION_ID = 0x414E4E52  # "ANNR" in PRAGMA application_id: identifies the file type
REQUIRED_TABLES = ("README", "export_info", "documents", "claims", "sources", "verdict_history")
REQUIRED_VIEWS = ("claims_for_review", "claims_brief")

Tick = Callable[[int], None]
"""Told the rows written so far; raises to cancel the export."""


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


_PENDING = ReviewStatus.PENDING.value
_VERDICTS = _quoted(v.value for v in Verdict)
_STATUSES = _quoted(s.value for s in ReviewStatus)
_STANCES = _quoted(s.value for s in Stance)

SCHEMA = f"""
CREATE TABLE README (
    position INTEGER PRIMARY KEY,
    topic    TEXT NOT NULL,
    text     TEXT NOT NULL
);
CREATE TABLE export_info (
    key   TEXT PRIMARY KEY,
    value
);
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,  -- stable UUID of the document in the editor's library
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    sha256      TEXT NOT NULL,     -- of text, UTF-8
    origin      TEXT,              -- file or URL it was imported from
    imported_at TEXT NOT NULL
);
CREATE TABLE claims (
    id               TEXT PRIMARY KEY,  -- stable UUID of the claim
    number           INTEGER NOT NULL,  -- the claim's number in its article: #7 in Annotator
    document_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start            INTEGER NOT NULL,  -- code points: substr(text, start + 1, "end" - start)
    "end"            INTEGER NOT NULL,
    quote            TEXT NOT NULL,
    prefix           TEXT NOT NULL,
    suffix           TEXT NOT NULL,
    verdict          TEXT NOT NULL CHECK (verdict IN ({_VERDICTS})),
    note             TEXT NOT NULL,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL,
    exported_version INTEGER NOT NULL,
    review_status    TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ({_STATUSES})),
    review_note      TEXT NOT NULL DEFAULT '',
    reviewer         TEXT NOT NULL DEFAULT '',
    reviewed_at      TEXT,
    reviewer_verdict TEXT CHECK (reviewer_verdict IS NULL OR reviewer_verdict IN ({_VERDICTS})),
    editor_reply     TEXT NOT NULL DEFAULT '',  -- the editor's answer to an earlier review
    text_version     INTEGER,  -- version of the article's text the claim is anchored in
    rating_label     TEXT NOT NULL DEFAULT '',  -- finer rating to publish, '' = the verdict
    UNIQUE (document_id, number),
    CHECK (start >= 0 AND "end" > start)
);
CREATE TABLE sources (
    id                  TEXT PRIMARY KEY,
    claim_id            TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,  -- 1, 2, ... within the claim
    url                 TEXT NOT NULL,
    title               TEXT NOT NULL,
    publisher           TEXT NOT NULL,
    excerpt             TEXT NOT NULL,
    stance              TEXT NOT NULL CHECK (stance IN ({_STANCES})),
    accessed_at         TEXT NOT NULL,
    passage_document_id TEXT,  -- UUID of a library document quoted as evidence, if any
    passage_start       INTEGER,
    passage_end         INTEGER,
    created_at          TEXT NOT NULL
);
CREATE TABLE verdict_history (
    id       INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    author   TEXT NOT NULL,
    field    TEXT NOT NULL,  -- created, verdict, note, review, ...
    old      TEXT NOT NULL,
    new      TEXT NOT NULL
);
"""

INDEXES = """
CREATE INDEX ix_claims_document_start ON claims(document_id, start);
CREATE INDEX ix_claims_review_status ON claims(review_status);
CREATE INDEX ix_sources_claim ON sources(claim_id, position);
CREATE INDEX ix_verdict_history_claim ON verdict_history(claim_id);

CREATE VIEW claims_for_review AS
SELECT
    c.number AS number,
    d.title AS document,
    replace(replace(c.quote, char(13), ' '), char(10), ' ') AS quote,
    c.verdict AS verdict,
    c.rating_label AS rating_label,
    coalesce((SELECT group_concat(label, '; ') FROM (
        SELECT CASE
            WHEN s.url = '' AND s.title = '' THEN substr(s.excerpt, 1, 60)
            WHEN s.url = '' THEN s.title
            WHEN s.title = '' THEN s.url
            ELSE s.title || ' <' || s.url || '>'
        END AS label
        FROM sources AS s WHERE s.claim_id = c.id ORDER BY s.position
    )), '') AS sources,
    replace(replace(c.note, char(13), ' '), char(10), ' ') AS note,
    c.review_status AS review_status,
    c.review_note AS review_note,
    c.reviewer AS reviewer,
    c.reviewer_verdict AS reviewer_verdict,
    replace(replace(c.editor_reply, char(13), ' '), char(10), ' ') AS editor_reply,
    c.id AS claim_id
FROM claims AS c JOIN documents AS d ON d.id = c.document_id
ORDER BY d.rowid, c.start, c."end", c.number;

CREATE VIEW claims_brief AS
SELECT
    c.number AS n,
    CASE WHEN length(d.title) > 18 THEN substr(d.title, 1, 17) || '…' ELSE d.title END
        AS article,
    CASE WHEN length(c.quote) > 40
        THEN substr(replace(c.quote, char(10), ' '), 1, 39) || '…'
        ELSE replace(c.quote, char(10), ' ') END AS quote,
    c.verdict AS verdict,
    c.review_status AS review
FROM claims AS c JOIN documents AS d ON d.id = c.document_id
ORDER BY d.rowid, c.start, c."end", c.number;

CREATE TRIGGER claims_editor_fields_read_only
BEFORE UPDATE OF id, number, document_id, start, "end", quote, prefix, suffix, verdict, note,
    author, created_at, modified_at, exported_version, editor_reply, text_version,
    rating_label ON claims
BEGIN
    SELECT RAISE(ABORT, 'Only review_status, review_note, reviewer, reviewer_verdict and reviewed_at can be changed in a review file.');
END;

CREATE TRIGGER claims_stamp_reviewed_at
AFTER UPDATE OF review_status, review_note, reviewer, reviewer_verdict ON claims
WHEN NEW.reviewed_at IS OLD.reviewed_at
BEGIN
    UPDATE claims SET reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
"""  # noqa: E501

README_ROWS: tuple[tuple[str, str], ...] = (
    ("What this is",
     "Claims from a fact-check, exported for review by Annotator. You need nothing but "
     "sqlite3 (or DB Browser for SQLite, or Datasette) to read and review them."),
    ("Read the claims",
     "sqlite3 -box FILE.sqlite 'SELECT * FROM claims_brief' lists every claim in a narrow "
     "table (number, article, short quote, verdict, review) that fits a terminal, article "
     "by article in the order of the text. "
     "'SELECT * FROM claims_for_review' adds the sources, notes and review columns in full. "
     "Full texts are in the documents table; sources and verdict_history hold the details. "
     "Or open the file in Annotator's reviewer window: annotator review FILE.sqlite."),
    ("Review a claim",
     "Set review_status to pending, approved, rejected or needs-work, optionally with a "
     "review_note and your name in reviewer, e.g.: sqlite3 FILE.sqlite \"UPDATE claims SET "
     "review_status = 'approved', review_note = 'Checked the figures', reviewer = 'Alex' "
     "WHERE number = 3\". reviewed_at is filled in for you. review_note holds at most "
     "10,000 characters of plain text, reviewer at most 200."),
    ("Claim numbers",
     "number is the claim's number in its article: claim 3 is the #3 the editor sees in "
     "Annotator, the CLI and the HTML report. Each article counts from 1, so when the file "
     "holds several articles, name the article as well: ... WHERE number = 3 AND "
     "document_id = (SELECT id FROM documents WHERE title = 'The article')."),
    ("Your own verdict",
     "Optionally set reviewer_verdict to unchecked, verified or disputed: the verdict you "
     "would give. The editor sees how often you agree (Cohen's kappa)."),
    ("Rating label",
     "rating_label is the finer rating the newsroom publishes for the claim (for example "
     "'Mostly false' for a disputed claim); it is empty when the verdict itself is "
     "published. claims_for_review shows it next to the verdict."),
    ("What you can change",
     "Only review_status, review_note, reviewer, reviewer_verdict and reviewed_at. The "
     "editor's fields (quote, verdict, rating_label, note, positions, editor_reply) are "
     "read-only: a "
     "trigger refuses changes to them. editor_reply is the editor's answer to your last "
     "review of the claim."),
    ("Send it back",
     "Return the file to the editor, who runs 'annotator import-review FILE.sqlite'. Your "
     "decisions are merged by claim id; if the editor changed a claim meanwhile, your "
     "decision is kept beside the change and flagged, never overwritten."),
    ("Positions",
     "start and end count characters (code points) in documents.text, end exclusive: "
     "substr(documents.text, start + 1, \"end\" - start) equals quote for every claim "
     "whose text_version is set (see Versions)."),
    ("Versions",
     "An outlet may correct an article after it is published; the editor then keeps each "
     "version of its text. documents.text is the latest version; claims.text_version is "
     "the number of that version (1, 2, ...) for every claim anchored in it, and NULL for a "
     "claim whose words are gone from it (its start, end and quote are then those of an "
     "older version)."),
    ("Times and ids",
     "Times are UTC in ISO 8601 with a Z. Ids are UUIDs that stay the same in every export "
     "of the same claim. export_info tells who exported the file, when, and with what."),
)


def write_review_file(
    reader: ExportReader, path: Path, *, counts: ExportCounts, exported_by: str, tick: Tick
) -> None:
    """Write the whole review file at ``path`` (a fresh temporary file the caller renames)."""
    connection = sqlite3.connect(path, isolation_level=None, uri=True)
    try:
        _prepare(connection)
        attached = _attach_library(connection, reader.sqlite_file())
        connection.execute("BEGIN")
        _run_script(connection, SCHEMA)
        if attached:  # SQLite copies the rows itself, in one read snapshot of the library
            _copy_rows(connection, reader.document_ids, tick, reader.changed_since_review)
            counts = _written_counts(connection)
        else:  # a PostgreSQL library: rows stream through Python in batches
            _write_rows(connection, reader, tick)
        # No local path leaves the machine: a file's origin is reduced to its base name.
        connection.create_function("public_origin", 1, public_origin, deterministic=True)
        connection.execute("UPDATE documents SET origin = public_origin(origin) "
                           "WHERE origin IS NOT NULL")
        _run_script(connection, INDEXES)
        connection.executemany(
            "INSERT INTO README (position, topic, text) VALUES (?, ?, ?)",
            [(n, topic, text) for n, (topic, text) in enumerate(README_ROWS, 1)],
        )
        connection.executemany("INSERT INTO export_info (key, value) VALUES (?, ?)",
                               _export_info(counts, exported_by))
        connection.execute(f"PRAGMA user_version = {REVIEW_FORMAT_VERSION}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("COMMIT")
    finally:
        connection.close()


def _prepare(connection: sqlite3.Connection) -> None:
    # A temporary file renamed only on success: no journal is needed, and the caller syncs
    # the finished file to disk before renaming it.
    # secure_delete: the local paths that public_origin replaces leave no bytes behind.
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = MEMORY",
                   "cache_size = -65536", "foreign_keys = OFF", "secure_delete = ON"):
        connection.execute(f"PRAGMA {pragma}")


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first; run statement by statement inside our transaction.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            connection.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:60]!r}")


def _attach_library(connection: sqlite3.Connection, library: Path | None) -> bool:
    """Attach the library read-only as ``lib``; False when it is not a file SQLite can open
    (PostgreSQL, an in-memory database, an unreadable WAL), and the rows are streamed."""
    if library is None:
        return False
    try:
        connection.execute(f"ATTACH DATABASE ? AS {library_copy.SCHEMA}",
                           (f"{library.resolve().as_uri()}?mode=ro",))
    except sqlite3.Error:
        return False
    try:
        connection.execute(f"SELECT count(*) FROM {library_copy.SCHEMA}.sqlite_master")
    except sqlite3.Error:
        connection.execute(f"DETACH DATABASE {library_copy.SCHEMA}")
        return False
    return True


def _copy_rows(connection: sqlite3.Connection, document_ids: Sequence[int] | None,
               tick: Tick, changed_only: bool = False) -> None:
    """INSERT ... SELECT from the attached library, slice by slice (progress and cancel
    between slices; each slice is one statement, no Python per row)."""
    connection.execute(_copy("documents", DOCUMENT_COLUMNS, _DOCUMENT_NAMES,
                             library_copy.documents_select(document_ids, changed_only)))
    done = 0
    sizes = connection.execute(
        library_copy.document_sizes_select(document_ids, changed_only)).fetchall()
    for chosen in library_copy.claim_slices(sizes):
        select = library_copy.claims_select(chosen, changed_only)
        done += connection.execute(_copy("claims", CLAIM_COLUMNS, _CLAIM_NAMES, select)
                                   ).rowcount
        tick(done)
    for table, columns, names, select in (
        ("sources", SOURCE_COLUMNS, _SOURCE_NAMES,
         library_copy.sources_select(document_ids, changed_only)),
        ("verdict_history", HISTORY_COLUMNS, _HISTORY_NAMES,
         library_copy.history_select(document_ids, changed_only)),
    ):
        library_table = "sources" if table == "sources" else "claim_history"
        sql = _copy(table, columns, names, select)
        for first, last in library_copy.id_slices(connection, library_table):
            done += connection.execute(sql, (first, last)).rowcount
            tick(done)


def _copy(table: str, reader_columns: tuple[str, ...], names: dict[str, str], select: str
          ) -> str:
    """INSERT ... SELECT of a library_copy SELECT (columns named like the reader's), in the
    SELECT's order."""
    columns = ", ".join(f'"{names[column]}"' for column in reader_columns)
    values = ", ".join(_WRAPPED.get(column, "{}").format(f'"{column}"')
                       for column in reader_columns)
    return f"INSERT INTO {table} ({columns}) SELECT {values} FROM ({select})"


def _written_counts(connection: sqlite3.Connection) -> ExportCounts:
    """What the file holds: copied in one snapshot, so these are the library's counts."""
    def count(table: str) -> int:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return ExportCounts(count("documents"), count("claims"), count("sources"),
                        count("verdict_history"))


def _write_rows(connection: sqlite3.Connection, reader: ExportReader, tick: Tick) -> None:
    connection.executemany(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
        [(d.uuid, d.title, d.text, d.sha256, d.origin, iso_utc(d.imported_at, micro=True))
         for _, d in reader.documents()],
    )
    done = 0
    for sql, batches in (
        (_INSERT_CLAIM, reader.claim_batches()),
        (_INSERT_SOURCE, reader.source_batches()),
        (_INSERT_HISTORY, reader.history_batches()),
    ):
        for batch in batches:
            connection.executemany(sql, batch)
            done += len(batch)
            tick(done)


def _insert(table: str, reader_columns: tuple[str, ...], names: dict[str, str],
            wrapped: dict[str, str] | None = None) -> str:
    """An INSERT taking rows in the reader's column order; ``wrapped`` replaces some ``?``."""
    columns = ", ".join(f'"{names[column]}"' for column in reader_columns)
    marks = ", ".join((wrapped or {}).get(column, "?") for column in reader_columns)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


# Reader column -> review file column.
_CLAIM_NAMES = {
    "number": "number", "uuid": "id", "document_uuid": "document_id", "start": "start",
    "end": "end", "exact": "quote", "prefix": "prefix", "suffix": "suffix",
    "verdict": "verdict", "note": "note", "author": "author", "created_at": "created_at",
    "modified_at": "modified_at", "version": "exported_version",
    "review_status": "review_status", "review_note": "review_note", "reviewer": "reviewer",
    "reviewed_at": "reviewed_at", "reviewer_verdict": "reviewer_verdict",
    "review_reply": "editor_reply", "text_version": "text_version",
    "rating_label": "rating_label",
}
_SOURCE_NAMES = {
    "uuid": "id", "claim_uuid": "claim_id", "position": "position", "url": "url",
    "title": "title", "publisher": "publisher", "excerpt": "excerpt", "stance": "stance",
    "accessed_at": "accessed_at", "passage_document_uuid": "passage_document_id",
    "passage_start": "passage_start", "passage_end": "passage_end",
    "created_at": "created_at",
}
_HISTORY_NAMES = {"claim_uuid": "claim_id", "at": "at", "author": "author", "field": "field",
                  "old": "old", "new": "new"}

_DOCUMENT_NAMES = {"uuid": "id", "title": "title", "text": "text", "sha256": "sha256",
                   "origin": "origin", "imported_at": "imported_at"}
# A claim never reviewed has no review_status in the library: 'pending' in the file.
_WRAPPED = {"review_status": f"coalesce({{}}, '{_PENDING}')",
            "review_reply": "coalesce({}, '')"}

_INSERT_CLAIM = _insert("claims", CLAIM_COLUMNS, _CLAIM_NAMES,
                        {c: w.format("?") for c, w in _WRAPPED.items()})
_INSERT_SOURCE = _insert("sources", SOURCE_COLUMNS, _SOURCE_NAMES)
_INSERT_HISTORY = _insert("verdict_history", HISTORY_COLUMNS, _HISTORY_NAMES)


def _export_info(counts: ExportCounts, exported_by: str) -> list[tuple[str, object]]:
    return [
        ("format", REVIEW_FORMAT),
        ("schema_version", REVIEW_FORMAT_VERSION),
        ("app_version", __version__),
        ("library_schema", head_revision()),
        ("exported_at", iso_utc(datetime.now(UTC))),
        ("exported_by", exported_by),
        ("documents", counts.documents),
        ("claims", counts.claims),
        ("sources", counts.sources),
        ("history_entries", counts.history),
    ]
