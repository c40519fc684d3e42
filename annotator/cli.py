"""Command line: headless subcommands for scripts, and the GUI when no subcommand is given."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator import __version__
from annotator.domain.anchor import find_occurrence
from annotator.domain.records import SourceInput
from annotator.domain.verdict import Verdict
from annotator.io.importers import ImportRejected, read_file
from annotator.store import Store, StoreError, resolve_database

EXIT_USER_ERROR = 2
EXPORT_FORMATS = ("review", "w3c", "claimreview", "csv", "html")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        return start_gui(args)
    try:
        return handler(args)
    except (StoreError, ImportRejected, ValueError, LookupError) as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:
        print(f"annotator: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing half-done was saved.", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH",
        help="library database file or URL (default: $ANNOTATOR_DB, else the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="annotator", parents=[common],
        description="Fact-check articles: highlight claims, record verdicts and sources.",
        epilog="With no command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("gui", parents=[common], help="start the desktop app (the default)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to import")
    p.set_defaults(handler=start_gui)

    p = sub.add_parser("import", parents=[common], help="import .txt, .md or .html files")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", parents=[common], help="documents with claim counts by verdict")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("claims", parents=[common], help="claims of one document, or all")
    p.add_argument("document", nargs="?", help="document id, uuid or title")
    p.set_defaults(handler=cmd_claims)

    claim = sub.add_parser("claim", help="work on one claim").add_subparsers(
        title="claim commands", metavar="ACTION", required=True
    )
    p = claim.add_parser("add", parents=[common], help="add a claim by quoting its text")
    p.add_argument("document", help="document id, uuid or title")
    p.add_argument("--quote", required=True, help="exact text of the claim in the document")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence (default 1)")
    p.add_argument("--verdict", required=True, choices=[v.value for v in Verdict])
    p.add_argument("--note", default="")
    p.add_argument("--source", action="append", default=[], metavar="URL")
    p.set_defaults(handler=cmd_claim_add)

    p = sub.add_parser("export", parents=[common], help="export claims for review or other tools")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    p.add_argument("--document", action="append", default=[], metavar="ID",
                   help="limit to these documents (id, uuid or title; repeatable)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import-review", parents=[common],
                       help="merge a reviewer's decisions from a review export")
    p.add_argument("path", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import_review)
    return parser


def open_store(args: argparse.Namespace) -> Store:
    return Store.open(resolve_database(args.db))


def cmd_import(args: argparse.Namespace) -> int:
    # Read every file first: a bad file stops the run before anything is written.
    texts = [read_file(path) for path in args.paths]
    with open_store(args) as store:
        for imported in texts:
            outcome = store.import_document(imported.title, imported.text, imported.origin)
            state = "imported" if outcome.created else "already in the library"
            print(f"{outcome.document.id}\t{state}\t{outcome.document.title}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print("id\tunchecked\tverified\tdisputed\ttitle")
        for d in store.list_documents():
            print(f"{d.id}\t{d.unchecked}\t{d.verified}\t{d.disputed}\t{d.title}")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        doc_id = store.find_document(args.document).id if args.document else None
        print("id\tdocument\tstart\tend\tverdict\tsources\tquote\tnote")
        for c in store.claims(doc_id):
            quote = c.exact.replace("\n", " ")
            note = c.note.replace("\n", " ")
            print(f"{c.id}\t{c.document_id}\t{c.start}\t{c.end}\t{c.verdict}\t"
                  f"{c.source_count}\t{quote}\t{note}")
    return 0


def cmd_claim_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        doc = store.find_document(args.document)
        start, end = find_occurrence(doc.text, args.quote, args.occurrence)
        # One transaction for the claim and its sources: a bad source leaves nothing behind.
        claim = store.create_claim(
            doc.id, start, end, verdict=Verdict(args.verdict), note=args.note,
            sources=[SourceInput(url=url) for url in args.source],
        )
        print(f"{claim.id}\t{claim.uuid}\t{claim.verdict}\t{claim.exact}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.io.export import export_library

    with open_store(args) as store:
        ids = [store.find_document(key).id for key in args.document] or None
        summary = export_library(store, args.format, args.output, document_ids=ids)
        print(summary)
    return 0


def cmd_import_review(args: argparse.Namespace) -> int:
    from annotator.io.review_import import import_review

    with open_store(args) as store:
        print(import_review(store, args.path))
    return 0


def start_gui(args: argparse.Namespace) -> int:
    try:
        from annotator.qt.app import run
    except ImportError as exc:  # Qt missing or its system libraries absent
        print(f"annotator: the desktop app cannot start: {exc}. Reinstall with the README's "
              "start command, or use the command-line subcommands (annotator --help).",
              file=sys.stderr)
        return EXIT_USER_ERROR
    return run(database=resolve_database(args.db), files=list(getattr(args, "files", [])))
