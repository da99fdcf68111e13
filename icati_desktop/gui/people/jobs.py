"""Database jobs of the Stakeholders section (run on the database thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from icati_desktop.store.country_choices import country_choices
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.people import (
    PeopleQuery,
    PersonSummary,
    count_people,
    organisation_rows,
    organisations,
    people_page,
)
from icati_desktop.store.store import Store

PAGE_SIZE = 200


@dataclass(frozen=True)
class PeopleSnapshot:
    rows: list[PersonSummary]
    total: int
    institutions: list[dict[str, Any]]
    countries: list[tuple[str, str, str]] | None
    """(alpha-3, alpha-2, English name) of every country, on the first load only."""
    may_add_institutions: bool


def snapshot_job(store: Store, query: PeopleQuery, with_countries: bool) -> PeopleSnapshot:
    with store.read() as session:
        total = count_people(session, query)
        role = require_device(session).role
    countries = None
    if with_countries:
        countries = [(c.alpha3, c.alpha2, c.name) for c in country_choices(store)]
    return PeopleSnapshot(
        rows=people_page(store, query, 0, PAGE_SIZE, date.today()),
        total=total,
        institutions=organisation_rows(store, query.country),
        countries=countries,
        may_add_institutions=role is Role.HQ,
    )


def page_job(store: Store, query: PeopleQuery, offset: int) -> list[PersonSummary]:
    return people_page(store, query, offset, PAGE_SIZE, date.today())


def organisations_job(store: Store, country: str | None) -> list[tuple[str, str]]:
    return organisations(store, country)
