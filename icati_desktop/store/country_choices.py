"""The countries a person can choose from, before and after the store has any."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select

from icati_desktop import paths
from icati_desktop.domain.default_content import load_countries
from icati_desktop.store.store import Store
from icati_desktop.store.tables.reference import CountryRow

COVERED_STATUSES = ("member_state", "observer_state")
"""The countries the outcome figures cover (a country scope names one of them)."""


class CountryChoice(BaseModel):
    alpha2: str
    alpha3: str
    name: str
    """The English default name (the UI shows a localized one)."""


def country_choices(store: Store) -> list[CountryChoice]:
    """The countries a person can follow: the store's, or the built-in list on a new store."""
    with store.read() as session:
        rows = session.scalars(select(CountryRow).order_by(CountryRow.name)).all()
        choices = [CountryChoice(alpha2=r.alpha2, alpha3=r.alpha3, name=r.name) for r in rows]
    if choices:
        return choices
    builtin = load_countries(paths.resource("content"))
    return sorted(
        (CountryChoice(alpha2=c.alpha2, alpha3=c.alpha3, name=c.name) for _, c in builtin),
        key=lambda c: c.name,
    )


class RegionalCountry(BaseModel):
    alpha2: str
    alpha3: str
    region: str
    """Its region (a :class:`~icati_desktop.domain.countries.Region` value)."""


def outcome_countries(store: Store) -> list[RegionalCountry]:
    """The countries the outcome figures cover (member and observer states), with their
    region: the outcomes screen offers them one region at a time."""
    with store.read() as session:
        rows = session.execute(
            select(CountryRow.alpha2, CountryRow.alpha3, CountryRow.region).where(
                CountryRow.status.in_(COVERED_STATUSES)
            )
        ).all()
    return [RegionalCountry(alpha2=a2, alpha3=a3, region=region) for a2, a3, region in rows]


def country_code(store: Store, record_id: str) -> str | None:
    """The ISO alpha-3 code of a country record (search hits name records by id)."""
    with store.read() as session:
        return session.scalar(select(CountryRow.alpha3).where(CountryRow.id == record_id))
