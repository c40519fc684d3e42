"""Importing many files: progress, one report of the bad ones, cancel between files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from annotator.qt.import_worker import ImportJob, ImportReport
from annotator.qt.main_window import MainWindow
from tests.qt.gui_support import build_window, close_window, stored


def write_articles(folder: Path, count: int, first: int = 0) -> list[Path]:
    paths = []
    for i in range(first, first + count):
        path = folder / f"article_{i:02}.txt"
        path.write_text(f"Article number {i}\n\nThe council met on day {i} and voted.\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def run_import(qtbot, window: MainWindow, paths: list[Path]) -> ImportReport:
    job = window.import_files(paths)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20_000) as finished:
        pass
    report = finished.args[0]
    assert isinstance(report, ImportReport)
    return report


def test_good_files_imported_bad_one_reported(qtbot, db_path: Path, tmp_path: Path) -> None:
    window = build_window(qtbot, db_path, samples=False)
    good = write_articles(tmp_path, 6)
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.7\n%binary stuff\x00\x01")
    missing = tmp_path / "gone.md"
    paths = [*good[:3], bad, *good[3:], missing]

    job = window.import_files(paths)
    assert job is not None
    assert isinstance(job.progress, QProgressDialog)
    assert job.progress.maximum() == len(paths)
    steps: list[int] = []
    job.progressed.connect(lambda done, _total: steps.append(done))
    with qtbot.waitSignal(job.finished, timeout=20_000) as finished:
        pass
    report: ImportReport = finished.args[0]

    assert steps == list(range(1, len(paths) + 1))
    assert [p.name for p, _why in report.failures] == ["scan.txt", "gone.md"]
    assert len(report.imported) == 6
    with stored(db_path) as db:
        titles = sorted(d.title for d in db.list_documents())
    assert titles == [f"Article number {i}" for i in range(6)]

    # One dialog at the end lists every bad file, with what to do about it.
    [note] = window.notifications
    assert note.level == "warning"
    assert "scan.txt" in note.text and "PDF" in note.text
    assert "gone.md" in note.text
    assert "Imported 6 articles" in note.text
    [box] = window.message_boxes
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "scan.txt" in box.text()
    window.close_messages()
    assert window.message_boxes == []
    # The library shows them and the first is opened.
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 6)
    assert window.controller.document is not None
    close_window(window)


def test_cancel_stops_before_the_next_file(qtbot, db_path: Path, tmp_path: Path) -> None:
    window = build_window(qtbot, db_path, samples=False)
    paths = write_articles(tmp_path, 8)
    job = window.import_files(paths)
    assert job is not None
    assert job.progress is not None
    [cancel] = job.progress.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    # The user presses Cancel once two files are in.
    job.progressed.connect(lambda done, _total: cancel.click() if done == 2 else None)
    with qtbot.waitSignal(job.finished, timeout=20_000) as finished:
        pass
    report: ImportReport = finished.args[0]
    assert report.cancelled
    assert len(report.imported) == 2
    assert report.skipped == 8 - len(report.imported)
    with stored(db_path) as db:
        assert len(db.list_documents()) == len(report.imported)
    assert window.notifications == []  # a cancel is not an error
    assert "Cancelled" in window.statusBar().currentMessage()
    close_window(window)


def test_duplicates_are_not_imported_twice(qtbot, db_path: Path, tmp_path: Path) -> None:
    window = build_window(qtbot, db_path, samples=False)
    paths = write_articles(tmp_path, 2)
    first = run_import(qtbot, window, paths)
    second = run_import(qtbot, window, paths)
    assert len(first.imported) == 2 and len(second.duplicates) == 2
    assert second.imported == []
    assert "already in the library" in second.summary()
    with stored(db_path) as db:
        assert len(db.list_documents()) == 2
    close_window(window)


def test_folders_are_searched(qtbot, db_path: Path, tmp_path: Path) -> None:
    window = build_window(qtbot, db_path, samples=False)
    folder = tmp_path / "batch"
    (folder / "nested").mkdir(parents=True)
    write_articles(folder, 2)
    write_articles(folder / "nested", 1, first=10)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article type: skipped
    report = run_import(qtbot, window, [folder])
    assert len(report.imported) == 3 and report.failures == []
    close_window(window)


def test_job_without_a_window(qtbot, store, tmp_path: Path) -> None:
    from annotator.qt.controller import Controller

    controller = Controller(store)
    job = ImportJob(controller, write_articles(tmp_path, 3), show_progress=False)
    with qtbot.waitSignal(job.finished, timeout=20_000) as finished:
        job.start()
    assert len(finished.args[0].imported) == 3
