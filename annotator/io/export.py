"""Export the library (or some documents) in one of the formats of annotator.io.formats,
atomically.

Every format is written to a temporary file beside the target and renamed over it only
when complete, so a crash, a full disk or a cancel never leaves a half file under the
final name. ``progress(done, total)`` is called as the work advances; returning False
cancels the export (:class:`ExportCancelled`) and leaves no file behind.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain.library import ClaimQuery
from annotator.domain.publishing import PublisherSettings
from annotator.io.claimreview import check_publishable, write_claimreview
from annotator.io.csv_export import write_csv
from annotator.io.embed import write_embed
from annotator.io.formats import ExportFormat
from annotator.io.html_report import write_html
from annotator.io.review_export import write_review_file
from annotator.io.targets import (
    SIDE_FILES,
    check_replaceable,
    refuse_library_files,
    remove_leftovers,
    temporary_name,
)
from annotator.io.w3c import write_w3c
from annotator.io.xlsx_export import write_xlsx
from annotator.store.engine import sqlite_path
from annotator.store.export_rows import ExportCounts, ExportReader, read_library
from annotator.store.publishing import publisher_settings
from annotator.store.service import Store

ProgressCallback = Callable[[int, int], bool]
"""(done, total) in work units of one export; return False to cancel."""


_PROGRESS_STEPS = 200


class ExportCancelled(Exception):
    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


@dataclass(frozen=True, slots=True)
class ExportSummary:
    format: str
    path: Path
    documents: int
    claims: int
    sources: int
    # Claims read but not written: ClaimReview publishes checked claims only.
    left_out: int = 0
    # What the user should know but that did not stop the export (long quotes, ...).
    warnings: tuple[str, ...] = ()

    @property
    def written(self) -> int:
        return self.claims - self.left_out

    def __str__(self) -> str:
        text = (f"Exported {_count(self.written, 'claim')} from "
                f"{_count(self.documents, 'document')} to {self.path} ({self.format})")
        if self.left_out:
            text += (f"; {_count(self.left_out, 'unchecked claim')} left out "
                     "(only checked claims are published as reviews)")
        return text


def export_library(
    store: Store,
    fmt: ExportFormat | str,
    path: Path,
    *,
    document_ids: Sequence[int] | None = None,
    claims: ClaimQuery | None = None,
    progress: ProgressCallback | None = None,
    changed_since_review: bool = False,
) -> ExportSummary:
    """Write the chosen documents (all if None) with their claims to ``path`` in ``fmt``.

    ``claims`` keeps only the claims a library search selects (and the documents holding
    them): the claims filtered or selected in the library view.

    ``changed_since_review``: only the claims a reviewer has not seen as they are now
    (never reviewed, changed since the version last reviewed, or in conflict).
    """
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        choices = ", ".join(ExportFormat)
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {choices}.") from None
    path = Path(path).expanduser()
    _check_target(store, path)
    settings = None
    if fmt.publishes:  # refused before any file is made when the publisher is not set
        settings = publisher_settings(store)
        check_publishable(settings)
    with read_library(store, document_ids, claims,
                      changed_since_review=changed_since_review) as reader:
        counts = reader.counts(history=fmt is ExportFormat.REVIEW)
        total = _work(fmt, counts)
        ticker = _Ticker(progress, total)
        ticker(0)
        with atomic_target(path) as temp:
            try:
                left_out, warnings = _write(fmt, store, reader, temp, counts, ticker,
                                             settings)
            except sqlite3.Error as exc:  # the review file's own database: disk full, ...
                raise OSError(errno.EIO, f"Cannot write the review file ({exc})",
                              str(path)) from exc
        ticker.finish()
    return ExportSummary(fmt, path, counts.documents, counts.claims, counts.sources, left_out,
                         warnings)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside ``path``; renamed over it (after fsync) on success.

    Only a regular, writable file is replaced (annotator.io.targets); leftovers of killed
    exports to the same name are removed first."""
    check_replaceable(path)
    remove_leftovers(path)
    temp = temporary_name(path)
    # os.open honours the umask, unlike mkstemp's 0600: the result gets normal permissions.
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, path)
    except BaseException:
        for leftover in (temp, *(Path(f"{temp}{side}") for side in SIDE_FILES)):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise
    with suppress(OSError):  # make the rename itself durable where directories can be synced
        _fsync(path.parent)


def _write(fmt: ExportFormat, store: Store, reader: ExportReader, temp: Path,
           counts: ExportCounts, tick: Callable[[int], None], settings: PublisherSettings | None
           ) -> tuple[int, tuple[str, ...]]:
    """Write ``fmt``; the number of claims left out of the file, and the warnings."""
    exported_at = datetime.now(UTC)
    if settings is not None:
        if fmt is ExportFormat.EMBED:
            tally = write_embed(reader.bundles(), temp, settings=settings, tick=tick)
        else:
            tally = write_claimreview(reader, temp, settings=settings, total=counts.claims,
                                      tick=tick)
        return tally.left_out, tally.warnings()
    if fmt is ExportFormat.REVIEW:
        write_review_file(reader, temp, counts=counts, exported_by=store.author, tick=tick)
    elif fmt is ExportFormat.W3C:
        write_w3c(reader, temp, counts=counts, exported_at=exported_at, tick=tick)
    elif fmt is ExportFormat.CSV:
        write_csv(reader, temp, tick=tick)
    elif fmt is ExportFormat.XLSX:
        write_xlsx(reader.bundles(), temp, tick=tick)
    else:
        write_html(reader, temp, exported_at=exported_at, exported_by=store.author,
                   tick=tick)
    return 0, ()


def _work(fmt: ExportFormat, counts: ExportCounts) -> int:
    # The review file copies every source and history row too; the others walk the claims.
    if fmt is ExportFormat.REVIEW:
        return counts.claims + counts.sources + counts.history
    return counts.claims


class _Ticker:
    """Calls the progress callback at most ~200 times per export; raises on cancel."""

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._step = max(1, total // _PROGRESS_STEPS)
        self._last = -1

    def __call__(self, done: int) -> None:
        if self._progress is None or (0 <= done - self._last < self._step and done):
            return
        self._last = done
        if self._progress(min(done, self._total), self._total) is False:
            raise ExportCancelled()

    def finish(self) -> None:
        if self._progress is not None and self._last != self._total:
            self._last = self._total
            self._progress(self._total, self._total)


def _check_target(store: Store, path: Path) -> None:
    if path.is_dir():
        raise ValueError(f"Cannot export to {path}: it is a folder; give a file name.")
    if not path.parent.is_dir():
        raise ValueError(f"Cannot export to {path}: the folder {path.parent} does not exist.")
    library = sqlite_path(store.engine)
    if library is not None:
        refuse_library_files(path, library)


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
