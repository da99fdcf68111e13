"""The library's filter bar pieces: facet combo boxes with counts, and the country choice.

Each remembers what it shows so it can be re-labelled on a language switch without losing
the user's choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import _, current_language, format_number
from icati_desktop.store.country_choices import CountryChoice


class FacetCombo(QComboBox):
    """One facet's choices, each with how many resources it would give; "All" first."""

    def __init__(self, label: Callable[[str], str]) -> None:
        super().__init__()
        self._label = label
        self._all_text = ""
        self._counts: dict[str, int] = {}
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def choice(self) -> str | None:
        value = self.currentData()
        return None if value is None else str(value)

    def set_choice(self, value: str | None) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def set_counts(self, all_text: str, counts: dict[str, int]) -> None:
        chosen = self.choice()
        self._all_text, self._counts = all_text, dict(counts)
        if chosen is not None:
            self._counts.setdefault(chosen, 0)
        self.blockSignals(True)
        self.clear()
        self.addItem(all_text, None)
        for value in sorted(self._counts, key=lambda v: self._label(v).casefold()):
            count = format_number(self._counts[value])
            self.addItem(f"{self._label(value)} ({count})", value)
        self.set_choice(chosen)
        self.blockSignals(False)

    def retranslate(self, all_text: str) -> None:
        self.set_counts(all_text, self._counts)


class CountryCombo(QComboBox):
    """ "Recommended for" a country (from its latest assessment), or any country."""

    def __init__(self) -> None:
        super().__init__()
        self._countries: list[CountryChoice] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)

    def set_countries(self, countries: list[CountryChoice]) -> None:
        self._countries = countries
        self.retranslate()

    def retranslate(self) -> None:
        """Country names in the current language, sorted; the chosen country stays chosen."""
        chosen = self.currentData()
        language = current_language()
        names = sorted(
            ((country_display_name(c.alpha2, language), c.alpha3) for c in self._countries),
            key=lambda pair: pair[0].casefold(),
        )
        self.blockSignals(True)
        self.clear()
        self.addItem(_("Recommended for: any country"), None)
        for name, alpha3 in names:
            self.addItem(_("Recommended for {country}").format(country=name), alpha3)
        index = self.findData(chosen) if chosen is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
