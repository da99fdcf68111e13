"""What the outcome figures are of: a period, and all countries, a region or one country."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators import Period
from icati_desktop.gui.outcomes.country_combo import OutcomeCountryCombo
from icati_desktop.i18n import _
from icati_desktop.store.labels import REGION_LABELS

if TYPE_CHECKING:
    from icati_desktop.store.outcome_facts import Scope


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class OutcomeFilterBar(QWidget):
    """From, To, Region, then Country (the region's countries). ``changed`` when any
    choice changes; choosing a region narrows the countries offered."""

    changed = Signal()

    def __init__(self, period: Period) -> None:
        super().__init__()
        self.start, self.end = date_edit(period.start), date_edit(period.end)
        self.start_label, self.end_label, self.region_label = QLabel(), QLabel(), QLabel()
        self.start_label.setBuddy(self.start)
        self.end_label.setBuddy(self.end)
        self.region = QComboBox()
        self.region_label.setBuddy(self.region)
        self.country_label, self.country = QLabel(), OutcomeCountryCombo()
        self.country_label.setBuddy(self.country)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.start_label,
            self.start,
            self.end_label,
            self.end,
            self.region_label,
            self.region,
            self.country_label,
            self.country,
        ):
            layout.addWidget(widget)
        self.start.dateChanged.connect(self.changed)
        self.end.dateChanged.connect(self.changed)
        self.region.currentIndexChanged.connect(self._region_chosen)
        self.country.currentIndexChanged.connect(self.changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.start_label.setText(_("&From:"))
        self.end_label.setText(_("&To:"))
        self.region_label.setText(_("&Region:"))
        chosen = self.region.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(_("All regions"), None)
        for region in Region:
            self.region.addItem(_(REGION_LABELS[region]), region.value)
        self.region.setCurrentIndex(max(self.region.findData(chosen), 0))
        self.region.blockSignals(False)
        self.country_label.setText(_("&Country:"))
        self.country.retranslate()

    def period(self) -> Period | None:
        """The period chosen; None when it ends before it starts."""
        start, end = day_of(self.start), day_of(self.end)
        if end < start:
            return None
        return Period(start, end)

    def scope(self) -> Scope:
        from icati_desktop.store.outcome_facts import Scope

        return Scope(region=self._region(), country=self.country.chosen())

    def _region(self) -> Region | None:
        value = self.region.currentData()
        return Region(value) if value else None

    def _region_chosen(self) -> None:
        self.country.set_region(self._region())
        self.changed.emit()
