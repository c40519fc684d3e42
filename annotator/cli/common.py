"""What every command shares: opening the library, exit codes, error messages."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.domain.records import ClaimRecord
    from annotator.store import Store

EXIT_USER_ERROR = 2
EXIT_NOTHING_DONE = 1
"""The command ran but did nothing a user asked for (e.g. a review with no known claim)."""


def open_store(args: argparse.Namespace) -> Store:
    """The library named by --db (before or after the command), $ANNOTATOR_DB or the default."""
    from annotator.store import Store, resolve_database

    store = Store.open(resolve_database(args.db))
    if store.read_only:  # e.g. a read-only disk, or damage: say so even when reading works
        print(f"annotator: note: {store.read_only_reason}", file=sys.stderr)
    return store


CLAIM_HELP = ("a claim: its number in its article (#7, with --document) or its id "
              "(the id column of 'annotator claims')")


def find_claim(store: Store, key: str, document: str | None) -> ClaimRecord:
    """The claim a user named: ``#7`` of --document DOC, or a claim id."""
    from annotator.domain.claim_number import parse_claim_label

    number = parse_claim_label(key)
    if number is None:
        if not key.strip().isdigit():
            raise ValueError(f"{key!r} names no claim; give its number (#7) with --document, "
                             "or its id.")
        return store.claim(int(key))
    if document is None:
        raise ValueError(f"Claim numbers count within an article: say which one, e.g. "
                         f"--document 3 {key}.")
    doc = store.find_document(document)
    for claim in store.claims(doc.id):
        if claim.number == number:
            return claim
    raise LookupError(f"{doc.title!r} has no claim {key.strip()} (deleted claims keep their "
                      "numbers). Run 'annotator claims' to see them.")


def report_error(exc: Exception) -> str | None:
    """The one-line message for an error a user can act on; None for a bug (re-raised)."""
    from annotator.io.errors import ImportRejected
    from annotator.store.errors import StoreError

    if isinstance(exc, StoreError | ImportRejected | ValueError | LookupError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return None


Subcommands = argparse._SubParsersAction  # the type `register(sub, common)` receives
