"""Every claim of the library: full-text search, filters, and Enter to jump to the claim.

The panel only asks the controller (search_claims, library_counts); it re-asks, coalesced,
when the library changes while it is shown.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.library import UNREVIEWED, ClaimQuery, SearchResult
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.qt.claims_panel import ClaimsTableView
from annotator.qt.controller import Controller
from annotator.qt.library_claims.dashboard import DashboardView
from annotator.qt.library_claims.model import Column, LibraryClaimsModel
from annotator.qt.widgets import named

SEARCH_DELAY_MS = 200
VERDICT_CHOICES: tuple[tuple[str, Verdict | None], ...] = (
    ("Any verdict", None), ("Unchecked", Verdict.UNCHECKED), ("Verified", Verdict.VERIFIED),
    ("Disputed", Verdict.DISPUTED),
)
REVIEW_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Any review", None), ("Not reviewed", UNREVIEWED),
    ("Pending", ReviewStatus.PENDING.value), ("Approved", ReviewStatus.APPROVED.value),
    ("Rejected", ReviewStatus.REJECTED.value), ("Needs work", ReviewStatus.NEEDS_WORK.value),
)
DATE_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("Any time", None), ("Changed today", 0), ("In the last 7 days", 6),
    ("In the last 30 days", 29), ("In the last year", 364),
)


class LibraryClaimsPanel(QWidget):
    """Search line, filters, count and the table of claims found."""

    claimActivated = Signal(int, int)  # document id, claim id

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryClaimsPanel")
        self.controller = controller
        self.result: SearchResult | None = None

        self.search = named(QLineEdit(), "librarySearch")
        self.search.setPlaceholderText("Search quotes, notes, sources, article titles, or #7…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the library")
        self.verdict = self._combo("libraryVerdictFilter", "Verdict", VERDICT_CHOICES)
        self.review = self._combo("libraryReviewFilter", "Review status", REVIEW_CHOICES)
        self.conflict = named(QCheckBox("⚠ Conflicts"), "libraryConflictFilter")
        self.conflict.setToolTip("Only claims changed after they were exported for review")
        self.author = self._combo("libraryAuthorFilter", "Author", (("Anyone", None),))
        self.article = self._combo("libraryArticleFilter", "Article", (("All articles", None),))
        self.when = self._combo("libraryDateFilter", "Changed", DATE_CHOICES)
        self.count = named(QLabel(), "libraryClaimCount")

        self.model = LibraryClaimsModel(self)
        self.view = named(ClaimsTableView(), "libraryClaimsView")
        self.view.setModel(self.model)
        self.view.setAccessibleName("Claims across the library")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setToolTip("Enter or double-click opens the claim in its article")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in ((Column.ARTICLE, 160), (Column.QUOTE, 260), (Column.NOTE, 220),
                              (Column.VERDICT, 80), (Column.REVIEW, 90), (Column.AUTHOR, 80),
                              (Column.CHANGED, 120), (Column.NUMBER, 56)):
            header.resizeSection(column, width)
        # Article and number name a claim together (#7 counts within its article).
        header.moveSection(header.visualIndex(Column.NUMBER),
                           header.visualIndex(Column.ARTICLE) + 1)
        header.setSortIndicatorShown(False)
        self.view.activated.connect(self._activated)
        self.view.returnPressed.connect(self._activated)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for widget in (self.verdict, self.review, self.conflict, self.author, self.article,
                       self.when):
            filters.addWidget(widget)
        filters.addStretch(1)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        for combo in (self.verdict, self.review, self.author, self.article, self.when):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.conflict.toggled.connect(lambda _on: self.run_search())

    def _combo(self, name: str, label: str, choices: tuple[tuple[str, object], ...]
               ) -> QComboBox:
        combo = named(QComboBox(), name)
        combo.setAccessibleName(label)
        combo.setToolTip(label)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, value in choices:
            combo.addItem(text, value)
        return combo

    def focus_chain(self) -> list[QWidget]:
        return [self.search, self.verdict, self.review, self.conflict, self.author,
                self.article, self.when, self.view]

    # -- the query ---------------------------------------------------------------------

    def query(self) -> ClaimQuery:
        """What the search line and the filters ask for now."""
        verdict = self.verdict.currentData()
        review = self.review.currentData()
        author = self.author.currentData()
        article = self.article.currentData()
        days = self.when.currentData()
        since: date | None = None
        if days is not None:
            since = datetime.now(UTC).date() - timedelta(days=int(days))
        return ClaimQuery(
            text=self.search.text(),
            verdicts=frozenset({verdict}) if verdict is not None else frozenset(),
            review_statuses=frozenset({review}) if review is not None else frozenset(),
            conflict=True if self.conflict.isChecked() else None,
            authors=frozenset({author}) if author is not None else frozenset(),
            document_ids=frozenset({article}) if article is not None else frozenset(),
            changed_from=since,
        )

    def run_search(self) -> SearchResult | None:
        self._timer.stop()
        result = self.controller.search_claims(self.query())
        if result is None:
            return None
        self.result = result
        self.model.set_hits(result.hits)
        self.count.setText(result.describe().capitalize() if result.hits else "No claims found")
        return result

    def refresh_choices(self) -> None:
        """The authors and articles offered by the filters, keeping what is chosen."""
        _refill(self.author, "Anyone",
                [(name, name) for name in self.controller.claim_authors()])
        _refill(self.article, "All articles",
                [(d.title, d.id) for d in self.controller.list_documents()])

    def selected_claim_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [hit.claim.id for row in rows if (hit := self.model.hit_at(row)) is not None]

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        if hit is not None:
            self.claimActivated.emit(hit.claim.document_id, hit.claim.id)


class LibraryPane(QTabWidget):
    """The dock's content: the claims across the library, and the dashboard of counts."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.controller = controller
        self.claims = LibraryClaimsPanel(controller)
        self.dashboard = DashboardView()
        self.addTab(self.claims, "&Claims")
        self.addTab(self.dashboard, "C&ounts")
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        for signal in (controller.documentsChanged, controller.claimChanged,
                       controller.claimRemoved, controller.documentCountsChanged,
                       controller.sourcesChanged):
            signal.connect(self.schedule_refresh)

    def show_search(self) -> None:
        self.setCurrentWidget(self.claims)
        self.claims.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.claims.search.selectAll()

    def schedule_refresh(self, *_args: object) -> None:
        """Re-read soon if shown, else when next shown: a hidden pane costs nothing."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        self._stale = False
        self.claims.refresh_choices()
        self.claims.run_search()
        counts = self.controller.library_counts()
        if counts is not None:
            self.dashboard.set_counts(counts)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()


def show_beside(window: QMainWindow, dock: QDockWidget, neighbour: QDockWidget) -> None:
    """Show the dock; the first time, as a tab beside ``neighbour`` (the claims list), tall
    enough for a screenful of results. A tab bar appears only then."""
    if dock.isHidden() and not dock.isFloating():
        window.tabifyDockWidget(neighbour, dock)
        dock.show()
        window.resizeDocks([dock], [max(dock.height(), window.height() * 2 // 5)],
                           Qt.Orientation.Vertical)
    dock.show()
    dock.raise_()


def _refill(combo: QComboBox, everyone: str, items: list[tuple[str, object]]) -> None:
    chosen = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(everyone, None)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(False)
