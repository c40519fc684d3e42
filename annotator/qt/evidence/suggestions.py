"""Check-worthy sentence suggestions drawn as faint dotted outlines in the article.

The sentences are scored off the GUI thread (one private pool thread; a newer article drops
the answer for an older one) and only the marks in view are drawn on each repaint, so a long
article costs nothing while scrolling. S / Shift+S step through the open suggestions, A
accepts the current one as a claim (the controller's one undoable Create claim), X dismisses
it. Dismissals are kept in QSettings under the article's uuid, one key per sentence (see
``sentence_key``), so they survive a restart and a new version that moved the sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen

from annotator.evidence.checkworthy import Suggestion, suggest
from annotator.evidence.open_suggestions import open_suggestions, sentence_key

if TYPE_CHECKING:
    from annotator.domain.records import DocumentRecord
    from annotator.qt.main_window import MainWindow

SHOWN_KEY = "view/suggestions"
DISMISSED_GROUP = "suggestions/dismissed"
MARK = QColor(128, 128, 128, 150)  # faint grey dots: not a verdict colour
CURRENT_MARK = QColor(90, 90, 200, 220)


class SuggestionSettings:
    """Whether marks are shown, and the dismissed sentences of each article."""

    def __init__(self, qsettings: QSettings) -> None:
        self._qs = qsettings

    @property
    def shown(self) -> bool:
        value = self._qs.value(SHOWN_KEY)
        return value is None or str(value).lower() in ("true", "1")

    @shown.setter
    def shown(self, value: bool) -> None:
        self._qs.setValue(SHOWN_KEY, bool(value))

    def dismissed(self, document_uuid: str) -> set[str]:
        value = self._qs.value(f"{DISMISSED_GROUP}/{document_uuid}")
        return set(str(value).split()) if value else set()

    def dismiss(self, document_uuid: str, key: str) -> None:
        keys = self.dismissed(document_uuid) | {key}
        # One space-separated string: an .ini list of one item would come back as a string.
        self._qs.setValue(f"{DISMISSED_GROUP}/{document_uuid}", " ".join(sorted(keys)))
        self._qs.sync()


class _Signals(QObject):
    scored = Signal(int, object)  # request, list[Suggestion]


class _Job(QRunnable):
    def __init__(self, signals: _Signals, request: int, text: str) -> None:
        super().__init__()
        self.signals = signals
        self.request = request
        self.text = text

    def run(self) -> None:
        self.signals.scored.emit(self.request, suggest(self.text))


class SuggestionMarks(QObject):
    """Computes, draws and acts on the suggestions of the article open in ``window``."""

    changed = Signal()  # the open suggestions changed (scored, accepted, dismissed, hidden)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.view = window.article.view
        self.settings = SuggestionSettings(window.settings.qsettings)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.scored.connect(self._scored)
        self._request = 0
        self._document: DocumentRecord | None = None
        self._scored_for: int | None = None  # the request whose answer _all holds
        self._all: list[Suggestion] = []
        self._open: list[Suggestion] = []
        self._marks: list[tuple[int, int]] = []  # UTF-16, like _open
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._current: int | None = None  # index into _open

        self.toggle = window.action("showSuggestions")
        self.toggle.setChecked(self.settings.shown)
        self.toggle.toggled.connect(self.set_shown)
        for name, slot in (("nextSuggestion", lambda: self.step(1)),
                           ("previousSuggestion", lambda: self.step(-1)),
                           ("acceptSuggestion", self.accept),
                           ("dismissSuggestion", self.dismiss)):
            window.action(name).triggered.connect(lambda _=False, slot=slot: slot())
        c = self.controller
        c.documentOpened.connect(self._opened)
        for signal in (c.claimsReset, c.claimsAppended, c.claimChanged, c.claimRemoved):
            signal.connect(self._refilter)
        self.view.add_overlay(self._paint)
        if c.document is not None:
            self._opened(c.document)

    # -- state ---------------------------------------------------------------------

    @property
    def shown(self) -> bool:
        return self.toggle.isChecked()

    def suggestions(self) -> list[Suggestion]:
        """The open suggestions of the article (empty while hidden or being scored)."""
        return list(self._open) if self.shown else []

    def current(self) -> Suggestion | None:
        if not self.shown or self._current is None:
            return None
        return self._open[self._current]

    def is_scoring(self) -> bool:
        return self._document is not None and self._scored_for != self._request

    def set_shown(self, shown: bool) -> None:
        self.settings.shown = shown
        if shown and self._document is not None and self._scored_for is None:
            self._score()
        self.changed.emit()
        self.view.viewport().update()

    def stop(self) -> None:
        """Drop waiting work and wait for the running one (before the window goes)."""
        self._pool.clear()
        self._pool.waitForDone()

    # -- scoring -------------------------------------------------------------------

    def _opened(self, document: DocumentRecord | None) -> None:
        self._document = document
        self._request += 1
        self._scored_for = None
        self._all, self._current = [], None
        self._refilter()
        if document is not None and self.shown:
            # After the article's first paint: scoring a long text on the worker thread
            # holds the interpreter lock in turns with the paint and would slow it down.
            request = self._request
            QTimer.singleShot(0, self, lambda: self._score_if(request))

    def _score_if(self, request: int) -> None:
        if request == self._request and self._document is not None:  # still that article
            self._score()

    def _score(self) -> None:
        assert self._document is not None
        self._pool.clear()
        self._pool.start(_Job(self._signals, self._request, self._document.text))

    def _scored(self, request: int, found: list[Suggestion]) -> None:
        if request != self._request:
            return  # an article no longer open
        self._scored_for = request
        self._all = found
        self._refilter()

    def _refilter(self, *_args: object) -> None:
        """Recompute the open suggestions, keeping the current one when it is still open."""
        current = self.current()
        document = self._document
        if document is None:
            self._open = []
        else:
            claims = [(c.start, c.end) for c in self.controller.claims() if c.placed]
            self._open = open_suggestions(self._all, claims,
                                          self.settings.dismissed(document.uuid))
        view = self.view
        self._marks = [(view.to_utf16(s.start), view.to_utf16(s.end)) for s in self._open]
        self._starts = [start for start, _ in self._marks]
        self._ends = [end for _, end in self._marks]
        self._current = None
        if current is not None:
            starts = [s.start for s in self._open]
            i = bisect_left(starts, current.start)
            if i < len(starts) and starts[i] == current.start:
                self._current = i
        self.changed.emit()
        view.viewport().update()

    # -- drawing -------------------------------------------------------------------

    def _paint(self, painter: QPainter) -> None:
        if not self.shown or not self._marks:
            return
        first, last = self.view.visible_range()
        lo = bisect_right(self._ends, first)
        hi = bisect_right(self._starts, last)
        pen = QPen(MARK)
        pen.setStyle(Qt.PenStyle.DotLine)
        pen.setWidthF(1.0)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i in range(lo, hi):
            current = i == self._current
            pen.setColor(CURRENT_MARK if current else MARK)
            pen.setStyle(Qt.PenStyle.DashLine if current else Qt.PenStyle.DotLine)
            pen.setWidthF(1.5 if current else 1.0)
            painter.setPen(pen)
            for rect in self.view.range_rects(*self._marks[i]):
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    # -- keys ----------------------------------------------------------------------

    def _usable(self) -> bool:
        if not self.shown:
            self.window.show_status("Suggestions are hidden: View → Check-worthy "
                                    "suggestions shows them.", 4000)
            return False
        if self.is_scoring():
            self.window.show_status("Still looking for check-worthy sentences…", 3000)
            return False
        return True

    def step(self, step: int) -> Suggestion | None:
        """Make the next (or previous) open suggestion current, from the current one or
        else from the text cursor, and scroll to it."""
        if not self._usable():
            return None
        if not self._open:
            self.window.show_status("No check-worthy sentences to suggest here.", 3000)
            return None
        starts = self._starts
        if self._current is not None:
            target = self._current + step
        else:
            position = self.view.textCursor().position()
            target = bisect_left(starts, position) if step > 0 else \
                bisect_left(starts, position) - 1
        if not 0 <= target < len(self._open):
            where = "below" if step > 0 else "above"
            self.window.show_status(f"No more suggestions {where}.", 3000)
            return None
        return self._select(target)

    def _select(self, index: int) -> Suggestion:
        self._current = index
        cursor = self.view.textCursor()
        cursor.setPosition(self._marks[index][0])  # no selection: the mark shows instead
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.view.viewport().update()
        self.changed.emit()
        self.window.show_status("Suggested: A accepts it as a claim, X dismisses it, "
                                "S goes to the next.", 4000)
        return self._open[index]

    def _current_or_hint(self) -> Suggestion | None:
        if not self._usable():
            return None
        suggestion = self.current()
        if suggestion is None:
            self.window.show_status("Press S to go to a suggested sentence first.", 3000)
        return suggestion

    def accept(self) -> int | None:
        """Create a claim on the current suggestion (one undoable step); returns its id."""
        suggestion = self._current_or_hint()
        if suggestion is None:
            return None
        index = self._current
        claim = self.controller.create_claim(suggestion.start, suggestion.end)
        if claim is None:
            return None
        self._follow(index)
        self.window.show_status("Claim created from the suggestion; Ctrl+Z undoes it.", 4000)
        return claim.id

    def dismiss(self) -> bool:
        """Hide the current suggestion in this article, for good."""
        suggestion = self._current_or_hint()
        if suggestion is None or self._document is None:
            return False
        index = self._current
        self.settings.dismiss(self._document.uuid, sentence_key(suggestion.text))
        self._refilter()
        self._follow(index)
        self.window.show_status("Suggestion dismissed.", 3000)
        return True

    def _follow(self, index: int | None) -> None:
        """After the current suggestion went away, the one after it becomes current."""
        if index is not None and index < len(self._open) and self._current is None:
            self._current = index
            self.view.viewport().update()
            self.changed.emit()
