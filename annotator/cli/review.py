"""Review commands: agreement (editor vs reviewer verdicts), review (the reviewer's window)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.cli.common import EXIT_USER_ERROR, Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("agreement", parents=[common],
                       help="agreement between editor and reviewer verdicts in a review file")
    p.add_argument("path", type=Path, metavar="REVIEW.sqlite")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_agreement)

    p = sub.add_parser("review", parents=[common],
                       help="open a review file in the reviewer's window (no library needed)")
    p.add_argument("path", type=Path, metavar="REVIEW.sqlite")
    p.set_defaults(handler=cmd_review)


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.io.review_import import read_review_file

    review = read_review_file(args.path)
    for warning in review.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    result = review.agreement
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return 0
    print(f"{args.path.name}: {result.summary()}.")
    if result.pairs:
        print(result.table_text())
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    try:
        from annotator.qt.review.app import run_review
    except ImportError as exc:  # Qt missing or its system libraries absent
        print(f"annotator: the reviewer window cannot start: {exc}. Reinstall with the "
              "README's start command.", file=sys.stderr)
        return EXIT_USER_ERROR
    return run_review(args.path)
