"""Set-based reads of an SQLite library attached to another database (``ATTACH ... AS lib``).

An exporter that writes an SQLite file of its own (the review export) attaches the library
and copies rows with ``INSERT ... SELECT`` over these SELECTs: SQLite moves the rows, no
Python runs per row, and the cost stays linear in the rows copied. Each SELECT yields the
columns of :data:`~annotator.store.export_rows.CLAIM_COLUMNS` (and the sources, history and
document equivalents) in that order, with the same values the streaming
:class:`~annotator.store.export_rows.ExportReader` gives, so either path writes the same file.

The copy runs in slices (documents for claims, id ranges for sources and history) so that
the caller can report progress and cancel between slices; each slice is one statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from annotator.domain.anchor import AnchorState
from annotator.store.export_rows import CLAIM_COLUMNS, HISTORY_COLUMNS, SOURCE_COLUMNS

CLAIM_ORDER = ("start", "end", "number")
"""Claims of one article in the review file: in text order (same words: by number)."""

SCHEMA = "lib"
"""The name the library is attached under."""

DOCUMENT_COLUMNS = ("uuid", "title", "text", "sha256", "origin", "imported_at")
"""Column order of :func:`documents_select`."""

SLICE_ROWS = 20_000
"""About this many rows per statement: a cancel waits for at most one slice."""


def _iso(column: str) -> str:
    # Stored as naive UTC 'YYYY-MM-DD HH:MM:SS.ffffff': the ISO form with a Z is one replace
    # away (NULL stays NULL), as ExportReader computes it.
    return f"replace({column}, ' ', 'T') || 'Z'"


def _named(expressions: Sequence[str], names: Sequence[str]) -> str:
    """A select list whose columns are named like the reader's (for an enclosing query)."""
    assert len(expressions) == len(names)
    return ", ".join(f'{e} AS "{n}"' for e, n in zip(expressions, names, strict=True))


def _ids(document_ids: Sequence[int]) -> str:
    return ", ".join(str(int(n)) for n in document_ids)


def _chosen(column: str, document_ids: Sequence[int] | None) -> str:
    return "" if document_ids is None else f" AND {column} IN ({_ids(document_ids)})"


UNSEEN = ("(c.review_seen_at IS NULL OR c.modified_at > c.review_seen_at "
          "OR c.review_conflict)")
"""Claims ``c`` a reviewer has not seen as they are now (export --changed-since-review); the
same condition as annotator.store.export_rows.unseen_by_reviewer."""


def _unseen(changed_only: bool) -> str:
    return f" AND {UNSEEN}" if changed_only else ""


def _with_unseen_claims(changed_only: bool) -> str:
    """Documents ``d`` holding at least one such claim (all documents when not asked)."""
    if not changed_only:
        return ""
    return (f" AND EXISTS (SELECT 1 FROM {SCHEMA}.claims AS c WHERE c.document_id = d.id"
            f"{_unseen(True)})")


def documents_select(document_ids: Sequence[int] | None, changed_only: bool = False) -> str:
    """The chosen documents in library order (import time, then id)."""
    columns = ["d.uuid", "d.title", "d.text", "d.sha256", "d.origin", _iso("d.imported_at")]
    return (
        f"SELECT {_named(columns, DOCUMENT_COLUMNS)} "
        f"FROM {SCHEMA}.documents AS d WHERE 1{_chosen('d.id', document_ids)}"
        f"{_with_unseen_claims(changed_only)} ORDER BY d.imported_at, d.id"
    )


def document_sizes_select(document_ids: Sequence[int] | None,
                          changed_only: bool = False) -> str:
    """(document id, number of claims) of the chosen documents, in library order."""
    return (
        f"SELECT d.id, (SELECT count(*) FROM {SCHEMA}.claims AS c WHERE c.document_id = d.id"
        f"{_unseen(changed_only)}) "
        f"FROM {SCHEMA}.documents AS d WHERE 1{_chosen('d.id', document_ids)}"
        f"{_with_unseen_claims(changed_only)} ORDER BY d.imported_at, d.id"
    )


def claim_slices(sizes: Sequence[tuple[int, int]]) -> Iterator[list[int]]:
    """Documents grouped into slices of about SLICE_ROWS claims (their ids)."""
    chosen: list[int] = []
    count = 0
    for document_id, claims in sizes:
        chosen.append(document_id)
        count += claims
        if count >= SLICE_ROWS:
            yield chosen
            chosen, count = [], 0
    if chosen:
        yield chosen


def claims_select(document_ids: Sequence[int], changed_only: bool = False) -> str:
    """The claims of ``document_ids`` (a slice) in CLAIM_COLUMNS order; ``number`` is each
    claim's number in its article. The caller orders them (library order, then text)."""
    columns = [
        "c.number", "d.uuid", "c.uuid", "c.start", 'c."end"', "c.exact", "c.prefix", "c.suffix",
        "c.verdict", "c.note", "c.author", _iso("c.created_at"), _iso("c.modified_at"),
        "c.version", "c.review_status", "c.review_note", "c.reviewer", _iso("c.reviewed_at"),
        "c.reviewer_verdict", "c.review_reply",
        # the version the claim is anchored in: none once its words are gone (orphaned)
        f"CASE WHEN c.anchor_state = '{AnchorState.ORPHANED.value}' THEN NULL ELSE "
        f"(SELECT coalesce(max(v.number), 1) FROM {SCHEMA}.document_versions AS v "
        "WHERE v.document_id = c.document_id) END",
        "c.rating_label",
    ]
    order = ', '.join(f'"{name}"' for name in CLAIM_ORDER)
    return (
        f"SELECT {_named(columns, CLAIM_COLUMNS)} "
        f"FROM {SCHEMA}.claims AS c JOIN {SCHEMA}.documents AS d ON d.id = c.document_id "
        f"WHERE c.document_id IN ({_ids(document_ids)}){_unseen(changed_only)} "
        f"ORDER BY d.imported_at, d.id, {order}"
    )


def sources_select(document_ids: Sequence[int] | None, changed_only: bool = False) -> str:
    """Sources with ids in [?, ?] in SOURCE_COLUMNS order, by id; ``position`` counts the
    claim's sources up to this one (a range of ix_sources_claim_id)."""
    columns = [
        "s.uuid", "c.uuid", "s.url", "s.title", "s.publisher", "s.excerpt", "s.stance",
        "s.accessed_at", "p.uuid", "s.passage_start", "s.passage_end", _iso("s.created_at"),
        f"(SELECT count(*) FROM {SCHEMA}.sources AS o "
        "WHERE o.claim_id = s.claim_id AND o.id <= s.id)",
    ]
    return (
        f"SELECT {_named(columns, SOURCE_COLUMNS)} "
        f"FROM {SCHEMA}.sources AS s JOIN {SCHEMA}.claims AS c ON c.id = s.claim_id "
        f"LEFT JOIN {SCHEMA}.documents AS p ON p.id = s.passage_document_id "
        f"WHERE s.id BETWEEN ? AND ?{_chosen('c.document_id', document_ids)}"
        f"{_unseen(changed_only)} ORDER BY s.id"
    )


def history_select(document_ids: Sequence[int] | None, changed_only: bool = False) -> str:
    """Claim history with ids in [?, ?] in HISTORY_COLUMNS order, by id (time order)."""
    columns = ["c.uuid", _iso("h.at"), "h.author", "h.field", "h.old", "h.new"]
    return (
        f"SELECT {_named(columns, HISTORY_COLUMNS)} "
        f"FROM {SCHEMA}.claim_history AS h JOIN {SCHEMA}.claims AS c ON c.id = h.claim_id "
        f"WHERE h.id BETWEEN ? AND ?{_chosen('c.document_id', document_ids)}"
        f"{_unseen(changed_only)} ORDER BY h.id"
    )


def id_slices(connection: sqlite3.Connection, table: str) -> Iterator[tuple[int, int]]:
    """Inclusive id ranges of the attached library's ``table`` holding SLICE_ROWS rows each
    (the last one fewer), found on its primary key however sparse the ids are."""
    if table not in _SLICED:
        raise ValueError(f"not a sliced table: {table}")
    last = -1
    while True:
        first, last_in_slice = connection.execute(
            f"SELECT min(id), max(id) FROM (SELECT id FROM {SCHEMA}.{table} WHERE id > ? "
            f"ORDER BY id LIMIT {int(SLICE_ROWS)})", (last,)
        ).fetchone()
        if first is None:
            return
        yield first, last_in_slice
        last = last_in_slice


_SLICED = ("sources", "claim_history")
