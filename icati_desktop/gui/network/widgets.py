"""Small pieces the network tabs share: a table that says what to do when it is empty,
and a combo box of translated choices."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from icati_desktop.i18n import _


class TableOrEmpty(QStackedWidget):
    """A table, or in its place a sentence saying what to do while it has no rows."""

    def __init__(self, model: QAbstractItemModel, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableView()
        self.table.setObjectName(f"{name}_table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setMinimumSectionSize(80)
        self.empty = QLabel()
        self.empty.setObjectName(f"{name}_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self.table)
        self.addWidget(self.empty)

    def enable_sorting(self, column: int = 0) -> None:
        """The header sorts (in the store); rows start in ascending order of ``column``."""
        self.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

    def show_rows(self, count: int) -> None:
        self.setCurrentWidget(self.table if count else self.empty)
        if count:
            self.fit_columns()

    def fit_columns(self, widest: int = 320) -> None:
        """Columns as wide as the rows in view need (never reading rows out of view)."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(0)
        self.table.resizeColumnsToContents()
        for column in range(header.count() - 1):
            header.resizeSection(column, min(header.sectionSize(column) + 12, widest))


class ChoiceBox(QComboBox):
    """A combo box of (code, N_ label) choices shown in the UI language, with an "all" entry."""

    def __init__(
        self,
        name: str,
        choices: Callable[[], list[tuple[str, str]]],
        everything: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._choices = choices
        self._everything = everything
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retranslate()

    def retranslate(self) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        if self._everything is not None:
            self.addItem(_(self._everything), None)
        for code, text in self._choices():
            self.addItem(text, code)
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    def code(self) -> str | None:
        data = self.currentData()
        return None if data is None else str(data)

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(max(self.findData(code), 0))
