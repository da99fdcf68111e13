"""Countries as people know them: names in the UI language, never codes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCollator, QLocale

from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import _, current_language, format_list, format_number
from icati_desktop.store.country_choices import CountryChoice
from icati_desktop.sync.scopes import ScopeChoice

SHOWN = 3
"""How many names a short description lists before "and N more"."""


class CountryNames:
    def __init__(self, countries: Iterable[CountryChoice]) -> None:
        self._alpha2 = {c.alpha3: c.alpha2 for c in countries}

    def name(self, alpha3: str) -> str:
        alpha2 = self._alpha2.get(alpha3)
        return country_display_name(alpha2, current_language()) if alpha2 else alpha3

    def names(self, codes: Iterable[str]) -> list[str]:
        collator = QCollator(QLocale())
        return sorted((self.name(c) for c in codes), key=collator.sortKey)

    def describe(self, scope: ScopeChoice, *, short: bool = False) -> str:
        """ "Kenya, Uganda", "every country", "no country"; ``short`` stops after a few names."""
        if scope.all_countries:
            return _("every country")
        names = self.names(scope.countries)
        if not names:
            return _("no country")
        if short and len(names) > SHOWN + 1:
            more = _("{n} more").format(n=format_number(len(names) - SHOWN))
            return format_list([*names[:SHOWN], more])
        return format_list(names)
