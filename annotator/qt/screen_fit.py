"""Keep the window on the screen it is on, and the article wide enough to read.

A geometry saved at one scale factor or on a larger monitor can be bigger than the screen
the window opens on now; docks restored at their old widths can squeeze the article to a
sliver. Both are corrected after restoring, without changing what fits.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

MIN_ARTICLE_SHARE = 0.4
"""The article (central widget) keeps at least this share of the window's width..."""
MIN_ARTICLE_PX = 360
"""...and at least this many pixels where the window is wide enough for it."""
MIN_DOCK_PX = 160


def fit_rect(rect: QRect, available: QRect) -> QRect:
    """``rect`` shrunk to at most ``available``'s size and moved inside it."""
    width = min(rect.width(), available.width())
    height = min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.right() - width + 1)
    top = min(max(rect.top(), available.top()), available.bottom() - height + 1)
    return QRect(left, top, width, height)


def fit_to_screen(window: QMainWindow) -> None:
    """Shrink and move a restored (non-maximised) window into its screen's free area."""
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    if available.contains(frame):
        return
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    fitted = fit_rect(frame, available)
    window.resize(max(200, fitted.width() - extra_w), max(150, fitted.height() - extra_h))
    window.move(fitted.topLeft())


def keep_article_readable(window: QMainWindow, docks: list[QDockWidget]) -> None:
    """Narrow the left and right docks when together they leave the article too little."""
    width = window.width()
    wanted = min(max(int(width * MIN_ARTICLE_SHARE), MIN_ARTICLE_PX), int(width * 0.6))
    side = [d for d in docks if d.isVisible() and not d.isFloating()
            and window.dockWidgetArea(d) in (Qt.DockWidgetArea.LeftDockWidgetArea,
                                             Qt.DockWidgetArea.RightDockWidgetArea)]
    central = window.centralWidget()
    if central is None or not side or central.width() >= wanted:
        return
    mins = [max(MIN_DOCK_PX, d.minimumSizeHint().width()) for d in side]
    window.resizeDocks(side, share_width([d.width() for d in side], mins, width - wanted),
                       Qt.Orientation.Horizontal)


def share_width(current: list[int], minimum: list[int], room: int) -> list[int]:
    """New widths for side-by-side panels that must fit in ``room``: each keeps its share
    of the room, no panel goes below its minimum, and what the minimums take beyond their
    share comes out of the panels that have width to spare."""
    total = sum(current) or 1
    sizes = [max(low, now * room // total) for now, low in zip(current, minimum, strict=True)]
    excess = sum(sizes) - room
    spare = [size - low for size, low in zip(sizes, minimum, strict=True)]
    if excess > 0 and sum(spare) > 0:
        cut = min(excess, sum(spare))
        sizes = [size - cut * free // sum(spare) for size, free in zip(sizes, spare, strict=True)]
    return sizes


def stack_docks_to_fit(window: QMainWindow, pairs: list[tuple[QDockWidget, QDockWidget]],
                       room: int | None = None) -> bool:
    """Tab docks that sit one above the other while the window's minimum height exceeds
    the screen (``room``, by default the screen's free height): a small or scaled screen
    cannot hold every pane's minimum at once, and a window taller than the screen hides
    its bottom. True if any pair was tabbed."""
    screen = window.screen()
    if room is None:
        if screen is None:
            return False
        frame = window.frameGeometry().height() - window.height()
        room = screen.availableGeometry().height() - max(0, frame)
    stacked = False
    for upper, lower in pairs:
        layout = window.layout()
        if layout is not None:
            layout.activate()
        if window.minimumSizeHint().height() <= room:
            break
        if upper.isVisible() and lower.isVisible() and not upper.isFloating() \
                and lower not in window.tabifiedDockWidgets(upper):
            window.tabifyDockWidget(upper, lower)
            upper.raise_()
            stacked = True
    return stacked
