"""The library in the window: article details, F2 rename, delete with undo, search across
the library with Enter to jump, filters, the dashboard, exports of a part, encodings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from annotator.domain.verdict import Verdict
from annotator.io.formats import ExportFormat
from annotator.qt.document_dialog import DocumentDialog
from annotator.qt.encoding_dialog import EncodingDialog
from annotator.qt.main_window import MainWindow
from tests.qt.gui_support import build_window, close_window, stored


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    built = build_window(qtbot, db_path)
    yield built
    close_window(built)


def other_document(window: MainWindow) -> int:
    return next(d.id for d in window.library.model.documents()
                if d.id != window.controller.document_id)


def claim_on(window: MainWindow, words_at: int = 0, length: int = 12, **kw: object) -> int:
    text = window.controller.document.text  # type: ignore[union-attr]
    start = next(i for i in range(words_at, len(text)) if text[i].isalpha())
    claim = window.controller.create_claim(start, start + length, **kw)  # type: ignore[arg-type]
    assert claim is not None
    return claim.id


def test_article_details_are_edited_saved_and_undone(qtbot, window: MainWindow,
                                                     db_path: Path) -> None:
    document_id = window.controller.document_id
    dialog = window.documents.edit_details(document_id)
    assert isinstance(dialog, DocumentDialog)
    before = dialog.document.metadata
    dialog.title.setText("Summit report")
    dialog.url.setText("example.org/summit")
    dialog.outlet.setText("Example News")
    dialog.authors.setText("Ana Ruiz; Tom Berg")
    dialog.published.setText("14.03.2026")  # refused: the dialog stays open and says why
    dialog.accept()
    assert dialog.isVisible() and "YYYY-MM-DD" in dialog.error.text()
    dialog.published.setText("2026-03-14")
    dialog.accept()
    assert not dialog.isVisible()
    with stored(db_path) as db:
        record = db.document(document_id)  # type: ignore[arg-type]
    assert (record.title, record.url, record.outlet, record.authors, record.published) == (
        "Summit report", "https://example.org/summit", "Example News", "Ana Ruiz; Tom Berg",
        "2026-03-14")
    assert window.windowTitle().startswith("Summit report")
    qtbot.waitUntil(lambda: window.library.model.document_at(
        window.library.model.row_of(document_id)).title == "Summit report")  # type: ignore[union-attr, arg-type]

    window.controller.undo()
    with stored(db_path) as db:
        assert db.document(document_id).metadata == before  # type: ignore[arg-type]


def test_f2_renames_in_place(qtbot, window: MainWindow, db_path: Path) -> None:
    document_id = other_document(window)
    view = window.library.view
    window.library.select_document(document_id)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, "Renamed wire copy")
    QTest.keyClick(editor, Qt.Key.Key_Delete)  # typing keys stay with the editor
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: window.library.view.state() != window.library.view.State.EditingState)

    def title() -> str:
        with stored(db_path) as db:
            return db.document(document_id).title

    qtbot.waitUntil(lambda: title() == "Renamed wire copy", timeout=3000)
    assert len(window.library.model.documents()) == 2  # Delete deleted no article
    window.controller.undo()
    assert title() != "Renamed wire copy"


def test_delete_asks_with_counts_and_undo_brings_everything_back(
        qtbot, window: MainWindow, db_path: Path) -> None:
    document_id = window.controller.document_id
    assert document_id is not None
    first = claim_on(window, 0)
    claim_on(window, 40, verdict=Verdict.DISPUTED)
    from annotator.domain.records import SourceInput
    from annotator.domain.verdict import Stance
    assert window.controller.add_source(first, SourceInput(title="Wire", stance=Stance.REFUTES))

    window.library.select_document(document_id)
    window.library.view.setFocus()
    QTest.keyClick(window.library.view, Qt.Key.Key_Delete)
    box = window.documents.confirmation
    assert isinstance(box, QMessageBox)
    assert "2 claims and 1 source go with it" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    with stored(db_path) as db:
        assert len(db.claims(document_id)) == 2

    window.documents.confirm_delete(document_id)
    box = window.documents.confirmation
    assert box is not None
    next(b for b in box.buttons() if b.objectName() == "deleteArticleButton").click()
    with stored(db_path) as db:
        assert document_id not in [d.id for d in db.list_documents()]
        assert db.claims(document_id) == []
    assert window.controller.document is None
    qtbot.waitUntil(lambda: window.library.model.row_of(document_id) < 0)

    assert window.action("undo").isEnabled()
    window.action("undo").trigger()
    with stored(db_path) as db:
        claims = db.claims(document_id)
        assert len(claims) == 2 and claims[0].source_count == 1
    qtbot.waitUntil(lambda: window.library.model.row_of(document_id) >= 0)


def test_search_finds_a_note_in_another_article_and_enter_jumps_there(
        qtbot, window: MainWindow) -> None:
    here = window.controller.document_id
    there = other_document(window)
    window.open_document(there)
    target = claim_on(window, 10)
    window.controller.set_note(target, "The electoral commission disagrees")
    claim_on(window, 80, verdict=Verdict.VERIFIED)
    window.open_document(here)  # type: ignore[arg-type]
    claim_on(window, 0)

    window.action("searchLibrary").trigger()
    panel = window.library_claims
    assert window.library_claims_dock.isVisible() and panel.search.hasFocus()
    QTest.keyClicks(panel.search, "commiss")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=3000)
    assert panel.count.text() == "1 claim"
    # The claim's number in its article, shown right after the article.
    header = panel.view.horizontalHeader()
    assert panel.model.headerData(header.logicalIndex(1), Qt.Orientation.Horizontal) == "#"
    assert panel.model.index(0, header.logicalIndex(1)).data() == "#1"
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    QTest.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.controller.document_id == there
    assert window.controller.current_claim_id == target
    assert window.article.view.hasFocus()


def test_typing_a_claim_number_finds_that_claim_of_each_article(
        qtbot, window: MainWindow) -> None:
    claim_on(window, 0)
    second_here = claim_on(window, 40)
    window.open_document(other_document(window))
    claim_on(window, 0)
    second_there = claim_on(window, 40, note="budget")
    window.action("searchLibrary").trigger()
    panel = window.library_claims
    QTest.keyClicks(panel.search, "#2")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=3000)
    assert {h.claim.id for h in panel.model.hits()} == {second_here, second_there}
    QTest.keyClicks(panel.search, " budget")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=3000)
    assert [h.claim.id for h in panel.model.hits()] == [second_there]


def test_filters_combine_and_the_dashboard_counts(qtbot, window: MainWindow) -> None:
    disputed = claim_on(window, 0, verdict=Verdict.DISPUTED, note="budget figure")
    claim_on(window, 40, verdict=Verdict.VERIFIED, note="budget confirmed")
    window.open_document(other_document(window))
    claim_on(window, 0, verdict=Verdict.DISPUTED, note="turnout")
    window.action("searchLibrary").trigger()
    panel = window.library_claims
    panel.search.setText("budget")
    panel.run_search()
    assert panel.model.rowCount() == 2
    panel.verdict.setCurrentIndex(panel.verdict.findData(Verdict.DISPUTED))
    assert [h.claim.id for h in panel.model.hits()] == [disputed]
    panel.review.setCurrentIndex(panel.review.findData("rejected"))
    assert panel.model.rowCount() == 0 and panel.count.text() == "No claims found"

    window.action("showDashboard").trigger()
    dashboard = window.library_pane.dashboard
    assert window.library_pane.currentWidget() is dashboard
    assert dashboard.cell_text(0, "Claims") == "3"
    assert dashboard.cell_text(0, "Disputed") == "2"
    assert dashboard.cell_text(0, "Not reviewed") == "3"
    assert dashboard.rowCount() == 3  # the total and two articles


def test_export_selection_offers_the_parts_and_writes_only_them(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    first = window.controller.document
    assert first is not None
    claim_on(window, 0, verdict=Verdict.DISPUTED, note="keep me")
    window.open_document(other_document(window))
    claim_on(window, 0, verdict=Verdict.VERIFIED, note="leave me out")
    window.action("searchLibrary").trigger()
    window.library_claims.verdict.setCurrentIndex(
        window.library_claims.verdict.findData(Verdict.DISPUTED))
    scopes = {s.name: s for s in window.export_scopes()}
    assert scopes["exportOpenArticle"].document_ids == (window.controller.document_id,)
    found = scopes["exportFoundClaims"]
    assert found.size == 1 and found.claims is not None

    path = tmp_path / "found.csv"
    summary = window.exchange.export_to(ExportFormat.CSV, path, claims=found.claims)
    assert summary is not None and summary.claims == 1
    with path.open(encoding="utf-8", newline="") as handle:
        assert [row["note"] for row in csv.DictReader(handle)] == ["keep me"]

    report = tmp_path / "one.html"
    window.exchange.export_to(ExportFormat.HTML, report, document_ids=[first.id])
    html = report.read_text(encoding="utf-8")
    assert "keep me" in html and "leave me out" not in html

    window.choose_export_selection()
    dialog = window.exchange.selection_dialog
    assert dialog is not None
    names = {b.objectName(): b.isEnabled() for b in dialog.group.buttons()}
    assert names == {"exportOpenArticle": True, "exportChosenArticles": True,
                     "exportFoundClaims": True, "exportPickedClaims": False}
    dialog.reject()


def test_cp1252_file_imports_after_the_encoding_is_confirmed(
        qtbot, window: MainWindow, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    text = "Le ministre a dit que le café coûtait 3 € — «trop cher».\n" * 3
    path.write_bytes(text.encode("cp1252"))
    job = window.import_files([path])
    assert job is not None
    qtbot.waitUntil(lambda: window.imports.encoding_dialog is not None, timeout=10_000)
    dialog = window.imports.encoding_dialog
    assert isinstance(dialog, EncodingDialog)
    assert dialog.chosen_encoding() == "cp1252"
    assert "Windows-1252" in dialog.findChild(object, "encodingDetected").text()
    assert dialog.preview.toPlainText().startswith("Le ministre a dit que le café coûtait 3 €")
    dialog.import_button.click()
    with stored(db_path) as db:
        texts = [db.document(d.id).text for d in db.list_documents()]
    assert text in texts
