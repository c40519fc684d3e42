"""Exchange commands: export, import-review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli.common import EXIT_NOTHING_DONE, Subcommands, open_store
from annotator.cli.progress import TerminalProgress
from annotator.io.formats import ExportFormat


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="export claims for review or other tools")
    p.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    p.add_argument("--document", action="append", default=[], metavar="ID",
                   help="limit to these documents (id, uuid or title; repeatable)")
    p.add_argument("--changed-since-review", action="store_true",
                   help="only claims not reviewed yet or changed since their last review")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import-review", parents=[common],
                       help="merge a reviewer's decisions from a review export")
    p.add_argument("path", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import_review)


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.io.export import export_library

    with open_store(args) as store:
        ids = [store.find_document(key).id for key in args.document] or None
        with TerminalProgress("Exporting") as progress:
            summary = export_library(store, args.format, args.output, document_ids=ids,
                                     progress=progress,
                                     changed_since_review=args.changed_since_review)
        print(summary)
    for warning in summary.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    return 0


def cmd_import_review(args: argparse.Namespace) -> int:
    from annotator.io.review_import import import_review

    with open_store(args) as store, TerminalProgress("Importing the review") as progress:
        result = import_review(store, args.path, progress=progress)
    for warning in result.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    if result.matches_nothing:
        print(f"annotator: {result.mismatch_message()}", file=sys.stderr)
        return EXIT_NOTHING_DONE
    print(result)
    if result.agreement.pairs:
        print(result.agreement.table_text())
    return 0
