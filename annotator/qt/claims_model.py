"""The claims of one article as a table: a plain list of ClaimRecord, in text order by default.

The model owns no state beyond that list and its sort order; ``upsert``/``remove`` translate
changes of it into the row signals views and proxies need. :class:`ClaimsFilterProxy` filters
by verdict and by a case-insensitive substring of quote or note, or by a claim number
(``#7``, the claim's number in its article, shown in the "#" column).

Sorting happens in the model, with Python keys: a QSortFilterProxyModel sorting 10k rows asks
``data()`` (a Python call) twice per comparison and took over a second. The proxy passes
``sort()`` on to the model and keeps its rows in the model's order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QGuiApplication

from annotator.domain.anchor import AnchorState
from annotator.domain.claim_number import parse_claim_label
from annotator.domain.records import ClaimRecord
from annotator.domain.review import ReviewFilter
from annotator.domain.verdict import ReviewStatus, Verdict
from annotator.qt.style import verdict_color

ClaimIdRole = Qt.ItemDataRole.UserRole + 1
"""int: the claim's id, on every column."""
VerdictRole = Qt.ItemDataRole.UserRole + 2
"""Verdict: the claim's verdict, on every column."""
SearchTextRole = Qt.ItemDataRole.UserRole + 3
"""str: quote, note and reviewer's note, casefolded, for the text filter."""
SortRole = Qt.ItemDataRole.UserRole + 4
"""A sort key for the column: text position, verdict order, int, casefolded str, ISO time."""
AnchorStateRole = Qt.ItemDataRole.UserRole + 5
"""str: the AnchorState value (how the claim sits in the current version), on every column."""
ClaimNumberRole = Qt.ItemDataRole.UserRole + 6
"""int: the claim's number in its article (#7), on every column."""

QUOTE_LENGTH = 160
"""Display length of a quote in the table; the tooltip has all of it."""

_VERDICT_ORDER = {v: i for i, v in enumerate(Verdict)}
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)  # combined once: views ask for every cell on every repaint

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    QUOTE = 0
    VERDICT = 1
    SOURCES = 2
    AUTHOR = 3
    MODIFIED = 4
    REVIEW = 5
    PLACE = 6
    NUMBER = 7  # shown first (claims_panel moves it); last here so the others keep their index


HEADERS = {
    Column.QUOTE: "Quote",
    Column.VERDICT: "Verdict",
    Column.SOURCES: "Sources",
    Column.AUTHOR: "Author",
    Column.MODIFIED: "Modified",
    Column.REVIEW: "Review",
    Column.PLACE: "Place",
    Column.NUMBER: "#",
}


TextKey = tuple[int, int, int]
SortKey = tuple[Any, TextKey]
"""(the column's value, text order): claims with equal values stay in text order."""


def _text_order(claim: ClaimRecord) -> TextKey:
    return (claim.start, claim.end, claim.id)


SORT_VALUES: dict[Column, Callable[[ClaimRecord], Any]] = {
    Column.QUOTE: _text_order,  # sorting by quote is sorting by place in the article
    Column.VERDICT: lambda c: _VERDICT_ORDER[c.verdict],
    Column.SOURCES: lambda c: c.source_count,
    Column.AUTHOR: lambda c: c.author.casefold(),
    Column.MODIFIED: lambda c: c.modified_at,
    Column.REVIEW: lambda c: _review_order(c),
    Column.PLACE: lambda c: _place_order(c),
    Column.NUMBER: lambda c: c.number,
}

_PLACE_ORDER = {state: i for i, state in enumerate(
    (AnchorState.ORPHANED, AnchorState.AMBIGUOUS, AnchorState.FUZZY, AnchorState.MOVED,
     AnchorState.ANCHORED))}


def _place_order(claim: ClaimRecord) -> int:
    """Claims that need attention first: orphaned, ambiguous, fuzzy."""
    return _PLACE_ORDER[claim.anchor_state]


PLACE_TIPS = {
    AnchorState.ANCHORED: "",
    AnchorState.MOVED: "The text changed around the claim; its words are intact.",
    AnchorState.FUZZY: "The claim's words were edited in the new version: check that it "
                       "still says what you checked, or re-attach it.",
    AnchorState.ORPHANED: "The claim's words are gone from the current version: select the "
                          "right words and re-attach it.",
    AnchorState.AMBIGUOUS: "The new version holds the claim's words in several equally "
                           "likely places: select the right one and re-attach it.",
}


def place_text(claim: ClaimRecord) -> str:
    """What the Place column shows: nothing for an anchored claim, a badge otherwise."""
    state = claim.anchor_state
    if state is AnchorState.ANCHORED:
        return ""
    label = state.value.capitalize()
    return f"⚠ {label}" if state.needs_attention else label


_REVIEW_ORDER = {status: i for i, status in enumerate(ReviewStatus)}


def _review_order(claim: ClaimRecord) -> tuple[int, int]:
    """Conflicts first, then by decision; claims never reviewed last."""
    if claim.review_status is None:
        return (2, 0)
    return (0 if claim.review_conflict else 1, _REVIEW_ORDER[claim.review_status])


def review_text(claim: ClaimRecord) -> str:
    """What the Review column shows: the reviewer's decision, and whether it conflicts."""
    if claim.review_status is None:
        return ""
    label = claim.review_status.value.replace("-", " ").capitalize()
    return f"⚠ {label} (conflict)" if claim.review_conflict else label


def review_tooltip(claim: ClaimRecord) -> str | None:
    if claim.review_status is None:
        return None
    lines = [f"Reviewer's decision: {review_text(claim)}"]
    if claim.reviewer:
        lines.append(f"Reviewer: {claim.reviewer}")
    if claim.review_note:
        lines.append(f"Reviewer's note: {claim.review_note}")
    if claim.review_conflict:
        lines.append("The claim was changed after it was exported for review; both the "
                     "reviewer's decision and your edit are kept.")
    return "\n".join(lines)


def one_line(text: str, limit: int) -> str:
    """The text on one line, cut with an ellipsis past ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class ClaimsTableModel(QAbstractTableModel):
    """One row per claim, in text order (start, end, id) until :meth:`sort` says otherwise."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._claims: list[ClaimRecord] = []
        self._keys: list[SortKey] = []  # the sort key of each row, in row order
        self._key_of: dict[int, SortKey] = {}  # claim id -> its row's sort key
        self._sort_column = Column.QUOTE
        self._descending = False

    # -- the list -----------------------------------------------------------------

    def claims(self) -> list[ClaimRecord]:
        """The claims in row order."""
        return list(self._claims)

    def claim_at(self, row: int) -> ClaimRecord:
        return self._claims[row]

    def row_of(self, claim_id: int) -> int | None:
        key = self._key_of.get(claim_id)
        if key is None:
            return None
        if not self._descending:  # keys are unique (they end with the id) and ascending
            return bisect_left(self._keys, key)
        for row, claim in enumerate(self._claims):
            if claim.id == claim_id:
                return row
        return None

    def set_claims(self, claims: Sequence[ClaimRecord]) -> None:
        self.beginResetModel()
        self._claims = list(claims)
        self._order()
        self.endResetModel()

    def extend(self, claims: Sequence[ClaimRecord]) -> None:
        """Add claims not shown yet (the rest of a big article, read after its first screen):
        appended as rows, then moved to their places if the order wants them elsewhere."""
        keyed = sorted((self._key(c), c) for c in claims if c.id not in self._key_of)
        if not keyed:  # (keys are unique: they end with the claim's id)
            return
        keys = [key for key, _ in keyed]
        new = [claim for _, claim in keyed]
        in_place = not self._descending and (not self._keys or keys[0] > self._keys[-1])
        first = len(self._claims)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._claims.extend(new)
        self._keys.extend(keys)
        self._key_of.update((c.id, k) for c, k in zip(new, keys, strict=True))
        self.endInsertRows()
        if not in_place:
            self._relayout()

    def _key(self, claim: ClaimRecord) -> SortKey:
        return (SORT_VALUES[self._sort_column](claim), _text_order(claim))

    def _order(self) -> None:
        """Sort the list: by text order, then (stable) by the column's value."""
        self._claims.sort(key=_text_order)
        if self._sort_column != Column.QUOTE or self._descending:
            value = SORT_VALUES[self._sort_column]
            self._claims.sort(key=value, reverse=self._descending)
        self._keys = [self._key(c) for c in self._claims]
        self._key_of = {c.id: k for c, k in zip(self._claims, self._keys, strict=True)}

    def _row_for(self, key: SortKey) -> int:
        """Where a row with this key belongs in the current order."""
        if not self._descending:
            return bisect_left(self._keys, key)
        value, text = key
        for row, (other_value, other_text) in enumerate(self._keys):
            if other_value < value or (other_value == value and other_text > text):
                return row
        return len(self._keys)

    def upsert(self, claim: ClaimRecord) -> None:
        """Insert a new claim at its place, or update one (moving its row if it moved)."""
        old_row = self.row_of(claim.id)
        key = self._key(claim)
        if old_row is None:
            row = self._row_for(key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._claims.insert(row, claim)
            self._keys.insert(row, key)
            self._key_of[claim.id] = key
            self.endInsertRows()
            return
        old_key = self._keys.pop(old_row)
        new_row = self._row_for(key)
        self._keys.insert(old_row, old_key)
        if new_row != old_row:
            # beginMoveRows wants the destination as a row of the list *before* the move.
            destination = new_row if new_row < old_row else new_row + 1
            self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)
            del self._claims[old_row]
            del self._keys[old_row]
            self._claims.insert(new_row, claim)
            self._keys.insert(new_row, key)
            self.endMoveRows()
        else:
            self._claims[old_row] = claim
            self._keys[old_row] = key
        self._key_of[claim.id] = key
        self.dataChanged.emit(
            self.index(new_row, 0), self.index(new_row, len(Column) - 1)
        )

    def remove(self, claim_id: int) -> None:
        row = self.row_of(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._claims[row]
        del self._keys[row]
        del self._key_of[claim_id]
        self.endRemoveRows()

    def sort_column(self) -> Column:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by a column (-1: text order); persistent indexes follow."""
        sort_column = Column(column) if 0 <= column < len(Column) else Column.QUOTE
        descending = column >= 0 and order == Qt.SortOrder.DescendingOrder
        if (sort_column, descending) == (self._sort_column, self._descending):
            return
        self._sort_column, self._descending = sort_column, descending
        self._relayout()

    def _relayout(self) -> None:
        """Put every row in the current order; persistent indexes follow."""
        self.layoutAboutToBeChanged.emit()
        old_ids = [c.id for c in self._claims]
        self._order()
        new_rows = {c.id: row for row, c in enumerate(self._claims)}
        before = self.persistentIndexList()
        after = [self.index(new_rows[old_ids[i.row()]], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def refresh_decorations(self) -> None:
        """The palette changed: the verdict swatches need repainting."""
        if self._claims:
            self.dataChanged.emit(
                self.index(0, Column.VERDICT),
                self.index(len(self._claims) - 1, Column.VERDICT),
                [Qt.ItemDataRole.DecorationRole],
            )

    # -- Qt model interface -------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.QUOTE:
            return "Sorts by position in the article"
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.NUMBER:
            return ("The claim's number in this article, the same in exports, review files and "
                    "the command line; type #7 in the filter to find it")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._claims):
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(claim, column)
        if role == ClaimIdRole:
            return claim.id
        if role == ClaimNumberRole:
            return claim.number
        if role == VerdictRole:
            return claim.verdict
        if role == SearchTextRole:
            return f"{claim.exact}\n{claim.note}\n{claim.review_note}".casefold()
        if role == SortRole:
            return self._sort_key(claim, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.REVIEW:
            return review_tooltip(claim)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.PLACE:
            return PLACE_TIPS[claim.anchor_state] or None
        if role == AnchorStateRole:
            return claim.anchor_state.value
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = claim.exact
            if claim.note:
                tip += f"\n\nNote: {claim.note}"
            return tip
        if role == Qt.ItemDataRole.DecorationRole and column == Column.VERDICT:
            return verdict_color(claim.verdict, QGuiApplication.palette())
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SOURCES,
                                                                    Column.NUMBER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.VERDICT:
            return claim.verdict.value.capitalize()
        return None

    @staticmethod
    def _display(claim: ClaimRecord, column: int) -> str | int | None:
        if column == Column.QUOTE:
            return one_line(claim.exact, QUOTE_LENGTH)
        if column == Column.VERDICT:
            return claim.verdict.value.capitalize()
        if column == Column.SOURCES:
            return claim.source_count
        if column == Column.AUTHOR:
            return claim.author
        if column == Column.MODIFIED:
            return claim.modified_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == Column.REVIEW:
            return review_text(claim)
        if column == Column.PLACE:
            return place_text(claim)
        if column == Column.NUMBER:
            return claim.label
        return None

    @staticmethod
    def _sort_key(claim: ClaimRecord, column: int) -> object:
        if column == Column.QUOTE:
            # Text order, as one zero-padded string: QVariant compares it as a plain string.
            return f"{claim.start:012d}:{claim.end:012d}:{claim.id:012d}"
        if column == Column.VERDICT:
            return _VERDICT_ORDER[claim.verdict]
        if column == Column.SOURCES:
            return claim.source_count
        if column == Column.AUTHOR:
            return claim.author.casefold()
        if column == Column.MODIFIED:
            return claim.modified_at.isoformat()
        if column == Column.REVIEW:
            return "{}:{}".format(*_review_order(claim))
        if column == Column.PLACE:
            return _place_order(claim)
        if column == Column.NUMBER:
            return claim.number
        return None


class ClaimsFilterProxy(QSortFilterProxyModel):
    """Verdict and text filters over a ClaimsTableModel, rows in the model's order.

    ``sort()`` sorts the source model (see the module docstring); over any other model this
    proxy sorts as usual, by :data:`SortRole`.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._verdict: Verdict | None = None
        self._review = ReviewFilter.ALL
        self._text = ""
        self._number: int | None = None  # the text filter names a claim number (#7)
        self._attention = False
        self._claims_model: ClaimsTableModel | None = None  # the source, when it is one
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def verdict_filter(self) -> Verdict | None:
        return self._verdict

    def text_filter(self) -> str:
        return self._text

    def set_verdict_filter(self, verdict: Verdict | None) -> None:
        verdict = None if verdict is None else Verdict(verdict)
        if verdict != self._verdict:
            self.beginFilterChange()
            self._verdict = verdict
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def review_filter(self) -> ReviewFilter:
        return self._review

    def set_review_filter(self, review: ReviewFilter) -> None:
        review = ReviewFilter(review)
        if review != self._review:
            self.beginFilterChange()
            self._review = review
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def attention_filter(self) -> bool:
        return self._attention

    def set_attention_filter(self, on: bool) -> None:
        """Show only claims that need attention (fuzzy, orphaned, ambiguous)."""
        if bool(on) != self._attention:
            self.beginFilterChange()
            self._attention = bool(on)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text_filter(self, text: str) -> None:
        folded = text.strip().casefold()
        if folded != self._text:
            self.beginFilterChange()
            self._text = folded
            self._number = parse_claim_label(folded)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, claim: ClaimRecord) -> bool:
        """Whether the filters let this claim through."""
        if self._verdict is not None and claim.verdict != self._verdict:
            return False
        if not self._review.accepts(claim):
            return False
        if self._attention and not claim.anchor_state.needs_attention:
            return False
        if self._number is not None:
            return claim.number == self._number
        text = self._text
        return not text or any(text in field.casefold()
                               for field in (claim.exact, claim.note, claim.review_note))

    def claim_ids(self) -> list[int]:
        """Ids of the rows shown, in row order (without a Qt call per row)."""
        if self._claims_model is not None:
            return [c.id for c in self._claims_model.claims() if self.accepts(c)]
        return [self.index(row, 0).data(ClaimIdRole) for row in range(self.rowCount())]

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._claims_model = model if isinstance(model, ClaimsTableModel) else None
        super().setSourceModel(model)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._claims_model is not None:
            self._claims_model.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._claims_model is not None:
            return self.accepts(self._claims_model.claim_at(source_row))
        model = self.sourceModel()
        if model is None:
            return False
        index = model.index(source_row, 0, source_parent)
        if self._verdict is not None and model.data(index, VerdictRole) != self._verdict:
            return False
        if self._attention and not AnchorState(model.data(index, AnchorStateRole)).needs_attention:
            return False
        if self._number is not None:
            return bool(model.data(index, ClaimNumberRole) == self._number)
        return not self._text or self._text in model.data(index, SearchTextRole)
