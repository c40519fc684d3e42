"""Read a reviewer's decisions from a review export and merge them into the library.

The file is opened read-only and checked before anything is written: it must be an SQLite
file, carry our export_info and tables, and be of a review format this version knows.
Anything else is refused with a :class:`ReviewFileError` whose text says what the file is
and what to do; the library is left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain.verdict import ReviewStatus
from annotator.io.review_export import (
    REQUIRED_TABLES,
    REQUIRED_VIEWS,
    REVIEW_FORMAT,
    REVIEW_FORMAT_VERSION,
)
from annotator.store.engine import is_sqlite_file
from annotator.store.review_merge import ReviewDecision, apply_review_decisions
from annotator.store.service import Store

_STATUSES = {status.value: status for status in ReviewStatus}


class ReviewFileError(ValueError):
    """The file cannot be imported as a review; str() says why, in one sentence or two."""


@dataclass(frozen=True, slots=True)
class ReviewFile:
    decisions: list[ReviewDecision]
    not_reviewed: int  # claims still pending with no note or reviewer
    exported_by: str
    exported_at: str


@dataclass(frozen=True, slots=True)
class ReviewImportReport:
    path: Path
    applied: int
    conflicts: int
    unchanged: int
    unknown: int
    not_reviewed: int
    changed_claim_ids: tuple[int, ...] = field(default=())
    conflict_claim_ids: tuple[int, ...] = field(default=())

    @property
    def matches_nothing(self) -> bool:
        """Every claim in the file is unknown here: most likely the wrong library."""
        return self.unknown > 0 and not (self.applied or self.conflicts or self.unchanged)

    def mismatch_message(self) -> str:
        return (f"None of the {_plural(self.unknown, 'claim')} in the review file "
                f"{self.path.name} is in this library; nothing was changed. Was it exported "
                "from another library? Open that library (--db PATH).")

    def __str__(self) -> str:
        text = (f"Imported review {self.path.name}: {_plural(self.applied, 'decision')} "
                f"applied, {self.conflicts} in conflict with later edits (both kept), "
                f"{self.unchanged} unchanged, {_plural(self.unknown, 'unknown claim')}")
        if self.not_reviewed:
            text += f"; {self.not_reviewed} not reviewed yet"
        return text + "."


class ReviewImportCancelled(Exception):
    def __init__(self) -> None:
        super().__init__("The review import was cancelled; the library was not changed.")


def import_review(store: Store, path: Path, *,
                  progress: Callable[[int, int], bool] | None = None) -> ReviewImportReport:
    """Merge the decisions in the review file at ``path``; one transaction, idempotent.

    ``progress(done, total)`` is told the decisions compared so far; returning False
    cancels (:class:`ReviewImportCancelled`) and leaves the library as it was.
    """
    review = read_review_file(Path(path))
    total = len(review.decisions)

    def tick(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise ReviewImportCancelled()

    counts = apply_review_decisions(store, review.decisions, tick)
    return ReviewImportReport(
        path=Path(path), applied=counts.applied, conflicts=counts.conflicts,
        unchanged=counts.unchanged, unknown=counts.unknown, not_reviewed=review.not_reviewed,
        changed_claim_ids=counts.changed_claim_ids, conflict_claim_ids=counts.conflict_claim_ids,
    )


def read_review_file(path: Path) -> ReviewFile:
    """Check and read a review file without changing it (opened read-only)."""
    _check_header(path)
    try:
        with _open_read_only(path) as connection:
            _check_kind(connection, path)
            info = _export_info(connection, path)
            return _read_decisions(connection, path, info)
    except sqlite3.DatabaseError as exc:
        raise ReviewFileError(
            f"{path} cannot be read as a review export ({exc}); it may be damaged. "
            "Ask the reviewer to send it again."
        ) from exc


def _check_header(path: Path) -> None:
    try:
        ours = is_sqlite_file(path)
    except FileNotFoundError as exc:
        raise ReviewFileError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise ReviewFileError(f"{path} is a folder, not a review export.") from exc
    except OSError as exc:
        raise ReviewFileError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not ours:
        raise ReviewFileError(
            f"{path} is not a review export: it is not an SQLite file. Choose the .sqlite "
            "file made by 'annotator export --format review'."
        )


@contextmanager
def _open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        yield connection


def _check_kind(connection: sqlite3.Connection, path: Path) -> None:
    names = {
        (kind, name.lower())
        for kind, name in connection.execute("SELECT type, name FROM sqlite_master")
    }
    missing = [t for t in REQUIRED_TABLES if ("table", t.lower()) not in names]
    missing += [v for v in REQUIRED_VIEWS if ("view", v.lower()) not in names]
    if missing:
        raise ReviewFileError(
            f"{path} is an SQLite database but not an Annotator review export (it has no "
            f"{missing[0]} {'view' if missing[0] in REQUIRED_VIEWS else 'table'}). Choose the "
            "file made by 'annotator export --format review'."
        )


def _export_info(connection: sqlite3.Connection, path: Path) -> dict[str, object]:
    info = dict(connection.execute("SELECT key, value FROM export_info").fetchall())
    if info.get("format") != REVIEW_FORMAT:
        raise ReviewFileError(
            f"{path} is not an Annotator review export (its export_info names no "
            f"{REVIEW_FORMAT!r} format)."
        )
    user_version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    try:
        version = max(int(str(info.get("schema_version"))), user_version)
    except ValueError:
        raise ReviewFileError(
            f"{path} has an unreadable schema_version in export_info; it may be damaged."
        ) from None
    if version > REVIEW_FORMAT_VERSION:
        raise ReviewFileError(
            f"{path} was written by a newer version of Annotator (review format {version}; "
            f"this version reads up to {REVIEW_FORMAT_VERSION}). Update Annotator to import "
            "it; nothing was changed."
        )
    return info


def _read_decisions(
    connection: sqlite3.Connection, path: Path, info: dict[str, object]
) -> ReviewFile:
    decisions: list[ReviewDecision] = []
    not_reviewed = 0
    rows = connection.execute(
        "SELECT id, number, modified_at, review_status, review_note, reviewer, reviewed_at "
        "FROM claims ORDER BY number"
    )
    for uuid, number, modified_at, status, note, reviewer, reviewed_at in rows:
        note, reviewer = (note or "").strip(), (reviewer or "").strip()
        if status == ReviewStatus.PENDING.value and not note and not reviewer:
            not_reviewed += 1
            continue
        if status not in _STATUSES:
            raise ReviewFileError(
                f"Claim {number} in {path} has review_status {status!r}; use one of "
                f"{', '.join(_STATUSES)}. Nothing was imported."
            )
        exported = _parse_time(modified_at)
        if exported is None:
            raise ReviewFileError(
                f"Claim {number} in {path} has an unreadable modified_at {modified_at!r}; "
                "the file may be damaged. Nothing was imported."
            )
        decisions.append(ReviewDecision(
            claim_uuid=str(uuid), status=_STATUSES[status], note=note, reviewer=reviewer,
            reviewed_at=_parse_time(reviewed_at), exported_modified_at=exported,
        ))
    return ReviewFile(decisions, not_reviewed, str(info.get("exported_by", "")),
                      str(info.get("exported_at", "")))


def _parse_time(value: object) -> datetime | None:
    """An ISO 8601 time (Z or offset; naive means UTC) as aware UTC, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
