"""ClaimsPanel driven like a user would: typing, choosing, clicking and pressing keys."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import Verdict
from annotator.qt.claims_model import ClaimIdRole, Column
from annotator.qt.claims_panel import ClaimsPanel
from annotator.store import Store

TEXT = (
    "Alpha claim about 🧪 water prices. Beta claim about bridges. Gamma claim about 事实 rail. "
    "Delta claim about the water table. Epsilon says nothing much."
)
W = TypeVar("W", bound=QWidget)

QUOTES = [
    ("Alpha claim about 🧪 water prices", Verdict.VERIFIED, ""),
    ("Beta claim about bridges", Verdict.DISPUTED, "engineers' report"),
    ("Gamma claim about 事实 rail", Verdict.UNCHECKED, "Water board said no"),
    ("Delta claim about the water table", Verdict.DISPUTED, ""),
]


@pytest.fixture
def claims(store: Store) -> list[ClaimRecord]:
    doc_id = store.import_document("Panel", TEXT).document.id
    made = []
    for quote, verdict, note in QUOTES:
        start = TEXT.index(quote)
        made.append(store.create_claim(doc_id, start, start + len(quote), verdict=verdict,
                                       note=note))
    return made


@pytest.fixture
def panel(qtbot: QtBot, claims: list[ClaimRecord]) -> ClaimsPanel:
    widget = ClaimsPanel()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.set_claims(claims)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def child(panel: ClaimsPanel, kind: type[W], name: str) -> W:
    found = panel.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def ids_of(claims: list[ClaimRecord], *prefixes: str) -> list[int]:
    return [c.id for p in prefixes for c in claims if c.exact.startswith(p)]


def test_widgets_are_findable_by_name(panel: ClaimsPanel) -> None:
    edit = child(panel, QLineEdit, "claimFilter")
    combo = child(panel, QComboBox, "verdictFilter")
    view = child(panel, QTableView, "claimsView")
    assert view is panel.view
    assert edit.placeholderText() == "Filter quotes and notes, or #7"
    assert edit.isClearButtonEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All", "Unchecked", "Verified", "Disputed",
    ]
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert view.isSortingEnabled() and view.alternatingRowColors()
    assert all(w.accessibleName() for w in (edit, combo, view))


def test_rows_start_in_text_order(panel: ClaimsPanel, claims: list[ClaimRecord]) -> None:
    assert panel.visible_claim_ids() == [c.id for c in claims]
    assert panel.count_label.text() == "4 claims"


def test_typing_in_the_filter_filters_quotes_and_notes(
    panel: ClaimsPanel, claims: list[ClaimRecord], qtbot: QtBot
) -> None:
    edit = child(panel, QLineEdit, "claimFilter")
    qtbot.keyClicks(edit, "WATER")
    # Alpha and Delta by quote, Gamma by its note.
    assert panel.visible_claim_ids() == ids_of(claims, "Alpha", "Gamma", "Delta")
    assert panel.view.model().rowCount() == 3
    assert panel.count_label.text() == "3 of 4 claims"

    combo = child(panel, QComboBox, "verdictFilter")
    combo.setCurrentIndex(combo.findText("Disputed"))
    assert panel.visible_claim_ids() == ids_of(claims, "Delta")

    edit.clear()
    assert panel.visible_claim_ids() == ids_of(claims, "Beta", "Delta")
    combo.setCurrentIndex(combo.findText("All"))
    assert len(panel.visible_claim_ids()) == 4


def test_typing_a_claim_number_finds_that_claim_only(
    panel: ClaimsPanel, claims: list[ClaimRecord], qtbot: QtBot, store: Store
) -> None:
    # Numbers follow creation, not text: a claim made last on the first words is #5.
    alpha = claims[0]
    fifth = store.create_claim(alpha.document_id, alpha.start, alpha.start + 5)
    panel.upsert_claim(fifth)
    edit = child(panel, QLineEdit, "claimFilter")
    qtbot.keyClicks(edit, "#5")
    assert panel.visible_claim_ids() == [fifth.id]
    edit.clear()
    qtbot.keyClicks(edit, "#2")  # not #2x, not a quote holding "2"
    assert panel.visible_claim_ids() == ids_of(claims, "Beta")
    # The "#" column comes first and sorts by number.
    header = panel.view.horizontalHeader()
    assert header.logicalIndex(0) == Column.NUMBER
    edit.clear()
    panel.view.sortByColumn(Column.NUMBER, Qt.SortOrder.DescendingOrder)
    shown = [panel.proxy.index(row, Column.NUMBER).data() for row in range(5)]
    assert shown == ["#5", "#4", "#3", "#2", "#1"]


def test_header_click_sorts_and_visible_ids_follow(
    panel: ClaimsPanel, claims: list[ClaimRecord]
) -> None:
    panel.view.sortByColumn(Column.VERDICT, Qt.SortOrder.AscendingOrder)
    assert panel.visible_claim_ids() == ids_of(claims, "Gamma", "Alpha", "Beta", "Delta")


def row_rect_center(panel: ClaimsPanel, row: int) -> object:
    return panel.view.visualRect(panel.proxy.index(row, Column.QUOTE)).center()


def test_enter_on_a_row_activates_its_claim(
    panel: ClaimsPanel, claims: list[ClaimRecord], qtbot: QtBot
) -> None:
    panel.view.setFocus()
    with qtbot.waitSignal(panel.currentClaimChanged) as changed:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=row_rect_center(panel, 1))
    assert changed.args == [claims[1].id]
    with qtbot.waitSignal(panel.currentClaimChanged) as changed:
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert changed.args == [claims[2].id]
    assert panel.current_claim_id() == claims[2].id

    with qtbot.waitSignal(panel.claimActivated) as activated:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert activated.args == [claims[2].id]
    with qtbot.waitSignal(panel.claimActivated) as activated:
        qtbot.keyClick(panel.view, Qt.Key.Key_Enter)
    assert activated.args == [claims[2].id]


def test_double_click_activates_once(
    panel: ClaimsPanel, claims: list[ClaimRecord], qtbot: QtBot
) -> None:
    seen: list[int] = []
    panel.claimActivated.connect(seen.append)
    viewport = panel.view.viewport()
    pos = row_rect_center(panel, 3)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert seen == [claims[3].id]


def test_select_claim_scrolls_without_signals(
    qtbot: QtBot, claims: list[ClaimRecord]
) -> None:
    # Enough rows to scroll: copies of a stored claim under new ids (the panel never asks
    # the store), ordered after the real ones.
    many = list(claims) + [
        replace(claims[-1], id=1000 + n, start=claims[-1].start + 1 + n) for n in range(200)
    ]
    panel = ClaimsPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 300)
    panel.set_claims(many)
    panel.show()
    qtbot.waitExposed(panel)
    last = panel.visible_claim_ids()[-1]
    assert last == 1199
    assert not panel.view.viewport().rect().intersects(
        panel.view.visualRect(panel.proxy.index(203, 0))
    )

    with qtbot.assertNotEmitted(panel.currentClaimChanged), qtbot.assertNotEmitted(
        panel.claimActivated
    ):
        assert panel.select_claim(last)
    assert panel.current_claim_id() == last
    index = panel.view.currentIndex()
    assert index.data(ClaimIdRole) == last
    assert panel.view.viewport().rect().intersects(panel.view.visualRect(index))
    assert panel.view.selectionModel().isRowSelected(index.row(), index.parent())


def test_filtered_out_claim_is_not_selected(
    panel: ClaimsPanel, claims: list[ClaimRecord], qtbot: QtBot
) -> None:
    panel.select_claim(claims[0].id)
    combo = child(panel, QComboBox, "verdictFilter")
    with qtbot.assertNotEmitted(panel.currentClaimChanged):
        combo.setCurrentIndex(combo.findText("Disputed"))  # hides the current (verified) one
    assert panel.current_claim_id() is None  # no neighbour picked in its place
    assert not panel.select_claim(claims[0].id)
    assert panel.select_claim(claims[3].id)
    assert panel.current_claim_id() == claims[3].id


def test_upsert_and_remove_keep_the_current_claim(
    panel: ClaimsPanel, claims: list[ClaimRecord], store: Store, qtbot: QtBot
) -> None:
    panel.select_claim(claims[2].id)
    with qtbot.assertNotEmitted(panel.currentClaimChanged):
        panel.upsert_claim(store.set_verdict(claims[2].id, Verdict.VERIFIED))
        start = TEXT.index("Epsilon")
        panel.upsert_claim(store.create_claim(claims[0].document_id, start, start + 7))
        panel.remove_claim(claims[0].id)
    assert panel.current_claim_id() == claims[2].id
    row = panel.view.currentIndex().row()
    assert panel.proxy.index(row, Column.VERDICT).data() == "Verified"
    assert panel.count_label.text() == "4 claims"

    with qtbot.assertNotEmitted(panel.currentClaimChanged):
        panel.remove_claim(claims[2].id)
    assert panel.current_claim_id() is None
