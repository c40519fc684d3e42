"""Sources show and open their web address; the article beside is picked and comes back;
file dialogs open where the user last was; a review of another library says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Stance
from annotator.qt.main_window import MainWindow
from annotator.qt.settings import Folder, Settings
from tests.qt.gui_support import build_window, close_window, stored


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    return build_window(qtbot, db_path)


class UrlCatcher(QObject):
    """Registered with QDesktopServices for https: links go here instead of a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def current_claim(window: MainWindow) -> int:
    claim = window.controller.create_claim(0, 20)
    assert claim is not None
    window.controller.set_current_claim(claim.id)
    return claim.id


def test_source_address_is_completed_shown_and_opened(qtbot, window: MainWindow,
                                                      db_path: Path) -> None:
    claim_id = current_claim(window)
    dialog = window.editor.add_source()
    assert dialog is not None
    dialog.url.setText("javascript:alert(1)")
    dialog.stance.setCurrentIndex(dialog.stance.findData(Stance.REFUTES))
    dialog.accept()
    assert dialog.isVisible() and "not a web address" in dialog.error.text()
    dialog.url.setText("foxnews.com/x")
    dialog.accept()
    assert not dialog.isVisible()
    with stored(db_path) as db:
        [source] = db.sources(claim_id)
    assert (source.url, source.stance) == ("https://foxnews.com/x", Stance.REFUTES)

    shown = window.editor.sources_model.index(0, 0).data()
    assert "https://foxnews.com/x" in shown
    window.editor.sources_view.setCurrentIndex(window.editor.sources_model.index(0, 0))
    assert window.editor.open_source_button.isEnabled()
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        qtbot.mouseClick(window.editor.open_source_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.opened == ["https://foxnews.com/x"]


def test_url_is_shown_beside_an_excerpt(qtbot, window: MainWindow) -> None:
    claim_id = current_claim(window)
    window.controller.add_source(claim_id, SourceInput(
        url="https://example.org/report", title="GDP report", excerpt="Growth was 3.4 %",
        stance=Stance.SUPPORTS))
    lines = window.editor.sources_model.index(0, 0).data().splitlines()
    assert lines[1:] == ["“Growth was 3.4 %”", "https://example.org/report"]


def test_open_beside_offers_only_other_articles(qtbot, window: MainWindow) -> None:
    window.article.view.setFocus()
    QTest.keyClick(window.article.view, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    picker = window.article_picker
    assert picker is not None and picker.isVisible()
    open_id = window.controller.document_id
    offered = [picker.proxy.index(r, 0).data() for r in range(picker.proxy.rowCount())]
    titles = {d.id: d.title for d in window.library.model.documents()}
    assert titles[open_id] not in offered and len(offered) == len(titles) - 1
    QTest.keyClicks(picker.filter, "zzz-no-such-title")
    assert picker.proxy.rowCount() == 0 and not picker.open_button.isEnabled()
    picker.filter.clear()
    QTest.keyClick(picker.filter, Qt.Key.Key_Return)
    assert window.beside.isVisible()
    assert window.beside_document is not None and window.beside_document.id != open_id


def test_the_article_beside_comes_back_after_a_restart(qtbot, db_path: Path) -> None:
    settings = db_path.with_name("beside.ini")
    first = build_window(qtbot, db_path, settings_path=settings)
    other = next(d.id for d in first.library.model.documents()
                 if d.id != first.controller.document_id)
    first.open_beside(other)
    close_window(first)
    second = build_window(qtbot, db_path, settings_path=settings)
    assert second.beside.isVisible()
    assert second.beside_document is not None and second.beside_document.id == other
    second.close_beside()
    close_window(second)
    third = build_window(qtbot, db_path, settings_path=settings)
    assert not third.beside.isVisible()
    close_window(third)


def answer_file_dialog(qtbot, seen: dict[str, str], name: str | None) -> None:
    """When the (Qt, non-native) file dialog shows: note its folder, then answer it."""

    def answer() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QFileDialog) and w.isVisible()]
        if not shown:
            QTimer.singleShot(20, answer)
            return
        dialog = shown[-1]
        seen["folder"] = dialog.directory().absolutePath()
        if name is None:
            dialog.reject()
        else:
            dialog.selectFile(name)
            dialog.accept()

    QTimer.singleShot(20, answer)


def test_export_dialog_opens_where_the_last_export_went(qtbot, window: MainWindow,
                                                        tmp_path: Path) -> None:
    current_claim(window)
    first_folder = tmp_path / "exports"
    first_folder.mkdir()
    seen: dict[str, str] = {}
    answer_file_dialog(qtbot, seen, str(first_folder / "a.csv"))
    window.action("exportCsv").trigger()
    assert window.notifications == []
    assert (first_folder / "a.csv").exists()
    assert Path(seen["folder"]) != first_folder  # never used before: not there yet
    answer_file_dialog(qtbot, seen, None)
    window.action("exportHtml").trigger()
    assert Path(seen["folder"]) == first_folder
    assert Settings(window.settings.qsettings.fileName()).folder(Folder.EXPORT) == str(
        first_folder)
    assert Path(window.settings.folder(Folder.IMPORT)) != first_folder  # each its own


def test_review_of_another_library_is_a_warning_not_a_success(qtbot, window: MainWindow,
                                                              tmp_path: Path) -> None:
    from annotator.cli import main

    other_db = tmp_path / "other.sqlite3"
    review = tmp_path / "review.sqlite"
    sample = next(Path(__file__).resolve().parents[2].glob("resources/samples/004_*.txt"))
    assert main(["--db", str(other_db), "import", str(sample)]) == 0
    assert main(["--db", str(other_db), "claim", "add", "1", "--quote", "Trump",
                 "--verdict", "verified"]) == 0
    assert main(["--db", str(other_db), "export", "--format", "review", "-o",
                 str(review)]) == 0
    connection = sqlite3.connect(review)
    connection.execute("UPDATE claims SET review_status = 'approved'")
    connection.commit()
    connection.close()
    window.import_review_from(review)
    [note] = window.notifications
    assert note.level == "warning" and "another library" in note.text
    window.close_messages()
