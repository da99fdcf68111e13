"""Small pieces the network tabs share: a one-line-a-row table that says what to do when
it is empty, and a combo box of translated choices."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from icati_desktop.gui.list_section import TableOrEmpty
from icati_desktop.i18n import _


class OneLineList(TableOrEmpty):
    """The network tabs' lists: a row a line, the last column filling the width, columns
    fitted to the rows in view once there are rows."""

    def __init__(self, model: QAbstractItemModel, name: str, parent: QWidget | None = None):
        super().__init__(model, name, parent=parent)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setMinimumSectionSize(80)

    def show_rows(self, count: int) -> None:
        super().show_rows(count)
        if count:
            self.fit_columns()


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
