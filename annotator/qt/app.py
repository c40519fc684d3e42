"""Start the desktop app: QApplication, the library database, the main window."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.io.errors import ImportRejected
from annotator.qt.settings import APPLICATION, ORGANIZATION

if TYPE_CHECKING:
    from annotator.qt.main_window import MainWindow
    from annotator.qt.settings import Settings

EXIT_CANNOT_OPEN = 2


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists), named so QSettings find their place."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scale factors (125 %, 150 %) as the desktop asks, not rounded.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("annotator")
    # Fusion looks the same everywhere and follows the system light/dark scheme (Qt 6.5+).
    app.setStyle("Fusion")
    return app


def install_excepthook(parent: QWidget | None = None) -> None:
    """Unexpected errors become a dialog with the details, not a traceback on a terminal."""
    showing = False

    def dialog_closed(_result: int) -> None:
        nonlocal showing
        showing = False

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        nonlocal showing
        details = "".join(traceback.format_exception(kind, error, tb))
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if showing or QApplication.instance() is None:
            return  # one dialog at a time; the rest are on stderr
        from annotator.store.errors import StoreError

        if isinstance(error, StoreError | ImportRejected):
            text = str(error)
        else:
            text = (f"Something went wrong: {kind.__name__}: {error}\n\n"
                    "Your work up to the last action is saved. If this keeps happening, "
                    "restart Annotator and report it with the details below.")
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", text,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("unexpectedError")
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(dialog_closed)
        showing = True
        box.open()

    sys.excepthook = hook


def run(database: str, files: list[Path]) -> int:
    """Open the library at ``database`` and run the window; the exit code.

    The last article is painted first (a read-only peek into the file); the library is
    opened and the window built as soon as the event loop has shown it.
    """
    app = make_application()
    from annotator.qt.settings import Settings
    from annotator.qt.startup_preview import show_preview

    settings = Settings()
    preview = show_preview(database, settings)
    started: list[MainWindow] = []  # the window, once the library is open

    def finish_start() -> None:
        window = open_window(database, files, settings)
        if window is None:
            app.exit(EXIT_CANNOT_OPEN)
            return
        started.append(window)
        if preview is not None:
            fraction = preview.scroll_fraction()
            preview.close()
            preview.deleteLater()
            if fraction:  # where the reader had scrolled while the window loaded
                bar = window.article.view.verticalScrollBar()
                QTimer.singleShot(0, lambda: bar.setValue(round(fraction * bar.maximum())))

    if preview is None:
        QTimer.singleShot(0, finish_start)
    else:
        # Load the rest once the article is on screen (or after a moment if the window
        # is not painted, e.g. minimised).
        fallback = QTimer(preview)
        fallback.setSingleShot(True)
        fallback.timeout.connect(finish_start)
        fallback.start(1000)
        preview.painted.connect(lambda: fallback.start(0))
    previous_hook = sys.excepthook
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        for window in started:
            window.store.close()


def open_window(database: str, files: list[Path], settings: Settings) -> MainWindow | None:
    """Open the library and show the main window; None (after saying why) if it can't."""
    from annotator.store import Store, StoreError

    try:
        store = Store.open(database)
    except (StoreError, OSError) as exc:
        message = str(exc) if isinstance(exc, StoreError) else (
            f"Cannot open the library {database}: {exc.strerror or exc}. "
            "Choose another location with --db or ANNOTATOR_DB."
        )
        QMessageBox.critical(None, "Cannot open the library", message)
        return None

    from annotator.qt.main_window import MainWindow

    try:
        if not store.read_only and not store.list_documents():
            from annotator.io.samples import import_bundled_samples

            import_bundled_samples(store)
    except (StoreError, ImportRejected) as exc:
        QMessageBox.warning(None, "Sample articles not imported", str(exc))

    window = MainWindow(store, settings=settings)
    install_excepthook(window)
    window.library.refresh()
    window.open_initial_document()
    window.show()
    from annotator import __version__  # importlib.metadata: after the first paint

    QApplication.instance().setApplicationVersion(__version__)  # type: ignore[union-attr]
    if files:
        window.import_files(files)
    return window
