"""Command line: headless subcommands for scripts, and the GUI when no subcommand is given.

Start-up time matters (users run the app many times a day), so this package imports only
argparse at start; every command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from annotator.cli.common import EXIT_USER_ERROR, report_error
from annotator.cli.parser import build_parser, glue_free_text_values

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(glue_free_text_values(words))
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", None) or _gui
    try:
        code = handler(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `annotator list | head`: the reader left; that is normal on a command line.
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing half-done was saved.", file=sys.stderr)
        return 130
    except Exception as exc:
        message = report_error(exc)
        if message is None:
            raise
        print(f"annotator: {message}", file=sys.stderr)
        return EXIT_USER_ERROR


def _gui(args: argparse.Namespace) -> int:
    from annotator.cli.gui import start_gui

    return start_gui(args)


def _silence_stdout() -> None:
    # Python flushes stdout again at exit and would print a second BrokenPipeError.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    finally:
        os.close(devnull)
