"""Building a real MainWindow on a real SQLite file, and reading that file back afresh."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.io.samples import import_bundled_samples
from annotator.qt.main_window import MainWindow
from annotator.qt.settings import Settings
from annotator.store import Store


@contextmanager
def stored(db_path: Path) -> Iterator[Store]:
    """A second, independent connection: what is really committed in the file."""
    store = Store.open(db_path, author="checker")
    try:
        yield store
    finally:
        store.close()


def build_window(qtbot: object, db_path: Path, *, samples: bool = True,
                 settings_path: Path | None = None) -> MainWindow:
    store = Store.open(db_path, author="tester")
    if samples and not store.list_documents():
        import_bundled_samples(store)
    settings = Settings(settings_path or db_path.with_name("settings.ini"))
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.library.refresh()
    window.open_initial_document()
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    activate(qtbot, window)
    return window


def window_on(qtbot: object, db_path: Path, text: str) -> MainWindow:
    """A window on the bundled samples with the article whose text is ``text`` open."""
    window = build_window(qtbot, db_path)
    with stored(db_path) as store:
        window.open_document(document_id_with_text(store, text))
    return window


def activate(qtbot: object, window: MainWindow) -> None:
    """Shortcuts only fire in the active window."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window,  # type: ignore[attr-defined]
                    timeout=2000)


def close_window(window: MainWindow) -> None:
    window.close()
    window.store.close()


def document_id_with_text(store: Store, text: str) -> int:
    for summary in store.list_documents():
        if store.document(summary.id).text == text:
            return summary.id
    raise AssertionError("no document with that text")
