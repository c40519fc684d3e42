-- The schema of review format 4 (Annotator before claims.rating_label), frozen: tests build
-- a format 4 file from it to check that such files still import.
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
    verdict          TEXT NOT NULL CHECK (verdict IN ('unchecked', 'verified', 'disputed')),
    note             TEXT NOT NULL,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL,
    exported_version INTEGER NOT NULL,
    review_status    TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved', 'rejected', 'needs-work')),
    review_note      TEXT NOT NULL DEFAULT '',
    reviewer         TEXT NOT NULL DEFAULT '',
    reviewed_at      TEXT,
    reviewer_verdict TEXT CHECK (reviewer_verdict IS NULL OR reviewer_verdict IN ('unchecked', 'verified', 'disputed')),
    editor_reply     TEXT NOT NULL DEFAULT '',  -- the editor's answer to an earlier review
    text_version     INTEGER,  -- version of the article's text the claim is anchored in
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
    stance              TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
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
    author, created_at, modified_at, exported_version, editor_reply, text_version ON claims
BEGIN
    SELECT RAISE(ABORT, 'Only review_status, review_note, reviewer, reviewer_verdict and reviewed_at can be changed in a review file.');
END;

CREATE TRIGGER claims_stamp_reviewed_at
AFTER UPDATE OF review_status, review_note, reviewer, reviewer_verdict ON claims
WHEN NEW.reviewed_at IS OLD.reviewed_at
BEGIN
    UPDATE claims SET reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
