"""The claims list beside the article: text and verdict filters over a sortable table.

``currentClaimChanged`` reports only what the user does in the table (click, arrow keys);
changes made through the methods here (new claims, removals, filters, ``select_claim``)
never emit it, so the panel and the article view can follow each other without loops. When
such a change hides the current claim, the table drops its current row instead of picking
a neighbour.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import ClaimRecord
from annotator.domain.review import ReviewFilter
from annotator.domain.verdict import Verdict
from annotator.qt.claims_model import ClaimIdRole, ClaimsFilterProxy, ClaimsTableModel, Column

VERDICT_CHOICES: tuple[tuple[str, Verdict | None], ...] = (
    ("All", None),
    ("Unchecked", Verdict.UNCHECKED),
    ("Verified", Verdict.VERIFIED),
    ("Disputed", Verdict.DISPUTED),
)


class ClaimsTableView(QTableView):
    """The claims table; Enter/Return on a current row reports that row (returnPressed).

    A keyPressEvent override rather than an event filter: a filter runs Python for every
    event the table gets, among them one per change of each claim action added to it.
    """

    returnPressed = Signal(object)  # the current row's index

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                self.returnPressed.emit(index)
                event.accept()
                return
        super().keyPressEvent(event)


class ClaimsPanel(QWidget):
    """Filter line, verdict choice, claim count and the claims table."""

    currentClaimChanged = Signal(object)  # int, or None when no row is current
    claimActivated = Signal(int)  # double-click or Enter/Return on a row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsPanel")
        self._quiet = 0
        self._last: int | None = None

        self.model = ClaimsTableModel(self)
        self.proxy = ClaimsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("claimFilter")
        self.filter_edit.setPlaceholderText("Filter quotes and notes, or #7")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter claims")

        self.verdict_combo = QComboBox(self)
        self.verdict_combo.setObjectName("verdictFilter")
        self.verdict_combo.setAccessibleName("Verdict filter")
        for label, verdict in VERDICT_CHOICES:
            self.verdict_combo.addItem(label, None if verdict is None else verdict.value)

        self.review_combo = QComboBox(self)
        self.review_combo.setObjectName("reviewFilter")
        self.review_combo.setAccessibleName("Review filter")
        for review in ReviewFilter:
            self.review_combo.addItem(review.label, review.value)
        # Its labels are long; it must not widen the dock under a narrow article.
        self.review_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.review_combo.setMinimumContentsLength(6)
        self.attention_check = QCheckBox("Needs attention", self)
        self.attention_check.setObjectName("attentionFilter")
        self.attention_check.setAccessibleName("Only claims that need attention")
        self.attention_check.setToolTip(
            "Only claims whose words were edited, lost or doubled by a new version")

        self.count_label = QLabel(self)
        self.count_label.setObjectName("claimCount")

        self.view = ClaimsTableView(self)
        self.view.setObjectName("claimsView")
        self.view.setAccessibleName("Claims")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._setup_headers()
        # Text order first; without this, enabling sorting sorts by Quote *descending*.
        self.view.horizontalHeader().setSortIndicator(Column.QUOTE, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.verdict_combo)
        top.addWidget(self.review_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        # The attention filter sits under the table: on the filter row it would widen the
        # pane under a narrow article.
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.attention_check)
        layout.addLayout(bottom)

        self.filter_edit.textChanged.connect(self._on_text_filter)
        self.verdict_combo.currentIndexChanged.connect(self._on_verdict_filter)
        self.review_combo.currentIndexChanged.connect(self._on_review_filter)
        self.attention_check.toggled.connect(self._on_attention_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.doubleClicked.connect(self._activate_row)
        self.view.returnPressed.connect(self._activate_row)
        self._update_count()

    def focus_chain(self) -> list[QWidget]:
        """Tab order: the table first (what Tab from the article is after), then filters."""
        return [self.view, self.filter_edit, self.verdict_combo, self.review_combo,
                self.attention_check]

    def _setup_headers(self) -> None:
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        metrics = self.view.fontMetrics()
        pad = 2 * metrics.horizontalAdvance("M")  # cell margins and the sort arrow
        widths = {
            Column.VERDICT: metrics.horizontalAdvance("Unchecked") + metrics.height() + pad,
            Column.SOURCES: metrics.horizontalAdvance("Sources") + pad,
            Column.AUTHOR: metrics.horizontalAdvance("an editor") + pad,
            Column.MODIFIED: metrics.horizontalAdvance("2026-12-31 23:59") + pad,
            Column.REVIEW: metrics.horizontalAdvance("Needs work") + pad,
            Column.PLACE: metrics.horizontalAdvance("⚠ Ambiguous") + pad,
            Column.NUMBER: metrics.horizontalAdvance("#9999") + pad,
        }
        header.setMinimumSectionSize(metrics.horizontalAdvance("Quote") + pad)
        # Where the claim sits in the current version (a badge, empty for most claims) is
        # read with the quote, and stays in sight in a narrow pane.
        header.moveSection(header.visualIndex(Column.PLACE), header.visualIndex(Column.QUOTE) + 1)
        # The claim's number (#7) comes first, as it is written in exports and review files.
        header.moveSection(header.visualIndex(Column.NUMBER), 0)
        for column, width in widths.items():
            header.resizeSection(column, width)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 8)

    # -- content ------------------------------------------------------------------

    def set_claims(self, claims: Sequence[ClaimRecord]) -> None:
        with self._programmatic():
            self.model.set_claims(claims)

    def add_claims(self, claims: Sequence[ClaimRecord]) -> None:
        with self._programmatic():
            self.model.extend(claims)

    def upsert_claim(self, claim: ClaimRecord) -> None:
        with self._programmatic():
            self.model.upsert(claim)

    def remove_claim(self, claim_id: int) -> None:
        with self._programmatic():
            self.model.remove(claim_id)

    def select_claim(self, claim_id: int | None) -> bool:
        """Make a claim the current row and scroll to it, without emitting any signal.

        False (and no current row) when the claim is unknown or hidden by the filters.
        """
        with self._programmatic(keep=False):
            index = self._proxy_index(claim_id)
            selection = self.view.selectionModel()
            if not index.isValid():
                selection.clear()
                return False
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
            return True

    def current_claim_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ClaimIdRole) if index.isValid() else None

    def visible_claim_ids(self) -> list[int]:
        """Ids of the rows the filters let through, in the table's (sorted) order."""
        return self.proxy.claim_ids()

    # -- internals ----------------------------------------------------------------

    def _proxy_index(self, claim_id: int | None) -> QModelIndex:
        row = None if claim_id is None else self.model.row_of(claim_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, 0))

    @contextmanager
    def _programmatic(self, *, keep: bool = True) -> Iterator[None]:
        """Silence currentClaimChanged; with ``keep`` (rows or filters change), the current
        claim stays current if still shown, else the table has no current row (Qt would pick
        a neighbour), and the count is redone. ``keep=False``: only the current row moves."""
        before = self.current_claim_id() if keep else None
        self._quiet += 1
        try:
            yield
            if keep and self.current_claim_id() != before:
                index = self._proxy_index(before)
                selection = self.view.selectionModel()
                if index.isValid():
                    selection.setCurrentIndex(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                else:
                    selection.clear()
        finally:
            self._quiet -= 1
            self._last = self.current_claim_id()
            if keep:
                self._update_count()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        claim_id = current.data(ClaimIdRole) if current.isValid() else None
        if claim_id != self._last:
            self._last = claim_id
            self.currentClaimChanged.emit(claim_id)

    def _on_text_filter(self, text: str) -> None:
        with self._programmatic():
            self.proxy.set_text_filter(text)

    def _on_verdict_filter(self, _index: int) -> None:
        value = self.verdict_combo.currentData()
        with self._programmatic():
            self.proxy.set_verdict_filter(None if value is None else Verdict(value))

    def set_review_filter(self, review: ReviewFilter) -> None:
        self.review_combo.setCurrentIndex(self.review_combo.findData(ReviewFilter(review).value))

    def _on_review_filter(self, _index: int) -> None:
        value = self.review_combo.currentData()
        with self._programmatic():
            self.proxy.set_review_filter(ReviewFilter(value or ReviewFilter.ALL))

    def _on_attention_filter(self, on: bool) -> None:
        with self._programmatic():
            self.proxy.set_attention_filter(on)

    def _activate_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.claimActivated.emit(index.data(ClaimIdRole))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "claim" if total == 1 else "claims"
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.model.refresh_decorations()
        super().changeEvent(event)
