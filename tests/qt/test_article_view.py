"""ArticleView, ClaimHighlighter and the find bar: real widgets, claims from a real store."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from annotator.domain.positions import Utf16Index
from annotator.domain.records import ClaimRecord
from annotator.domain.verdict import Verdict
from annotator.qt.article_view import ArticlePane, ArticleView
from annotator.qt.highlighter import ClaimHighlighter
from annotator.qt.style import CURRENT_CLAIM, FIND_HIGHLIGHT, verdict_color
from annotator.store import Store

# Astral emoji (two UTF-16 units each, with a skin-tone modifier), CJK and curly quotes
# before the claims, so code points and UTF-16 units disagree by the time they start.
TEXT = (
    "👍🏽 事实 “quoted” — then the claim text sits here, plain words follow.\n"
    "A second line: 数据 🧪 with the other claim and some free words at the end.\n"
    "Third line 🧪🧪 that no claim covers at all, nothing to see.\n"
)
CLAIM = "the claim text"
OVERLAP = "claim text sits here"
SECOND = "the other claim"
FREE = "nothing to see"


def span_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def document_id(store: Store) -> int:
    return store.import_document("Emoji article", TEXT).document.id


def make_claim(store: Store, document_id: int, quote: str, verdict: Verdict) -> ClaimRecord:
    start, end = span_of(TEXT, quote)
    return store.create_claim(document_id, start, end, verdict=verdict)


@pytest.fixture
def view(qtbot: QtBot) -> ArticleView:
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    return widget


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#111111"))
    return palette


def dark_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    return palette


def format_at(view: QPlainTextEdit, u16: int) -> QTextCharFormat | None:
    """The highlighter's format on the character at a document position, if any."""
    block = view.document().findBlock(u16)
    offset = u16 - block.position()
    for fmt_range in block.layout().formats():
        if fmt_range.start <= offset < fmt_range.start + fmt_range.length:
            return QTextCharFormat(fmt_range.format)  # the range is a temporary
    return None


def background_at(view: QPlainTextEdit, u16: int) -> QColor | None:
    fmt = format_at(view, u16)
    return None if fmt is None else fmt.background().color()


def char_center(view: QPlainTextEdit, u16: int) -> QPoint:
    """Viewport point in the middle of the character at ``u16``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16)
    left = view.cursorRect(cursor)
    cursor.setPosition(u16 + 1)
    right = view.cursorRect(cursor)
    return QPoint((left.left() + right.left()) // 2, left.center().y())


# -- positions --------------------------------------------------------------------------


def test_document_text_and_positions_match_the_stored_text(
    store: Store, document_id: int, view: ArticleView
) -> None:
    claim = make_claim(store, document_id, CLAIM, Verdict.VERIFIED)
    view.set_article(store.document(document_id).text, [claim])

    assert view.toPlainText() == TEXT
    index = Utf16Index(TEXT)
    start = index.to_utf16(claim.start)
    assert start > claim.start  # the emoji really shift positions
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(index.to_utf16(claim.end), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == CLAIM == claim.exact


def test_select_codepoints_round_trips(store: Store, document_id: int, view: ArticleView,
                                       qtbot: QtBot) -> None:
    claim = make_claim(store, document_id, SECOND, Verdict.DISPUTED)
    view.set_article(TEXT, [claim])
    assert view.selected_codepoints() is None

    with qtbot.waitSignal(view.selectionAvailable) as blocker:
        view.select_codepoints(claim.start, claim.end)
    assert blocker.args == [True]
    assert view.selected_codepoints() == (claim.start, claim.end)
    assert view.textCursor().selectedText() == SECOND


# -- highlighting -----------------------------------------------------------------------


def test_claim_gets_its_verdict_background_and_underline(
    store: Store, document_id: int, view: ArticleView
) -> None:
    view.setPalette(light_palette())
    verified = make_claim(store, document_id, CLAIM, Verdict.VERIFIED)
    disputed = make_claim(store, document_id, SECOND, Verdict.DISPUTED)
    view.set_article(TEXT, [verified, disputed])
    palette = view.palette()

    at_verified = format_at(view, view.to_utf16(verified.start + 2))
    at_disputed = format_at(view, view.to_utf16(disputed.end - 1))
    assert at_verified is not None and at_disputed is not None
    assert at_verified.background().color() == verdict_color(Verdict.VERIFIED, palette)
    assert at_disputed.background().color() == verdict_color(Verdict.DISPUTED, palette)
    assert at_verified.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert at_disputed.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    # The formats stop exactly at the claim's ends.
    assert format_at(view, view.to_utf16(verified.start - 1)) is None
    assert format_at(view, view.to_utf16(verified.end)) is None
    assert format_at(view, view.to_utf16(TEXT.index(FREE))) is None


def test_overlapping_claims_are_both_visible(
    store: Store, document_id: int, view: ArticleView
) -> None:
    view.setPalette(light_palette())
    outer = make_claim(store, document_id, OVERLAP, Verdict.VERIFIED)  # "claim text sits here"
    inner = make_claim(store, document_id, CLAIM, Verdict.DISPUTED)  # "the claim text"
    view.set_article(TEXT, [outer, inner])
    palette = view.palette()

    only_inner = view.to_utf16(inner.start)  # "the " is not in the outer claim
    both = view.to_utf16(TEXT.index("text sits"))
    only_outer = view.to_utf16(outer.end - 1)
    assert background_at(view, only_inner) == verdict_color(Verdict.DISPUTED, palette)
    assert background_at(view, only_outer) == verdict_color(Verdict.VERIFIED, palette)
    mixed = background_at(view, both)
    assert mixed is not None
    assert mixed not in (verdict_color(v, palette) for v in Verdict)

    cp = TEXT.index("text sits")
    assert view.claim_ids_at(cp) == [inner.id, outer.id]  # innermost (shortest) first
    assert view.claim_ids_at(outer.end - 1) == [outer.id]
    assert view.claim_ids_at(TEXT.index(FREE)) == []


def test_upsert_and_remove_update_the_highlight(
    store: Store, document_id: int, view: ArticleView
) -> None:
    view.setPalette(light_palette())
    claim = make_claim(store, document_id, CLAIM, Verdict.UNCHECKED)
    view.set_article(TEXT, [claim])
    palette = view.palette()
    where = view.to_utf16(claim.start + 1)
    assert background_at(view, where) == verdict_color(Verdict.UNCHECKED, palette)

    view.upsert_claim(store.set_verdict(claim.id, Verdict.DISPUTED))
    assert background_at(view, where) == verdict_color(Verdict.DISPUTED, palette)

    second = make_claim(store, document_id, SECOND, Verdict.VERIFIED)
    view.upsert_claim(second)
    assert background_at(view, view.to_utf16(second.start)) == verdict_color(
        Verdict.VERIFIED, palette
    )

    view.remove_claim(claim.id)
    assert format_at(view, where) is None
    assert view.claim_ids_at(claim.start + 1) == []
    assert view.claim_ids_at(second.start) == [second.id]


class CountingHighlighter(ClaimHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.blocks: list[int] = []

    def highlightBlock(self, text: str) -> None:
        self.blocks.append(self.currentBlock().blockNumber())
        super().highlightBlock(text)


def test_changing_one_claim_rehighlights_only_its_blocks(qtbot: QtBot) -> None:
    document = QTextDocument()
    highlighter = CountingHighlighter(document)
    lines = [f"line {n} with some words in it" for n in range(50)]
    document.setPlainText("\n".join(lines))
    line_10 = document.findBlockByNumber(10).position()
    line_12 = document.findBlockByNumber(12).position()
    highlighter.set_spans([(1, line_10 + 5, line_12 + 4, Verdict.UNCHECKED)])
    assert len(highlighter.blocks) >= 50  # set_spans redoes every block

    highlighter.blocks.clear()
    highlighter.upsert_span((1, line_10 + 5, line_12 + 4, Verdict.VERIFIED))
    assert sorted(set(highlighter.blocks)) == [10, 11, 12]

    highlighter.blocks.clear()
    line_40 = document.findBlockByNumber(40).position()
    highlighter.upsert_span((2, line_40, line_40 + 4, Verdict.DISPUTED))
    assert sorted(set(highlighter.blocks)) == [40]

    highlighter.blocks.clear()
    highlighter.remove_span(1)
    assert sorted(set(highlighter.blocks)) == [10, 11, 12]
    assert not document.findBlockByNumber(11).layout().formats()


def test_lookups_find_long_and_short_spans_alike(qtbot: QtBot) -> None:
    from annotator.qt.highlighter import LONG_SPAN

    spans = [(i, i * 7, i * 7 + 5 + (i % 9) * 3, Verdict.UNCHECKED) for i in range(2000)]
    spans += [(5000, 100, 100 + 3 * LONG_SPAN, Verdict.VERIFIED),
              (5001, 9000, 9001, Verdict.DISPUTED), (5002, 50, 50, Verdict.VERIFIED)]
    highlighter = ClaimHighlighter(QTextDocument())
    highlighter.set_spans(spans, rehighlight=False)
    for lo, hi in [(0, 10), (150, 400), (9000, 9001), (100 + 3 * LONG_SPAN - 1, 20000)]:
        expected = sorted(s for s in spans if s[1] < hi and s[2] > lo)
        assert sorted(highlighter.overlapping(lo, hi)) == expected
    inside = [s[0] for s in highlighter.containing(9000)]
    assert inside == [5001, 1283, 1284, 1285, 5000]  # shortest first
    assert inside == [s[0] for s in sorted((s for s in spans if s[1] <= 9000 < s[2]),
                                           key=lambda s: s[2] - s[1])]
    assert highlighter.span(5002) == (5002, 50, 50, Verdict.VERIFIED)  # empty, still known
    assert len(highlighter.spans()) == len(spans)


# -- clicks, current claim, scrolling ----------------------------------------------------


def test_click_on_a_claim_emits_its_id(
    store: Store, document_id: int, view: ArticleView, qtbot: QtBot
) -> None:
    outer = make_claim(store, document_id, OVERLAP, Verdict.VERIFIED)
    inner = make_claim(store, document_id, CLAIM, Verdict.DISPUTED)
    second = make_claim(store, document_id, SECOND, Verdict.UNCHECKED)
    view.set_article(TEXT, [outer, inner, second])
    view.show()
    qtbot.waitExposed(view)

    for cp, expected in [
        (TEXT.index("text sits"), inner.id),  # both: the innermost wins
        (outer.end - 2, outer.id),
        (second.start + 3, second.id),
    ]:
        point = char_center(view, view.to_utf16(cp))
        with qtbot.waitSignal(view.claimClicked, timeout=1000) as blocker:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert blocker.args == [expected]

    free = char_center(view, view.to_utf16(TEXT.index(FREE) + 2))
    with qtbot.assertNotEmitted(view.claimClicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=free)


def test_current_claim_is_marked_and_scrolled_into_view(
    store: Store, view: ArticleView, qtbot: QtBot
) -> None:
    text = "".join(f"Filler line {n} 🧪 before the claim.\n" for n in range(300))
    text += "The final claim sits at the very end 事实.\n"
    doc_id = store.import_document("Long", text).document.id
    start = text.index("The final claim")
    claim = store.create_claim(doc_id, start, start + len("The final claim"))
    view.set_article(text, [claim])
    view.show()
    qtbot.waitExposed(view)
    assert view.firstVisibleBlock().blockNumber() == 0

    view.scroll_to_claim(claim.id)

    assert view.current_claim_id() == claim.id
    assert view.firstVisibleBlock().blockNumber() > 200
    marks = [s for s in view.extraSelections() if s.format.underlineColor() == CURRENT_CLAIM]
    assert len(marks) == 1
    assert marks[0].cursor.selectedText() == "The final claim"

    view.set_current_claim(None)
    assert not [s for s in view.extraSelections() if s.format.underlineColor() == CURRENT_CLAIM]


# -- pixels -------------------------------------------------------------------------------


def close_to(a: QColor, b: QColor, tolerance: int = 10) -> bool:
    return (
        abs(a.red() - b.red()) <= tolerance
        and abs(a.green() - b.green()) <= tolerance
        and abs(a.blue() - b.blue()) <= tolerance
    )


def sample_colors(image: QImage, view: ArticleView, u16: int, count: int = 3) -> list[QColor]:
    """Pixels along the top of the line box of a few characters from ``u16``."""
    colors = []
    for k in range(count):
        cursor = QTextCursor(view.document())
        cursor.setPosition(u16 + k)
        rect = view.cursorRect(cursor)
        for dx in (1, 3):
            for dy in (1, 2, rect.height() - 3):
                colors.append(image.pixelColor(rect.left() + dx, rect.top() + dy))
    return colors


@pytest.mark.parametrize("palette_maker", [light_palette, dark_palette], ids=["light", "dark"])
def test_claims_are_painted_in_their_verdict_colour(
    store: Store, document_id: int, view: ArticleView, qtbot: QtBot,
    palette_maker: Callable[[], QPalette],
) -> None:
    claim = make_claim(store, document_id, CLAIM, Verdict.VERIFIED)
    view.set_article(TEXT, [claim])
    view.setPalette(palette_maker())
    view.show()
    qtbot.waitExposed(view)
    expected = verdict_color(Verdict.VERIFIED, view.palette())

    image = view.viewport().grab().toImage()
    inside = sample_colors(image, view, view.to_utf16(claim.start + 4))
    outside = sample_colors(image, view, view.to_utf16(TEXT.index(FREE) + 2))
    assert sum(close_to(c, expected) for c in inside) >= len(inside) // 2
    assert not any(close_to(c, expected) for c in outside)
    assert any(close_to(c, view.palette().color(QPalette.ColorRole.Base)) for c in outside)


def test_palette_switch_recolours_existing_highlights(
    store: Store, document_id: int, view: ArticleView
) -> None:
    claim = make_claim(store, document_id, SECOND, Verdict.UNCHECKED)
    view.setPalette(light_palette())
    view.set_article(TEXT, [claim])
    where = view.to_utf16(claim.start + 1)
    light = background_at(view, where)

    view.setPalette(dark_palette())

    dark = background_at(view, where)
    assert light == verdict_color(Verdict.UNCHECKED, light_palette())
    assert dark == verdict_color(Verdict.UNCHECKED, dark_palette())
    assert light != dark


# -- find bar -----------------------------------------------------------------------------


def find_marks(view: ArticleView) -> list[str]:
    return [
        s.cursor.selectedText()
        for s in view.extraSelections()
        if s.format.background().color() == FIND_HIGHLIGHT
    ]


def test_find_bar_marks_every_hit_and_closes_on_escape(
    store: Store, document_id: int, qtbot: QtBot
) -> None:
    claim = make_claim(store, document_id, CLAIM, Verdict.VERIFIED)
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.resize(640, 400)
    pane.view.set_article(TEXT, [claim])
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus)
    assert not pane.find_bar.isVisible()

    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible()
    assert pane.find_bar.edit.hasFocus()
    assert pane.find_bar.edit.objectName() == "findEdit"

    qtbot.keyClicks(pane.find_bar.edit, "CLAIM")
    hits = [m.span() for m in re.finditer("claim", TEXT)]
    assert len(hits) == 3
    assert find_marks(pane.view) == ["claim"] * 3  # case-insensitive, every line
    assert FIND_HIGHLIGHT not in [verdict_color(v, pane.view.palette()) for v in Verdict]
    assert pane.view.selected_codepoints() == hits[0]
    assert pane.find_bar.status.text() == "1 of 3"

    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return)
    assert pane.view.selected_codepoints() == hits[1]
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_F3)
    assert pane.view.selected_codepoints() == hits[2]
    assert pane.view.textCursor().selectedText() == "claim"
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.view.selected_codepoints() == hits[1]
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.view.selected_codepoints() == hits[2]  # wrapped round
    assert pane.find_bar.status.text() == "3 of 3"

    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible()
    assert find_marks(pane.view) == []
    assert pane.view.hasFocus()


def test_find_with_no_hits_says_so(qtbot: QtBot) -> None:
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.view.set_article(TEXT, [])
    pane.show()
    pane.find_bar.open_bar()
    pane.find_bar.edit.setText("absent words")
    assert pane.find_bar.matches() == []
    assert pane.find_bar.status.text() == "No matches"
    assert find_marks(pane.view) == []


# -- long texts: highlights past eager_units come when the blocks are shown ---------------


def long_text(lines: int = 400) -> str:
    return "".join(f"Line {n} 🧪 of filler with a few “words” in it.\n" for n in range(lines))


def test_far_blocks_are_highlighted_when_shown(
    store: Store, view: ArticleView, qtbot: QtBot
) -> None:
    text = long_text() + "The far claim is down here.\n"
    doc_id = store.import_document("Long", text).document.id
    near_start = text.index("of filler")
    near = store.create_claim(doc_id, near_start, near_start + 9, verdict=Verdict.VERIFIED)
    far_start = text.index("The far claim")
    far = store.create_claim(doc_id, far_start, far_start + 13, verdict=Verdict.DISPUTED)
    view.setPalette(light_palette())
    view.highlighter.eager_units = 2_000
    view.set_article(text, [near, far])
    far_u16 = view.to_utf16(far.start)
    far_block = view.document().findBlock(far_u16)

    # The start is highlighted at once, the far end is left until it is painted.
    assert background_at(view, view.to_utf16(near.start)) == verdict_color(
        Verdict.VERIFIED, view.palette()
    )
    assert format_at(view, far_u16) is None
    assert not view.highlighter.is_highlighted(far_block)

    view.show()
    qtbot.waitExposed(view)
    view.scroll_to_claim(far.id)
    image = view.viewport().grab().toImage()

    expected = verdict_color(Verdict.DISPUTED, view.palette())
    assert background_at(view, far_u16) == expected
    inside = sample_colors(image, view, far_u16 + 2)
    assert sum(close_to(c, expected) for c in inside) >= len(inside) // 2
    # Only what was shown got highlighted: the blocks in between are still pending.
    middle = view.document().findBlockByNumber(150)
    assert not view.highlighter.is_highlighted(middle)


def test_changes_to_far_claims_show_after_a_full_rehighlight(
    store: Store, view: ArticleView, qtbot: QtBot
) -> None:
    text = long_text() + "The far claim is down here.\n"
    doc_id = store.import_document("Long", text).document.id
    far_start = text.index("The far claim")
    far = store.create_claim(doc_id, far_start, far_start + 13)
    view.setPalette(light_palette())
    view.highlighter.eager_units = 2_000
    view.set_article(text, [far])
    view.show()
    qtbot.waitExposed(view)
    view.scroll_to_claim(far.id)
    view.viewport().grab()
    where = view.to_utf16(far.start + 1)
    assert background_at(view, where) == verdict_color(Verdict.UNCHECKED, view.palette())

    # A one-claim change redoes its blocks at once, shown or not.
    view.upsert_claim(store.set_verdict(far.id, Verdict.VERIFIED))
    assert background_at(view, where) == verdict_color(Verdict.VERIFIED, view.palette())

    # A full pass wipes the formats of blocks past eager_units; the next paint restores them.
    view.set_claims([store.set_verdict(far.id, Verdict.DISPUTED)])
    view.viewport().grab()
    assert background_at(view, where) == verdict_color(Verdict.DISPUTED, view.palette())

    view.setPalette(dark_palette())  # a palette switch is a full pass too
    view.viewport().grab()
    assert background_at(view, where) == verdict_color(Verdict.DISPUTED, dark_palette())


@pytest.mark.parametrize("with_layout", [True, False], ids=["layout", "bare"])
def test_highlighting_one_block_does_not_cascade(qtbot: QtBot, with_layout: bool) -> None:
    """Qt re-highlights the next block whenever a block's state changes: states must stay."""
    document = QTextDocument()
    if with_layout:  # as in a view; a bare document runs no highlighting pass on setPlainText
        document.documentLayout()
    highlighter = CountingHighlighter(document)
    highlighter.eager_units = 500
    document.setPlainText("\n".join(f"line {n} with some words in it" for n in range(200)))
    near, far = document.findBlockByNumber(5), document.findBlockByNumber(120)
    assert near.position() < 500 < far.position()
    assert not far.layout().formats()

    # Spans arrive after the text, one at a time: only their own blocks are redone.
    for block in (near, far):
        highlighter.blocks.clear()
        highlighter.upsert_span((block.blockNumber(), block.position(), block.position() + 4,
                                 Verdict.DISPUTED))
        assert highlighter.blocks == [block.blockNumber()]
        assert block.layout().formats()

    # Showing a far block highlights that block alone, also after a full pass.
    highlighter.set_spans([(1, far.position() + 1, far.next().position() + 3, Verdict.VERIFIED)])
    assert not far.layout().formats()
    highlighter.blocks.clear()
    highlighter.ensure_highlighted([far])
    assert highlighter.blocks == [120]
    assert highlighter.is_highlighted(far)
    assert far.layout().formats()
    assert not far.next().layout().formats()  # not shown yet


def test_crlf_text_is_refused_before_anything_changes(view: ArticleView) -> None:
    view.set_article(TEXT, [])
    with pytest.raises(ValueError, match="newlines"):
        view.set_article("one\r\ntwo", [])
    assert view.toPlainText() == TEXT == view.article_text()


def test_application_palette_switch_recolours_too(
    store: Store, document_id: int, view: ArticleView, qtbot: QtBot
) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    original = QGuiApplication.palette()
    claim = make_claim(store, document_id, SECOND, Verdict.VERIFIED)
    QGuiApplication.setPalette(light_palette())
    try:
        view.set_article(TEXT, [claim])
        where = view.to_utf16(claim.start + 1)
        assert background_at(view, where) == verdict_color(Verdict.VERIFIED, light_palette())
        QGuiApplication.setPalette(dark_palette())
        qtbot.waitUntil(
            lambda: background_at(view, where) == verdict_color(Verdict.VERIFIED, dark_palette())
        )
    finally:
        QGuiApplication.setPalette(original)


@pytest.mark.parametrize("text", [TEXT, TEXT.replace("👍🏽", "+").replace("🧪", "*")],
                         ids=["astral", "bmp-only"])
def test_stale_claims_outside_the_text_are_clipped(
    store: Store, document_id: int, view: ArticleView, text: str
) -> None:
    view.setPalette(light_palette())
    claim = make_claim(store, document_id, SECOND, Verdict.DISPUTED)
    tail = replace(claim, id=claim.id + 100, start=len(text) - 5, end=len(text) + 40)
    before = replace(claim, id=claim.id + 101, start=-3, end=2)
    view.set_article(text, [tail, before])
    color = verdict_color(Verdict.DISPUTED, view.palette())
    assert background_at(view, view.to_utf16(len(text) - 3)) == color
    assert background_at(view, 0) == color
    assert view.claim_ids_at(len(text) - 1) == [tail.id]


# -- one claim at a time: incremental updates match a view built with every claim at once --


def char_formats(view: ArticleView) -> list[tuple[str, int, str] | None]:
    """What the highlighter gave each character: (background, underline style, colour)."""
    document = view.document()
    formats: list[tuple[str, int, str] | None] = [None] * document.characterCount()
    block = document.begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            fmt = QTextCharFormat(fmt_range.format)
            seen = (fmt.background().color().name(), fmt.underlineStyle().value,
                    fmt.underlineColor().name())
            for offset in range(fmt_range.start, fmt_range.start + fmt_range.length):
                formats[block.position() + offset] = seen
        block = block.next()
    return formats


def highlight_all(view: ArticleView) -> None:
    document = view.document()
    view.highlighter.ensure_highlighted(
        document.findBlockByNumber(n) for n in range(document.blockCount())
    )


@pytest.mark.parametrize("eager_units", [20_000, 600], ids=["eager", "lazy"])
def test_many_overlapping_upserts_match_a_view_built_at_once(
    store: Store, qtbot: QtBot, original_text: str, eager_units: int
) -> None:
    rng = random.Random(11)
    doc_id = store.import_document("Original", original_text).document.id
    template = store.create_claim(doc_id, 0, 5)
    words = [m.span() for m in re.finditer(r"\S+", original_text)]
    # Crowd a few paragraphs, so that most words there lie under several claims.
    crowded = [w for w in words if w[0] < 1_500]

    def random_claim(claim_id: int) -> ClaimRecord:
        first = rng.randrange(len(crowded) - 12)
        last = first + rng.randint(0, 11)
        return replace(template, id=claim_id, start=crowded[first][0], end=crowded[last][1],
                       verdict=rng.choice(list(Verdict)))

    views = []
    for _ in range(2):
        view = ArticleView()
        qtbot.addWidget(view)
        view.setPalette(light_palette())
        view.highlighter.eager_units = eager_units
        views.append(view)
    stepwise, at_once = views

    stepwise.set_article(original_text, [])
    claims: dict[int, ClaimRecord] = {}
    for step in range(400):
        roll = rng.random()
        if roll < 0.7 or len(claims) < 10:  # a new claim
            claim = random_claim(1_000 + step)
        elif roll < 0.85:  # a verdict changes
            claim = replace(rng.choice(list(claims.values())), verdict=rng.choice(list(Verdict)))
        elif roll < 0.95:  # a claim moves
            claim = replace(random_claim(rng.choice(list(claims))), verdict=Verdict.DISPUTED)
        else:
            gone = rng.choice(list(claims))
            del claims[gone]
            stepwise.remove_claim(gone)
            continue
        claims[claim.id] = claim
        stepwise.upsert_claim(claim)
    at_once.set_article(original_text, list(claims.values()))
    for view in views:
        highlight_all(view)

    depths = [len(stepwise.claim_ids_at(cp)) for cp in range(1_500)]
    assert max(depths) >= 8  # the claims really pile up
    assert stepwise.highlighter.spans() == at_once.highlighter.spans()
    assert char_formats(stepwise) == char_formats(at_once)
    crowded_block = stepwise.document().findBlock(crowded[len(crowded) // 2][0])
    assert crowded_block.layout().formats()
    innermost = [stepwise.claim_ids_at(cp)[:1] for cp in range(0, 1_500, 7)]
    assert innermost == [at_once.claim_ids_at(cp)[:1] for cp in range(0, 1_500, 7)]
    # And both are right, character by character: the innermost (shortest) claim's verdict,
    # deepened by how many claims cover it. (This text has no astral characters, so code
    # point lengths order the claims as UTF-16 lengths do.)
    assert original_text.isascii() or all(ord(c) <= 0xFFFF for c in original_text)
    for cp in range(1_500):
        if original_text[cp] == "\n":
            continue  # a block separator: no block's text, never formatted
        covering = [c for c in claims.values() if c.start <= cp < c.end]
        painted = format_at(stepwise, stepwise.to_utf16(cp))
        if not covering:
            assert painted is None
            continue
        inner = min(covering, key=lambda c: (c.end - c.start, -c.start, c.id))
        assert painted == stepwise.highlighter.format_for(inner.verdict, len(covering)), cp


def test_paint_plan_kept_up_to_date_equals_one_built_afresh(qtbot: QtBot) -> None:
    """Random upserts and removals, some spans long, many stacked: after each step the plan
    equals a fresh one, and both give each position the innermost claim's verdict deepened
    by the number of claims there (worked out position by position)."""
    from annotator.qt.highlighter import LONG_SPAN, PaintPlan

    rng = random.Random(3)
    size = 300
    highlighter = ClaimHighlighter(QTextDocument())
    spans: dict[int, tuple[int, int, int, Verdict]] = {}
    for _ in range(600):
        claim_id = rng.randrange(40)
        if rng.random() < 0.2 and spans:
            claim_id = rng.choice(list(spans))
            del spans[claim_id]
            highlighter.remove_span(claim_id)
        else:
            start = rng.randrange(size)
            length = rng.choice([0, 1, 2, 5, 9, 30, 80, LONG_SPAN + 1])
            span = (claim_id, start, min(size, start + length), rng.choice(list(Verdict)))
            spans[claim_id] = span
            highlighter.upsert_span(span)
        items = sorted((s, e, i, v) for i, s, e, v in spans.values())
        fresh = PaintPlan(items)
        plan = highlighter._plan
        assert (plan.starts, plan.ends, plan.codes) == (fresh.starts, fresh.ends, fresh.codes)

    expected: list[QTextCharFormat | None] = []
    for pos in range(size):
        covering = [t for t in items if t[0] <= pos < t[1]]
        if not covering:
            expected.append(None)
            continue
        inner = min(covering, key=lambda t: (t[1] - t[0], -t[0], t[2]))
        expected.append(highlighter.format_for(inner[3], len(covering)))
    painted: list[QTextCharFormat | None] = [None] * size
    for start, end, code in zip(plan.starts, plan.ends, plan.codes, strict=True):
        for pos in range(start, end):
            painted[pos] = highlighter._table[code]
    assert painted == expected
