"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void Qt call.

After a few thousand calls None's refcount reaches zero and the interpreter aborts
(none_dealloc). pyproject pins around it; this test catches the bug if it comes back.
On Python >= 3.12 None is immortal, so only the loop (which must not crash) runs.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

CALLS = 20_000
IMMORTAL_NONE = sys.version_info >= (3, 12)


def test_void_calls_keep_none_alive(qtbot) -> None:
    obj = QObject()
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(CALLS // 2):
        obj.setObjectName("x")  # void: returns None through the binding
        widget.setEnabled(True)
    after = sys.getrefcount(None)
    if not IMMORTAL_NONE:
        # A leak per call would have dropped the count by ~CALLS; allow normal noise.
        assert before - after < CALLS // 10, (before, after)
    assert obj.objectName() == "x" and widget.isEnabled()
