"""Open the reviewer's window: from the command line (its own app) or from the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.io.review_file import ReviewFileError
from annotator.io.review_session import ReviewSession
from annotator.qt.review.window import ReviewWindow
from annotator.qt.settings import Settings

EXIT_CANNOT_OPEN = 2
TITLE = "Cannot open the review file"


def open_session(path: Path) -> ReviewSession:
    """The review file, checked; ReviewFileError (a sentence) for anything it is not."""
    try:
        return ReviewSession.open(path)
    except OSError as exc:
        raise ReviewFileError(f"Cannot open {path}: {exc.strerror or exc}.") from exc


def open_review_window(path: Path, settings: Settings, parent: QWidget) -> ReviewWindow:
    """A reviewer window over ``path`` beside the main window; raises ReviewFileError."""
    window = ReviewWindow(open_session(path), settings, parent)
    window.setWindowFlag(Qt.WindowType.Window)
    window.show()
    return window


def run_review(path: Path) -> int:
    """`annotator review FILE`: the reviewer's window on its own; the exit code."""
    from annotator.qt.app import install_excepthook, make_application

    app = make_application()
    try:
        session = open_session(path)
    except ReviewFileError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        QMessageBox.critical(None, TITLE, str(exc))
        return EXIT_CANNOT_OPEN
    window = ReviewWindow(session, Settings())
    install_excepthook(window)
    window.show()
    return app.exec()
