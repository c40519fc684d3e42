"""The library list: counts by verdict, opening, dropping files, pasting text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from annotator.domain.records import DocumentSummary
from annotator.domain.verdict import Verdict
from annotator.qt.library_panel import ATTENTION, DISPUTED, TITLE, UNCHECKED, LibraryModel
from annotator.qt.main_window import MainWindow
from annotator.store import Store
from tests.qt.gui_support import build_window, close_window, stored


def summary(doc_id: int, title: str, *counts: int) -> DocumentSummary:
    from datetime import UTC, datetime

    u, v, d = counts or (0, 0, 0)
    return DocumentSummary(id=doc_id, uuid=f"u{doc_id}", title=title,
                           imported_at=datetime(2025, 1, 1, tzinfo=UTC),
                           unchecked=u, verified=v, disputed=d)


def test_model_without_widgets(qtmodeltester: ModelTester) -> None:
    model = LibraryModel()
    model.set_documents([summary(1, "One", 1, 0, 2), summary(2, "Two")])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 5
    assert model.index(0, TITLE).data() == "One"
    assert model.index(0, DISPUTED).data() == 2
    assert "1 unchecked, 0 verified, 2 disputed" in model.index(0, TITLE).data(
        Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(UNCHECKED, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole) == "Unchecked claims"
    # Same documents: rows stay, only data changes; appended: rows are inserted.
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    model.set_documents([summary(1, "One", 1, 1, 2), summary(2, "Two")])
    assert changed == [0]
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    model.set_documents([summary(1, "One", 1, 1, 2), summary(2, "Two"), summary(3, "Three")])
    assert inserted == [2]
    qtmodeltester.check(model)


def test_the_attention_badge_reads_from_the_summary(qtmodeltester: ModelTester) -> None:
    model = LibraryModel()
    model.set_documents([summary(1, "One", 2, 1, 0)._replace(attention=3),
                         summary(2, "Two", 1, 0, 0)])
    qtmodeltester.check(model)
    assert model.index(0, ATTENTION).data() == "⚠ 3"
    assert model.index(1, ATTENTION).data() == ""  # nothing to look at: no badge
    assert model.index(0, ATTENTION).data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "3 claims need attention")
    assert "3 claims need attention" in model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "attention" not in model.index(1, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.column()))
    model.set_attention(1, 1)
    assert changed == [ATTENTION]
    assert model.index(0, ATTENTION).data() == "⚠ 1"
    assert model.index(0, ATTENTION).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "1 claim needs attention")
    model.set_attention(1, 0)
    assert model.index(0, ATTENTION).data() == ""


def test_counts_follow_verdict_changes(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    doc_id = window.controller.document_id
    assert doc_id is not None
    view = window.library.view
    assert view.objectName() == "libraryView"
    assert window.library.counts(doc_id) == (0, 0, 0)
    text = window.article.view.article_text()
    window.article.view.select_codepoints(0, 20)
    claim_id = window.create_claim_from_selection()
    assert claim_id is not None
    qtbot.waitUntil(lambda: window.library.counts(doc_id) == (1, 0, 0))
    window.controller.set_verdict(claim_id, Verdict.DISPUTED)
    qtbot.waitUntil(lambda: window.library.counts(doc_id) == (0, 0, 1))
    row = window.library.model.row_of(doc_id)
    assert window.library.model.index(row, DISPUTED).data() == 1
    window.article.view.select_codepoints(30, 45)
    window.create_claim_from_selection()
    window.controller.undo()
    window.controller.undo()
    qtbot.waitUntil(lambda: window.library.counts(doc_id) == (1, 0, 0))
    assert text  # the article was shown
    # The counts kept in place agree with what the database says.
    reader = Store.open(db_path)
    (stored,) = [d for d in reader.list_documents() if d.id == doc_id]
    reader.close()
    assert window.library.counts(doc_id) == (stored.unchecked, stored.verified, stored.disputed)
    close_window(window)


def test_activating_a_row_opens_it(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    model = window.library.model
    second = model.document_at(1)
    assert second is not None
    window.library.view.setCurrentIndex(model.index(1, TITLE))
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_Return)
    assert window.controller.document_id == second.id
    assert window.windowTitle().startswith(second.title[:20])
    close_window(window)


def drop_files(qtbot, window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.library.view.viewport()
    pos = QPoint(20, 20)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def test_dropping_files_imports_them(qtbot, db_path: Path, tmp_path: Path) -> None:
    window = build_window(qtbot, db_path)
    first = tmp_path / "first.md"
    first.write_text("# Dropped report\n\nThe minister said the bridge opened in 2019.\n",
                     encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text("Second dropped article\n\nCrowds gathered early.\n", encoding="utf-8")
    with qtbot.waitSignal(window.drop_filter.filesDropped) as dropped:
        drop_files(qtbot, window, [first, second])
    assert dropped.args == [[first, second]]
    job = window.import_job
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    with stored(db_path) as db:
        titles = [d.title for d in db.list_documents()]
    assert titles[-2:] == ["Dropped report", "Second dropped article"]
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 4)
    assert window.notifications == []
    close_window(window)


def test_dragging_text_is_not_accepted(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window.library.view.viewport(), enter)
    assert not enter.isAccepted()
    close_window(window)


def test_import_from_clipboard(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    QGuiApplication.clipboard().setText(
        "Pasted headline\n\nOfficials confirmed the dam holds 2 million m³ of water.")
    window.action("importClipboard").trigger()
    with stored(db_path) as db:
        last = db.list_documents()[-1]
        assert db.document(last.id).text.endswith("million m³ of water.")
    assert last.title == "Pasted headline"
    assert window.controller.document_id == last.id
    assert window.windowTitle().startswith("Pasted headline")
    # Pasting the same text again opens the existing article instead of a copy.
    window.action("importClipboard").trigger()
    with stored(db_path) as db:
        assert len(db.list_documents()) == 3
    close_window(window)


def test_empty_clipboard_says_so(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    QGuiApplication.clipboard().setText("   \n  ")
    with qtbot.waitSignal(window.notified) as shown:
        window.import_clipboard()
    assert shown.args[0].level == "warning"
    assert "empty" in shown.args[0].text
    assert len(window.message_boxes) == 1
    window.close_messages()
    with stored(db_path) as db:
        assert len(db.list_documents()) == 2
    close_window(window)
