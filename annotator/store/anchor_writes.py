"""Writing the outcome of re-anchoring every claim of a document into its new version.

Part of :func:`annotator.store.versions._make_version`, inside its transaction. Most claims
of a new version are untouched (:class:`annotator.domain.reanchored.Reanchored` keeps them as
arrays), and for those nothing but the text's fingerprint, their place and their state can
change, so the writes are set-based:

* one ``UPDATE`` gives every claim anchored on the old text the new text's fingerprint;
* untouched claims whose place or state changed get one ``executemany`` of just those three
  columns, those whose context (prefix, suffix) changed another one;
* only a claim whose quote changed has its ``exact`` written, since that is what the
  full-text index follows (a trigger ``AFTER UPDATE OF exact``);
* the superseded version's placements are copied with one ``INSERT ... SELECT``.

Re-anchoring is not an edit of the claim: Core statements, so a claim's ``version`` (the
optimistic lock that review files compare) stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, literal, select, update
from sqlalchemy.orm import Session

from annotator.domain.anchor import Anchor, AnchorState, Resolution, make_anchor
from annotator.domain.history import HistoryField
from annotator.domain.reanchored import Reanchored
from annotator.store.models import Claim, ClaimHistory, ClaimPlacement

ANCHOR_FIELD = HistoryField.ANCHOR.value
"""The claim-history field of a re-anchoring or a re-attachment."""

_CLAIMS: Table = Claim.__table__  # type: ignore[assignment]
_HISTORY: Table = ClaimHistory.__table__  # type: ignore[assignment]
_PLACEMENTS: Table = ClaimPlacement.__table__  # type: ignore[assignment]

_BY_ID = _CLAIMS.c.id == bindparam("claim_id")
_SET_PLACE = update(_CLAIMS).where(_BY_ID).values(
    start=bindparam("new_start"), end=bindparam("new_end"), anchor_state=bindparam("new_state"),
)
_SET_CONTEXT = _SET_PLACE.values(
    prefix=bindparam("new_prefix"), suffix=bindparam("new_suffix"),
    doc_sha256=bindparam("new_sha"),
)
_SET_QUOTE = _SET_CONTEXT.values(exact=bindparam("new_exact"))


@dataclass(frozen=True, slots=True)
class Placed:
    """A claim as the superseded version held it."""

    claim_id: int
    anchor: Anchor
    state: AnchorState


def keep_placements(session: Session, document_id: int, version_id: int) -> None:
    """Record where each claim not orphaned sits in the version being superseded."""
    claims = _CLAIMS.c
    session.connection().execute(
        insert(_PLACEMENTS).from_select(
            ["claim_id", "version_id", "start", "end", "state"],
            select(claims.id, literal(version_id), claims.start, claims.end,
                   claims.anchor_state)
            .where(claims.document_id == document_id,
                   claims.anchor_state != AnchorState.ORPHANED.value),
        )
    )


def write_reanchored(
    session: Session, document_id: int, placed: Sequence[Placed], outcome: Reanchored, *,
    text: str, sha: str, old_sha: str, at: datetime, author: str, old_number: int,
    new_number: int,
) -> None:
    """Each claim's new anchor and state, and one history entry per claim."""
    connection = session.connection()
    claims = _CLAIMS.c
    connection.execute(
        update(_CLAIMS)
        .where(claims.document_id == document_id, claims.doc_sha256 == old_sha)
        .values(doc_sha256=sha)
    )
    place: list[dict[str, Any]] = []
    context: list[dict[str, Any]] = []
    quote: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    old_label, new_label = f"version {old_number}: ", f"version {new_number}: "
    kept = outcome.context_kept()
    for k, claim_id, old_start, new_start, end, keeps in zip(
        outcome.untouched().tolist(), *_untouched_columns(outcome, placed, kept), strict=True
    ):
        state = AnchorState.ANCHORED if new_start == old_start else AnchorState.MOVED
        before = placed[k]
        history.append({"claim_id": claim_id, "at": at, "author": author,
                        "field": ANCHOR_FIELD, "old": old_label + before.state.value,
                        "new": new_label + state.value})
        if keeps:
            if new_start != old_start or before.state is not state:
                place.append({"claim_id": claim_id, "new_start": new_start, "new_end": end,
                              "new_state": state.value})
        else:
            anchor = make_anchor(text, new_start, end, doc_sha256=sha)
            changed = anchor.exact != before.anchor.exact
            _add(quote if changed else context, claim_id, anchor, state, with_quote=changed)
    for k, result in outcome.others.items():
        before = placed[k]
        anchor = before.anchor  # an orphan keeps its last anchor
        if result.start is not None and result.end is not None:
            anchor = make_anchor(text, result.start, result.end, doc_sha256=sha)
        changed = anchor.exact != before.anchor.exact
        _add(quote if changed else context, before.claim_id, anchor, result.state,
             with_quote=changed)
        history.append({"claim_id": before.claim_id, "at": at, "author": author,
                        "field": ANCHOR_FIELD, "old": old_label + before.state.value,
                        "new": new_label + describe(result)})
    for statement, rows in ((_SET_PLACE, place), (_SET_CONTEXT, context), (_SET_QUOTE, quote)):
        if rows:
            connection.execute(statement, rows)
    if history:
        connection.execute(insert(_HISTORY), history)


def _untouched_columns(
    outcome: Reanchored, placed: Sequence[Placed], kept: Any
) -> tuple[list[int], list[int], list[int], list[int], list[bool]]:
    """Claim ids, old and new starts, new ends and whether the context is kept, of the
    untouched claims (the arrays turned into lists at once)."""
    index = outcome.untouched()
    new_starts = outcome.carried[index]
    ends = new_starts + outcome.ends[index] - outcome.starts[index]
    ids = [placed[k].claim_id for k in index.tolist()]
    return (ids, outcome.starts[index].tolist(), new_starts.tolist(), ends.tolist(),
            kept[index].tolist())


def _add(
    rows: list[dict[str, Any]], claim_id: int, anchor: Anchor, state: AnchorState, *,
    with_quote: bool,
) -> None:
    row = {
        "claim_id": claim_id, "new_start": anchor.start, "new_end": anchor.end,
        "new_prefix": anchor.prefix, "new_suffix": anchor.suffix,
        "new_sha": anchor.doc_sha256, "new_state": state.value,
    }
    if with_quote:
        row["new_exact"] = anchor.exact
    rows.append(row)


def describe(result: Resolution) -> str:
    """How a claim's re-anchoring reads in its history."""
    if result.state is AnchorState.AMBIGUOUS:
        return f"{result.state.value} ({len(result.candidates)} equally likely places)"
    if result.state is AnchorState.FUZZY:
        return f"{result.state.value} (score {result.score:.0f})"
    return result.state.value
