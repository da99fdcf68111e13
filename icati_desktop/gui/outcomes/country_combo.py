"""The outcomes screen's country choice: all countries, or one of the region chosen."""

from __future__ import annotations

from PySide6.QtCore import QCollator
from PySide6.QtWidgets import QComboBox

from icati_desktop.domain.countries import Region, country_display_name
from icati_desktop.i18n import _, current_language
from icati_desktop.store.country_choices import RegionalCountry


class OutcomeCountryCombo(QComboBox):
    """ "All countries", then the countries of the region chosen (of every region when
    none is), named in the UI language and sorted by its collation. The country chosen
    stays chosen while it is in the list; otherwise the choice goes back to all."""

    def __init__(self) -> None:
        super().__init__()
        self._countries: list[RegionalCountry] = []
        self._region: Region | None = None
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.retranslate()

    def set_countries(self, countries: list[RegionalCountry]) -> None:
        self._countries = countries
        self.retranslate()

    def set_region(self, region: Region | None) -> None:
        self._region = region
        self.retranslate()

    def chosen(self) -> str | None:
        """The ISO alpha-3 code of the country chosen, or None for all."""
        value = self.currentData()
        return str(value) if value else None

    def retranslate(self) -> None:
        chosen = self.currentData()
        language = current_language()
        names: list[tuple[str, str]] = []
        for country in self._countries:
            if self._region is not None and country.region != self._region.value:
                continue
            try:
                name = country_display_name(country.alpha2, language)
            except ValueError:
                name = country.alpha3
            names.append((name, country.alpha3))
        collator = QCollator()
        names.sort(key=lambda pair: collator.sortKey(pair[0]))
        self.blockSignals(True)
        self.clear()
        self.addItem(_("All countries"), None)
        for name, alpha3 in names:
            self.addItem(name, alpha3)
        index = self.findData(chosen) if chosen is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        if chosen is not None and index < 0:
            self.currentIndexChanged.emit(0)  # the country left the list: all countries now
