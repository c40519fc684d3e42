"""ClaimsTableModel and ClaimsFilterProxy, checked with qtmodeltester and plain data() reads."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import Verdict
from annotator.qt.claims_model import (
    ClaimIdRole,
    ClaimNumberRole,
    ClaimsFilterProxy,
    ClaimsTableModel,
    Column,
    SearchTextRole,
    VerdictRole,
)
from annotator.qt.style import verdict_color
from annotator.store import Store

TEXT = (
    "The mayor said the bridge opened in 1998. Critics say it cost twice the budget. "
    "🧪 Officials confirmed 40 000 daily crossings. Nobody disputes the colour: it is red. "
    "Residents claim the tolls doubled last year."
)
QUOTES = [
    ("the bridge opened in 1998", Verdict.VERIFIED, "Opening ceremony archive"),
    ("it cost twice the budget", Verdict.DISPUTED, ""),
    ("40 000 daily crossings", Verdict.UNCHECKED, "ask the transport office"),
    ("the tolls doubled last year", Verdict.DISPUTED, "Budget FIGURES disagree"),
]


@pytest.fixture
def claims(store: Store) -> list[ClaimRecord]:
    doc_id = store.import_document("Bridge", TEXT).document.id
    made = []
    for quote, verdict, note in reversed(QUOTES):  # created out of text order on purpose
        start = TEXT.index(quote)
        made.append(store.create_claim(doc_id, start, start + len(quote), verdict=verdict,
                                       note=note))
    return made


@pytest.fixture
def model(claims: list[ClaimRecord]) -> ClaimsTableModel:
    built = ClaimsTableModel()
    built.set_claims(claims)
    return built


def column_values(
    model: QAbstractItemModel, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> list[object]:
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def quotes_in(model: QAbstractItemModel) -> list[object]:
    return column_values(model, Column.QUOTE)


def test_rows_follow_text_order_and_show_each_column(model: ClaimsTableModel) -> None:
    assert model.rowCount() == 4 and model.columnCount() == 8
    assert quotes_in(model) == [q for q, _, _ in QUOTES]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "Quote", "Verdict", "Sources", "Author", "Modified", "Review", "Place", "#",
    ]
    # Made in reverse text order: numbered 4, 3, 2, 1 along the text.
    assert column_values(model, Column.NUMBER) == ["#4", "#3", "#2", "#1"]
    assert column_values(model, Column.NUMBER, ClaimNumberRole) == [4, 3, 2, 1]
    assert column_values(model, Column.PLACE) == [""] * 4  # all anchored in their text
    assert column_values(model, Column.REVIEW) == [""] * 4  # nobody has reviewed them yet
    assert column_values(model, Column.VERDICT) == ["Verified", "Disputed", "Unchecked",
                                                    "Disputed"]
    assert column_values(model, Column.SOURCES) == [0, 0, 0, 0]
    assert column_values(model, Column.AUTHOR) == ["tester"] * 4
    first = model.claim_at(0)
    assert model.index(0, Column.MODIFIED).data() == first.modified_at.astimezone().strftime(
        "%Y-%m-%d %H:%M"
    )
    tooltip = model.index(0, Column.QUOTE).data(Qt.ItemDataRole.ToolTipRole)
    assert "the bridge opened in 1998" in tooltip and "Opening ceremony archive" in tooltip
    swatch = model.index(1, Column.VERDICT).data(Qt.ItemDataRole.DecorationRole)
    assert QColor(swatch) == verdict_color(Verdict.DISPUTED, QGuiApplication.palette())


def test_custom_roles(model: ClaimsTableModel, claims: list[ClaimRecord]) -> None:
    by_quote = {c.exact: c for c in claims}
    for row in range(model.rowCount()):
        index = model.index(row, Column.AUTHOR)  # every column answers the custom roles
        claim = by_quote[model.index(row, Column.QUOTE).data()]
        assert index.data(ClaimIdRole) == claim.id
        assert index.data(VerdictRole) == claim.verdict
        assert model.row_of(claim.id) == row
        assert model.claim_at(row) == claim
    assert "budget figures disagree" in model.index(3, 0).data(SearchTextRole)
    assert model.row_of(999) is None


def mutate(model: ClaimsTableModel, proxy: ClaimsFilterProxy, claims: list[ClaimRecord],
           store: Store) -> None:
    """Inserts, an update, a move, filters, a removal and a reset."""
    doc_id = claims[0].document_id
    start = TEXT.index("Nobody disputes")
    model.upsert(store.create_claim(doc_id, start, start + 15))
    model.upsert(store.create_claim(doc_id, 0, 3))
    model.upsert(store.set_verdict(claims[0].id, Verdict.VERIFIED))
    first = model.claim_at(0)
    model.upsert(replace(first, start=len(TEXT) - 2, end=len(TEXT)))
    proxy.set_verdict_filter(Verdict.DISPUTED)
    proxy.set_text_filter("toll")
    model.remove(claims[1].id)
    proxy.set_text_filter("")
    proxy.set_verdict_filter(None)
    model.remove(first.id)
    model.set_claims(claims[:2])


# The Qt tester reports by warnings: these tests fail on any Qt warning.
@pytest.mark.qt_log_level_fail("WARNING")
def test_model_passes_the_model_tester(
    qtmodeltester: ModelTester, model: ClaimsTableModel, claims: list[ClaimRecord], store: Store
) -> None:
    qtmodeltester.check(model)
    # The tester stays connected: every change below is checked as it happens.
    mutate(model, ClaimsFilterProxy(), claims, store)
    qtmodeltester.check(model)


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize("sort_column", [-1, Column.QUOTE, Column.VERDICT, Column.SOURCES])
def test_proxy_passes_the_model_tester(
    qtmodeltester: ModelTester, model: ClaimsTableModel, claims: list[ClaimRecord], store: Store,
    sort_column: int,
) -> None:
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(sort_column, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    mutate(model, proxy, claims, store)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize("which", ["model", "proxy"])
def test_python_model_tester_agrees(
    qtmodeltester: ModelTester, model: ClaimsTableModel, claims: list[ClaimRecord], store: Store,
    which: str,
) -> None:
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.VERDICT, Qt.SortOrder.AscendingOrder)
    # The pure-Python tester asserts instead of logging.
    qtmodeltester.check(model if which == "model" else proxy, force_py=True)
    mutate(model, proxy, claims, store)


def test_upsert_inserts_in_text_order_and_updates_in_place(
    qtbot: QtBot, model: ClaimsTableModel, claims: list[ClaimRecord], store: Store
) -> None:
    start = TEXT.index("Nobody disputes")
    new = store.create_claim(claims[0].document_id, start, start + len("Nobody disputes"))
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.upsert(new)
    assert inserted.args[1:] == [3, 3]
    assert model.row_of(new.id) == 3

    changed = store.set_verdict(new.id, Verdict.VERIFIED)
    with qtbot.assertNotEmitted(model.rowsInserted), qtbot.waitSignal(
        model.dataChanged
    ) as data_changed:
        model.upsert(changed)
    assert data_changed.args[0].row() == 3
    assert model.rowCount() == 5
    assert model.index(3, Column.VERDICT).data() == "Verified"


def test_upsert_moves_a_row_whose_claim_moved(
    qtbot: QtBot, model: ClaimsTableModel
) -> None:
    first = model.claim_at(0)
    moved = replace(first, start=len(TEXT) - 3, end=len(TEXT), version=first.version + 1)
    with qtbot.waitSignal(model.rowsMoved) as moved_signal:
        model.upsert(moved)
    assert moved_signal.args[1:3] == [0, 0]
    assert model.rowCount() == 4
    assert model.row_of(first.id) == 3
    assert model.claim_at(3) is moved
    assert [c.start for c in model.claims()] == sorted(c.start for c in model.claims())

    back = replace(moved, start=0, end=3)
    model.upsert(back)
    assert model.row_of(first.id) == 0


def test_remove(qtbot: QtBot, model: ClaimsTableModel, claims: list[ClaimRecord]) -> None:
    victim = model.claim_at(1)
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        model.remove(victim.id)
    assert removed.args[1:] == [1, 1]
    assert model.row_of(victim.id) is None
    assert model.rowCount() == 3
    with qtbot.assertNotEmitted(model.rowsRemoved):
        model.remove(victim.id)


def test_proxy_filters_by_verdict_and_text(model: ClaimsTableModel) -> None:
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)

    proxy.set_verdict_filter(Verdict.DISPUTED)
    assert quotes_in(proxy) == ["it cost twice the budget", "the tolls doubled last year"]

    proxy.set_text_filter("  BUDGET ")  # quote of one, note ("Budget FIGURES") of the other
    assert quotes_in(proxy) == ["it cost twice the budget", "the tolls doubled last year"]
    proxy.set_text_filter("figures")  # only in a note
    assert quotes_in(proxy) == ["the tolls doubled last year"]

    proxy.set_verdict_filter(None)
    proxy.set_text_filter("transport")
    assert quotes_in(proxy) == ["40 000 daily crossings"]
    proxy.set_text_filter("")
    assert proxy.rowCount() == 4
    proxy.set_verdict_filter(Verdict.VERIFIED)
    assert quotes_in(proxy) == ["the bridge opened in 1998"]


def test_proxy_sorts_by_each_column(model: ClaimsTableModel, claims: list[ClaimRecord]) -> None:
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    ids = {c.exact: c.id for c in claims}
    now = datetime.now(UTC)
    # Give sources and times that disagree with text order.
    for quote, sources, age in [("the bridge opened in 1998", 3, 1),
                                ("it cost twice the budget", 12, 3),
                                ("40 000 daily crossings", 0, 2),
                                ("the tolls doubled last year", 1, 4)]:
        row = model.row_of(ids[quote])
        assert row is not None
        claim = model.claim_at(row)
        model.upsert(replace(claim, source_count=sources, modified_at=now - timedelta(days=age)))

    proxy.sort(Column.SOURCES, Qt.SortOrder.DescendingOrder)
    assert column_values(proxy, Column.SOURCES) == [12, 3, 1, 0]  # numeric, not "12" < "3"
    proxy.sort(Column.VERDICT, Qt.SortOrder.AscendingOrder)
    assert column_values(proxy, Column.VERDICT) == ["Unchecked", "Verified", "Disputed",
                                                    "Disputed"]
    proxy.sort(Column.MODIFIED, Qt.SortOrder.AscendingOrder)
    assert quotes_in(proxy) == ["the tolls doubled last year", "it cost twice the budget",
                                "40 000 daily crossings", "the bridge opened in 1998"]
    proxy.sort(Column.QUOTE, Qt.SortOrder.AscendingOrder)  # text order
    assert quotes_in(proxy) == [q for q, _, _ in QUOTES]


def test_no_children_and_no_data_out_of_range(model: ClaimsTableModel) -> None:
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    assert model.index(99, 0).data() is None


def test_sorted_model_keeps_its_order_through_upserts_and_moves_selection(
    qtbot: QtBot, model: ClaimsTableModel, claims: list[ClaimRecord], store: Store
) -> None:
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    tracked = QPersistentModelIndex(proxy.index(0, Column.AUTHOR))  # "the bridge opened..."
    tracked_id = tracked.data(ClaimIdRole)

    proxy.sort(Column.VERDICT, Qt.SortOrder.DescendingOrder)  # the proxy sorts the model

    assert model.sort_column() == Column.VERDICT
    assert model.sort_order() == Qt.SortOrder.DescendingOrder
    assert column_values(proxy, Column.VERDICT) == ["Disputed", "Disputed", "Verified",
                                                    "Unchecked"]
    assert tracked.isValid() and tracked.column() == Column.AUTHOR
    assert tracked.data(ClaimIdRole) == tracked_id  # persistent indexes follow their claim
    assert tracked.row() == 2

    # New and changed claims land in sorted order; equal verdicts keep text order.
    start = TEXT.index("Nobody disputes")
    model.upsert(store.create_claim(claims[0].document_id, start, start + 15,
                                    verdict=Verdict.VERIFIED))
    assert column_values(proxy, Column.VERDICT) == ["Disputed", "Disputed", "Verified",
                                                    "Verified", "Unchecked"]
    unchecked = model.claim_at(4)
    model.upsert(store.set_verdict(unchecked.id, Verdict.DISPUTED))
    assert column_values(proxy, Column.VERDICT) == ["Disputed"] * 3 + ["Verified"] * 2
    assert [model.claim_at(r).start for r in range(3)] == sorted(
        model.claim_at(r).start for r in range(3)
    )
    assert proxy.claim_ids() == [c.id for c in model.claims()]

    proxy.sort(-1, Qt.SortOrder.AscendingOrder)  # no column: back to text order
    assert [c.start for c in model.claims()] == sorted(c.start for c in model.claims())


def test_quote_column_sorts_by_place_in_the_text(model: ClaimsTableModel) -> None:
    in_text_order = [c.id for c in model.claims()]
    model.sort(Column.QUOTE, Qt.SortOrder.DescendingOrder)
    assert [c.id for c in model.claims()] == in_text_order[::-1]
    model.sort(Column.QUOTE, Qt.SortOrder.AscendingOrder)
    assert [c.id for c in model.claims()] == in_text_order


def test_row_of_finds_every_claim_in_any_order(
    model: ClaimsTableModel, claims: list[ClaimRecord], store: Store
) -> None:
    def rows_agree() -> None:
        for row in range(model.rowCount()):
            assert model.row_of(model.claim_at(row).id) == row

    start = TEXT.index("Nobody disputes")
    added = store.create_claim(claims[0].document_id, start, start + 15)
    for column in Column:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            rows_agree()
            model.upsert(added)
            rows_agree()
            model.upsert(store.set_verdict(added.id, Verdict.DISPUTED))  # may move its row
            rows_agree()
            model.remove(added.id)
            assert model.row_of(added.id) is None
            rows_agree()


def test_review_column_shows_decisions_and_conflicts(
    qtmodeltester: ModelTester, store: Store, original_text: str, db_path: Path
) -> None:
    """After a review round trip the table shows each decision, and conflicts stand out."""
    from annotator.io.export import export_library
    from annotator.io.review_import import import_review

    doc = store.import_document("Original", original_text).document
    first = store.create_claim(doc.id, 0, 20)
    second = store.create_claim(doc.id, 30, 60)
    untouched = store.create_claim(doc.id, 100, 130)
    review = db_path.with_name("review.sqlite")
    export_library(store, "review", review)
    reviewer = sqlite3.connect(review)
    with reviewer:
        reviewer.execute("UPDATE claims SET review_status = 'approved', reviewer = 'rita', "
                         "review_note = 'Matches the wire copy' WHERE id = ?", (first.uuid,))
        reviewer.execute("UPDATE claims SET review_status = 'needs-work' WHERE id = ?",
                         (second.uuid,))
    reviewer.close()
    store.set_note(second.id, "edited after the export")
    import_review(store, review)

    model = ClaimsTableModel()
    model.set_claims(store.claims(doc.id))
    qtmodeltester.check(model)

    def review_cell(claim_id: int) -> tuple[str, str | None]:
        row = model.row_of(claim_id)
        assert row is not None
        index = model.index(row, Column.REVIEW)
        return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)

    text, tip = review_cell(first.id)
    assert text == "Approved"
    assert tip is not None and "rita" in tip and "Matches the wire copy" in tip
    text, tip = review_cell(second.id)
    assert "Needs work" in text and "conflict" in text
    assert tip is not None and "both" in tip
    assert review_cell(untouched.id) == ("", None)

    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text_filter("wire copy")  # the reviewer's note is searchable too
    assert proxy.claim_ids() == [first.id]
    model.sort(Column.REVIEW, Qt.SortOrder.AscendingOrder)
    assert model.claim_at(0).id == second.id  # conflicts first
    assert model.claim_at(2).id == untouched.id  # never reviewed last


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize(("column", "order"), [
    (-1, Qt.SortOrder.AscendingOrder),
    (Column.VERDICT, Qt.SortOrder.DescendingOrder),
    (Column.QUOTE, Qt.SortOrder.DescendingOrder),
])
def test_extend_adds_the_rest_in_the_order_shown_and_keeps_the_selection(
    qtmodeltester: ModelTester, claims: list[ClaimRecord], column: int, order: Qt.SortOrder,
) -> None:
    in_text = sorted(claims, key=lambda c: (c.start, c.end, c.id))
    model = ClaimsTableModel()
    model.set_claims(in_text[:2])  # the first screen of an article...
    model.sort(column, order)
    qtmodeltester.check(model)
    tracked = QPersistentModelIndex(model.index(model.row_of(in_text[1].id) or 0, 0))

    model.extend([in_text[2], in_text[1], in_text[3]])  # ...then the rest (one already shown)

    expected = ClaimsTableModel()
    expected.set_claims(in_text)
    expected.sort(column, order)
    assert [c.id for c in model.claims()] == [c.id for c in expected.claims()]
    assert tracked.isValid() and tracked.data(ClaimIdRole) == in_text[1].id
    assert all(model.row_of(c.id) == row for row, c in enumerate(model.claims()))
