"""Library commands: import, list, claims, claim add."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import (
    CLAIM_HELP,
    EXIT_NOTHING_DONE,
    Subcommands,
    find_claim,
    open_store,
)

VERDICTS = ("unchecked", "verified", "disputed")  # annotator.domain.verdict.Verdict
STANCES = ("supports", "refutes", "context")  # annotator.domain.verdict.Stance


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="import .txt, .md or .html files")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--encoding", metavar="NAME",
                   help="read text that is not UTF-8 with this encoding (e.g. cp1252, latin-1); "
                        "without it such files are refused with the encoding detected")
    p.add_argument("--version-of", metavar="DOC",
                   help="import one FILE as a new version of document DOC (id, uuid or "
                        "title): every claim is re-anchored into it")
    same = p.add_mutually_exclusive_group()
    same.add_argument("--as-versions", action="store_true",
                      help="a FILE whose web address (its page's URL or canonical URL) is "
                           "that of an article in the library becomes its new version")
    same.add_argument("--separate", action="store_true",
                      help="import such a FILE as a separate article (without either option "
                           "it is not imported and the command says which article it matches)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", parents=[common], help="documents with claim counts by verdict")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("claims", parents=[common], help="claims of one document, or all")
    p.add_argument("document", nargs="?", help="document id, uuid or title")
    p.set_defaults(handler=cmd_claims)

    claim = sub.add_parser("claim", parents=[common], help="work on one claim")
    actions = claim.add_subparsers(title="claim commands", metavar="ACTION", required=True)
    p = actions.add_parser("add", parents=[common], help="add a claim by quoting its text")
    p.add_argument("document", help="document id, uuid or title")
    p.add_argument("--quote", required=True, help="exact text of the claim in the document")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence (default 1)")
    p.add_argument("--verdict", required=True, choices=VERDICTS)
    p.add_argument("--note", default="", help="the claim's note (may begin with '-')")
    p.add_argument("--source", action="append", default=[], metavar="URL",
                   help="a source's web address (repeatable)")
    p.add_argument("--stance", action="append", default=[], choices=STANCES,
                   help="how the sources bear on the claim: one for all --source options, "
                        "or one per --source in the same order (required with --source)")
    p.set_defaults(handler=cmd_claim_add)
    p = actions.add_parser("label", parents=[common],
                           help="the newsroom's finer rating of a claim (e.g. Misleading)")
    p.add_argument("claim", help=CLAIM_HELP)
    p.add_argument("label", help='the label; "" clears it (the verdict\'s label is used)')
    p.add_argument("--document", metavar="DOC",
                   help="the claim's article (id, uuid or title), for a claim number")
    p.set_defaults(handler=cmd_claim_label)


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.io.importers import read_file

    if args.version_of is not None:
        from annotator.cli.versions import import_version

        return import_version(args)
    from annotator.cli.versions import import_same_article

    # Read every file first: a bad file stops the run before anything is written.
    texts = [read_file(path, encoding=args.encoding) for path in args.paths]
    held_back = 0
    with open_store(args) as store:
        for path, imported in zip(args.paths, texts, strict=True):
            if not args.separate:
                handled = import_same_article(store, path, imported, as_version=args.as_versions)
                if handled is not None:
                    held_back += not handled
                    continue
            outcome = store.import_document(imported.title, imported.text, imported.origin,
                                            metadata=imported.metadata)
            state = "imported" if outcome.created else "already in the library"
            print(f"{outcome.document.id}\t{state}\t{outcome.document.title}")
    return EXIT_NOTHING_DONE if held_back else 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print("id\tunchecked\tverified\tdisputed\ttitle")
        for d in store.list_documents():
            print(f"{d.id}\t{d.unchecked}\t{d.verified}\t{d.disputed}\t{d.title}")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        doc_id = store.find_document(args.document).id if args.document else None
        # state: how the claim sits in the current version (anchored, moved, fuzzy,
        # ambiguous; orphaned claims have no place in it, so no start and end).
        # number: the claim's number in its article (#7), as in the app and every export.
        print("number\tid\tdocument\tstart\tend\tverdict\tsources\tquote\tnote\tstate")
        for c in store.claims(doc_id):
            quote = c.exact.replace("\n", " ")
            note = c.note.replace("\n", " ")
            start, end = (c.start, c.end) if c.placed else ("-", "-")
            print(f"{c.label}\t{c.id}\t{c.document_id}\t{start}\t{end}\t{c.verdict}\t"
                  f"{c.source_count}\t{quote}\t{note}\t{c.anchor_state}")
    return 0


def cmd_claim_add(args: argparse.Namespace) -> int:
    from annotator.domain.anchor import find_occurrence
    from annotator.domain.records import SourceInput
    from annotator.domain.verdict import Stance, Verdict

    stances = _stances_for(args.source, args.stance)
    with open_store(args) as store:
        doc = store.find_document(args.document)
        start, end = find_occurrence(doc.text, args.quote, args.occurrence)
        # One transaction for the claim and its sources: a bad source leaves nothing behind.
        claim = store.create_claim(
            doc.id, start, end, verdict=Verdict(args.verdict), note=args.note,
            sources=[SourceInput(url=url, stance=Stance(stance))
                     for url, stance in zip(args.source, stances, strict=True)],
        )
        print(f"{claim.label}\t{claim.id}\t{claim.uuid}\t{claim.verdict}\t{claim.exact}")
    return 0


def cmd_claim_label(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        claim = find_claim(store, args.claim, args.document)
        claim = store.set_rating_label(claim.id, args.label, expected_version=claim.version)
        print(f"{claim.label}\t{claim.id}\t{claim.verdict}\t{claim.rating_label}\t"
              f"{claim.exact}")
    return 0


def _stances_for(sources: list[str], stances: list[str]) -> list[str]:
    if not sources:
        if stances:
            raise ValueError("--stance needs at least one --source to apply to.")
        return []
    if not stances:
        raise ValueError("Say how the sources bear on the claim with --stance "
                         f"({', '.join(STANCES)}).")
    if len(stances) == 1:
        return stances * len(sources)
    if len(stances) != len(sources):
        raise ValueError(f"{len(stances)} --stance options for {len(sources)} --source "
                         "options: give one stance for all sources, or one per source.")
    return stances
