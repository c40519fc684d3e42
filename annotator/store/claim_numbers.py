"""Claim numbers: #1, #2, ... within an article, given out once and never again.

Each article's last number given out is a row of ``claim_counters``. A new claim takes the
next one with a single upsert that increments and returns it, inside the transaction that
inserts the claim: on PostgreSQL two editors adding claims to one article at once queue on
the counter row (the second increments what the first committed), on SQLite the write lock
already serialises them. A deleted claim's number stays used; undo puts the claim back with
its own number; a new version of the text keeps every claim (and so its number).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# The same statement on SQLite (3.35+) and PostgreSQL: insert the article's first counter
# or increment it, and return the number now taken. A first counter starts after the
# article's highest number (one probe of uq_claims_document_number), so an article whose
# counter row is missing (a library rebuilt by 'annotator doctor', say) never takes a
# number one of its claims holds.
_NEXT = text(
    "INSERT INTO claim_counters (document_id, last_number) VALUES (:document_id, "
    "(SELECT coalesce(max(number), 0) + 1 FROM claims WHERE document_id = :document_id)) "
    "ON CONFLICT (document_id) DO UPDATE SET last_number = claim_counters.last_number + 1 "
    "RETURNING last_number"
)
# A number put back (undo of a deletion): the counter never falls below it.
_AT_LEAST = text(
    "INSERT INTO claim_counters (document_id, last_number) VALUES (:document_id, :number) "
    "ON CONFLICT (document_id) DO UPDATE SET last_number = CASE "
    "WHEN claim_counters.last_number < excluded.last_number THEN excluded.last_number "
    "ELSE claim_counters.last_number END"
)
_LAST = text("SELECT last_number FROM claim_counters WHERE document_id = :document_id")


def take_next(session: Session, document_id: int) -> int:
    """The next number of the article's claims, taken for a claim this transaction adds."""
    return int(session.execute(_NEXT, {"document_id": document_id}).scalar_one())


def keep_taken(session: Session, document_id: int, number: int) -> None:
    """Mark ``number`` (and every number below it) as given out in the article."""
    session.execute(_AT_LEAST, {"document_id": document_id, "number": number})


def last_taken(session: Session, document_id: int) -> int:
    """The last number the article gave out (0 before its first claim)."""
    return int(session.execute(_LAST, {"document_id": document_id}).scalar() or 0)

