"""The evidence index in the running window: nothing is indexed until the pane needs an
answer; the worker thread, not the GUI thread, writes the analysis; the answer arrives and
is shown; closing while indexing ends the job between articles, keeping what was written."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import event, text

from annotator.qt.main_window import MainWindow
from tests.qt.gui_support import build_window, close_window, stored

QUOTE = "Trump did not provide a specific date for the meeting in Budapest."


def indexed_documents(db_path: Path) -> int:
    with stored(db_path) as store, store.transaction() as s:
        return int(s.execute(text("SELECT count(*) FROM passage_sets")).scalar_one())


def new_claim(window: MainWindow, quote: str = QUOTE) -> int:
    """A claim on the quote in the rewrite (the bundled sample that holds it)."""
    for summary in window.store.list_documents():
        if quote in window.store.document(summary.id).text:
            window.open_document(summary.id)
            break
    body = window.controller.document.text  # type: ignore[union-attr]
    start = body.index(quote)
    window.article.view.select_codepoints(start, start + len(quote))
    claim_id = window.create_claim_from_selection()
    assert claim_id is not None
    return claim_id


def test_nothing_is_indexed_until_a_claim_needs_evidence(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    qtbot.wait(300)  # the window has painted and idled
    assert not window.evidence.search.started
    assert indexed_documents(db_path) == 0

    new_claim(window)  # the new claim becomes the current one
    pane = window.evidence_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=20_000)
    assert indexed_documents(db_path) == len(window.store.list_documents())
    close_window(window)


def test_a_hidden_evidence_pane_asks_for_nothing(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    window.evidence_dock.hide()
    claim_id = new_claim(window)
    window.controller.set_current_claim(claim_id)
    qtbot.wait(300)
    assert not window.evidence.search.started
    assert indexed_documents(db_path) == 0

    window.evidence_dock.show()  # the pane is seen: now it asks
    qtbot.waitUntil(lambda: window.evidence_pane.model.rowCount() > 0, timeout=20_000)
    close_window(window)


def test_the_worker_writes_the_analysis_and_its_answer_is_shown(
        qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    writes: list[tuple[int, str]] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) \
                and "passage" in statement:
            writes.append((threading.get_ident(), statement))

    event.listen(window.store.engine, "before_cursor_execute", record)
    claim_id = new_claim(window)
    window.controller.set_current_claim(claim_id)
    pane = window.evidence_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=20_000)
    event.remove(window.store.engine, "before_cursor_execute", record)

    assert any("INSERT INTO passages" in statement for _thread, statement in writes)
    assert {thread for thread, _statement in writes}.isdisjoint({threading.get_ident()})
    # The answer was computed from what the worker wrote: the claim's source is first.
    best = pane.current_hit()
    assert best is not None and "Budapest" in best.text
    assert best.document_id != window.controller.document_id
    close_window(window)


def test_closing_while_indexing_stops_between_articles(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    with stored(db_path) as store:
        for n in range(40):  # more than one read of documents
            store.import_document(f"Note {n}", f"Harbour note number {n}. Ships came in.")
    total = len(window.store.list_documents())
    search = window.evidence.search
    seen: list[int] = []

    def close_soon(done: int, _total: int) -> None:  # on the worker thread
        seen.append(done)
        search.stopping = True  # what stop() sets when the window closes

    search.signals.indexing.connect(close_soon, Qt.ConnectionType.DirectConnection)
    search.refresh()
    assert search.wait(20_000)
    assert seen == [1]  # the job ended at the next article
    first = indexed_documents(db_path)
    assert first < total  # ended before the last article

    search.signals.indexing.disconnect(close_soon)
    search.stopping = False
    search.refresh()  # the next run takes up what was left
    assert search.wait(20_000)
    assert indexed_documents(db_path) == total
    close_window(window)
