"""A big article opens in two steps: the text with the claims of its first screen is painted
first, the rest of its claims are read afterwards and join the table and the highlights."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject

from annotator.domain.verdict import Verdict
from annotator.qt.controller import FIRST_SCREEN
from annotator.qt.main_window import MainWindow
from annotator.store import Store
from tests.qt.gui_support import build_window, close_window, stored

LINE = "The minister said growth was 3.4% in 2023, and exports rose by a tenth. 👍🏽\n"


def big_library(db_path: Path) -> tuple[int, list[int]]:
    """A small article, then one of 3 FIRST_SCREENs of code points with a claim every 4 lines."""
    text = LINE * (3 * FIRST_SCREEN // len(LINE))
    with Store.open(db_path, author="tester") as store:
        store.import_document("Small", LINE * 3)
        big = store.import_document("Big", text).document.id
        starts = range(0, len(text) - len(LINE), 4 * len(LINE))
        ids = [store.create_claim(big, start, start + 20, verdict=Verdict.DISPUTED).id
               for start in starts]
    return big, ids


class PaintWatch(QObject):
    """What the window showed at each paint of the article."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.seen: list[tuple[bool, int]] = []  # (rest still to read, rows in the table)
        window.article.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen.append((self.window.controller.loading_rest,
                              self.window.claims_panel.model.rowCount()))
        return False


def test_the_first_screen_is_painted_before_the_rest_is_read(qtbot, db_path: Path) -> None:
    big, ids = big_library(db_path)
    window = build_window(qtbot, db_path, samples=False)
    try:
        with stored(db_path) as store:
            every = store.claims(big)
            head = [c for c in every if c.start < FIRST_SCREEN]
            small = next(d.id for d in store.list_documents() if d.id != big)
        assert 0 < len(head) < len(every) // 2
        window.open_document(small)
        qtbot.waitUntil(lambda: not window.controller.loading_rest)
        watch = PaintWatch(window)

        window.open_document(big)

        assert watch.seen[:1] == [(True, len(head))]  # painted with the first screen only
        assert window.controller.loading_rest
        assert [c.id for c in window.controller.claims()] == [c.id for c in head]
        qtbot.waitUntil(lambda: not window.controller.loading_rest)
        assert window.controller.claims() == every
        assert [c.id for c in window.claims_panel.model.claims()] == [c.id for c in every]
        assert window.article.view.claims() == every
        assert window.controller.verdict_counts()[Verdict.DISPUTED] == len(ids)
    finally:
        close_window(window)


@pytest.fixture
def closed(qtbot, db_path: Path) -> Iterator[tuple[MainWindow, int, list[int]]]:
    """A window on the big library with no article open, the big article's id, its claims."""
    big, ids = big_library(db_path)
    window = build_window(qtbot, db_path, samples=False)
    window.controller.close_document()
    yield window, big, ids
    close_window(window)


def test_a_claim_past_the_first_screen_can_be_opened_at_once(
    closed: tuple[MainWindow, int, list[int]],
) -> None:
    window, big, ids = closed
    assert window.open_claim(big, ids[-1])  # from a library search: open, then jump
    assert window.claims_panel.current_claim_id() == ids[-1]
    assert not window.controller.loading_rest
    assert len(window.controller.claims()) == len(ids)


def test_claims_made_before_the_rest_arrives_are_shown_once(
    qtbot, db_path: Path, closed: tuple[MainWindow, int, list[int]],
) -> None:
    window, big, ids = closed
    window.open_document(big)
    assert window.controller.loading_rest
    mine = window.controller.create_claim(2 * FIRST_SCREEN + 2, 2 * FIRST_SCREEN + 30)
    assert mine is not None and window.controller.loading_rest
    with stored(db_path) as store:  # and a colleague's, both past the first screen
        store.create_claim(big, 2 * FIRST_SCREEN + 40, 2 * FIRST_SCREEN + 60)
    qtbot.waitUntil(lambda: not window.controller.loading_rest)
    rows = [c.id for c in window.claims_panel.model.claims()]
    assert len(rows) == len(set(rows)) == len(ids) + 2
    assert mine.id in rows
