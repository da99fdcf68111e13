"""Search results' two lines (title, snippet with the words in bold) start at the right
edge in a right-to-left window, like every other list in Arabic, and at the left in
a left-to-right one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from icati_desktop.gui.library.model import SNIPPET_ROLE, SnippetDelegate
from icati_desktop.store.search import MARK_END, MARK_START


def ink_columns(qtbot: QtBot, direction: Qt.LayoutDirection) -> tuple[int, int, int]:
    """The first and last columns painted in the result's row, and the row's width."""
    model = QStandardItemModel()
    item = QStandardItem("Kenya")
    item.setData(f"{MARK_START}ندوة{MARK_END} عبر الإنترنت", SNIPPET_ROLE)
    model.appendRow(item)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setLayoutDirection(direction)
    view.setHeaderHidden(True)
    view.setRootIsDecorated(False)
    view.setModel(model)
    view.setItemDelegate(SnippetDelegate(view))
    view.resize(600, 120)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(model.index(0, 0))
    image = view.viewport().grab().toImage()
    background = image.pixelColor(rect.center().x(), rect.bottom() - 1)
    columns = [
        x
        for x in range(rect.left(), rect.right())
        if any(
            image.pixelColor(x, y) != background for y in range(rect.top() + 2, rect.bottom() - 2)
        )
    ]
    assert columns, "nothing painted"
    return columns[0] - rect.left(), columns[-1] - rect.left(), rect.width()


def test_a_result_starts_at_the_right_in_a_right_to_left_window(qtbot: QtBot) -> None:
    first, last, width = ink_columns(qtbot, Qt.LayoutDirection.RightToLeft)
    assert first > width // 2  # short lines: nothing in the left half
    assert last > width - 20


def test_a_result_starts_at_the_left_in_a_left_to_right_window(qtbot: QtBot) -> None:
    first, last, width = ink_columns(qtbot, Qt.LayoutDirection.LeftToRight)
    assert first < 20
    assert last < width // 2
