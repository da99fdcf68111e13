"""Small widgets of the Country workspace: wrapped labels, lists sized to their rows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QListWidgetItem

RECORD_ROLE = Qt.ItemDataRole.UserRole
LINE_CHARACTERS = 60
"""About how many characters a line of the lists holds, to size them to their text."""


def wrapped_label(rich: bool = False) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def list_widget() -> QListWidget:
    widget = QListWidget()
    widget.setWordWrap(True)
    return widget


def fit_rows(widget: QAbstractItemView, rows: int, extra: int = 0, most: int = 8) -> None:
    """As tall as ``rows`` rows (at least one, at most ``most``): the page scrolls, not the
    lists, until a list is long."""
    line = widget.fontMetrics().lineSpacing() + 6
    widget.setFixedHeight(line * min(max(rows, 1), most) + extra + 2 * widget.frameWidth() + 4)


def html_items(entries: list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(e)}</li>" for e in entries) + f"</{tag}>"


def fill_list(widget: QListWidget, rows: list[tuple[str, str, str]], empty: str) -> None:
    """(text, record type, record id) rows, or the empty state that says what to do."""
    widget.clear()
    for text, record_type, record_id in rows:
        item = QListWidgetItem(text)
        item.setData(RECORD_ROLE, (record_type, record_id))
        item.setToolTip(text)
        widget.addItem(item)
    if not rows:
        item = QListWidgetItem(empty)
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # the empty state: says what to do
        widget.addItem(item)
    texts = [text for text, _t, _i in rows] or [empty]
    fit_rows(widget, sum(1 + len(text) // LINE_CHARACTERS for text in texts))
