"""What the Country workspace reads and writes, as jobs for the database worker thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.country_overview import CountryOverview, read_country_overview
from icati_desktop.store.preferences import countries_of_interest
from icati_desktop.store.store import Store


@dataclass(frozen=True)
class CountryList:
    every: tuple[CountryChoice, ...]
    followed: tuple[str, ...]
    """The alpha-3 codes of the countries of interest chosen in the first-run wizard."""


def countries_job(store: Store) -> CountryList:
    every = tuple(country_choices(store))
    known = {c.alpha3 for c in every}
    followed = tuple(code for code in countries_of_interest(store) if code in known)
    return CountryList(every=every, followed=followed)


def overview_job(alpha3: str) -> Callable[[Store], CountryOverview]:
    def job(store: Store) -> CountryOverview:
        return read_country_overview(store, alpha3, date.today())

    return job


__all__ = ["CountryList", "countries_job", "overview_job"]
