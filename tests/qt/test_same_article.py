"""Importing a page whose web address is an article's: the window asks what it becomes."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.domain.anchor import AnchorState, find_occurrence
from annotator.qt.main_window import MainWindow
from annotator.qt.same_article import SameArticleQuestion
from tests.qt.gui_support import build_window, close_window, stored
from tests.test_cli_versions import FIRST, page

URL = "https://www.example.org/news/council-vote"
CORRECTED = [FIRST[0], FIRST[1].replace("42", "46"), FIRST[2]]
SHOTS = os.environ.get("ANNOTATOR_SCREENSHOTS")  # a folder: save screenshots there


def first_article(qtbot, db_path: Path, tmp_path: Path) -> tuple[MainWindow, int, int]:
    window = build_window(qtbot, db_path, samples=False)
    report = import_and_wait(qtbot, window, page(tmp_path / "first.html", URL, FIRST))
    [outcome] = report.imported
    doc_id = outcome.document.id
    assert window.open_document(doc_id)
    window.article.view.select_codepoints(
        *find_occurrence(window.controller.document.text, "42 million euros"))
    claim_id = window.create_claim_from_selection()
    assert claim_id is not None
    return window, doc_id, claim_id


def import_and_wait(qtbot, window: MainWindow, path: Path):  # -> ImportReport
    job = window.import_files([path])
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20_000) as finished:
        pass
    return finished.args[0]


def question(qtbot, window: MainWindow) -> SameArticleQuestion:
    qtbot.waitUntil(lambda: window.imports.same_article_question is not None)
    asked = window.imports.same_article_question
    assert isinstance(asked, SameArticleQuestion) and asked.isVisible()
    return asked


def test_a_corrected_page_becomes_a_new_version_when_the_user_says_so(
    qtbot, db_path: Path, tmp_path: Path
) -> None:
    window, doc_id, claim_id = first_article(qtbot, db_path, tmp_path)
    again = page(tmp_path / "again.html", "http://example.org/news/council-vote/", CORRECTED)
    report = import_and_wait(qtbot, window, again)
    assert report.imported == [] and [s.document_id for s in report.same_article] == [doc_id]
    assert "may be a new version" in report.summary()

    asked = question(qtbot, window)
    assert "again.html" in asked.text() and "Council delays the vote" in asked.text()
    assert asked.defaultButton() is asked.version_button
    if SHOTS:
        asked.grab().save(str(Path(SHOTS) / "same-article-question.png"))
    asked.version_button.click()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "same-article-new-version.png"))

    assert [v.number for v in window.controller.versions()] == [1, 2]
    assert window.controller.document_id == doc_id
    assert window.controller.claim(claim_id).anchor_state is AnchorState.FUZZY
    with stored(db_path) as store:
        assert len(store.list_documents()) == 1
        assert "46 million" in store.document(doc_id).text
    close_window(window)


def test_a_separate_article_or_nothing(qtbot, db_path: Path, tmp_path: Path) -> None:
    window, doc_id, _claim = first_article(qtbot, db_path, tmp_path)
    again = page(tmp_path / "again.html", URL, CORRECTED)

    import_and_wait(qtbot, window, again)
    question(qtbot, window).cancel_button.click()
    qtbot.waitUntil(lambda: window.imports.same_article_question is None)
    with stored(db_path) as store:
        assert len(store.list_documents()) == 1
        assert [v.number for v in store.versions(doc_id)] == [1]

    import_and_wait(qtbot, window, again)
    question(qtbot, window).separate_button.click()
    with stored(db_path) as store:
        documents = store.list_documents()
        assert len(documents) == 2
        assert [v.number for v in store.versions(doc_id)] == [1]
    assert window.controller.document_id == documents[-1].id  # the new article is opened
    close_window(window)
