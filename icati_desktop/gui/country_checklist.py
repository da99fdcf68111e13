"""A filterable list of countries to tick, named in the UI language, sorted as people read.

Used where a person says which countries someone works on: the first-run wizard (the
countries of interest a device proposes) and HQ's Devices page (the countries it confirms).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import _, current_language, format_number, ngettext

if TYPE_CHECKING:
    from icati_desktop.store.country_choices import CountryChoice

ALPHA3_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class CountryChecklist(QWidget):
    """Countries with a check box each, a filter above and the count of ticked ones below."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.selected_label = QLabel()
        self.model.itemChanged.connect(self._item_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.selected_label)

    def set_countries(self, choices: Iterable[CountryChoice]) -> None:
        checked = set(self.selected())
        self.model.clear()
        for choice in choices:
            item = QStandardItem()
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(choice.alpha3, ALPHA3_ROLE)
            item.setData(choice.alpha2, Qt.ItemDataRole.UserRole)
            item.setData(choice.name, Qt.ItemDataRole.ToolTipRole)
            if choice.alpha3 in checked:
                item.setCheckState(Qt.CheckState.Checked)
            self.model.appendRow(item)
        self.retranslate_ui()

    def set_checked(self, alpha3_codes: Iterable[str]) -> None:
        wanted = set(alpha3_codes)
        self.model.blockSignals(True)
        try:
            for row in range(self.model.rowCount()):
                item = self.model.item(row)
                checked = item.data(ALPHA3_ROLE) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.model.blockSignals(False)
        self.list.viewport().update()
        self._item_changed()

    def selected(self) -> tuple[str, ...]:
        items = (self.model.item(row) for row in range(self.model.rowCount()))
        return tuple(
            sorted(
                str(i.data(ALPHA3_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked
            )
        )

    def _item_changed(self, *_args: object) -> None:
        n = len(self.selected())
        self.selected_label.setText(
            ngettext("{n} country selected", "{n} countries selected", n).format(n=format_number(n))
        )
        self.changed.emit()

    def retranslate_ui(self) -> None:
        self.filter.setPlaceholderText(_("Filter countries"))
        language = current_language()
        self.model.blockSignals(True)
        try:
            for row in range(self.model.rowCount()):
                item = self.model.item(row)
                name = country_display_name(str(item.data(Qt.ItemDataRole.UserRole)), language)
                item.setText(name)
                english = item.data(Qt.ItemDataRole.ToolTipRole)
                item.setData(f"{name} {english} {item.data(ALPHA3_ROLE)}", SEARCH_ROLE)
        finally:
            self.model.blockSignals(False)
        self.proxy.sort(0)
        self._item_changed()
