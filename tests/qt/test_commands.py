"""Each undo command against the database: redo, undo, redo, and failures that leave no trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.qt.controller import Controller
from annotator.store import Store
from tests.qt.gui_support import stored

QUOTE = "Trump spoke to his Russian counterpart on Thursday via phone call"


@pytest.fixture
def controller(qtbot, store: Store, original_text: str) -> Iterator[Controller]:
    doc = store.import_document("Original", original_text).document
    ctl = Controller(store)
    assert ctl.open_document(doc.id)
    yield ctl
    ctl.deleteLater()


@pytest.fixture
def span(original_text: str) -> tuple[int, int]:
    start = original_text.index(QUOTE)
    return start, start + len(QUOTE)


def stack_count(ctl: Controller) -> int:
    stack = ctl.undo_stack()
    assert stack is not None
    return stack.count()


def test_create_claim_redo_undo_redo_keeps_id_and_uuid(
    controller: Controller, span: tuple[int, int], db_path: Path
) -> None:
    doc_id = controller.document_id
    claim = controller.create_claim(*span)
    assert claim is not None and claim.exact == QUOTE
    assert controller.current_claim_id == claim.id
    with stored(db_path) as db:
        assert [c.id for c in db.claims(doc_id)] == [claim.id]

    controller.undo()
    with stored(db_path) as db:
        assert db.claims(doc_id) == []
    assert controller.claims() == []
    assert controller.current_claim_id is None

    controller.redo()
    with stored(db_path) as db:
        [back] = db.claims(doc_id)
    assert (back.id, back.uuid, back.exact) == (claim.id, claim.uuid, QUOTE)
    assert controller.current_claim_id == claim.id


def test_set_verdict(controller: Controller, span: tuple[int, int], db_path: Path,
                     qtbot) -> None:
    claim = controller.create_claim(*span)
    assert claim is not None
    with qtbot.waitSignal(controller.claimChanged) as changed:
        assert controller.set_verdict(claim.id, Verdict.DISPUTED)
    assert changed.args[0].verdict is Verdict.DISPUTED
    assert controller.undo_group.undoText() == "Mark disputed"
    for expected in (Verdict.UNCHECKED, Verdict.DISPUTED):
        (controller.undo if expected is Verdict.UNCHECKED else controller.redo)()
        with stored(db_path) as db:
            assert db.claim(claim.id).verdict is expected
        assert controller.claim(claim.id).verdict is expected  # type: ignore[union-attr]
    # The same verdict again is not a step.
    before = stack_count(controller)
    assert controller.set_verdict(claim.id, Verdict.DISPUTED)
    assert stack_count(controller) == before


def test_set_note(controller: Controller, span: tuple[int, int], db_path: Path) -> None:
    claim = controller.create_claim(*span)
    assert claim is not None
    assert controller.set_note(claim.id, "first")
    assert controller.set_note(claim.id, "second")
    notes = []
    for step in (controller.undo, controller.undo, controller.redo, controller.redo):
        step()
        with stored(db_path) as db:
            notes.append(db.claim(claim.id).note)
    assert notes == ["first", "", "first", "second"]


def test_delete_claim_restores_sources_and_history(
    controller: Controller, span: tuple[int, int], db_path: Path
) -> None:
    claim = controller.create_claim(*span, verdict=Verdict.VERIFIED,
                                     sources=[SourceInput(url="https://a.example")])
    assert claim is not None
    controller.set_note(claim.id, "checked")
    with stored(db_path) as db:
        sources_before = db.sources(claim.id)
        history_before = db.history(claim.id)

    assert controller.delete_claim(claim.id)
    with stored(db_path) as db:
        assert db.claims(controller.document_id) == []
        assert db.sources(claim.id) == []
    controller.undo()
    with stored(db_path) as db:
        back = db.claim(claim.id)
        assert (back.uuid, back.note, back.verdict) == (claim.uuid, "checked", Verdict.VERIFIED)
        assert db.sources(claim.id) == sources_before
        assert db.history(claim.id) == history_before
    controller.redo()
    with stored(db_path) as db:
        assert db.claims(controller.document_id) == []


def test_add_edit_remove_source(controller: Controller, span: tuple[int, int],
                                db_path: Path, qtbot) -> None:
    claim = controller.create_claim(*span)
    assert claim is not None
    with qtbot.waitSignal(controller.sourcesChanged) as changed:
        assert controller.add_source(claim.id, SourceInput(url="https://a.example",
                                                           title="A"))
    assert changed.args == [claim.id]
    with stored(db_path) as db:
        [added] = db.sources(claim.id)
    assert controller.claim(claim.id).source_count == 1  # type: ignore[union-attr]

    controller.undo()
    with stored(db_path) as db:
        assert db.sources(claim.id) == []
    assert controller.claim(claim.id).source_count == 0  # type: ignore[union-attr]
    controller.redo()
    with stored(db_path) as db:
        [again] = db.sources(claim.id)
    assert (again.id, again.uuid) == (added.id, added.uuid)

    assert controller.edit_source(again, SourceInput(url="https://b.example", title="B",
                                                     stance=Stance.REFUTES))
    with stored(db_path) as db:
        [edited] = db.sources(claim.id)
    assert (edited.id, edited.url, edited.stance) == (added.id, "https://b.example",
                                                      Stance.REFUTES)
    controller.undo()
    with stored(db_path) as db:
        [reverted] = db.sources(claim.id)
    assert (reverted.url, reverted.title, reverted.stance) == (
        "https://a.example", "A", Stance.SUPPORTS)
    controller.redo()

    # The record read before the undo and redo is stale now (version 2 of 4): refused.
    assert not controller.remove_source(edited)
    assert controller.last_conflict is not None
    assert controller.last_conflict.error.author == "tester"
    [current] = controller.sources(claim.id)
    assert controller.remove_source(current)
    with stored(db_path) as db:
        assert db.sources(claim.id) == []
    controller.undo()
    with stored(db_path) as db:
        [restored] = db.sources(claim.id)
    assert (restored.id, restored.uuid, restored.url) == (added.id, added.uuid,
                                                          "https://b.example")
    controller.redo()
    with stored(db_path) as db:
        assert db.sources(claim.id) == []


def test_passage_source_gets_excerpt_from_the_store(
    controller: Controller, span: tuple[int, int], db_path: Path, original_text: str
) -> None:
    claim = controller.create_claim(*span)
    assert claim is not None
    passage = "The two leaders spoke for over an hour"
    p = original_text.index(passage)
    assert controller.add_source(claim.id, SourceInput(
        passage_document_id=controller.document_id, passage_start=p,
        passage_end=p + len(passage)))
    with stored(db_path) as db:
        [source] = db.sources(claim.id)
    assert source.excerpt == passage


def test_failing_first_redo_is_not_stacked(controller: Controller, span: tuple[int, int],
                                           db_path: Path, qtbot) -> None:
    claim = controller.create_claim(*span)
    assert claim is not None
    before = stack_count(controller)
    with qtbot.waitSignal(controller.errorOccurred) as error:
        assert not controller.add_source(claim.id, SourceInput())  # no field at all
    assert "at least a URL" in error.args[0]
    assert stack_count(controller) == before
    assert controller.undo_group.undoText() == "Create claim"
    with stored(db_path) as db:
        assert db.sources(claim.id) == []


def test_failing_undo_drops_the_command_and_shows_the_database(
    controller: Controller, span: tuple[int, int], db_path: Path, qtbot
) -> None:
    claim = controller.create_claim(*span)
    assert claim is not None
    controller.set_verdict(claim.id, Verdict.VERIFIED)
    with stored(db_path) as db:  # someone else deletes the claim meanwhile
        db.delete_claim(claim.id)
    with qtbot.waitSignal(controller.errorOccurred) as error:
        controller.undo()
    assert "no longer exists" in error.args[0]
    # The failed step left the stack; the views were reloaded from the file.
    assert controller.undo_group.undoText() == "Create claim"
    assert controller.claims() == []
    assert controller.current_claim_id is None


def test_commands_call_one_store_method_each(
    controller: Controller, span: tuple[int, int]
) -> None:
    calls: list[str] = []
    store = controller.store

    class Counting:
        def __getattr__(self, name: str) -> object:
            attr = getattr(store, name)
            if callable(attr):
                def counted(*args: object, **kwargs: object) -> object:
                    calls.append(name)
                    return attr(*args, **kwargs)
                return counted
            return attr

    controller._store = Counting()  # type: ignore[assignment]
    claim = controller.create_claim(*span)
    assert claim is not None
    controller.set_verdict(claim.id, Verdict.DISPUTED)
    controller.add_source(claim.id, SourceInput(title="T"))
    controller.undo()
    controller.undo()
    controller.undo()
    controller.redo()
    assert calls == ["create_claim", "set_verdict", "add_source", "remove_source",
                     "set_verdict", "delete_claim", "restore_claim"]


def test_verdict_counts_stay_in_step_with_the_database(
    controller: Controller, original_text: str, db_path: Path
) -> None:
    """The counts behind the status bar are kept up to date, not recounted per change: after
    every kind of change they equal a count of what the database holds."""
    doc_id = controller.document_id
    assert doc_id is not None

    def check() -> None:
        with stored(db_path) as db:
            expected = dict.fromkeys(Verdict, 0)
            for claim in db.claims(doc_id):
                expected[claim.verdict] += 1
        assert controller.verdict_counts() == expected

    first = controller.create_claim(0, 20)
    second = controller.create_claim(30, 60, verdict=Verdict.VERIFIED)
    assert first is not None and second is not None
    check()
    controller.set_verdict(first.id, Verdict.DISPUTED)
    check()
    controller.add_source(second.id, SourceInput(url="https://example.org", title="Example",
                                                 stance=Stance.SUPPORTS))
    check()
    controller.delete_claim(second.id)
    check()
    for step in (controller.undo, controller.undo, controller.undo, controller.redo):
        step()
        check()
    controller.reload()
    check()
    controller.close_document()
    assert controller.verdict_counts() == dict.fromkeys(Verdict, 0)
    assert controller.open_document(doc_id)
    check()
