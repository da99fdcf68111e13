"""The Qt binding must not leak references to None (PySide6 6.12.0 does, on Python 3.11).

Each leaked reference brings the process closer to "Fatal Python error: none_dealloc":
the map alone lost ~540 per repaint and crashed the app after about a dozen repaints.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QPainterPath


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    path = QPainterPath()
    before = sys.getrefcount(None)
    for i in range(2_000):
        path.lineTo(i, i)
    assert sys.getrefcount(None) >= before - 10
