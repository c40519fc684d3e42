"""Two windows on one library (a SQLite file, or a PostgreSQL database): a colleague's
change appears without a reload, and a stale verdict, note, source edit or undo is refused
with the colleague's name, their version shown and "apply mine anyway" offered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from annotator.domain.history import clock
from annotator.domain.records import ClaimRecord, SourceInput
from annotator.domain.verdict import Verdict
from annotator.io.samples import import_bundled_samples
from annotator.qt.main_window import MainWindow
from annotator.qt.settings import Settings
from annotator.store import Store
from tests.conftest import Backend, parametrise_backends
from tests.qt.gui_support import close_window

QUOTE = "spoke to his Russian counterpart"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrise_backends(metafunc)


def open_window(qtbot: object, target: str, settings_path: Path, name: str) -> MainWindow:
    """A window as a colleague runs it: their own name in their own preferences."""
    settings = Settings(settings_path)
    settings.author_name = name
    store = Store.open(target)
    if not store.list_documents():
        import_bundled_samples(store)
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.library.refresh()
    window.open_initial_document()
    window.show()
    return window


@pytest.fixture
def windows(qtbot, backend: Backend, tmp_path: Path) -> Iterator[tuple[MainWindow, MainWindow]]:
    alice = open_window(qtbot, backend.target, tmp_path / "alice.ini", "Alice")
    bob = open_window(qtbot, backend.target, tmp_path / "bob.ini", "Bob")
    assert alice.store.author == "Alice" and bob.store.author == "Bob"
    assert alice.desk.live.active and bob.desk.live.active
    document = alice.controller.document
    assert document is not None
    bob.open_document(document.id)
    yield alice, bob
    for window in (alice, bob):
        window.close_messages()
        close_window(window)


def claim_span(window: MainWindow) -> tuple[int, int]:
    document = window.controller.document
    assert document is not None
    start = document.text.index(QUOTE)
    return start, start + len(QUOTE)


def shared_claim(qtbot, alice: MainWindow, bob: MainWindow,
                 sources: list[SourceInput] | None = None) -> ClaimRecord:
    """Alice creates a claim; Bob's window shows it."""
    claim = alice.controller.create_claim(*claim_span(alice), sources=sources or [])
    assert claim is not None
    qtbot.waitUntil(lambda: bob.controller.claim(claim.id) is not None, timeout=3000)
    return claim


def conflict_shown(window: MainWindow) -> str:
    box = window.desk.conflicts.box
    assert box is not None and box.isVisible()
    return box.text()


def button(window: MainWindow, name: str) -> QAbstractButton:
    conflict_shown(window)
    box = window.desk.conflicts.box
    assert box is not None
    found = box.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


def test_a_colleagues_changes_appear_in_place(qtbot, windows: tuple[MainWindow, MainWindow]
                                              ) -> None:
    alice, bob = windows
    document = alice.controller.document
    assert document is not None
    other = bob.controller.create_claim(0, 12)
    assert other is not None
    bob.claims_panel.select_claim(other.id)
    # Bob is still typing: his note is not saved by the idle timer (800 ms) while the
    # colleague's changes arrive, however slowly a loaded machine delivers them.
    bob.editor._note_timer.setInterval(600_000)
    bob.editor.note.setFocus()
    qtbot.keyClicks(bob.editor.note, "typing")

    claim = shared_claim(qtbot, alice, bob)
    assert bob.article.view.highlighter.span(claim.id) is not None
    assert bob.claims_panel.model.rowCount() == 2
    qtbot.waitUntil(lambda: bob.library.counts(document.id) == (2, 0, 0), timeout=3000)

    alice.controller.set_verdict(claim.id, Verdict.DISPUTED)
    qtbot.waitUntil(lambda: bob.controller.claim(claim.id).verdict  # type: ignore[union-attr]
                    is Verdict.DISPUTED, timeout=3000)
    qtbot.waitUntil(lambda: bob.library.counts(document.id) == (1, 0, 1), timeout=3000)
    assert "disputed" in bob.counts_label.text()
    # Bob's own work is undisturbed: his claim stays selected, his typing stays.
    assert bob.claims_panel.current_claim_id() == other.id
    assert bob.editor.note.toPlainText() == "typing" and bob.editor.note_dirty
    assert bob.desk.activity.isVisible() and "Alice" in bob.desk.activity.text()
    # Alice deletes her claim: it leaves Bob's window too.
    alice.controller.delete_claim(claim.id)
    qtbot.waitUntil(lambda: bob.controller.claim(claim.id) is None, timeout=3000)
    assert bob.article.view.highlighter.span(claim.id) is None


def test_stale_verdict_is_refused_naming_the_colleague(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:
    alice, bob = windows
    claim = shared_claim(qtbot, alice, bob)
    bob.desk.live.stop()  # Bob's window lags behind (as within the second before a poll)
    assert alice.controller.set_verdict(claim.id, Verdict.VERIFIED)

    assert not bob.controller.set_verdict(claim.id, Verdict.DISPUTED)
    change = alice.store.history(claim.id)[-1]
    assert conflict_shown(bob).startswith(
        f"Alice set this claim to Verified at {clock(change.at)}.")
    assert bob.controller.claim(claim.id).verdict is Verdict.VERIFIED  # type: ignore[union-attr]
    assert bob.store.claim(claim.id).verdict is Verdict.VERIFIED

    qtbot.mouseClick(button(bob, "applyMineButton"), Qt.MouseButton.LeftButton)
    assert bob.store.claim(claim.id).verdict is Verdict.DISPUTED
    assert [h.author for h in bob.store.history(claim.id)][-2:] == ["Alice", "Bob"]


def test_stale_note_is_refused_and_typing_over_a_verdict_change_is_not(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:
    alice, bob = windows
    claim = shared_claim(qtbot, alice, bob)
    bob.jump_to_claim(claim.id)
    assert bob.editor.claim is not None and bob.editor.claim.id == claim.id
    bob.editor.note.setFocus()
    qtbot.keyClicks(bob.editor.note, "Kremlin readout")
    # A verdict change while Bob types: shown at once, his typing still saves.
    alice.controller.set_verdict(claim.id, Verdict.VERIFIED)
    qtbot.waitUntil(lambda: bob.editor.claim.verdict is Verdict.VERIFIED,  # type: ignore
                    timeout=3000)
    assert bob.editor.commit_note()
    assert bob.store.claim(claim.id).note == "Kremlin readout"

    # Alice changes the note while Bob types more: his save is refused, hers shown.
    qtbot.waitUntil(lambda: alice.controller.claim(claim.id).note  # type: ignore[union-attr]
                    == "Kremlin readout", timeout=3000)
    qtbot.keyClicks(bob.editor.note, ", Thursday")
    bob.desk.live.stop()
    alice.controller.set_note(claim.id, "Call confirmed by both sides")
    assert not bob.editor.commit_note()
    assert conflict_shown(bob).startswith(
        "Alice changed the note of this claim to “Call confirmed by both sides” at ")
    assert bob.editor.note.toPlainText() == "Call confirmed by both sides"
    qtbot.mouseClick(button(bob, "applyMineButton"), Qt.MouseButton.LeftButton)
    assert bob.store.claim(claim.id).note == "Kremlin readout, Thursday"


def test_stale_source_edit_is_refused(qtbot, windows: tuple[MainWindow, MainWindow]) -> None:
    alice, bob = windows
    claim = shared_claim(qtbot, alice, bob, sources=[
        SourceInput(url="https://kremlin.example", title="Readout")])
    [seen_by_bob] = bob.controller.sources(claim.id)
    bob.desk.live.stop()
    [source] = alice.controller.sources(claim.id)
    assert alice.controller.edit_source(source, SourceInput(url="https://kremlin.example",
                                                            title="Official readout"))
    assert not bob.controller.edit_source(seen_by_bob, SourceInput(url="https://other.example"))
    assert conflict_shown(bob).startswith(
        "Alice edited the source “Official readout” of this claim at ")
    assert bob.store.sources(claim.id)[0].title == "Official readout"
    qtbot.mouseClick(button(bob, "keepTheirsButton"), Qt.MouseButton.LeftButton)
    assert bob.store.sources(claim.id)[0].url == "https://kremlin.example"


def test_undo_over_a_colleagues_change_asks_first(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:
    alice, bob = windows
    claim = bob.controller.create_claim(*claim_span(bob))
    assert claim is not None
    assert bob.controller.set_verdict(claim.id, Verdict.DISPUTED)
    qtbot.waitUntil(lambda: alice.controller.claim(claim.id) is not None
                    and alice.controller.claim(claim.id).verdict  # type: ignore[union-attr]
                    is Verdict.DISPUTED, timeout=3000)
    assert alice.controller.set_verdict(claim.id, Verdict.VERIFIED)
    qtbot.waitUntil(lambda: bob.controller.claim(claim.id).verdict  # type: ignore[union-attr]
                    is Verdict.VERIFIED, timeout=3000)

    bob.controller.undo()  # would put "unchecked" over Alice's "verified"
    text = conflict_shown(bob)
    assert text.startswith("Alice set this claim to Verified at ") and "undo anyway?" in text
    assert bob.store.claim(claim.id).verdict is Verdict.VERIFIED
    qtbot.mouseClick(button(bob, "applyMineButton"), Qt.MouseButton.LeftButton)
    assert bob.store.claim(claim.id).verdict is Verdict.UNCHECKED


def test_preferences_set_the_author_once(qtbot, windows: tuple[MainWindow, MainWindow],
                                         tmp_path: Path) -> None:
    alice, _bob = windows
    dialog = alice.desk.show_preferences()
    dialog.name.setText("  Alice   Liddell ")
    dialog.email.setText("alice@example.org")
    dialog.accept()
    assert alice.store.author == "Alice Liddell"
    assert Settings(tmp_path / "alice.ini").author_name == "Alice Liddell"
    claim = alice.controller.create_claim(*claim_span(alice))
    assert claim is not None and claim.author == "Alice Liddell"


def test_a_lost_server_connection_is_told_and_followed_again(
        qtbot, postgres_url: str, tmp_path: Path) -> None:
    from tests.store.test_feed import _drop_feed_connections

    alice = open_window(qtbot, postgres_url, tmp_path / "alice.ini", "Alice")
    try:
        document = alice.controller.document
        assert document is not None and alice.desk.live.active
        with Store.open(postgres_url, author="Bob") as bob:
            assert _drop_feed_connections(postgres_url) == 1
            claim = bob.create_claim(document.id, 0, 12)  # committed while Alice hears nothing
            qtbot.waitUntil(lambda: alice.controller.claim(claim.id) is not None, timeout=5000)
            assert not alice.desk.live.interrupted
            assert alice.desk.live.failures >= 1  # the loss was noticed, then repaired
            assert alice.statusBar().currentMessage().startswith("Live updates resumed")
    finally:
        alice.close_messages()
        close_window(alice)
