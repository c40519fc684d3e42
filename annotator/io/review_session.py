"""The reviewer's side of a review file: read it whole, save each decision at once.

Qt-free, so the reviewer window (annotator.qt.review) only shows and asks. The file is
checked exactly as an import checks it (annotator.io.review_file) before anything is opened
for writing, so a file that is not a review export, or one of a newer format, is refused
and left untouched. Each decision is one transaction that writes only the columns the
file's triggers allow (review_status, review_note, reviewer, reviewer_verdict; the trigger
stamps reviewed_at), in rollback-journal mode with synchronous=FULL: a crash loses at most
the decision being saved, and the file stays a plain SQLite file for sqlite3 to read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain.records import ClaimRecord, DocumentRecord, SourceRecord
from annotator.domain.review import ReviewState, is_reviewed
from annotator.domain.verdict import ReviewStatus, Stance, Verdict
from annotator.io.review_file import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_VALUE_BYTES,
    ReviewFileError,
    check_review_file,
    clean_text,
    open_untrusted,
    parse_time,
    sqlite_error_message,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_VERDICTS = {verdict.value: verdict for verdict in Verdict}
_STATUSES = {status.value: status for status in ReviewStatus}
_TIMEOUT_S = 5.0


class ReviewSession:
    """An open review file: its documents, claims and sources, and the decisions in it."""

    def __init__(self, path: Path, connection: sqlite3.Connection, version: int) -> None:
        self.path = path
        self.version = version
        self._db = connection
        self.documents: dict[int, DocumentRecord] = {}
        # By the row's rowid in the file (ClaimRecord.id): the file's claims table keys
        # claims by UUID, and numbers count within each article (format 3).
        self._claims: dict[int, ClaimRecord] = {}
        self._sources: dict[int, list[SourceRecord]] = {}  # read when first asked for
        self._load()

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> ReviewSession:
        """Check the file read-only, then open it for the reviewer; ReviewFileError if not."""
        path = Path(path)
        try:
            with open_untrusted(path) as opened:
                info = check_review_file(opened.connection, path)
                if opened.warnings:
                    raise ReviewFileError(
                        f"{path.name} is in WAL mode and its {path.name}-wal is missing, so "
                        "decisions may be lost; ask for both files. It was left untouched.")
        except sqlite3.Error as exc:
            raise ReviewFileError(sqlite_error_message(exc, path)) from exc
        except UnicodeDecodeError:
            raise ReviewFileError(f"{path} holds text that is not valid UTF-8; it was left "
                                  "untouched.") from None
        connection = sqlite3.connect(path, isolation_level=None, timeout=_TIMEOUT_S)
        try:
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA synchronous = FULL")
            if connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                # One self-contained file to send back: no -wal that could be left behind.
                connection.execute("PRAGMA journal_mode = DELETE")
            return cls(path, connection, info.version)
        except (sqlite3.Error, ReviewFileError) as exc:
            connection.close()
            if isinstance(exc, ReviewFileError):
                raise
            raise ReviewFileError(sqlite_error_message(exc, path)) from exc

    def close(self) -> None:
        self._db.close()

    @property
    def has_reviewer_verdict(self) -> bool:
        return self.version >= 2

    @property
    def has_rating_label(self) -> bool:
        return self.version >= 5

    # -- reading -----------------------------------------------------------------------

    def claims(self) -> list[ClaimRecord]:
        """Every claim in the file in the order of the export: article, then text."""
        return list(self._claims.values())

    def claim(self, key: int) -> ClaimRecord:
        return self._claims[key]

    def sources(self, number: int) -> list[SourceRecord]:
        """The claim's sources, read from the file the first time they are asked for."""
        if number not in self._sources:
            try:
                self._sources[number] = self._read_sources(self._claims[number])
            except sqlite3.Error as exc:
                raise ReviewFileError(sqlite_error_message(exc, self.path)) from exc
            except (TypeError, ValueError, KeyError) as exc:
                raise ReviewFileError(f"{self.path} holds a source of the wrong kind "
                                      f"({exc}); it may be damaged.") from exc
        return list(self._sources[number])

    def state(self, number: int) -> ReviewState:
        claim = self._claims[number]
        return ReviewState(claim.review_status or ReviewStatus.PENDING, claim.review_note,
                           claim.reviewer, claim.reviewer_verdict)

    def progress(self) -> tuple[int, int]:
        """(claims with a decision, all claims)."""
        return sum(is_reviewed(c) for c in self._claims.values()), len(self._claims)

    # -- writing -----------------------------------------------------------------------

    def set_review(self, number: int, state: ReviewState) -> ClaimRecord:
        """Save one decision at once (one transaction); the claim as now stored."""
        if number not in self._claims:
            raise ReviewFileError(f"That claim is not in {self.path.name}.")
        note = _checked(state.note, MAX_NOTE_CHARS, "review note")
        name = _checked(state.reviewer.strip(), MAX_NAME_CHARS, "reviewer's name")
        verdict = state.verdict.value if state.verdict and self.has_reviewer_verdict else None
        values: list[object] = [ReviewStatus(state.status).value, note, name]
        sql = "UPDATE claims SET review_status = ?, review_note = ?, reviewer = ?"
        if self.has_reviewer_verdict:
            sql += ", reviewer_verdict = ?"
            values.append(verdict)
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(f"{sql} WHERE rowid = ?", (*values, number))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise ReviewFileError(_write_error(exc, self.path)) from exc
        claim = replace(self._claims[number], review_status=ReviewStatus(state.status),
                        review_note=note, reviewer=name,
                        reviewer_verdict=Verdict(verdict) if verdict else None)
        self._claims[number] = claim
        return claim

    # -- loading -----------------------------------------------------------------------

    def _load(self) -> None:
        try:
            self._load_documents()
            self._load_claims()
        except sqlite3.Error as exc:
            raise ReviewFileError(sqlite_error_message(exc, self.path)) from exc
        except (TypeError, ValueError, KeyError) as exc:
            raise ReviewFileError(
                f"{self.path} holds a value of the wrong kind ({exc}); it may be damaged and "
                "was left untouched.") from exc

    def _load_documents(self) -> None:
        rows = self._db.execute("SELECT id, title, text, sha256, origin, imported_at "
                                "FROM documents ORDER BY rowid")
        for n, (uuid, title, text, sha, origin, imported) in enumerate(rows, 1):
            self.documents[n] = DocumentRecord(
                id=n, uuid=_str(uuid), title=_str(title), text=_str(text), sha256=_str(sha),
                origin=None if origin is None else _str(origin),
                imported_at=parse_time(imported) or _EPOCH)

    def _load_claims(self) -> None:
        documents = {d.uuid: d for d in self.documents.values()}
        extra = ", c.reviewer_verdict, c.editor_reply" if self.has_reviewer_verdict else ""
        label = ", c.rating_label" if self.has_rating_label else ""
        counts = dict(self._db.execute(
            "SELECT claim_id, count(*) FROM sources GROUP BY claim_id"))
        # Formats 1 and 2 numbered the file's claims 1, 2, ... in this order; format 3 numbers
        # each article's claims (the editor's #7), listed in text order.
        rows = self._db.execute(
            "SELECT c.rowid, c.number, c.id, c.document_id, c.start, c.\"end\", c.quote, "
            "c.prefix, c.suffix, c.verdict, c.note, c.author, c.created_at, c.modified_at, "
            "c.exported_version, c.review_status, c.review_note, c.reviewer, c.reviewed_at"
            f"{extra}{label} FROM claims AS c LEFT JOIN documents AS d ON d.id = c.document_id "
            "ORDER BY d.rowid, c.start, c.\"end\", c.number")
        for row in rows:
            (key, number, uuid, document_uuid, start, end, quote, prefix, suffix, verdict,
             note, author, created, modified, version, status, review_note, reviewer,
             reviewed_at) = row[:19]
            own, reply = row[19:21] if extra else (None, "")
            rating_label = row[-1] if label else ""
            document = documents[_str(document_uuid)]
            self._claims[_int(key)] = ClaimRecord(
                number=_int(number),
                id=_int(key), uuid=_str(uuid), document_id=document.id, start=_int(start),
                end=_int(end), exact=_str(quote), prefix=_str(prefix), suffix=_str(suffix),
                doc_sha256=document.sha256, verdict=_VERDICTS[verdict], note=_str(note),
                author=_str(author), created_at=parse_time(created) or _EPOCH,
                modified_at=parse_time(modified) or _EPOCH, version=_int(version),
                source_count=counts.get(uuid, 0),
                review_status=_STATUSES[status], review_note=_str(review_note),
                reviewer=_str(reviewer), reviewed_at=parse_time(reviewed_at),
                reviewer_verdict=_VERDICTS[own] if own else None,
                review_reply=_str(reply), rating_label=_str(rating_label))

    def _read_sources(self, claim: ClaimRecord) -> list[SourceRecord]:
        documents = {d.uuid: d.id for d in self.documents.values()}
        rows = self._db.execute(
            "SELECT rowid, id, url, title, publisher, excerpt, stance, accessed_at, "
            "passage_document_id, passage_start, passage_end, created_at FROM sources "
            "WHERE claim_id = ? ORDER BY position", (claim.uuid,))
        return [
            SourceRecord(
                id=_int(rowid), uuid=_str(uuid), claim_id=claim.id, url=_str(url),
                title=_str(title), publisher=_str(publisher), excerpt=_str(excerpt),
                stance=Stance(_str(stance)), accessed_at=_str(accessed),
                passage_document_id=documents.get(passage_uuid) if passage_uuid else None,
                passage_start=None if passage_start is None else _int(passage_start),
                passage_end=None if passage_end is None else _int(passage_end),
                created_at=parse_time(created) or _EPOCH)
            for (rowid, uuid, url, title, publisher, excerpt, stance, accessed, passage_uuid,
                 passage_start, passage_end, created) in rows
        ]


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"text expected, found {type(value).__name__}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"a whole number expected, found {type(value).__name__}")
    return value


def _checked(value: str, limit: int, what: str) -> str:
    cleaned = clean_text(value)
    if cleaned is None:
        raise ValueError(f"The {what} has control characters; use plain text.")
    if len(cleaned) > limit:
        raise ValueError(f"The {what} has {len(cleaned):,} characters; the limit is {limit:,}.")
    return cleaned


def _write_error(exc: sqlite3.Error, path: Path) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path.name} is busy (another program is reading or saving it); your "
                "decision was not saved. Try again in a moment.")
    if name.startswith("SQLITE_READONLY"):
        return f"{path.name} cannot be written (read-only file or folder); not saved."
    if name == "SQLITE_FULL":
        return f"The disk holding {path.name} is full; your decision was not saved."
    return f"Saving to {path.name} failed ({exc}); your decision was not saved."
