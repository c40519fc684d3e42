"""View choices (theme, text size) and the window on screens smaller than it was saved on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow

from annotator.qt.main_window import MainWindow
from annotator.qt.screen_fit import fit_rect, share_width
from annotator.qt.settings import Settings
from annotator.qt.theme import Theme, apply_theme
from tests.qt.gui_support import build_window, close_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def light_again():
    yield
    apply_theme(Theme.LIGHT)  # the palette is application-wide: leave it as found


def base_lightness() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Base).lightness()


def test_theme_is_chosen_in_the_view_menu_and_remembered(qtbot, db_path: Path) -> None:
    settings = db_path.with_name("view.ini")
    window = build_window(qtbot, db_path, settings_path=settings)
    window.action("themeDark").trigger()
    assert base_lightness() < 80
    view = window.article.view
    qtbot.waitUntil(lambda: view.palette().color(QPalette.ColorRole.Base).lightness() < 80)
    assert window.action("themeDark").isChecked() and not window.action("themeLight").isChecked()
    close_window(window)
    apply_theme(Theme.LIGHT)
    assert base_lightness() > 200

    again = build_window(qtbot, db_path, settings_path=settings)
    assert again.action("themeDark").isChecked()
    assert base_lightness() < 80  # applied at start from the saved choice
    again.action("themeLight").trigger()
    assert base_lightness() > 200
    assert Settings(settings).theme == "light"
    close_window(again)


def test_text_zoom_keys_resize_the_article_and_are_remembered(qtbot, db_path: Path) -> None:
    settings = db_path.with_name("zoom.ini")
    window = build_window(qtbot, db_path, settings_path=settings)
    view = window.article.view
    normal = view.font().pointSizeF()
    view.setFocus()
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Equal, CTRL)
    assert view.font().pointSizeF() == pytest.approx(normal + 3)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Minus, CTRL)
    assert view.font().pointSizeF() == pytest.approx(normal + 2)
    assert window.claims_panel.view.font().pointSizeF() == pytest.approx(normal)  # article only
    close_window(window)

    again = build_window(qtbot, db_path, settings_path=settings)
    assert again.article.view.font().pointSizeF() == pytest.approx(normal + 2)
    again.article.view.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_0, CTRL)
    assert again.article.view.font().pointSizeF() == pytest.approx(normal)
    close_window(again)


@pytest.mark.parametrize(
    ("rect", "available", "expected"),
    [
        (QRect(0, 0, 2800, 1760), QRect(0, 0, 1600, 1000), QRect(0, 0, 1600, 1000)),
        (QRect(1500, 900, 800, 600), QRect(0, 0, 1600, 1000), QRect(800, 400, 800, 600)),
        (QRect(-300, -50, 800, 600), QRect(0, 30, 1600, 970), QRect(0, 30, 800, 600)),
        (QRect(100, 100, 800, 600), QRect(0, 0, 1600, 1000), QRect(100, 100, 800, 600)),
    ],
)
def test_fit_rect(rect: QRect, available: QRect, expected: QRect) -> None:
    assert fit_rect(rect, available) == expected


@pytest.mark.parametrize(
    ("current", "minimum", "room", "expected"),
    [
        ([329, 330], [80, 295], 440, [145, 295]),  # the editor's minimum is kept
        ([300, 300], [100, 100], 400, [200, 200]),  # shared in proportion
        ([100, 500], [160, 160], 400, [160, 240]),  # a minimum above the share
    ],
)
def test_share_width(current: list[int], minimum: list[int], room: int,
                     expected: list[int]) -> None:
    assert share_width(current, minimum, room) == expected


def saved_on_a_bigger_screen(tmp_path: Path) -> Path:
    """Settings as a window 2800x1760 with very wide docks (a 2x screen) leaves them."""
    path = tmp_path / "big.ini"
    donor = QMainWindow()
    donor.setGeometry(40, 40, 2800, 1760)
    Settings(path).geometry = QByteArray(donor.saveGeometry())
    donor.deleteLater()
    return path


def test_a_window_saved_on_a_bigger_screen_fits_this_one(qtbot, db_path: Path,
                                                         tmp_path: Path) -> None:
    settings = saved_on_a_bigger_screen(tmp_path)
    window = build_window(qtbot, db_path, settings_path=settings)
    available = window.screen().availableGeometry()
    assert available.width() < 2800  # the offscreen screen is smaller than the saved size
    qtbot.waitUntil(lambda: available.contains(window.frameGeometry()), timeout=2000)
    close_window(window)


def test_docks_leave_the_article_a_readable_width(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    window.resize(800, 500)  # a 1600x1000 screen at scale factor 2
    # Docks as a restored layout from a wide screen might have them.
    window.resizeDocks([window.library_dock, window.editor_dock], [420, 420],
                       Qt.Orientation.Horizontal)
    qtbot.wait(10)
    assert window.centralWidget().width() < 300  # squeezed, as users saw it
    window.fit_docks()
    qtbot.waitUntil(lambda: window.centralWidget().width() >= 320, timeout=2000)
    assert window.library_dock.width() >= 80 and window.editor_dock.width() >= 150
    close_window(window)


def test_main_window_types(qtbot, db_path: Path) -> None:
    window = build_window(qtbot, db_path)
    assert isinstance(window, MainWindow)
    close_window(window)


def test_stacked_panes_tab_when_the_screen_is_too_low(qtbot, db_path: Path) -> None:
    from annotator.qt.screen_fit import stack_docks_to_fit

    window = build_window(qtbot, db_path)
    for dock in (window.editor_dock, window.evidence_dock):
        if window.tabifiedDockWidgets(dock):  # untab: side by side, one above the other
            window.splitDockWidget(window.editor_dock, window.evidence_dock,
                                   Qt.Orientation.Vertical)
    window.layout().activate()
    tall = window.minimumSizeHint().height()
    assert not stack_docks_to_fit(window, [(window.editor_dock, window.evidence_dock)],
                                  room=tall + 10)  # it fits: nothing changes
    assert stack_docks_to_fit(window, [(window.editor_dock, window.evidence_dock)],
                              room=tall - 50)
    assert window.evidence_dock in window.tabifiedDockWidgets(window.editor_dock)
    window.layout().activate()
    assert window.minimumSizeHint().height() < tall
    close_window(window)
