"""A progress bar for long commands: drawn on a terminal, silent in scripts and pipes.

    with TerminalProgress("Exporting") as progress:
        export_library(store, fmt, path, progress=progress)

It is a ``progress(done, total) -> bool`` callback as the exporters and the review import
take. It draws on stderr only when stderr is a terminal, at most ten times a second, and
clears its line when done, so the command's own output (and any error) stays clean.
Ctrl+C cancels as any KeyboardInterrupt does: the work in flight is rolled back or removed.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

WIDTH = 30
INTERVAL = 0.1  # seconds between redraws


class TerminalProgress:
    def __init__(self, label: str, stream: TextIO | None = None, *,
                 enabled: bool | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self._drawn = False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> bool:
        if not self.enabled:
            return True
        now = time.monotonic()
        if done < total and now - self._last < INTERVAL:
            return True
        self._last = now
        self.stream.write("\r" + render(self.label, done, total))
        self.stream.flush()
        self._drawn = True
        return True

    def close(self) -> None:
        """Clear the bar's line (if one was drawn)."""
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def render(label: str, done: int, total: int) -> str:
    """One line: ``Exporting [#########.........]  30%  3,000/10,000``."""
    fraction = 1.0 if total <= 0 else min(max(done / total, 0.0), 1.0)
    filled = round(fraction * WIDTH)
    bar = "#" * filled + "." * (WIDTH - filled)
    return f"{label} [{bar}] {fraction:4.0%}  {done:,}/{total:,}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
