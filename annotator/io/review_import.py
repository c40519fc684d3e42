"""Read a reviewer's decisions from a review export and merge them into the library.

A review file is untrusted input (annotator.io.review_file): it is read without writing
anything beside it, refused unless its schema is exactly one we wrote, and every value is
checked for type and size before it can reach the library (notes at most
MAX_NOTE_CHARS characters, names MAX_NAME_CHARS, text only). Anything else is refused with
a :class:`ReviewFileError` whose text says what the file is and what to do; the library is
left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.agreement import Agreement, agreement
from annotator.domain.claim_number import claim_label
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.io.review_file import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    ReviewFileError,
    ReviewInfo,
    check_review_file,
    clean_text,
    open_untrusted,
    parse_time,
    sqlite_error_message,
)
from annotator.store.review_merge import ReviewDecision, apply_review_decisions
from annotator.store.service import Store

__all__ = ["ReviewFile", "ReviewFileError", "ReviewImportReport", "import_review",
           "read_review_file"]

_STATUSES = {status.value: status for status in ReviewStatus}
_VERDICTS = {verdict.value: verdict for verdict in Verdict}
MAX_EDITOR_NOTE_CHARS = 1_000_000
"""The editor's note as exported: read back as what the reviewer saw."""
_TIME_CHARS = 64
_ID_CHARS = 64


@dataclass(frozen=True, slots=True)
class ReviewFile:
    decisions: list[ReviewDecision]
    not_reviewed: int  # claims still pending with no note or reviewer
    exported_by: str
    exported_at: str
    version: int = 1
    warnings: tuple[str, ...] = ()
    agreement: Agreement = field(default_factory=lambda: agreement(()))


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
    warnings: tuple[str, ...] = field(default=())
    agreement: Agreement = field(default_factory=lambda: agreement(()))

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
        if self.agreement.pairs:
            text += f"; {self.agreement.summary()}"
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
        warnings=review.warnings, agreement=review.agreement,
    )


def read_review_file(path: Path) -> ReviewFile:
    """Check and read a review file without changing it or writing anything beside it."""
    path = Path(path)
    try:
        with open_untrusted(path) as opened:
            info = check_review_file(opened.connection, path)
            review = _read_decisions(opened.connection, path, info)
            return ReviewFile(review.decisions, review.not_reviewed, info.exported_by,
                              info.exported_at, info.version, opened.warnings,
                              review.agreement)
    except UnicodeDecodeError:
        raise ReviewFileError(
            f"{path} holds text that is not valid UTF-8, which no review export has; it may "
            "be damaged. Nothing was imported."
        ) from None
    except sqlite3.Error as exc:
        raise ReviewFileError(sqlite_error_message(exc, path)) from exc


# The claims columns an import reads: (column, longest text, may be NULL). Each comes back
# as its SQLite type and, only when it is text within its limit, its value: a huge or
# non-text value is never handed to Python.
_TEXT_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("id", _ID_CHARS, False),
    ("modified_at", _TIME_CHARS, False),
    ("review_status", 16, False),
    ("review_note", MAX_NOTE_CHARS, False),
    ("reviewer", MAX_NAME_CHARS, False),
    ("reviewed_at", _TIME_CHARS, True),
    ("verdict", 16, False),
    ("note", MAX_EDITOR_NOTE_CHARS, False),
)
_V2_COLUMNS = (("reviewer_verdict", 16, True),)


def columns_of(version: int) -> tuple[tuple[str, int, bool], ...]:
    """The checked claims columns of a review file of format ``version``."""
    return _TEXT_COLUMNS + (_V2_COLUMNS if version >= 2 else ())


def _checked_select(columns: tuple[tuple[str, int, bool], ...]) -> str:
    parts = ["typeof(number)", "CASE WHEN typeof(number) = 'integer' THEN number END"]
    for name, limit, _nullable in columns:
        parts.append(f"typeof({name})")
        parts.append(f"length({name})")
        parts.append(f"CASE WHEN typeof({name}) = 'text' AND length({name}) <= {limit} "
                     f"THEN {name} END")
    return f"SELECT {', '.join(parts)} FROM claims ORDER BY rowid"


def _row_values(row: tuple[object, ...], path: Path,
                columns: tuple[tuple[str, int, bool], ...]) -> tuple[int, dict[str, str | None]]:
    number_type, number = row[0], row[1]
    if number_type != "integer" or not isinstance(number, int):
        raise ReviewFileError(f"{path} has a claim whose number is not a whole number "
                              f"({number_type}); it may be damaged. Nothing was imported.")
    values: dict[str, str | None] = {}
    for (name, limit, nullable), start in zip(columns, range(2, len(row), 3), strict=True):
        kind, length, value = row[start], row[start + 1], row[start + 2]
        if kind == "null" and nullable:
            values[name] = None
            continue
        if kind != "text":
            raise ReviewFileError(
                f"Claim {_named(number)} in {path} has a {name} that is not text (an SQLite {kind} "
                "value); a review file holds text there. Nothing was imported.")
        if not isinstance(value, str):
            raise ReviewFileError(
                f"Claim {_named(number)} in {path} has a {name} of {length:,} characters; the "
                f"limit is {limit:,}. Shorten it and send the file again. Nothing was imported.")
        cleaned = clean_text(value)
        if cleaned is None:
            raise ReviewFileError(
                f"Claim {_named(number)} in {path} has control characters in its {name}; a review "
                "file holds plain text there. Nothing was imported.")
        values[name] = cleaned
    return number, values


def _read_decisions(connection: sqlite3.Connection, path: Path, info: ReviewInfo
                    ) -> ReviewFile:
    decisions: list[ReviewDecision] = []
    pairs: list[tuple[Verdict, Verdict]] = []
    not_reviewed = 0
    columns = columns_of(info.version)
    for row in connection.execute(_checked_select(columns)):
        number, values = _row_values(tuple(row), path, columns)
        status = values["review_status"]
        note = (values["review_note"] or "").strip()
        reviewer = (values["reviewer"] or "").strip()
        editor_verdict = _verdict(values["verdict"], "verdict", number, path)
        own = _verdict(values.get("reviewer_verdict"), "reviewer_verdict", number, path)
        if own is not None and editor_verdict is not None:
            pairs.append((editor_verdict, own))
        if status == ReviewStatus.PENDING.value and not note and not reviewer and own is None:
            not_reviewed += 1
            continue
        if status not in _STATUSES:
            raise ReviewFileError(
                f"Claim {_named(number)} in {path} has review_status {status!r}; use one of "
                f"{', '.join(_STATUSES)}. Nothing was imported."
            )
        exported = parse_time(values["modified_at"])
        if exported is None:
            raise ReviewFileError(
                f"Claim {_named(number)} in {path} has an unreadable modified_at "
                f"{values['modified_at']!r}; the file may be damaged. Nothing was imported."
            )
        decisions.append(ReviewDecision(
            claim_uuid=str(values["id"]), status=_STATUSES[status], note=note,
            reviewer=reviewer, reviewed_at=parse_time(values["reviewed_at"]),
            exported_modified_at=exported, reviewer_verdict=own,
            seen_verdict=editor_verdict, seen_note=values["note"],
        ))
    return ReviewFile(decisions, not_reviewed, info.exported_by, info.exported_at,
                      info.version, agreement=agreement(pairs))


def _verdict(value: str | None, column: str, number: int, path: Path) -> Verdict | None:
    if not value:
        return None
    if value not in _VERDICTS:
        raise ReviewFileError(
            f"Claim {_named(number)} in {path} has {column} {value!r}; use one of "
            f"{', '.join(_VERDICTS)} or leave it empty. Nothing was imported.")
    return _VERDICTS[value]


def _named(number: int) -> str:
    """A claim as the file numbers it (a damaged file may hold a number below 1)."""
    return claim_label(number) or f"number {number}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
