"""A small dashboard: claims by verdict and by review status, per article and in total."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from annotator.domain.library import REVIEW_FILTERS, UNREVIEWED, DocumentCounts, LibraryCounts
from annotator.domain.verdict import Verdict

VERDICT_HEADERS = {Verdict.UNCHECKED: "Unchecked", Verdict.VERIFIED: "Verified",
                   Verdict.DISPUTED: "Disputed"}
REVIEW_HEADERS = {UNREVIEWED: "Not reviewed", "pending": "Pending", "approved": "Approved",
                  "rejected": "Rejected", "needs-work": "Needs work"}
HEADERS = ["Article", "Claims", *VERDICT_HEADERS.values(),
           *(REVIEW_HEADERS[r] for r in REVIEW_FILTERS), "⚠ Conflicts"]
TOTAL_ROW = "All articles"


class DashboardView(QTableWidget):
    """Read-only counts; the first row totals the library."""

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setObjectName("libraryDashboard")
        self.setAccessibleName("Claim counts by article")
        self.setHorizontalHeaderLabels(HEADERS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def set_counts(self, counts: LibraryCounts) -> None:
        rows = [(TOTAL_ROW, counts.total, counts.verdicts, counts.reviews, counts.conflicts)]
        rows += [_row(d) for d in counts.documents]
        self.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, (title, total, verdicts, reviews, conflicts) in enumerate(rows):
            values = [total, *(verdicts.get(v, 0) for v in VERDICT_HEADERS),
                      *(reviews.get(r, 0) for r in REVIEW_FILTERS), conflicts]
            cells = [title, *(str(v) for v in values)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row == 0:
                    item.setFont(bold)
                self.setItem(row, column, item)

    def cell_text(self, row: int, header: str) -> str:
        item = self.item(row, HEADERS.index(header))
        return item.text() if item is not None else ""


def _row(counts: DocumentCounts) -> tuple[str, int, dict[Verdict, int], dict[str, int], int]:
    return counts.title, counts.total, counts.verdicts, counts.reviews, counts.conflicts
