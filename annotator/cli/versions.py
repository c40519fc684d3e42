"""Versions of a document: import one as a new version, list them, re-attach a claim."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.common import CLAIM_HELP, EXIT_USER_ERROR, Subcommands, find_claim, open_store

if TYPE_CHECKING:
    from annotator.io.importers import ImportedText
    from annotator.store import Store


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("versions", parents=[common], help="versions of one document")
    p.add_argument("document", help="document id, uuid or title")
    p.set_defaults(handler=cmd_versions)

    p = sub.add_parser("reattach", parents=[common],
                       help="attach a claim (orphaned, fuzzy, ambiguous) to quoted words of "
                            "its document's current version")
    p.add_argument("claim", help=CLAIM_HELP)
    p.add_argument("--document", metavar="DOC",
                   help="the claim's article (id, uuid or title), for a claim number")
    p.add_argument("--quote", required=True, help="exact words of the current version")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence (default 1)")
    p.set_defaults(handler=cmd_reattach)


def import_same_article(
    store: Store, path: Path, imported: ImportedText, *, as_version: bool
) -> bool | None:
    """A file whose web address is an article's: None when it is not (import it as usual);
    else True once it is that article's new version (``as_version``), or False when it
    was held back with a sentence on stderr saying which article it matches."""
    from annotator.domain.anchor import text_sha256

    metadata = imported.metadata
    match = store.article_at(metadata.url if metadata else None, imported.origin)
    if match is None:
        return None
    doc_id, title = match
    if store.document(doc_id).sha256 == text_sha256(imported.text):
        return None  # the same text: "already in the library", as any duplicate
    if as_version:
        _print_version(store, doc_id, title, imported, path)
        return True
    print(f"annotator: {path} has the web address of document {doc_id} “{title}” and was "
          f"not imported. Import it as a new version of that article with "
          f"`annotator import {path} --version-of {doc_id}` (or --as-versions for every such "
          "file), or as a separate article with --separate.", file=sys.stderr)
    return False


def _print_version(
    store: Store, doc_id: int, title: str, imported: ImportedText, path: Path
) -> None:
    outcome = store.add_version(doc_id, imported.text,
                                note=f"imported from {imported.origin or path}",
                                origin=imported.origin)
    if not outcome.created:
        print(f"{doc_id}\tversion {outcome.number}\talready the current text\t{title}")
        return
    states = ", ".join(f"{state.value} {count}" for state, count in sorted(outcome.states.items()))
    print(f"{doc_id}\tversion {outcome.number}\t{states or 'no claims'}\t{title}")


def import_version(args: argparse.Namespace) -> int:
    """``annotator import FILE --version-of DOC``."""
    from annotator.io.importers import read_file

    if len(args.paths) != 1:
        print("annotator: --version-of takes exactly one FILE", file=sys.stderr)
        return EXIT_USER_ERROR
    imported = read_file(args.paths[0], encoding=args.encoding)
    with open_store(args) as store:
        doc = store.find_document(args.version_of)
        _print_version(store, doc.id, doc.title, imported, args.paths[0])
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        doc = store.find_document(args.document)
        print("version\tcurrent\tcreated\tauthor\tnote")
        for v in store.versions(doc.id):
            print(f"{v.number}\t{'yes' if v.current else ''}\t{v.created_at:%Y-%m-%d %H:%M}\t"
                  f"{v.author}\t{v.note}")
    return 0


def cmd_reattach(args: argparse.Namespace) -> int:
    from annotator.domain.anchor import find_occurrence

    with open_store(args) as store:
        claim = find_claim(store, args.claim, args.document)
        text = store.document(claim.document_id).text
        start, end = find_occurrence(text, args.quote, args.occurrence)
        claim = store.reattach_claim(claim.id, start, end, expected_version=claim.version)
        print(f"{claim.label}\t{claim.id}\t{claim.anchor_state}\t{claim.start}\t{claim.end}\t"
              f"{claim.exact}")
    return 0
