"""Edit → Preferences → Publishing: the library's publisher settings, typed with real key
presses, saved in one transaction and read back from the file; a refused value keeps the
dialog open and says why."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.domain.publishing import PublisherSettings
from annotator.domain.verdict import Verdict
from annotator.qt.desk.preferences import PreferencesDialog
from annotator.store.publishing import publisher_settings
from tests.qt.gui_support import build_window, close_window, stored

TEMPLATE = "https://fc.example.org/{article_slug}#claim-{number}"


def open_publishing(qtbot, db_path: Path) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    window = build_window(qtbot, db_path, samples=False)
    dialog = window.desk.show_preferences()
    qtbot.waitExposed(dialog)
    assert dialog.publishing is not None
    assert dialog.tabs.tabText(1) == "&Publishing"
    dialog.tabs.setCurrentWidget(dialog.publishing)
    return dialog


def ok(qtbot, dialog: PreferencesDialog) -> None:  # type: ignore[no-untyped-def]
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_settings_typed_in_preferences_are_stored_in_the_library(qtbot, db_path: Path
                                                                 ) -> None:
    dialog = open_publishing(qtbot, db_path)
    page = dialog.publishing
    assert page is not None
    assert page.verified.text() == "True" and page.worst.value() == 1
    qtbot.keyClicks(page.organisation, "Example Fact Check")
    qtbot.keyClicks(page.url_template, TEMPLATE)
    page.disputed.selectAll()
    qtbot.keyClicks(page.disputed, "Not true")
    page.best.selectAll()
    qtbot.keyClicks(page.best, "3")
    if os.environ.get("ANNOTATOR_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["ANNOTATOR_SHOTS"], "preferences.png"))
    ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    with stored(db_path) as store:
        settings = publisher_settings(store)
    assert settings == PublisherSettings(organisation="Example Fact Check",
                                         url_template=TEMPLATE, disputed_label="Not true",
                                         best_rating=3)
    close_window(dialog.parentWidget())  # type: ignore[arg-type]


def test_a_refused_template_keeps_the_dialog_open_and_says_why(qtbot, db_path: Path
                                                              ) -> None:
    dialog = open_publishing(qtbot, db_path)
    page = dialog.publishing
    assert page is not None
    qtbot.keyClicks(page.organisation, "Example Fact Check")
    qtbot.keyClicks(page.url_template, "https://fc.example.org/{slug}")
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert page.error.isVisible()
    assert page.error.text().startswith("url.template: unknown placeholder {slug}")
    assert dialog.focusWidget() is page.url_template
    if os.environ.get("ANNOTATOR_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["ANNOTATOR_SHOTS"], "preferences-error.png"))
    with stored(db_path) as store:
        assert publisher_settings(store) == PublisherSettings()  # nothing half-saved
    page.url_template.clear()
    qtbot.keyClicks(page.url_template, TEMPLATE)
    ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    with stored(db_path) as store:
        assert publisher_settings(store).url_template == TEMPLATE
    close_window(dialog.parentWidget())  # type: ignore[arg-type]


def test_exporting_claimreview_says_what_to_set_then_warns_of_long_quotes(
        qtbot, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.publishing import PublisherKey
    from annotator.io.formats import ExportFormat
    from annotator.store.publishing import change_settings

    window = build_window(qtbot, db_path)  # the bundled samples
    text = window.controller.document.text  # type: ignore[union-attr]
    window.controller.create_claim(0, 90)
    claim = window.controller.claims()[0]
    window.controller.set_verdict(claim.id, Verdict.DISPUTED)
    target = tmp_path / "out" / "reviews.jsonld"
    target.parent.mkdir()
    assert window.exchange.export_to(ExportFormat.CLAIMREVIEW, target) is None
    [refused] = window.notifications
    assert refused.level == "critical" and refused.title == "Export failed"
    assert "needs the publisher's organisation.name and url.template" in refused.text
    assert "Edit → Preferences → Publishing" in refused.text
    assert not target.exists()

    with stored(db_path) as store:
        change_settings(store, {PublisherKey.ORGANISATION: "Desk",
                                PublisherKey.URL_TEMPLATE: TEMPLATE})
    summary = window.exchange.export_to(ExportFormat.EMBED, target.with_suffix(".html"))
    assert summary is not None and summary.written == 1 and len(text) > 90
    warned = window.notifications[-1]
    assert (warned.level, warned.title) == ("warning", "Exported, with a warning")
    assert "1 reviewed claim is longer than 75 characters" in warned.text
    close_window(window)
