"""Where text starts in the window's direction, whatever the text's own direction.

Qt aligns a paragraph by its own direction: a Latin value (a path, a name, an id) in an
Arabic window would start on the left while the Arabic ones start on the right. Labels that
show such values take :func:`leading` so that every value starts beside its caption.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel


def leading() -> Qt.AlignmentFlag:
    """The window's leading side as an absolute alignment (right in Arabic)."""
    side = (
        Qt.AlignmentFlag.AlignRight if QApplication.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
    )
    return Qt.AlignmentFlag.AlignAbsolute | side


def align_leading(*labels: QLabel) -> None:
    """Start each label's text on the window's leading side, vertically centred."""
    for label in labels:
        label.setAlignment(leading() | Qt.AlignmentFlag.AlignVCenter)


__all__ = ["align_leading", "leading"]
