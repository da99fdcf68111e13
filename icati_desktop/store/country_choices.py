"""The countries a person can choose from, before and after the store has any."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select

from icati_desktop import paths
from icati_desktop.domain.default_content import load_countries
from icati_desktop.store.store import Store
from icati_desktop.store.tables.reference import CountryRow


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


def country_code(store: Store, record_id: str) -> str | None:
    """The ISO alpha-3 code of a country record (search hits name records by id)."""
    with store.read() as session:
        return session.scalar(select(CountryRow.alpha3).where(CountryRow.id == record_id))
