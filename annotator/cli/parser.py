"""The argument parser, assembled from the command modules.

Each command module has ``register(sub, common)``; ``common`` carries the options every
command takes (``--db``), so they work before or after the command name.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

COMMAND_MODULES = (
    "annotator.cli.gui",
    "annotator.cli.documents",
    "annotator.cli.exchange",
    "annotator.cli.doctor",
    "annotator.cli.evidence",
    "annotator.cli.library",
    "annotator.cli.review",
    "annotator.cli.versions",
    "annotator.cli.config",
)


FREE_TEXT_OPTIONS = frozenset({"--note", "--quote", "--text", "--title", "--author", "--outlet"})
"""Options whose value is free text and may begin with "-" (a note such as "-2+3")."""


def glue_free_text_values(argv: Sequence[str]) -> list[str]:
    """Turn ``--note -2+3`` into ``--note=-2+3``, which argparse reads as a value.

    argparse takes any word that begins with "-" for an option, so without this a note or
    quote beginning with a minus sign cannot be given at all.
    """
    glued: list[str] = []
    words = iter(argv)
    for word in words:
        if word in FREE_TEXT_OPTIONS:
            value = next(words, None)
            if value is None:
                glued.append(word)
            elif value.startswith("-") and not value.startswith("--"):
                glued.append(f"{word}={value}")
            else:
                glued.extend((word, value))
        elif word == "--":
            glued.append(word)
            glued.extend(words)
        else:
            glued.append(word)
    return glued


class _VersionAction(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata is slow)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from annotator import __version__

        parser.exit(message=f"annotator {__version__}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Fact-check articles: highlight claims, record verdicts and sources.",
        epilog="With no command, the desktop app starts. Options such as --db may come "
               "before or after the command.",
    )
    parser.add_argument(
        "--db", metavar="PATH",
        help="library database file or URL (default: $ANNOTATOR_DB, else the user data folder)",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    # The subcommands repeat --db with SUPPRESS as default, so a value given before the
    # command is not overwritten by the subcommand's own (absent) --db.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="library database file or URL")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser
