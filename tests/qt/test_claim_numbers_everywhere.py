"""One claim number everywhere: the same claim is #N in the app's claims table, in the CLI,
in the review file (read with sqlite3) and in the HTML report (read with an HTML parser),
after a claim made in between was deleted; undo gives a deleted claim its number back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.cli import main
from annotator.qt.claims_model import ClaimIdRole, Column
from annotator.qt.main_window import MainWindow
from tests.io.report_reader import read_report
from tests.qt.gui_support import build_window, close_window, stored
from tests.qt.test_main_window import make_claims


def gui_numbers(window: MainWindow) -> dict[int, str]:
    """Claim id -> what the "#" column of the claims table shows."""
    proxy = window.claims_panel.proxy
    return {proxy.index(row, 0).data(ClaimIdRole): proxy.index(row, Column.NUMBER).data()
            for row in range(proxy.rowCount())}


def cli_numbers(capsys: pytest.CaptureFixture[str], db: Path, document_id: int
                ) -> dict[int, str]:
    """Claim id -> the number column of ``annotator claims DOC``."""
    assert main(["claims", str(document_id), "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    return {int(row["id"]): row["number"] for row in rows}


def export(capsys: pytest.CaptureFixture[str], db: Path, document_id: int, kind: str,
           path: Path) -> Path:
    assert main(["export", "--format", kind, "-o", str(path), "--document", str(document_id),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    return path


def test_a_claim_has_the_same_number_in_the_app_the_cli_the_review_file_and_the_report(
    qtbot: object, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = build_window(qtbot, db_path)
    try:
        document_id = window.controller.document.id
        # Made out of text order, and the second one deleted before the fourth is made.
        first, second, third = make_claims(window, (60, 90), (0, 20), (100, 120))
        assert window.controller.delete_claim(second)
        [fourth] = make_claims(window, (30, 50))
        shown = gui_numbers(window)
        assert shown == {first: "#1", third: "#3", fourth: "#4"}  # #2 is not given again
        assert window.editor.meta.text().startswith("Claim #4 by ")  # the editor's header

        review = export(capsys, db_path, document_id, "review", tmp_path / "review.sqlite")
        report = export(capsys, db_path, document_id, "html", tmp_path / "report.html")
        cli = cli_numbers(capsys, db_path, document_id)
        with stored(db_path) as store:
            stored_claims = {c.id: c for c in store.claims(document_id)}
        uuids = {key: c.uuid for key, c in stored_claims.items()}
        with closing(sqlite3.connect(review)) as db:
            numbers = dict(db.execute("SELECT id, number FROM claims").fetchall())
        in_file = {claim_id: f"#{numbers[uuid]}" for claim_id, uuid in uuids.items()}
        quotes = {item["quote"]: item["number"] for item in read_report(report).items}
        in_report = {key: quotes[c.exact] for key, c in stored_claims.items()}

        assert cli == in_file == in_report == shown

        # Undo (Ctrl+Z in the window) of the fourth claim, then of the deletion: the deleted
        # claim comes back as #2; redoing both (Ctrl+Shift+Z) deletes it again and brings the
        # fourth back as #4.
        window.article.view.setFocus()
        for _ in range(2):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z,
                           Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: second in gui_numbers(window))  # type: ignore[attr-defined]
        assert gui_numbers(window) == {first: "#1", second: "#2", third: "#3"}
        for _ in range(2):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z,
                           Qt.KeyboardModifier.ControlModifier
                           | Qt.KeyboardModifier.ShiftModifier)
        assert gui_numbers(window) == {first: "#1", third: "#3", fourth: "#4"}
        assert cli_numbers(capsys, db_path, document_id) == gui_numbers(window)
    finally:
        close_window(window)
