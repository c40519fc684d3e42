"""`annotator gui` (and no command at all): the desktop app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli.common import EXIT_USER_ERROR, Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gui", parents=[common], help="start the desktop app (the default)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to import")
    p.set_defaults(handler=start_gui)


def start_gui(args: argparse.Namespace) -> int:
    try:
        from annotator.qt.app import run
    except ImportError as exc:  # Qt missing or its system libraries absent
        print(f"annotator: the desktop app cannot start: {exc}. Reinstall with the README's "
              "start command, or use the command-line subcommands (annotator --help).",
              file=sys.stderr)
        return EXIT_USER_ERROR
    from annotator.store.location import resolve_database

    return run(database=resolve_database(args.db), files=list(getattr(args, "files", [])))
